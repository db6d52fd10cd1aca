import { CloudwatchLogGroup } from "@cdktf/provider-aws/lib/cloudwatch-log-group";
import { DataAwsIamPolicyDocument } from "@cdktf/provider-aws/lib/data-aws-iam-policy-document";
import { EksAccessEntry } from "@cdktf/provider-aws/lib/eks-access-entry";
import { EksAccessPolicyAssociation } from "@cdktf/provider-aws/lib/eks-access-policy-association";
import { EksCluster as AwsEksCluster } from "@cdktf/provider-aws/lib/eks-cluster";
import { IamRole } from "@cdktf/provider-aws/lib/iam-role";
import { IamRolePolicyAttachment } from "@cdktf/provider-aws/lib/iam-role-policy-attachment";
import { VpcSecurityGroupIngressRule } from "@cdktf/provider-aws/lib/vpc-security-group-ingress-rule";
import { Construct } from "constructs";
import { AwsEnvironment } from "../../aws-environment";

/** Every control-plane log type EKS has. */
export const CONTROL_PLANE_LOG_TYPES = ["api", "audit", "authenticator", "controllerManager", "scheduler"];

export interface EksClusterProps {
  readonly environment: AwsEnvironment;
  readonly name: string;
  /** Name of the cluster's IAM role. @default `<name>-cluster` */
  readonly roleName?: string;
  /** Pinned Kubernetes version. */
  readonly version: string;
  /** Private subnets of every AZ (control-plane network interfaces and nodes). */
  readonly subnetIds: string[];
  /** Key for envelope encryption of Kubernetes secrets and for the control-plane log group. */
  readonly kmsKeyArn: string;
  /** IAM roles that get cluster-admin through access entries. */
  readonly adminRoleArns: readonly string[];
  /**
   * CIDRs allowed on the public API endpoint; empty: the endpoint is private only.
   * The environment file owns the default (`cluster.endpointPublicAccessCidrs`).
   */
  readonly publicAccessCidrs: readonly string[];
  /** Kubernetes service range. The environment file owns the default (`cluster.serviceCidr`). */
  readonly serviceCidr: string;
  /** Retention of the control-plane log group in days. The environment file owns the default (`cluster.logRetentionDays`). */
  readonly logRetentionDays: number;
  /** Terraform refuses any plan that destroys the log group (production: it holds the logs). @default false */
  readonly preventDestroy?: boolean;
  /** The nodes' own security group (created with the network, so the database can admit it without waiting for the cluster). */
  readonly nodeSecurityGroupId: string;
  /**
   * Private IPv4 ranges admitted to the private API endpoint on 443 (the cluster security group):
   * where the self-hosted CI runner that applies the apps stack lives. @default - none (nodes and
   * the control plane only)
   */
  readonly privateApiAccessCidrs?: readonly string[];
  /** Ports on the nodes that the control plane must reach (admission webhooks). @default - none */
  readonly webhookPorts?: readonly number[];
}

/**
 * An EKS control plane: access through EKS access entries only (no aws-auth ConfigMap, no
 * implicit admin for its creator), secrets encrypted with our key, every control-plane log type
 * in a log group created here first (with retention and the key, so EKS does not create an
 * unmanaged one), private endpoint, standard support only (extended support costs six times as
 * much), and EKS's self-managed add-ons left out so that every add-on is pinned here.
 * The nodes' security group admits the control plane on the admission webhook ports.
 */
export class EksCluster extends Construct {
  public readonly cluster: AwsEksCluster;
  public readonly logGroup: CloudwatchLogGroup;
  /** Security group EKS creates and attaches to the control plane and (through the launch templates) the nodes. */
  public readonly clusterSecurityGroupId: string;

  constructor(scope: Construct, id: string, props: EksClusterProps) {
    super(scope, id);
    const { partition } = props.environment;
    this.logGroup = new CloudwatchLogGroup(this, "LogGroup", {
      name: `/aws/eks/${props.name}/cluster`,
      retentionInDays: props.logRetentionDays,
      kmsKeyId: props.kmsKeyArn,
      lifecycle: props.preventDestroy ? { preventDestroy: true } : undefined,
    });

    const trust = new DataAwsIamPolicyDocument(this, "RoleTrust", {
      statement: [{ principals: [{ type: "Service", identifiers: ["eks.amazonaws.com"] }], actions: ["sts:AssumeRole", "sts:TagSession"] }],
    });
    const role = new IamRole(this, "Role", { name: props.roleName ?? `${props.name}-cluster`, assumeRolePolicy: trust.json });
    const rolePolicy = new IamRolePolicyAttachment(this, "RolePolicy", {
      role: role.name,
      policyArn: `arn:${partition}:iam::aws:policy/AmazonEKSClusterPolicy`,
    });

    const publicCidrs = props.publicAccessCidrs;
    this.cluster = new AwsEksCluster(this, "Default", {
      name: props.name,
      version: props.version,
      roleArn: role.arn,
      bootstrapSelfManagedAddons: false,
      enabledClusterLogTypes: CONTROL_PLANE_LOG_TYPES,
      accessConfig: { authenticationMode: "API", bootstrapClusterCreatorAdminPermissions: false },
      encryptionConfig: { resources: ["secrets"], provider: { keyArn: props.kmsKeyArn } },
      upgradePolicy: { supportType: "STANDARD" },
      kubernetesNetworkConfig: { ipFamily: "ipv4", serviceIpv4Cidr: props.serviceCidr },
      vpcConfig: {
        subnetIds: props.subnetIds,
        endpointPrivateAccess: true,
        endpointPublicAccess: publicCidrs.length > 0,
        publicAccessCidrs: publicCidrs.length > 0 ? [...publicCidrs] : undefined,
      },
      dependsOn: [this.logGroup, rolePolicy],
    });
    this.clusterSecurityGroupId = this.cluster.vpcConfig.clusterSecurityGroupId;

    (props.webhookPorts ?? []).forEach(
      (port) =>
        new VpcSecurityGroupIngressRule(this, `WebhookFromControlPlane-${port}`, {
          securityGroupId: props.nodeSecurityGroupId,
          referencedSecurityGroupId: this.clusterSecurityGroupId,
          ipProtocol: "tcp",
          fromPort: port,
          toPort: port,
          description: `Admission webhook on ${port} from the EKS control plane`,
        }),
    );

    (props.privateApiAccessCidrs ?? []).forEach(
      (cidr, i) =>
        new VpcSecurityGroupIngressRule(this, `PrivateApiAccess-${i}`, {
          securityGroupId: this.clusterSecurityGroupId,
          cidrIpv4: cidr,
          ipProtocol: "tcp",
          fromPort: 443,
          toPort: 443,
          description: `Kubernetes API from ${cidr} (the self-hosted CI runner of the apps stack)`,
        }),
    );

    props.adminRoleArns.forEach((principalArn, i) => {
      const entry = new EksAccessEntry(this, `AdminAccess${i}`, { clusterName: this.cluster.name, principalArn, type: "STANDARD" });
      new EksAccessPolicyAssociation(this, `AdminPolicy${i}`, {
        clusterName: this.cluster.name,
        principalArn,
        policyArn: `arn:${partition}:eks::aws:cluster-access-policy/AmazonEKSClusterAdminPolicy`,
        accessScope: { type: "cluster" },
        dependsOn: [entry],
      });
    });
  }
}
