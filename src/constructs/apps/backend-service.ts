import { DeploymentV1 } from "@cdktf/provider-kubernetes/lib/deployment-v1";
import { HorizontalPodAutoscalerV2 } from "@cdktf/provider-kubernetes/lib/horizontal-pod-autoscaler-v2";
import { NamespaceV1 } from "@cdktf/provider-kubernetes/lib/namespace-v1";
import { PodDisruptionBudgetV1 } from "@cdktf/provider-kubernetes/lib/pod-disruption-budget-v1";
import { ServiceAccountV1 } from "@cdktf/provider-kubernetes/lib/service-account-v1";
import { ServiceV1 } from "@cdktf/provider-kubernetes/lib/service-v1";
import { ITerraformDependable } from "cdktf";
import { Construct } from "constructs";
import { ServiceConfig } from "../../config/schema";
import { suppress } from "../../rules/suppress";

/** Where a service's database is and how it signs in. */
export interface DatabaseSettings {
  readonly host: string;
  readonly readerHost: string;
  readonly port: number;
  readonly name: string;
}

export interface BackendServiceProps {
  readonly service: ServiceConfig;
  /** `<registry>/<repository>` of the service's ECR repository; the tag comes from the service config. */
  readonly repositoryUrl: string;
  readonly region: string;
  readonly database: DatabaseSettings;
  /** The service's prefix lives in this bucket. */
  readonly assetsBucket: string;
  /** Secrets Manager secret the service reads (its role may read only this one). */
  readonly secretArn: string;
  /** Port the Kubernetes Service exposes. @default 80 */
  readonly servicePort?: number;
  /** Created after these (e.g. the controller whose webhook admits Services). @default - none */
  readonly dependsOn?: ITerraformDependable[];
}

/** UID the containers run as: not root, not a UID that exists on the node. */
export const RUN_AS_USER = 10001;

/**
 * One backend service in its own namespace (Pod Security "restricted" enforced): a service
 * account whose IAM role comes from Pod Identity, a Deployment that runs non-root on a read-only
 * root filesystem with probes on its health path and replicas spread across zones, a Service,
 * a HorizontalPodAutoscaler (which owns the replica count), and a PodDisruptionBudget.
 */
export class BackendService extends Construct {
  public readonly namespace: NamespaceV1;
  public readonly deployment: DeploymentV1;
  public readonly service: ServiceV1;
  public readonly servicePort: number;

  constructor(scope: Construct, id: string, props: BackendServiceProps) {
    super(scope, id);
    const s = props.service;
    const labels = { "app.kubernetes.io/name": s.name, "app.kubernetes.io/part-of": "road-warrior" };
    this.servicePort = props.servicePort ?? 80;

    this.namespace = new NamespaceV1(this, "Namespace", {
      metadata: {
        name: s.name,
        labels: {
          ...labels,
          "pod-security.kubernetes.io/enforce": "restricted",
          "pod-security.kubernetes.io/enforce-version": "latest",
          // With IP targets, a rolling update must wait until the ALB sees the new pod healthy.
          ...(s.public ? { "elbv2.k8s.aws/pod-readiness-gate-inject": "enabled" } : {}),
        },
      },
    });
    suppress(
      this.namespace,
      "RW-DATA-1",
      "holds only objects Terraform re-creates from the configuration (Deployment, Service, ServiceAccount, Ingress, autoscaler); the service's data is in Aurora, S3 and Secrets Manager, never in Kubernetes",
    );
    const namespace = this.namespace.metadata.name;
    const account = new ServiceAccountV1(this, "ServiceAccount", { metadata: { name: s.name, namespace, labels } });

    const env: Record<string, string> = {
      AWS_REGION: props.region,
      ASSETS_BUCKET: props.assetsBucket,
      ASSETS_PREFIX: `${s.name}/`,
      SECRET_ARN: props.secretArn,
    };
    if (s.databaseUser) {
      Object.assign(env, {
        DB_HOST: props.database.host,
        DB_READER_HOST: props.database.readerHost,
        DB_PORT: String(props.database.port),
        DB_NAME: props.database.name,
        DB_USER: s.databaseUser,
        DB_AUTH: "iam",
        DB_SSLMODE: "verify-full",
      });
    }
    const probe = (initialDelaySeconds: number, periodSeconds: number) => ({
      httpGet: { path: s.healthPath, port: "http" },
      initialDelaySeconds,
      periodSeconds,
      timeoutSeconds: 2,
      failureThreshold: 3,
    });

    this.deployment = new DeploymentV1(this, "Deployment", {
      metadata: { name: s.name, namespace, labels },
      spec: {
        replicas: String(s.minReplicas),
        selector: { matchLabels: labels },
        strategy: { type: "RollingUpdate", rollingUpdate: { maxSurge: "25%", maxUnavailable: "0" } },
        template: {
          metadata: { labels },
          spec: {
            serviceAccountName: account.metadata.name,
            securityContext: {
              runAsNonRoot: true,
              runAsUser: String(RUN_AS_USER),
              runAsGroup: String(RUN_AS_USER),
              fsGroup: String(RUN_AS_USER),
              seccompProfile: { type: "RuntimeDefault" },
            },
            topologySpreadConstraint: [
              { maxSkew: 1, topologyKey: "topology.kubernetes.io/zone", whenUnsatisfiable: "ScheduleAnyway", labelSelector: [{ matchLabels: labels }] },
            ],
            container: [
              {
                name: s.name,
                image: `${props.repositoryUrl}:${s.imageTag}`,
                port: [{ name: "http", containerPort: s.port, protocol: "TCP" }],
                env: Object.entries(env).map(([name, value]) => ({ name, value })),
                resources: { requests: { cpu: s.cpu, memory: s.memory }, limits: { memory: s.memory } },
                readinessProbe: probe(5, 10),
                livenessProbe: probe(15, 20),
                securityContext: {
                  runAsNonRoot: true,
                  readOnlyRootFilesystem: true,
                  allowPrivilegeEscalation: false,
                  capabilities: { drop: ["ALL"] },
                },
                volumeMount: [{ name: "tmp", mountPath: "/tmp" }],
              },
            ],
            volume: [{ name: "tmp", emptyDir: { sizeLimit: "256Mi" } }],
          },
        },
      },
      // The HorizontalPodAutoscaler owns the replica count after creation.
      lifecycle: { ignoreChanges: ["spec[0].replicas"] },
      dependsOn: props.dependsOn,
    });

    this.service = new ServiceV1(this, "Service", {
      metadata: { name: s.name, namespace, labels },
      spec: { type: "ClusterIP", selector: labels, port: [{ name: "http", port: this.servicePort, targetPort: "http", protocol: "TCP" }] },
      dependsOn: props.dependsOn,
    });
    new HorizontalPodAutoscalerV2(this, "Autoscaler", {
      metadata: { name: s.name, namespace, labels },
      spec: {
        minReplicas: s.minReplicas,
        maxReplicas: s.maxReplicas,
        scaleTargetRef: { apiVersion: "apps/v1", kind: "Deployment", name: this.deployment.metadata.name },
        metric: [{ type: "Resource", resource: { name: "cpu", target: { type: "Utilization", averageUtilization: 70 } } }],
      },
    });
    new PodDisruptionBudgetV1(this, "DisruptionBudget", {
      metadata: { name: s.name, namespace, labels },
      spec: { maxUnavailable: "1", selector: { matchLabels: labels } },
    });
  }
}
