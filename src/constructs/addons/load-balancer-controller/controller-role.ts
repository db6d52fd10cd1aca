import { Construct } from "constructs";
import { AwsEnvironment } from "../../../aws-environment";
import { suppress } from "../../../rules/suppress";
import { PodIdentityRole } from "../../identity/pod-identity-role";
import { loadBalancerControllerStatements } from "./controller-policy";
import { LOAD_BALANCER_CONTROLLER } from "./pins";

export interface LoadBalancerControllerRoleProps {
  readonly environment: AwsEnvironment;
  /** Name of the role (a stack role name, `Naming.role`: the deploy role manages only those). */
  readonly roleName: string;
  /** A reference to the cluster's name, so the association waits for the cluster. */
  readonly clusterName: string;
}

/**
 * The controller's IAM role through EKS Pod Identity, for `kube-system/aws-load-balancer-controller`,
 * with the policy published for the pinned chart. Deployed by the cluster stack (the release, in the
 * apps stack, only names the service account). A {@link PodIdentityRole} itself, not a wrapper, so
 * its resources keep the addresses they had when the stack built the role directly.
 */
export class LoadBalancerControllerRole extends PodIdentityRole {
  constructor(scope: Construct, id: string, props: LoadBalancerControllerRoleProps) {
    super(scope, id, {
      environment: props.environment,
      roleName: props.roleName,
      clusterName: props.clusterName,
      namespace: LOAD_BALANCER_CONTROLLER.namespace,
      serviceAccount: LOAD_BALANCER_CONTROLLER.serviceAccount,
      statements: loadBalancerControllerStatements(props.environment.partition),
    });
    suppress(
      this.policy!,
      "RW-IAM-2",
      `the AWS Load Balancer Controller's published IAM policy for chart ${LOAD_BALANCER_CONTROLLER.chartVersion}: ` +
        "it creates listeners, rules and security groups whose ARNs cannot be known in advance; " +
        "its deletes and modifications are scoped by the elbv2.k8s.aws/cluster tag",
    );
  }
}
