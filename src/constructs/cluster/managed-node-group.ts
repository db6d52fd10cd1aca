import { EksNodeGroup } from "@cdktf/provider-aws/lib/eks-node-group";
import { LaunchTemplate } from "@cdktf/provider-aws/lib/launch-template";
import { ITerraformDependable, Token } from "cdktf";
import { Construct } from "constructs";
import { NodeGroupConfig } from "../../config/schema";
import { suppress } from "../../rules/suppress";

export interface ManagedNodeGroupProps {
  readonly clusterName: string;
  /** Kubernetes version of the nodes, pinned like the control plane's. */
  readonly kubernetesVersion: string;
  readonly nodeRoleArn: string;
  /** Private subnets of every AZ. */
  readonly subnetIds: string[];
  /** The cluster security group and the node security group. */
  readonly securityGroupIds: string[];
  /** Launch template name prefix. */
  readonly namePrefix: string;
  readonly group: NodeGroupConfig;
  /** What must exist before nodes join (networking add-ons, node role policies). */
  readonly dependsOn?: ITerraformDependable[];
}

const AMI_TYPES = { x86_64: "AL2023_x86_64_STANDARD", arm64: "AL2023_ARM_64_STANDARD" } as const;

/**
 * A managed node group on EC2 through a launch template: IMDSv2 only with a hop limit of 1
 * (pods cannot reach the node's credentials), an encrypted gp3 root volume, no public IP, AL2023,
 * spread over the private subnets of every AZ, rolling updates, automatic node repair.
 * Root volumes use the account's EBS key: a customer key would have to name the Auto Scaling
 * service-linked role in its policy, and a new account has no such role before its first group.
 * The stack owns the desired size: nothing resizes a managed node group (Karpenter launches nodes of
 * its own beside the groups); add `ignore_changes` on `scaling_config[0].desired_size` if something
 * that resizes the groups themselves (Cluster Autoscaler) is installed.
 */
export class ManagedNodeGroup extends Construct {
  public readonly nodeGroup: EksNodeGroup;
  public readonly launchTemplate: LaunchTemplate;

  constructor(scope: Construct, id: string, props: ManagedNodeGroupProps) {
    super(scope, id);
    const g = props.group;
    const name = `${props.namePrefix}-${g.name}`;
    this.launchTemplate = new LaunchTemplate(this, "LaunchTemplate", {
      name,
      description: `Nodes of ${props.clusterName}/${g.name}`,
      updateDefaultVersion: true,
      metadataOptions: { httpEndpoint: "enabled", httpTokens: "required", httpPutResponseHopLimit: 1, instanceMetadataTags: "disabled" },
      blockDeviceMappings: [
        {
          deviceName: "/dev/xvda",
          ebs: { volumeSize: g.diskSizeGib, volumeType: "gp3", encrypted: "true", deleteOnTermination: "true" },
        },
      ],
      networkInterfaces: [{ associatePublicIpAddress: "false", deleteOnTermination: "true", securityGroups: props.securityGroupIds }],
      tagSpecifications: [
        { resourceType: "instance", tags: { Name: name } },
        { resourceType: "volume", tags: { Name: name } },
      ],
    });

    suppress(
      this.launchTemplate,
      "RW-EC2-4",
      "root volumes are encrypted with the account's EBS key: " +
        "a customer key must name the Auto Scaling service-linked role in its policy, " +
        "and a new account has no such role before its first group; " +
        "the volumes hold the OS and images, not customer data",
    );

    this.nodeGroup = new EksNodeGroup(this, "Default", {
      clusterName: props.clusterName,
      nodeGroupName: g.name,
      version: props.kubernetesVersion,
      nodeRoleArn: props.nodeRoleArn,
      subnetIds: props.subnetIds,
      amiType: AMI_TYPES[g.architecture],
      capacityType: g.capacityType,
      instanceTypes: [...g.instanceTypes],
      scalingConfig: { minSize: g.minSize, desiredSize: g.desiredSize, maxSize: g.maxSize },
      updateConfig: { maxUnavailablePercentage: g.maxUnavailablePercentage },
      nodeRepairConfig: { enabled: true },
      labels: Object.keys(g.labels).length > 0 ? g.labels : undefined,
      taint: g.taints.map((t) => ({ key: t.key, value: t.value, effect: t.effect })),
      launchTemplate: { id: this.launchTemplate.id, version: Token.asString(this.launchTemplate.latestVersion) },
      dependsOn: props.dependsOn,
    });
  }
}
