import { Release } from "@cdktf/provider-helm/lib/release";
import { Construct } from "constructs";
import { LOAD_BALANCER_CONTROLLER } from "../../config/catalog";
import { suppress } from "../../rules/suppress";

/**
 * Values of the `aws-load-balancer-controller` chart 3.5.0 that this construct sets, as its
 * values.yaml documents them. A test checks every value set here against this list, so a chart
 * upgrade that renames a value is noticed instead of silently ignored by Helm.
 */
export const DOCUMENTED_CHART_VALUES = [
  "clusterName",
  "region",
  "vpcId",
  "replicaCount",
  "serviceAccount",
  "podDisruptionBudget",
  "resources",
  "keepTLSSecret",
  "defaultTargetType",
  "topologySpreadConstraints",
  "priorityClassName",
  "enableServiceMutatorWebhook",
  "ingressClass",
  "createIngressClassResource",
] as const;

export interface LoadBalancerControllerProps {
  readonly clusterName: string;
  /** Passed explicitly: with an IMDS hop limit of 1 the controller cannot discover them. */
  readonly region: string;
  readonly vpcId: string;
  /** @default 2 */
  readonly replicas?: number;
  /** Raw chart values merged over the computed ones (escape hatch). @default - none */
  readonly extraValues?: Record<string, unknown>;
}

/**
 * The AWS Load Balancer Controller from the eks-charts repository at a pinned chart version.
 * Its service account gets its IAM role from the Pod Identity association the cluster stack
 * created for `kube-system/aws-load-balancer-controller`. Two replicas spread over zones with a
 * disruption budget; the webhook certificate is kept across upgrades (a new one would leave
 * in-flight admission requests failing); `atomic` rolls a failed upgrade back.
 */
export class LoadBalancerController extends Construct {
  public readonly release: Release;
  public readonly values: Record<string, unknown>;

  constructor(scope: Construct, id: string, props: LoadBalancerControllerProps) {
    super(scope, id);
    const labels = { "app.kubernetes.io/name": "aws-load-balancer-controller" };
    this.values = {
      clusterName: props.clusterName,
      region: props.region,
      vpcId: props.vpcId,
      replicaCount: props.replicas ?? 2,
      serviceAccount: { create: true, name: LOAD_BALANCER_CONTROLLER.serviceAccount },
      podDisruptionBudget: { maxUnavailable: 1 },
      resources: { requests: { cpu: "100m", memory: "128Mi" }, limits: { memory: "256Mi" } },
      keepTLSSecret: true,
      defaultTargetType: "ip",
      topologySpreadConstraints: [
        { maxSkew: 1, topologyKey: "topology.kubernetes.io/zone", whenUnsatisfiable: "ScheduleAnyway", labelSelector: { matchLabels: labels } },
      ],
      ...props.extraValues,
    };
    this.release = new Release(this, "Default", {
      name: "aws-load-balancer-controller",
      repository: LOAD_BALANCER_CONTROLLER.repository,
      chart: LOAD_BALANCER_CONTROLLER.chart,
      version: LOAD_BALANCER_CONTROLLER.chartVersion,
      namespace: LOAD_BALANCER_CONTROLLER.namespace,
      values: [JSON.stringify(this.values)],
      wait: true,
      atomic: true,
      cleanupOnFail: true,
      timeout: 600,
    });
    suppress(
      this.release,
      "RW-DATA-1",
      "the controller keeps no data: its state is the Ingress objects and the tags on the load balancers it manages, both re-created from the configuration",
    );
  }
}
