import { DataAwsIamPolicyDocument } from "@cdktf/provider-aws/lib/data-aws-iam-policy-document";
import { EksAccessEntry } from "@cdktf/provider-aws/lib/eks-access-entry";
import { IamInstanceProfile } from "@cdktf/provider-aws/lib/iam-instance-profile";
import { IamRole } from "@cdktf/provider-aws/lib/iam-role";
import { IamRolePolicyAttachment } from "@cdktf/provider-aws/lib/iam-role-policy-attachment";
import { Construct } from "constructs";
import { NODE_POLICIES } from "../../cluster/node-role";

export interface KarpenterNodeRoleProps {
  readonly partition: string;
  readonly roleName: string;
  readonly clusterName: string;
}

/**
 * The role of the nodes Karpenter launches: the same AWS managed policies as the managed nodes
 * (worker node, ECR pull-only, CNI, SSM core), its instance profile, and an `EC2_LINUX` access
 * entry so the nodes can join (managed node groups get theirs from EKS; these do not).
 * The stack creates the instance profile, and EC2NodeClasses name it: Karpenter would otherwise
 * create one through IAM, which has no VPC endpoint, so a NAT-less cluster could not.
 */
export class KarpenterNodeRole extends Construct {
  public readonly role: IamRole;
  public readonly instanceProfile: IamInstanceProfile;
  public readonly accessEntry: EksAccessEntry;
  public readonly attachments: IamRolePolicyAttachment[];

  constructor(scope: Construct, id: string, props: KarpenterNodeRoleProps) {
    super(scope, id);
    const trust = new DataAwsIamPolicyDocument(this, "Trust", {
      statement: [{ principals: [{ type: "Service", identifiers: ["ec2.amazonaws.com"] }], actions: ["sts:AssumeRole"] }],
    });
    this.role = new IamRole(this, "Default", { name: props.roleName, assumeRolePolicy: trust.json });
    this.attachments = NODE_POLICIES.map(
      (policy) => new IamRolePolicyAttachment(this, policy, { role: this.role.name, policyArn: `arn:${props.partition}:iam::aws:policy/${policy}` }),
    );
    this.instanceProfile = new IamInstanceProfile(this, "InstanceProfile", { name: props.roleName, role: this.role.name });
    this.accessEntry = new EksAccessEntry(this, "AccessEntry", { clusterName: props.clusterName, principalArn: this.role.arn, type: "EC2_LINUX" });
  }
}
