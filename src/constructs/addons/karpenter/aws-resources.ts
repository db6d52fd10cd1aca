import { Construct } from "constructs";
import { KARPENTER } from "./pins";
import { AwsEnvironment } from "../../../aws-environment";
import { PodIdentityRole } from "../../identity/pod-identity-role";
import { karpenterControllerStatements } from "./controller-policy";
import { InterruptionQueue } from "./interruption-queue";
import { KarpenterNodeRole } from "./node-role";

export interface KarpenterAwsResourcesProps {
  readonly environment: AwsEnvironment;
  /** The EKS cluster's name as a plain string (condition keys are built from it). */
  readonly clusterName: string;
  /** `<project>-<env>`: prefix of the queue's name. */
  readonly namePrefix: string;
  /** Name of the controller's role (a stack role name, `Naming.role`: the deploy role manages only those). */
  readonly controllerRoleName: string;
  /** Name of the nodes' role and instance profile (likewise). */
  readonly nodeRoleName: string;
  /** A reference to the cluster's name, so the access entry and association wait for the cluster. */
  readonly clusterNameRef: string;
}

/**
 * What Karpenter needs on the AWS side, deployed by the cluster stack: the controller's role through
 * EKS Pod Identity (`kube-system/karpenter`) with the upstream v1.14 policy, the nodes' role with
 * its instance profile and access entry, and the interruption queue with its EventBridge rules.
 */
export class KarpenterAwsResources extends Construct {
  public readonly controllerRole: PodIdentityRole;
  public readonly nodeRole: KarpenterNodeRole;
  public readonly interruptionQueue: InterruptionQueue;

  constructor(scope: Construct, id: string, props: KarpenterAwsResourcesProps) {
    super(scope, id);
    this.nodeRole = new KarpenterNodeRole(this, "NodeRole", {
      partition: props.environment.partition,
      roleName: props.nodeRoleName,
      clusterName: props.clusterNameRef,
    });
    this.interruptionQueue = new InterruptionQueue(this, "InterruptionQueue", { name: `${props.namePrefix}-karpenter` });
    this.controllerRole = new PodIdentityRole(this, "ControllerRole", {
      environment: props.environment,
      roleName: props.controllerRoleName,
      clusterName: props.clusterNameRef,
      namespace: KARPENTER.namespace,
      serviceAccount: KARPENTER.serviceAccount,
      statements: [
        ...karpenterControllerStatements({
          partition: props.environment.partition,
          region: props.environment.region,
          accountId: props.environment.accountId,
          clusterName: props.clusterName,
          nodeRoleArn: this.nodeRole.role.arn,
          queueArn: this.interruptionQueue.queue.arn,
        }),
        // Not in upstream's policy: EC2 needs the Spot service-linked role before the first Spot
        // launch through CreateFleet and creates it with the caller's credentials when it is missing
        // (a new account has none). Only that role, only for spot.amazonaws.com.
        {
          sid: "AllowSpotServiceLinkedRole",
          actions: ["iam:CreateServiceLinkedRole"],
          resources: [
            `arn:${props.environment.partition}:iam::${props.environment.accountId}:` +
              "role/aws-service-role/spot.amazonaws.com/AWSServiceRoleForEC2Spot",
          ],
          condition: [{ test: "StringEquals", variable: "iam:AWSServiceName", values: ["spot.amazonaws.com"] }],
        },
      ],
    });
  }
}
