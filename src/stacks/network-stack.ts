import { SecurityGroup } from "@cdktf/provider-aws/lib/security-group";
import { Construct } from "constructs";
import { KARPENTER } from "../constructs/addons/karpenter/pins";
import { EnvironmentConfig } from "../config/schema";
import { computeSubnetLayout } from "../config/subnet-layout";
import { FlowLogs } from "../constructs/network/flow-logs";
import { Vpc } from "../constructs/network/vpc";
import { VpcEndpoints } from "../constructs/network/vpc-endpoints";
import { EncryptionKey } from "../constructs/security/kms-key";
import { environmentKeyGuard } from "./key-guard";
import { Naming, stackName } from "../naming";
import { AwsStack } from "./aws-stack";
import { NetworkOutputs } from "./contracts";
import { nonProductionRelaxation } from "./relaxations";

/** `<env>-network`: the VPC, its subnets, NAT, endpoints and flow logs. */
export class NetworkStack extends AwsStack {
  public readonly vpc: Vpc;
  public readonly endpoints: VpcEndpoints;
  /** Encrypts the network stack's log groups (flow logs): the data key lives downstream. */
  public readonly logsKey: EncryptionKey;
  /**
   * The EKS nodes' own security group, created here so that the data stack (the database admits
   * it) and the cluster stack (the nodes carry it) both depend on the network only, and deploy in parallel.
   */
  public readonly nodeSecurityGroup: SecurityGroup;
  /** What the data, cluster and apps stacks read of this stack. */
  public readonly outputs: NetworkOutputs;

  constructor(scope: Construct, config: EnvironmentConfig) {
    const name = stackName(config.name, "network");
    super(scope, name, { ...config, environment: config.name });
    const naming = new Naming(config);
    const layout = computeSubnetLayout(config.network.vpcCidr, config.availabilityZones);

    // Karpenter's EC2NodeClasses select the nodes' subnets and security group by this tag.
    const discovery = { [KARPENTER.discoveryTagKey]: naming.eksCluster };
    this.vpc = new Vpc(this, "Vpc", {
      namePrefix: naming.prefix,
      cidr: config.network.vpcCidr,
      layout,
      natMode: config.network.natMode,
      natInstanceType: config.network.natInstanceType,
      privateSubnetTags: discovery,
    });
    this.endpoints = new VpcEndpoints(this, "Endpoints", {
      namePrefix: naming.prefix,
      region: config.region,
      vpcId: this.vpc.vpc.id,
      vpcCidr: config.network.vpcCidr,
      gatewayRouteTableIds: this.vpc.privateRouteTables.map((t) => t.id),
      interfaceSubnetIds: this.vpc.privateSubnets.map((s) => s.id),
      interfaceServices: config.network.interfaceEndpoints,
    });
    this.nodeSecurityGroup = new SecurityGroup(this, "NodeSecurityGroup", {
      name: naming.resource("nodes"),
      description: `EKS nodes of ${naming.eksCluster}: admitted by the database, admits the control plane to webhooks`,
      vpcId: this.vpc.vpc.id,
      tags: { Name: naming.resource("nodes"), ...discovery },
    });
    this.logsKey = new EncryptionKey(this, "LogsKey", {
      environment: this.aws,
      alias: naming.resource("network-logs"),
      description: `${naming.prefix}: CloudWatch Logs of the network stack`,
      deletionWindowDays: config.kms.deletionWindowDays,
      destructionGuard: environmentKeyGuard(config, this.aws, naming),
      servicePrincipals: ["logs"],
      preventDestroy: config.environmentType === "production",
    });
    if (config.kms.deletionWindowDays < 30) {
      nonProductionRelaxation(config, this.logsKey.key, "RW-KMS-3", `a ${config.kms.deletionWindowDays}-day KMS deletion window`);
    }
    new FlowLogs(this, "FlowLogs", {
      environment: this.aws,
      vpcId: this.vpc.vpc.id,
      logGroupName: naming.logGroup("vpc-flow-logs"),
      roleName: naming.role("vpc-flow-logs"),
      kmsKeyArn: this.logsKey.arn,
      trafficType: config.network.flowLogs.trafficType,
      retentionDays: config.network.flowLogs.retentionDays,
      preventDestroy: config.environmentType === "production",
    });
    this.outputs = {
      vpcId: this.vpc.vpc.id,
      privateSubnetIds: this.vpc.privateSubnets.map((s) => s.id),
      isolatedSubnetIds: this.vpc.isolatedSubnets.map((s) => s.id),
      nodeSecurityGroupId: this.nodeSecurityGroup.id,
    };
  }
}
