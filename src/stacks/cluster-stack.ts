import { CloudwatchLogGroup } from "@cdktf/provider-aws/lib/cloudwatch-log-group";
import { Construct } from "constructs";
import { computeSubnetLayout } from "../config/subnet-layout";
import { KUBERNETES_RELEASES } from "../config/catalog";
import { EnvironmentConfig } from "../config/schema";
import { KarpenterAwsResources } from "../constructs/addons/karpenter/aws-resources";
import { EksAddons } from "../constructs/cluster/eks-addons";
import { EksCluster } from "../constructs/cluster/eks-cluster";
import { managedAddons } from "../constructs/cluster/managed-addons";
import { ManagedNodeGroup } from "../constructs/cluster/managed-node-group";
import { NodeRole } from "../constructs/cluster/node-role";
import { EcrPublicCache } from "../constructs/cluster/ecr-public-cache";
import { LoadBalancerControllerRole } from "../constructs/addons/load-balancer-controller/controller-role";
import { LOAD_BALANCER_CONTROLLER } from "../constructs/addons/load-balancer-controller/pins";
import { PodIdentityRole, PodIdentityRoleProps } from "../constructs/identity/pod-identity-role";
import { AlbUserPool } from "../constructs/edge/alb-user-pool";
import { DnsValidatedCertificate } from "../constructs/edge/dns-validated-certificate";
import { WebAcl } from "../constructs/edge/web-acl";
import { AlarmTopic } from "../constructs/monitoring/alarm-topic";
import { CHATBOT_API_REGIONS, SlackAlarmChannel } from "../constructs/monitoring/slack-alarm-channel";
import { AwsProvider } from "@cdktf/provider-aws/lib/provider";
import { PlatformAlarms } from "../constructs/monitoring/platform-alarms";
import { CodebuildRunner } from "../constructs/ci/codebuild-runner";
import { EncryptionKey } from "../constructs/security/kms-key";
import { environmentKeyGuard } from "./key-guard";
import { Naming, stackName } from "../naming";
import { AwsStack } from "./aws-stack";
import { nonProductionRelaxation } from "./relaxations";
import { ClusterOutputs, NetworkOutputs } from "./contracts";
import { clusterStackMigrations } from "./migrations";

/** Log groups the CloudWatch Observability add-on writes to (container logs among them). */
export const CONTAINER_INSIGHTS_LOG_GROUPS = ["application", "dataplane", "host", "performance"];

/**
 * `<env>-cluster`: EKS on EC2 managed node groups, its add-ons and their IAM roles (EKS Pod
 * Identity), alarms, and with a domain the certificate, WAF ACL and user pool of the ALB.
 * Depends on the network only, so it deploys in parallel with the data stack. AWS provider only,
 * so it is validated and planned offline; everything inside Kubernetes lives in `<env>-apps`.
 */
export class ClusterStack extends AwsStack {
  public readonly key: EncryptionKey;
  public readonly eks: EksCluster;
  public readonly nodeGroups: ManagedNodeGroup[];
  public readonly loadBalancerControllerRole: LoadBalancerControllerRole;
  /** Karpenter's controller role, node role and instance profile, interruption queue. */
  public readonly karpenter?: KarpenterAwsResources;
  /** Without NAT (`natMode: none`): ECR Public pulled through the private registry. */
  public readonly ecrPublicCache?: EcrPublicCache;
  public readonly alarmTopic: AlarmTopic;
  /** Where the burn-rate alerts go (docs/slo.md): page (act now) and ticket (act in working hours), apart from the platform's topic. */
  public readonly sloTopics: { readonly page: AlarmTopic; readonly ticket: AlarmTopic };
  /** The optional Slack channel of the page and ticket topics (`alerts.chat`). */
  public readonly slackChannel?: SlackAlarmChannel;
  /**
   * The CodeBuild-hosted GitHub Actions runner of the apps jobs, in the private subnets: when the
   * environment has a `ci` section with a GitHub connection and names no runner of its own. Here, not
   * in the apps stack, so it outlives a destroy of the apps stack (and deploys it again).
   */
  public readonly appsRunner?: CodebuildRunner;
  /** HTTPS pieces for the ALB, when the environment names a domain. */
  public readonly edge?: {
    readonly certificate: DnsValidatedCertificate;
    readonly webAcl: WebAcl;
    /** Only when a service asks for sign-in. */
    readonly userPool?: AlbUserPool;
  };

  /** What the apps stack reads of this stack. */
  public readonly outputs: ClusterOutputs;

  constructor(scope: Construct, config: EnvironmentConfig, network: NetworkOutputs) {
    super(scope, stackName(config.name, "cluster"), { ...config, environment: config.name });
    const naming = new Naming(config);
    const release = KUBERNETES_RELEASES[config.cluster.kubernetesVersion];
    const clusterName = naming.eksCluster;
    const privateSubnetIds = [...network.privateSubnetIds];

    this.key = new EncryptionKey(this, "Key", {
      environment: this.aws,
      alias: naming.resource("cluster"),
      description: `${naming.prefix}: EKS secrets and control-plane logs`,
      deletionWindowDays: config.kms.deletionWindowDays,
      destructionGuard: environmentKeyGuard(config, this.aws, naming),
      servicePrincipals: ["logs", "sns"],
      preventDestroy: config.environmentType === "production",
    });
    if (config.kms.deletionWindowDays < 30) {
      nonProductionRelaxation(config, this.key.key, "RW-KMS-3", `a ${config.kms.deletionWindowDays}-day KMS deletion window`);
    }

    this.eks = new EksCluster(this, "Eks", {
      environment: this.aws,
      name: clusterName,
      roleName: naming.role("cluster"),
      version: config.cluster.kubernetesVersion,
      subnetIds: privateSubnetIds,
      nodeSecurityGroupId: network.nodeSecurityGroupId,
      kmsKeyArn: this.key.arn,
      preventDestroy: config.environmentType === "production",
      adminRoleArns: config.cluster.adminRoleArns,
      publicAccessCidrs: config.cluster.endpointPublicAccessCidrs,
      serviceCidr: config.cluster.serviceCidr,
      logRetentionDays: config.cluster.logRetentionDays,
      webhookPorts: [LOAD_BALANCER_CONTROLLER.webhookPort],
      // A team's own runner of the apps stack sits somewhere in the private subnets (docs/ci.md): without this
      // rule on the security group EKS creates, its first run could not reach the private endpoint. The
      // CodeBuild runner below is admitted by its security group instead.
      privateApiAccessCidrs:
        config.ci?.appsRunnerLabel && config.cluster.endpointPublicAccessCidrs.length === 0
          ? computeSubnetLayout(config.network.vpcCidr, config.availabilityZones).private.map((s) => s.cidr)
          : [],
    });

    const podRole = (
      id: string,
      component: string,
      namespace: string,
      serviceAccount: string,
      extra: Pick<PodIdentityRoleProps, "managedPolicies" | "statements" | "associate">,
    ) =>
      new PodIdentityRole(this, id, {
        environment: this.aws,
        roleName: naming.role(component),
        clusterName: this.eks.cluster.name,
        namespace,
        serviceAccount,
        ...extra,
      });

    const ebsCsi = podRole("EbsCsiDriverRole", "ebs-csi-driver", "kube-system", "ebs-csi-controller-sa", {
      managedPolicies: ["service-role/AmazonEBSCSIDriverPolicy"],
      associate: false,
    });
    const cloudwatch = podRole("CloudWatchAgentRole", "cloudwatch-agent", "amazon-cloudwatch", "cloudwatch-agent", {
      managedPolicies: ["CloudWatchAgentServerPolicy", "AWSXrayWriteOnlyAccess"],
      associate: false,
    });
    this.loadBalancerControllerRole = new LoadBalancerControllerRole(this, "LoadBalancerControllerRole", {
      environment: this.aws,
      roleName: naming.role("lb-controller"),
      clusterName: this.eks.cluster.name,
    });

    this.karpenter = config.cluster.karpenter
      ? new KarpenterAwsResources(this, "Karpenter", {
          environment: this.aws,
          clusterName,
          clusterNameRef: this.eks.cluster.name,
          namePrefix: naming.prefix,
          controllerRoleName: naming.role("karpenter"),
          nodeRoleName: naming.role("karpenter-nodes"),
        })
      : undefined;

    // One list of add-ons (managed-addons.ts says why some come before the nodes), installed as two
    // sets whose ids are part of the add-ons' addresses: "NetworkingAddons" before, "Addons" after the nodes.
    const addons = managedAddons(release, { ebsCsiDriverRoleArn: ebsCsi.role.arn, cloudwatchAgentRoleArn: cloudwatch.role.arn });
    const networking = new EksAddons(this, "NetworkingAddons", {
      clusterName: this.eks.cluster.name,
      addons: addons.filter((addon) => addon.beforeNodes),
    });
    // Addresses an existing state knows under another name (migrations.ts says when each may go).
    clusterStackMigrations({ networkingAddons: networking });
    const nodeRole = new NodeRole(this, "NodeRole", { partition: this.aws.partition, roleName: naming.role("nodes") });
    if (config.network.natMode === "none") {
      // The controller's image is in ECR Public, which no VPC endpoint serves.
      this.ecrPublicCache = new EcrPublicCache(this, "EcrPublicCache", {
        ...this.aws,
        nodeRoleNames: [nodeRole.role.name, ...(this.karpenter ? [this.karpenter.nodeRole.role.name] : [])],
      });
    }
    this.nodeGroups = config.cluster.nodeGroups.map(
      (group) =>
        new ManagedNodeGroup(this, `NodeGroup-${group.name}`, {
          clusterName: this.eks.cluster.name,
          kubernetesVersion: config.cluster.kubernetesVersion,
          nodeRoleArn: nodeRole.role.arn,
          subnetIds: privateSubnetIds,
          securityGroupIds: [this.eks.clusterSecurityGroupId, network.nodeSecurityGroupId],
          namePrefix: naming.prefix,
          group,
          dependsOn: [...networking.addons, ...nodeRole.attachments],
        }),
    );
    // Container Insights writes to these groups; created here first, with retention and the key.
    const insightsLogGroups = CONTAINER_INSIGHTS_LOG_GROUPS.map(
      (group) =>
        new CloudwatchLogGroup(this, `ContainerInsights-${group}`, {
          name: `/aws/containerinsights/${clusterName}/${group}`,
          retentionInDays: config.cluster.logRetentionDays,
          kmsKeyId: this.key.arn,
          lifecycle: config.environmentType === "production" ? { preventDestroy: true } : undefined,
        }),
    );
    new EksAddons(this, "Addons", {
      clusterName: this.eks.cluster.name,
      dependsOn: [...this.nodeGroups.map((g) => g.nodeGroup), ...insightsLogGroups],
      addons: addons.filter((addon) => !addon.beforeNodes),
    });

    const ci = config.ci;
    if (ci && !ci.appsRunnerLabel && ci.githubConnectionArn) {
      this.appsRunner = new CodebuildRunner(this, "AppsRunner", {
        environment: this.aws,
        projectName: naming.appsRunnerProject,
        roleName: naming.role("apps-runner"),
        securityGroupName: naming.resource("apps-runner"),
        repository: ci.githubRepository,
        connectionArn: ci.githubConnectionArn,
        vpcId: network.vpcId,
        privateSubnetIds,
        apiSecurityGroupId: this.eks.clusterSecurityGroupId,
        logGroupName: naming.logGroup("apps-runner"),
        logRetentionDays: config.cluster.logRetentionDays,
        logKmsKeyArn: this.key.arn,
        preventDestroy: config.environmentType === "production",
      });
    }

    this.alarmTopic = new AlarmTopic(this, "AlarmTopic", {
      name: naming.resource("alarms"),
      accountId: config.accountId,
      kmsKeyArn: this.key.arn,
      emails: config.alerts.emails,
    });
    // Same key and policy as the platform's topic: CloudWatch of this account alone publishes, encrypted with the cluster key.
    const sloTopic = (level: "page" | "ticket") =>
      new AlarmTopic(this, level === "page" ? "PageTopic" : "TicketTopic", {
        name: naming.resource(`alarms-${level}`),
        accountId: config.accountId,
        kmsKeyArn: this.key.arn,
        emails: config.alerts.emails,
      });
    this.sloTopics = { page: sloTopic("page"), ticket: sloTopic("ticket") };
    const chat = config.alerts.chat;
    if (chat) {
      this.slackChannel = new SlackAlarmChannel(this, "SlackChannel", {
        name: naming.resource("alarms-slack"),
        accountId: config.accountId,
        partition: this.aws.partition,
        slackTeamId: chat.slackTeamId,
        slackChannelId: chat.slackChannelId,
        topicArns: [this.sloTopics.page.topic.arn, this.sloTopics.ticket.topic.arn],
        provider: new AwsProvider(this, "aws-chatbot", {
          alias: "chatbot",
          region: CHATBOT_API_REGIONS[0],
          allowedAccountIds: [config.accountId],
          defaultTags: [{ tags: { ...config.tags, project: config.project, environment: config.name, "managed-by": "cdktf" } }],
        }),
      });
    }
    new PlatformAlarms(this, "Alarms", {
      prefix: naming.prefix,
      topicArn: this.alarmTopic.topic.arn,
      auroraClusterIdentifier: naming.auroraCluster,
      eksClusterName: clusterName,
    });

    if (config.domain) {
      this.edge = {
        certificate: new DnsValidatedCertificate(this, "Certificate", {
          domainName: config.domain.name,
          hostedZoneId: config.domain.hostedZoneId,
        }),
        webAcl: new WebAcl(this, "WebAcl", {
          name: naming.resource("alb"),
          kmsKeyArn: this.key.arn,
          logRetentionDays: config.cluster.logRetentionDays,
          preventDestroy: config.environmentType === "production",
        }),
        userPool: config.services.some((s) => s.authenticate)
          ? new AlbUserPool(this, "UserPool", {
              name: naming.resource("users"),
              domainName: config.domain.name,
              signInDomainPrefix: `${naming.prefix}-${config.accountId}`,
              deletionProtection: config.environmentType === "production",
              preventDestroy: config.environmentType === "production",
            })
          : undefined,
      };
    }

    const eks = this.eks.cluster;
    const { karpenter, edge } = this;
    this.outputs = {
      clusterName: eks.name,
      clusterEndpoint: eks.endpoint,
      clusterCertificateAuthority: eks.certificateAuthority.get(0).data,
      clusterSecurityGroupId: this.eks.clusterSecurityGroupId,
      alarmTopicArn: this.alarmTopic.topic.arn,
      pageTopicArn: this.sloTopics.page.topic.arn,
      ticketTopicArn: this.sloTopics.ticket.topic.arn,
      karpenter: karpenter
        ? {
            interruptionQueueName: karpenter.interruptionQueue.queue.name,
            nodeInstanceProfileName: karpenter.nodeRole.instanceProfile.name,
          }
        : undefined,
      edge: edge
        ? {
            certificateArn: edge.certificate.arn,
            webAclArn: edge.webAcl.acl.arn,
            userPool: edge.userPool
              ? { arn: edge.userPool.pool.arn, clientId: edge.userPool.client.id, domain: edge.userPool.domain.domain }
              : undefined,
          }
        : undefined,
    };
  }
}
