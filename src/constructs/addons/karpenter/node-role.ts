import { EksAccessEntry } from "@cdktf/provider-aws/lib/eks-access-entry";
import { IamInstanceProfile } from "@cdktf/provider-aws/lib/iam-instance-profile";
import { Construct } from "constructs";
import { NodeRole, NodeRoleProps } from "../../cluster/node-role";

export interface KarpenterNodeRoleProps extends NodeRoleProps {
  /** The cluster the nodes join (their access entry). */
  readonly clusterName: string;
}

/**
 * The role of the nodes Karpenter launches: the same AWS managed policies as the managed nodes
 * (worker node, ECR pull-only, CNI, SSM core), its instance profile, and an `EC2_LINUX` access
 * entry so the nodes can join (managed node groups get theirs from EKS; these do not).
 * The stack creates the instance profile, and EC2NodeClasses name it: Karpenter would otherwise
 * create one through IAM, which has no VPC endpoint, so a NAT-less cluster could not.
 */
export class KarpenterNodeRole extends NodeRole {
  public readonly instanceProfile: IamInstanceProfile;
  public readonly accessEntry: EksAccessEntry;

  constructor(scope: Construct, id: string, props: KarpenterNodeRoleProps) {
    // The managed nodes' role (same trust, same policies, same construct ids), plus what Karpenter's nodes need.
    super(scope, id, props);
    this.instanceProfile = new IamInstanceProfile(this, "InstanceProfile", { name: props.roleName, role: this.role.name });
    this.accessEntry = new EksAccessEntry(this, "AccessEntry", {
      clusterName: props.clusterName,
      principalArn: this.role.arn,
      type: "EC2_LINUX",
    });
  }
}
