import { Release } from "@cdktf/provider-helm/lib/release";
import { ITerraformDependable } from "cdktf";
import { Construct } from "constructs";
import { suppress } from "../../../rules/suppress";
import { KARPENTER_CONTROLLER_RESOURCES } from "../../../config/catalog";
import { KARPENTER } from "./pins";

export interface KarpenterControllerProps {
  readonly clusterName: string;
  /** Passed explicitly: Karpenter then needs no EKS endpoint to discover it. */
  readonly clusterEndpoint: string;
  /** The interruption queue's name (cluster stack). */
  readonly interruptionQueueName: string;
  /** The managed node group that runs the controller (`eks.amazonaws.com/nodegroup`). */
  readonly systemNodeGroup: string;
  /** Taints of the system node group, tolerated. @default - none */
  readonly systemNodeGroupTaints?: readonly { key: string; value?: string; effect: string }[];
  /** @default 2 */
  readonly replicas?: number;
  /** No NAT: no pricing API, and the image from the ECR Public pull-through cache. @default false */
  readonly isolatedVpc?: boolean;
  /**
   * Registry and prefix that serve `public.ecr.aws` through the pull-through cache rule, e.g.
   * `<account>.dkr.ecr.<region>.amazonaws.com/ecr-public`. @default - public.ecr.aws directly
   */
  readonly imageRegistry?: string;
  /** Raw chart values merged over the computed ones (escape hatch). @default - none */
  readonly extraValues?: Record<string, unknown>;
  /**
   * The controller's release is installed after these (and destroyed before them), besides its CRDs:
   * e.g. the release of an admission webhook that must serve before the chart's Service is created.
   * @default - only the CRD release
   */
  readonly dependsOn?: ITerraformDependable[];
}

const EFFECTS: Record<string, string> = { NO_SCHEDULE: "NoSchedule", NO_EXECUTE: "NoExecute", PREFER_NO_SCHEDULE: "PreferNoSchedule" };

/**
 * Karpenter from `oci://public.ecr.aws/karpenter`: the CRD chart first (so CRDs upgrade with the
 * version), then the controller on the managed system node group only (never on a node it made:
 * `karpenter.sh/nodepool DoesNotExist`), with the interruption queue, the cluster's name and
 * endpoint, and `isolatedVPC` without NAT. Its service account gets its role from the Pod Identity
 * association the cluster stack created for `kube-system/karpenter`.
 */
export class KarpenterController extends Construct {
  public readonly crdRelease: Release;
  public readonly release: Release;
  public readonly values: Record<string, unknown>;

  constructor(scope: Construct, id: string, props: KarpenterControllerProps) {
    super(scope, id);
    this.crdRelease = new Release(this, "Crds", {
      name: KARPENTER.crdChart,
      repository: KARPENTER.repository,
      chart: KARPENTER.crdChart,
      version: KARPENTER.chartVersion,
      namespace: KARPENTER.namespace,
      wait: true,
      atomic: true,
      timeout: 300,
    });
    const selectorLabels = { "app.kubernetes.io/name": "karpenter", "app.kubernetes.io/instance": "karpenter" };
    this.values = {
      replicas: props.replicas ?? KARPENTER_CONTROLLER_RESOURCES.replicas,
      serviceAccount: { create: true, name: KARPENTER.serviceAccount },
      settings: {
        clusterName: props.clusterName,
        clusterEndpoint: props.clusterEndpoint,
        interruptionQueue: props.interruptionQueueName,
        isolatedVPC: props.isolatedVpc ?? false,
      },
      controller: {
        resources: {
          requests: { cpu: KARPENTER_CONTROLLER_RESOURCES.cpu, memory: KARPENTER_CONTROLLER_RESOURCES.memory },
          limits: { memory: KARPENTER_CONTROLLER_RESOURCES.memory },
        },
        ...(props.imageRegistry ? { image: { repository: `${props.imageRegistry}/${KARPENTER.image.repository}` } } : {}),
      },
      nodeSelector: { "kubernetes.io/os": "linux", "eks.amazonaws.com/nodegroup": props.systemNodeGroup },
      affinity: {
        nodeAffinity: {
          requiredDuringSchedulingIgnoredDuringExecution: {
            nodeSelectorTerms: [
              {
                matchExpressions: [
                  { key: "karpenter.sh/nodepool", operator: "DoesNotExist" },
                  { key: "eks.amazonaws.com/nodegroup", operator: "In", values: [props.systemNodeGroup] },
                ],
              },
            ],
          },
        },
        podAntiAffinity: {
          requiredDuringSchedulingIgnoredDuringExecution: [
            { topologyKey: "kubernetes.io/hostname", labelSelector: { matchLabels: selectorLabels } },
          ],
        },
      },
      tolerations: [
        { key: "CriticalAddonsOnly", operator: "Exists" },
        ...(props.systemNodeGroupTaints ?? []).map((t) => ({
          key: t.key,
          operator: "Equal",
          value: t.value ?? "",
          effect: EFFECTS[t.effect] ?? t.effect,
        })),
      ],
      ...props.extraValues,
    };
    this.release = new Release(this, "Default", {
      name: KARPENTER.chart,
      repository: KARPENTER.repository,
      chart: KARPENTER.chart,
      version: KARPENTER.chartVersion,
      namespace: KARPENTER.namespace,
      values: [JSON.stringify(this.values)],
      wait: true,
      atomic: true,
      cleanupOnFail: true,
      timeout: 600,
      dependsOn: [this.crdRelease, ...(props.dependsOn ?? [])],
    });
    suppress(
      this.crdRelease,
      "RW-DATA-1",
      "installs Karpenter's CRDs; the NodePools and NodeClaims they define are re-created from the configuration and hold no data " +
        "(removing them drains Karpenter's nodes: an outage, not a loss)",
    );
    suppress(
      this.release,
      "RW-DATA-1",
      "the Karpenter controller: a Deployment and its configuration, re-created from the chart; it holds no data",
    );
  }
}
