import { DataAwsIamPolicyDocument } from "@cdktf/provider-aws/lib/data-aws-iam-policy-document";
import { IamRole } from "@cdktf/provider-aws/lib/iam-role";
import { IamRolePolicyAttachment } from "@cdktf/provider-aws/lib/iam-role-policy-attachment";
import { Construct } from "constructs";

export interface NodeRoleProps {
  readonly partition: string;
  readonly roleName: string;
}

/** AWS managed policies of the nodes. The CNI's stays here: it must assign addresses before any pod runs. */
export const NODE_POLICIES = [
  "AmazonEKSWorkerNodePolicy",
  "AmazonEC2ContainerRegistryPullOnly",
  "AmazonEKS_CNI_Policy",
  "AmazonSSMManagedInstanceCore",
];

/** The EC2 role of managed nodes (EKS creates their access entry itself). Workloads get their own roles through Pod Identity. */
export class NodeRole extends Construct {
  public readonly role: IamRole;
  public readonly attachments: IamRolePolicyAttachment[];

  constructor(scope: Construct, id: string, props: NodeRoleProps) {
    super(scope, id);
    const trust = new DataAwsIamPolicyDocument(this, "Trust", {
      statement: [{ principals: [{ type: "Service", identifiers: ["ec2.amazonaws.com"] }], actions: ["sts:AssumeRole"] }],
    });
    this.role = new IamRole(this, "Default", { name: props.roleName, assumeRolePolicy: trust.json });
    this.attachments = NODE_POLICIES.map(
      (policy) =>
        new IamRolePolicyAttachment(this, policy, { role: this.role.name, policyArn: `arn:${props.partition}:iam::aws:policy/${policy}` }),
    );
  }
}
