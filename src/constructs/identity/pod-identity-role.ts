import { DataAwsIamPolicyDocument, DataAwsIamPolicyDocumentStatement } from "@cdktf/provider-aws/lib/data-aws-iam-policy-document";
import { EksPodIdentityAssociation } from "@cdktf/provider-aws/lib/eks-pod-identity-association";
import { IamRole } from "@cdktf/provider-aws/lib/iam-role";
import { IamRolePolicy } from "@cdktf/provider-aws/lib/iam-role-policy";
import { IamRolePolicyAttachment } from "@cdktf/provider-aws/lib/iam-role-policy-attachment";
import { Construct } from "constructs";
import { AwsEnvironment } from "../../aws-environment";

export interface PodIdentityRoleProps {
  readonly environment: AwsEnvironment;
  readonly roleName: string;
  readonly clusterName: string;
  readonly namespace: string;
  readonly serviceAccount: string;
  /** AWS managed policies by path and name, e.g. `service-role/AmazonEBSCSIDriverPolicy`. @default - none */
  readonly managedPolicies?: readonly string[];
  /** Inline policy statements. @default - none */
  readonly statements?: readonly DataAwsIamPolicyDocumentStatement[];
  /**
   * Create the Pod Identity association here. Add-ons that take the role through their own
   * `pod_identity_association` block set this to false. @default true
   */
  readonly associate?: boolean;
}

/**
 * An IAM role for one Kubernetes service account through EKS Pod Identity. The trust policy
 * admits only the Pod Identity service, acting for this account, and only for the session tags
 * of this cluster, namespace and service account: no other workload can assume it.
 */
export class PodIdentityRole extends Construct {
  public readonly role: IamRole;
  /** The inline policy, when `statements` were given. */
  public readonly policy?: IamRolePolicy;

  constructor(scope: Construct, id: string, props: PodIdentityRoleProps) {
    super(scope, id);
    const { accountId, partition, region } = props.environment;
    const trust = new DataAwsIamPolicyDocument(this, "Trust", {
      statement: [
        {
          sid: "EksPodIdentityForOneServiceAccount",
          principals: [{ type: "Service", identifiers: ["pods.eks.amazonaws.com"] }],
          actions: ["sts:AssumeRole", "sts:TagSession"],
          condition: [
            { test: "StringEquals", variable: "aws:SourceAccount", values: [accountId] },
            // The cluster by ARN, not only by name: Pod Identity tags every session with eks-cluster-arn (one of its
            // six documented session tags). aws:SourceArn is not documented for Pod Identity's AssumeRole, and a
            // condition on a key the service does not send would deny every pod its credentials.
            {
              test: "StringEquals",
              variable: "aws:RequestTag/eks-cluster-arn",
              values: [`arn:${partition}:eks:${region}:${accountId}:cluster/${props.clusterName}`],
            },
            { test: "StringEquals", variable: "aws:RequestTag/eks-cluster-name", values: [props.clusterName] },
            { test: "StringEquals", variable: "aws:RequestTag/kubernetes-namespace", values: [props.namespace] },
            { test: "StringEquals", variable: "aws:RequestTag/kubernetes-service-account", values: [props.serviceAccount] },
          ],
        },
      ],
    });
    this.role = new IamRole(this, "Default", { name: props.roleName, assumeRolePolicy: trust.json, maxSessionDuration: 3600 });

    (props.managedPolicies ?? []).forEach(
      (policy) =>
        new IamRolePolicyAttachment(this, `Managed-${policy.replace("/", "-")}`, {
          role: this.role.name,
          policyArn: `arn:${partition}:iam::aws:policy/${policy}`,
        }),
    );
    if (props.statements && props.statements.length > 0) {
      const permissions = new DataAwsIamPolicyDocument(this, "Permissions", { statement: [...props.statements] });
      this.policy = new IamRolePolicy(this, "Policy", { role: this.role.id, name: "permissions", policy: permissions.json });
    }
    if (props.associate ?? true) {
      new EksPodIdentityAssociation(this, "Association", {
        clusterName: props.clusterName,
        namespace: props.namespace,
        serviceAccount: props.serviceAccount,
        roleArn: this.role.arn,
      });
    }
  }
}
