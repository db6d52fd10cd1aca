import { EksPodIdentityAssociation } from "@cdktf/provider-aws/lib/eks-pod-identity-association";
import { Route53Record } from "@cdktf/provider-aws/lib/route53-record";
import { HelmProvider } from "@cdktf/provider-helm/lib/provider";
import { KubernetesProvider } from "@cdktf/provider-kubernetes/lib/provider";
import { Fn } from "cdktf";
import { Construct } from "constructs";
import { EnvironmentConfig } from "../config/schema";
import { AlbGroupSettings, AlbIngress } from "../constructs/apps/alb-ingress";
import { BackendService } from "../constructs/apps/backend-service";
import { LoadBalancerController } from "../constructs/apps/load-balancer-controller";
import { AuroraPostgres } from "../constructs/data/aurora-postgres";
import { AlbMonitoring } from "../constructs/monitoring/alb-monitoring";
import { Naming, stackName } from "../naming";
import { AwsStack } from "./aws-stack";
import { nonProductionRelaxation } from "./relaxations";
import { ClusterStack } from "./cluster-stack";
import { ALB_LOG_PREFIX, DataStack } from "./data-stack";
import { NetworkStack } from "./network-stack";

export interface AppsStackUpstream {
  readonly network: NetworkStack;
  readonly data: DataStack;
  readonly cluster: ClusterStack;
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
 * AWS Load Balancer Controller with Helm, then each backend service, the public ones behind one
 * shared ALB, and the ALB's alarms and the environment's dashboard.
 */
export class AppsStack extends AwsStack {
  public readonly connection: ClusterConnection;
  public readonly controller: LoadBalancerController;
  public readonly services: Record<string, BackendService>;
  public readonly ingresses: AlbIngress[];

  constructor(scope: Construct, config: EnvironmentConfig, upstream: AppsStackUpstream) {
    super(scope, stackName(config.name, "apps"), { ...config, environment: config.name });
    const { network, data, cluster } = upstream;
    this.addDependency(cluster);
    const naming = new Naming(config);
    const eks = cluster.eks.cluster;

    this.connection = {
      host: eks.endpoint,
      clusterCaCertificate: Fn.base64decode(eks.certificateAuthority.get(0).data),
      exec: {
        apiVersion: "client.authentication.k8s.io/v1beta1",
        command: "aws",
        args: ["eks", "get-token", "--cluster-name", eks.name, "--region", config.region, "--output", "json"],
      },
    };
    new KubernetesProvider(this, "kubernetes", { ...this.connection, exec: [this.connection.exec] });
    new HelmProvider(this, "helm", { kubernetes: this.connection });

    this.controller = new LoadBalancerController(this, "LoadBalancerController", {
      clusterName: eks.name,
      region: config.region,
      vpcId: network.vpc.vpc.id,
    });

    const database = {
      host: data.database.cluster.endpoint,
      readerHost: data.database.cluster.readerEndpoint,
      port: AuroraPostgres.PORT,
      name: config.database.databaseName,
    };
    this.services = Object.fromEntries(
      config.services.map((service) => {
        // The role (data stack) meets the cluster (cluster stack) here, the first stack that has both.
        // Pod Identity injects credentials when a pod is created: the association must come first.
        const association = new EksPodIdentityAssociation(this, `PodIdentity-${service.name}`, {
          clusterName: eks.name,
          namespace: service.name,
          serviceAccount: service.name,
          roleArn: data.serviceRoles[service.name].role.arn,
        });
        const backend = new BackendService(this, `Service-${service.name}`, {
          service,
          repositoryUrl: data.repositories[service.name].repository.repositoryUrl,
          region: config.region,
          database,
          assetsBucket: data.assetsBucket.bucket.bucket,
          secretArn: data.serviceSecrets[service.name].arn,
          // The controller's webhooks must be up before Services and Pods are admitted.
          dependsOn: [this.controller.release, association],
        });
        return [service.name, backend];
      }),
    );

    const edge = cluster.edge;
    const group: AlbGroupSettings = {
      groupName: naming.prefix,
      accessLogs: { bucket: data.logsBucket.bucket.bucket, prefix: ALB_LOG_PREFIX },
      deletionProtection: config.environmentType === "production",
      https:
        config.domain && edge ? { hostName: config.domain.name, certificateArn: edge.certificate.arn, webAclArn: edge.webAcl.acl.arn } : undefined,
      cognito: edge?.userPool
        ? { userPoolArn: edge.userPool.pool.arn, clientId: edge.userPool.client.id, domain: edge.userPool.domain.domain }
        : undefined,
      inboundCidrs: config.ingress.allowedCidrs,
    };
    // Production: removing a public service or the DNS name by mistake is an outage. Terraform
    // refuses such a plan; docs/runbooks.md shows how to rename or unpublish one on purpose.
    const production = config.environmentType === "production";
    this.ingresses = config.services
      .filter((service) => service.public)
      .map(
        (service) =>
          new AlbIngress(this, `Ingress-${service.name}`, {
            group,
            namespace: this.services[service.name].namespace.metadata.name,
            serviceName: service.name,
            servicePort: this.services[service.name].servicePort,
            path: service.path!,
            healthPath: service.healthPath,
            authenticate: service.authenticate,
            preventDestroy: production,
            dependsOn: [this.services[service.name].service],
          }),
      );
    if (!group.https) {
      for (const ingress of this.ingresses) {
        nonProductionRelaxation(config, ingress.ingress, "RW-ALB-1", "no domain, so the ALB serves plain HTTP (README: HTTP only without a domain)");
        nonProductionRelaxation(config, ingress.ingress, "RW-ALB-2", "no domain, so there is no HTTPS listener to redirect to");
      }
    }
    if (this.ingresses.length === 0) return;

    const monitoring = new AlbMonitoring(this, "Monitoring", {
      prefix: naming.prefix,
      region: config.region,
      topicArn: cluster.alarmTopic.topic.arn,
      loadBalancerTags: { "ingress.k8s.aws/stack": group.groupName, "elbv2.k8s.aws/cluster": naming.eksCluster },
      dependsOn: this.ingresses.map((i) => i.ingress),
      auroraClusterIdentifier: naming.auroraCluster,
      eksClusterName: naming.eksCluster,
    });
    if (config.domain) {
      new Route53Record(this, "AlbAlias", {
        zoneId: config.domain.hostedZoneId,
        name: config.domain.name,
        type: "A",
        alias: { name: monitoring.loadBalancer.dnsName, zoneId: monitoring.loadBalancer.zoneId, evaluateTargetHealth: true },
        lifecycle: production ? { preventDestroy: true } : undefined,
      });
    }
  }
}
