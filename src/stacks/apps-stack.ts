import { EksPodIdentityAssociation } from "@cdktf/provider-aws/lib/eks-pod-identity-association";
import { Route53Record } from "@cdktf/provider-aws/lib/route53-record";
import { HelmProvider } from "@cdktf/provider-helm/lib/provider";
import { KubernetesProvider } from "@cdktf/provider-kubernetes/lib/provider";
import { Fn, TerraformOutput } from "cdktf";
import { Construct } from "constructs";
import { ECR_PUBLIC_CACHE_PREFIX } from "../config/catalog";
import { karpenterReplicas } from "../config/karpenter-rules";
import { canariesEnabled, dashboardEnabled, EnvironmentConfig } from "../config/schema";
import { frontendContract, frontendContractParameters } from "../config/frontend-contract";
import { FrontendParameters } from "../constructs/apps/frontend-parameters";
import { computeSubnetLayout } from "../config/subnet-layout";
import { KarpenterController } from "../constructs/addons/karpenter/controller-release";
import { nodePoolChartValues } from "../constructs/addons/karpenter/nodepool-values";
import { KarpenterNodePools } from "../constructs/addons/karpenter/nodepools-release";
import { albAnnotations, AlbGroupSettings, preflightAnnotations } from "../constructs/apps/backend-service/ingress-annotations";
import { BackendService } from "../constructs/apps/backend-service/release";
import { BackendServiceChart } from "../constructs/apps/backend-service/chart";
import { backendServiceValues, CORS_MAX_AGE_SECONDS, DatabaseSettings } from "../constructs/apps/backend-service/values";
import { LoadBalancerWait } from "../constructs/apps/load-balancer-wait";
import { LoadBalancerController } from "../constructs/addons/load-balancer-controller/controller-release";
import { EcrPublicCache } from "../constructs/cluster/ecr-public-cache";
import { LOAD_BALANCER_CONTROLLER_IMAGE } from "../constructs/addons/load-balancer-controller/pins";
import { AuroraPostgres } from "../constructs/data/aurora-postgres";
import { AlbMonitoring } from "../constructs/monitoring/alb-monitoring";
import { canaryArchive } from "../constructs/monitoring/canary-code";
import { EnvironmentDashboard, RequestSignals } from "../constructs/monitoring/environment-dashboard";
import { GeneratedAsset } from "../constructs/monitoring/generated-asset";
import { SyntheticCheck } from "../constructs/monitoring/synthetic-check";
import { ServiceSloAlarms } from "../constructs/monitoring/service-slo-alarms";
import { WorkloadAlarms } from "../constructs/monitoring/workload-alarms";
import { ServiceTargetGroup } from "../constructs/apps/service-target-group";
import { burnRateAlarmsEnabled, serviceObjective, serviceObjectives } from "../config/slo";
import { frontendParameterPath, Naming, stackName } from "../naming";
import { AwsStack } from "./aws-stack";
import { nonProductionRelaxation } from "./relaxations";
import { ClusterOutputs, DataOutputs, NetworkOutputs } from "./contracts";
import { appsStackMigrations } from "./migrations";

/** What the apps stack reads of the stacks before it: their outputs, never the stacks themselves. */
export interface AppsStackUpstream {
  readonly network: NetworkOutputs;
  readonly data: DataOutputs;
  readonly cluster: ClusterOutputs;
}

/** How Terraform authenticates to the cluster: a short-lived token from `aws eks get-token`, never a kubeconfig file. */
export interface ClusterConnection {
  readonly host: string;
  readonly clusterCaCertificate: string;
  readonly exec: { readonly apiVersion: string; readonly command: string; readonly args: string[] };
}

/**
 * `<env>-apps`: what runs inside the cluster. A separate stack from the one that creates the
 * cluster, as the Kubernetes and Helm providers' documentation advises: their configuration is
 * read from the cluster stack's outputs, which only exist once the cluster does. Installs the
 * AWS Load Balancer Controller with Helm, then each backend service as a release of
 * `charts/backend-service` (docs/helm.md), the public ones behind one shared ALB, and, once that
 * ALB exists, its alarms, the environment's dashboard and the DNS alias.
 */
export class AppsStack extends AwsStack {
  public readonly connection: ClusterConnection;
  public readonly controller: LoadBalancerController;
  /** Karpenter's controller and the environment's NodePools, when the environment configures them. */
  public readonly karpenter?: { readonly controller: KarpenterController; readonly nodePools: KarpenterNodePools };
  public readonly services: Record<string, BackendService>;
  public readonly chart: BackendServiceChart;
  /** Waits for the group's ALB before anything reads it (only with public services). */
  public readonly loadBalancerWait?: LoadBalancerWait;
  /** The front-end contract's SSM parameters, when the environment has a front end (and a public service). */
  public readonly frontendParameters?: FrontendParameters;
  /** Each public service's own target group (Terraform-made, so its metrics' dimension is known to the alarms). */
  public readonly targetGroups: Record<string, ServiceTargetGroup> = {};
  /** Each public service's burn-rate and latency alarms (docs/slo.md), when `slo.burnRateAlarms` resolves to true. */
  public readonly sloAlarms: Record<string, ServiceSloAlarms> = {};
  /** Each service's restart and autoscaler-ceiling alarms, with the burn-rate alarms. */
  public readonly workloadAlarms: Record<string, WorkloadAlarms> = {};
  /** The synthetic check of each probed public service (`monitoring.canaries`), by service name. */
  public readonly syntheticChecks: Record<string, SyntheticCheck> = {};
  /** The environment's dashboard (`monitoring.dashboard`). */
  public readonly dashboard?: EnvironmentDashboard;

  constructor(scope: Construct, config: EnvironmentConfig, upstream: AppsStackUpstream) {
    super(scope, stackName(config.name, "apps"), { ...config, environment: config.name });
    const { network, data, cluster } = upstream;
    checkUpstream(config, upstream);
    const naming = new Naming(config);

    this.connection = {
      host: cluster.clusterEndpoint,
      clusterCaCertificate: Fn.base64decode(cluster.clusterCertificateAuthority),
      exec: {
        apiVersion: "client.authentication.k8s.io/v1beta1",
        command: "aws",
        args: ["eks", "get-token", "--cluster-name", cluster.clusterName, "--region", config.region, "--output", "json"],
      },
    };
    new KubernetesProvider(this, "kubernetes", { ...this.connection, exec: [this.connection.exec] });
    new HelmProvider(this, "helm", { kubernetes: this.connection });

    this.controller = new LoadBalancerController(this, "LoadBalancerController", {
      clusterName: cluster.clusterName,
      region: config.region,
      vpcId: network.vpcId,
      // Without NAT, ECR Public is out of reach: pull through the cluster stack's cache rule.
      imageRepository:
        config.network.natMode === "none"
          ? EcrPublicCache.repositoryUrl(config.accountId, config.region, LOAD_BALANCER_CONTROLLER_IMAGE)
          : undefined,
    });

    const karpenterConfig = config.cluster.karpenter;
    if (karpenterConfig && cluster.karpenter) {
      const system = config.cluster.nodeGroups.find((g) => g.name === karpenterConfig.systemNodeGroup)!;
      const isolated = config.network.natMode === "none";
      const controller = new KarpenterController(this, "Karpenter", {
        clusterName: cluster.clusterName,
        clusterEndpoint: cluster.clusterEndpoint,
        interruptionQueueName: cluster.karpenter.interruptionQueueName,
        systemNodeGroup: system.name,
        systemNodeGroupTaints: system.taints,
        replicas: karpenterReplicas(system.minSize),
        isolatedVpc: isolated,
        imageRegistry: isolated ? `${config.accountId}.dkr.ecr.${config.region}.amazonaws.com/${ECR_PUBLIC_CACHE_PREFIX}` : undefined,
        // Its chart renders a Service: created once the Load Balancer Controller's admission webhooks serve
        // (one pass on a first apply even if the Service webhook is turned back on), destroyed before it.
        dependsOn: [this.controller.release],
      });
      const nodePools = new KarpenterNodePools(this, "KarpenterNodePools", {
        clusterName: naming.eksCluster,
        region: config.region,
        controller: controller.release,
        values: nodePoolChartValues({
          clusterName: naming.eksCluster,
          instanceProfile: cluster.karpenter.nodeInstanceProfileName,
          clusterSecurityGroupId: cluster.clusterSecurityGroupId,
          pools: karpenterConfig.nodePools,
          tags: config.tags,
        }),
      });
      this.karpenter = { controller, nodePools };
    }

    const layout = computeSubnetLayout(config.network.vpcCidr, config.availabilityZones);
    const database: DatabaseSettings = {
      host: data.databaseEndpoint,
      readerHost: data.databaseReaderEndpoint,
      port: AuroraPostgres.PORT,
      name: config.database.databaseName,
      subnetCidrs: layout.isolated.map((s) => s.cidr),
    };
    const edge = cluster.edge;
    const group: AlbGroupSettings = {
      groupName: naming.prefix,
      accessLogs: { bucket: data.albLogsBucketName, prefix: data.albLogsPrefix },
      deletionProtection: config.environmentType === "production",
      https:
        config.domain && edge
          ? { hostName: config.domain.name, certificateArn: edge.certificateArn, webAclArn: edge.webAclArn }
          : undefined,
      cognito: edge?.userPool
        ? { userPoolArn: edge.userPool.arn, clientId: edge.userPool.clientId, domain: edge.userPool.domain }
        : undefined,
    };

    this.chart = new BackendServiceChart(this, "BackendServiceChart");
    this.services = Object.fromEntries(
      config.services.map((service) => {
        const serviceData = data.services[service.name];
        // The role (data stack) meets the cluster (cluster stack) here, the first stack that has both.
        // Pod Identity injects credentials when a pod is created: the association must come first.
        const association = new EksPodIdentityAssociation(this, `PodIdentity-${service.name}`, {
          clusterName: cluster.clusterName,
          namespace: service.name,
          serviceAccount: service.name,
          roleArn: serviceData.roleArn,
        });
        const targetGroup = service.public
          ? new ServiceTargetGroup(this, `TargetGroup-${service.name}`, {
              serviceName: service.name,
              vpcId: network.vpcId,
              port: service.port,
              healthPath: service.healthPath,
            })
          : undefined;
        if (targetGroup) this.targetGroups[service.name] = targetGroup;
        const values = backendServiceValues({
          service,
          // The services that list this one as a caller: it may open connections to their container ports.
          callees: config.services
            .filter((other) => other.allowedCallers.includes(service.name))
            .map((other) => ({ name: other.name, port: other.port })),
          repositoryUrl: serviceData.repositoryUrl,
          region: config.region,
          database,
          assetsBucket: data.assetsBucketName,
          secretArn: serviceData.secretArn,
          ingress: service.public
            ? {
                path: service.path!,
                host: group.https?.hostName,
                annotations: albAnnotations({
                  group,
                  serviceName: service.name,
                  healthPath: service.healthPath,
                  authenticate: service.authenticate,
                }),
                // Written as the controller's inbound-cidrs annotation (the same on every Ingress of the group).
                inboundCidrs: config.ingress.allowedCidrs,
                // The ALB's nodes live in the public subnets and send to pod IPs (target type ip).
                albSourceCidrs: layout.public.map((s) => s.cidr),
                // The front end's origins, and nothing else, may call every public service from a browser.
                cors: config.frontend ? { origins: config.frontend.origins, maxAgeSeconds: CORS_MAX_AGE_SECONDS } : undefined,
                preflightAnnotations:
                  config.frontend && service.authenticate
                    ? preflightAnnotations({ group, serviceName: service.name, healthPath: service.healthPath })
                    : undefined,
                targetGroupArn: targetGroup?.targetGroup.arn,
              }
            : undefined,
        });
        const backend = new BackendService(this, `Service-${service.name}`, {
          name: service.name,
          public: service.public,
          chartPath: this.chart.path,
          chartVersion: this.chart.version,
          values,
          // The Ingress of a production public service holds the ALB the domain points at.
          preventDestroy: service.public && config.environmentType === "production",
          // The controller's webhooks must be up before Services and Pods are admitted.
          // Services also wait for the NodePools, and on destroy go before them: drained nodes then hold no PDB-protected pods.
          dependsOn: [this.controller.release, association, ...(this.karpenter ? [this.karpenter.nodePools.release] : [])],
          // ...and still up while a namespace (with its Ingress and ALB) is deleted. The service's target group too:
          // it is deleted only once the namespace is gone, with the Ingress's rule that forwarded to it.
          namespaceDependsOn: [this.controller.release, ...(targetGroup ? [targetGroup.targetGroup] : [])],
        });
        if (service.public && !group.https) {
          nonProductionRelaxation(
            config,
            backend.release,
            "RW-ALB-1",
            "no domain, so the ALB serves plain HTTP (README: HTTP only without a domain)",
          );
          nonProductionRelaxation(config, backend.release, "RW-ALB-2", "no domain, so there is no HTTPS listener to redirect to");
        }
        return [service.name, backend];
      }),
    );
    appsStackMigrations({
      stack: this,
      controller: this.controller,
      services: config.services.map((service) => ({ name: service.name, public: service.public, construct: this.services[service.name] })),
    });

    // Alarms cost $0.10 a metric a month: on in production, opt-in elsewhere (slo.burnRateAlarms; dev stays under $150).
    const sloAlarms = burnRateAlarmsEnabled(config);
    if (sloAlarms) {
      for (const service of config.services) {
        this.workloadAlarms[service.name] = new WorkloadAlarms(this, `WorkloadAlarms-${service.name}`, {
          prefix: naming.prefix,
          clusterName: cluster.clusterName,
          serviceName: service.name,
          maxReplicas: service.maxReplicas,
          applicationLogGroup: `/aws/containerinsights/${naming.eksCluster}/application`,
          metricNamespace: `${naming.prefix}/services`,
          topicArn: cluster.ticketTopicArn,
        });
      }
    }

    const publicReleases = config.services.filter((s) => s.public).map((s) => this.services[s.name].release);
    if (publicReleases.length === 0) return;

    const loadBalancerTags = { "ingress.k8s.aws/stack": group.groupName, "elbv2.k8s.aws/cluster": naming.eksCluster };
    this.loadBalancerWait = new LoadBalancerWait(this, "LoadBalancerWait", {
      region: config.region,
      loadBalancerTags,
      dependsOn: publicReleases,
      triggers: [group.groupName, naming.eksCluster],
    });
    const monitoring = new AlbMonitoring(this, "Monitoring", {
      prefix: naming.prefix,
      topicArn: cluster.alarmTopicArn,
      loadBalancerTags,
      // Only the wait: a routine upgrade of a release does not postpone reading the ALB to apply time.
      dependsOn: [this.loadBalancerWait.resource],
      // Non-production makes no service-level promise: no paging alarms.
      alarms: config.environmentType === "production",
    });
    if (sloAlarms) {
      for (const service of config.services) {
        const objective = serviceObjective(config, service);
        if (!objective) continue;
        this.sloAlarms[service.name] = new ServiceSloAlarms(this, `SloAlarms-${service.name}`, {
          prefix: naming.prefix,
          objective,
          minRequests: config.slo.minRequests,
          loadBalancerArnSuffix: monitoring.loadBalancer.arnSuffix,
          targetGroupArnSuffix: this.targetGroups[service.name].targetGroup.arnSuffix,
          pageTopicArn: cluster.pageTopicArn,
          ticketTopicArn: cluster.ticketTopicArn,
        });
      }
    }
    // Production: removing the DNS name by mistake is an outage; Terraform refuses such a plan
    // (docs/runbooks.md shows how to rename or unpublish on purpose).
    const production = config.environmentType === "production";
    if (config.frontend) {
      const userPool = edge?.userPool;
      const contract = frontendContract(
        { ...config, frontend: config.frontend },
        {
          // With a domain the API is HTTPS on it; without, plain HTTP on the ALB's generated name (non-production only).
          apiBaseUrl: config.domain ? `https://${config.domain.name}` : `http://${monitoring.loadBalancer.dnsName}`,
          signIn:
            userPool?.id && userPool.browserClientId
              ? {
                  userPoolId: userPool.id,
                  clientId: userPool.browserClientId,
                  domain: `${userPool.domain}.auth.${config.region}.amazoncognito.com`,
                }
              : undefined,
        },
      );
      this.frontendParameters = new FrontendParameters(this, "FrontendContract", {
        path: frontendParameterPath(config.project, config.name),
        values: frontendContractParameters(contract),
      });
      new TerraformOutput(this, "frontend-contract", {
        description: `The front-end contract of ${config.name}, also under ${frontendParameterPath(config.project, config.name)} in SSM`,
        value: contract,
      });
    }
    const alias = config.domain
      ? new Route53Record(this, "AlbAlias", {
          zoneId: config.domain.hostedZoneId,
          name: config.domain.name,
          type: "A",
          alias: { name: monitoring.loadBalancer.dnsName, zoneId: monitoring.loadBalancer.zoneId, evaluateTargetHealth: true },
          lifecycle: production ? { preventDestroy: true } : undefined,
        })
      : undefined;

    // Synthetic checks from outside: HTTPS on the domain, else plain HTTP on the ALB's own name. A service behind
    // sign-in answers every unsigned request with a redirect, so it is not probed.
    const baseUrl = config.domain ? `https://${config.domain.name}` : `http://${monitoring.loadBalancer.dnsName}`;
    const canaries = config.monitoring.canaries;
    const probed = canariesEnabled(config) ? config.services.filter((s) => s.public && !s.authenticate) : [];
    const code =
      probed.length > 0 ? new GeneratedAsset(this, "SyntheticCheckCode", { fileName: "canary.zip", content: canaryArchive() }) : undefined;
    this.syntheticChecks = Object.fromEntries(
      probed.map((service) => {
        const name = naming.canary(service.name);
        const check = new SyntheticCheck(this, `SyntheticCheck-${service.name}`, {
          name,
          roleName: naming.role(`canary-${name}`),
          alarmName: naming.resource(`${service.name}-synthetic-check`),
          url: `${baseUrl}${service.path!.replace(/\/+$/, "")}${service.canaryPath ?? service.healthPath}`,
          zipFile: code!.path,
          intervalMinutes: canaries.intervalMinutes,
          retentionDays: canaries.artifactRetentionDays,
          failedRunsToAlarm: canaries.failedRunsToAlarm,
          artifactsBucket: data.albLogsBucketName,
          partition: this.aws.partition,
          region: config.region,
          accountId: config.accountId,
          // Two failed runs in a row is a user-visible outage: at 99.99 % a month allows 4.3 minutes of it.
          alarmTopicArn: cluster.pageTopicArn,
          serviceName: service.name,
          dependsOn: [this.loadBalancerWait!.resource, ...(alias ? [alias] : [])],
        });
        return [service.name, check];
      }),
    );

    if (dashboardEnabled(config)) {
      const objectives = new Map(serviceObjectives(config).map((o) => [o.service, o]));
      // Under the monitoring construct's id: the dashboard kept its Terraform address when it left AlbMonitoring.
      this.dashboard = new EnvironmentDashboard(monitoring, "Dashboard", {
        name: naming.prefix,
        region: config.region,
        eksClusterName: naming.eksCluster,
        auroraClusterIdentifier: naming.auroraCluster,
        loadBalancerArnSuffix: monitoring.loadBalancer.arnSuffix,
        auroraCapacity: { minAcu: config.database.minCapacityAcu, maxAcu: config.database.maxCapacityAcu },
        services: [...config.services]
          .sort((a, b) => Number(b.public) - Number(a.public))
          .map((service) => {
            const objective = objectives.get(service.name);
            return {
              name: service.name,
              namespace: service.name,
              minReplicas: service.minReplicas,
              maxReplicas: service.maxReplicas,
              public: objective && {
                // The service's own target group (the ALB's metrics with its TargetGroup dimension), as the burn-rate alarms read them.
                signals: serviceSignals(monitoring.loadBalancer.arnSuffix, this.targetGroups[service.name]?.targetGroup.arnSuffix),
                availabilityPercent: objective.availabilityPercent,
                errorBudget: objective.errorBudget,
                latency: objective.latency,
                windowDays: objective.windowDays,
                canaryName: this.syntheticChecks[service.name] ? naming.canary(service.name) : undefined,
              },
            };
          }),
      });
    }
  }
}

/**
 * Where the dashboard reads a public service's requests, failures and latency: the ALB's metrics of its own target
 * group (`TargetGroup` and `LoadBalancer` dimensions), counting as failed what the burn-rate alarms count (the
 * targets' 5xx and the connections the ALB could not open to them), so the ratio drawn is the one that pages.
 * Without a target group, the whole ALB's, and the widgets say so.
 */
function serviceSignals(loadBalancer: string, targetGroup: string | undefined): RequestSignals {
  const metric = (metricName: string, dimensions: Record<string, string>) => ({ namespace: "AWS/ApplicationELB", metricName, dimensions });
  if (!targetGroup) {
    const lb = { LoadBalancer: loadBalancer };
    return {
      scope: "whole ALB",
      requests: metric("RequestCount", lb),
      errors: [metric("HTTPCode_ELB_5XX_Count", lb), metric("HTTPCode_Target_5XX_Count", lb)],
      latency: metric("TargetResponseTime", lb),
    };
  }
  const tg = { TargetGroup: targetGroup, LoadBalancer: loadBalancer };
  return {
    scope: "its target group",
    requests: metric("RequestCount", tg),
    errors: [metric("HTTPCode_Target_5XX_Count", tg), metric("TargetConnectionErrorCount", tg)],
    latency: metric("TargetResponseTime", tg),
  };
}

/**
 * The upstream outputs must hold what the environment file asks for: a missing group would
 * silently drop Karpenter's releases or serve the ALB over plain HTTP. Every gap, in one error.
 */
function checkUpstream(config: EnvironmentConfig, { data, cluster }: AppsStackUpstream): void {
  const problems: string[] = [];
  const missing = config.services.map((s) => s.name).filter((name) => !data.services[name]);
  if (missing.length > 0) {
    problems.push(
      `DataOutputs.services has no entry for ${missing.join(", ")}: ` +
        "the apps stack needs one per services[].name of the environment file (the data stack makes them)",
    );
  }
  if (config.cluster.karpenter && !cluster.karpenter) {
    problems.push("ClusterOutputs.karpenter is missing: the environment file configures cluster.karpenter (the cluster stack makes it)");
  }
  if (config.domain && !cluster.edge) {
    problems.push("ClusterOutputs.edge is missing: the environment file names a domain (the cluster stack makes its certificate and WAF)");
  }
  const userPool = cluster.edge?.userPool;
  if (config.frontend && userPool && !(userPool.id && userPool.browserClientId)) {
    problems.push(
      "ClusterOutputs.edge.userPool needs id and browserClientId: the environment file has a frontend and a service with sign-in " +
        "(the cluster stack makes the browser's client), and the front-end contract names both",
    );
  }
  if (problems.length > 0) throw new Error(`${config.name}: ${problems.join("; ")}`);
}
