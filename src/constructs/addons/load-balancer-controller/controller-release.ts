import { Release } from "@cdktf/provider-helm/lib/release";
import { Construct } from "constructs";
import { suppress } from "../../../rules/suppress";
import { LoadBalancerControllerCrds } from "./crds-release";
import { LOAD_BALANCER_CONTROLLER } from "./pins";

export interface LoadBalancerControllerProps {
  readonly clusterName: string;
  /** Passed explicitly: with an IMDS hop limit of 1 the controller cannot discover them. */
  readonly region: string;
  readonly vpcId: string;
  /** @default 2 */
  readonly replicas?: number;
  /**
   * Image repository of the controller (`image.repository`), e.g. an ECR pull-through cache of
   * ECR Public for clusters without NAT. The tag stays the chart's own (its app version).
   * @default - the chart's own, `public.ecr.aws/eks/aws-load-balancer-controller`
   */
  readonly imageRepository?: string;
  /** Raw chart values merged over the computed ones (escape hatch). @default - none */
  readonly extraValues?: Record<string, unknown>;
}

/**
 * The AWS Load Balancer Controller from the eks-charts repository at a pinned chart version.
 * Its service account gets its IAM role from the Pod Identity association the cluster stack
 * created for `kube-system/aws-load-balancer-controller`. Two replicas spread over zones with a
 * disruption budget; the webhook certificate is kept across upgrades (a new one would leave
 * in-flight admission requests failing); `atomic` rolls a failed upgrade back; `wait` makes the
 * release "ready" only once the pods (and so the admission webhooks) serve, which is what every
 * release that creates objects the webhooks intercept waits for. The chart's CRDs come from their
 * own release, installed before this one (`crds-release.ts`, docs/helm.md).
 */
export class LoadBalancerController extends Construct {
  public readonly release: Release;
  public readonly values: Record<string, unknown>;
  /** The release of the chart's CRDs (kept on uninstall); the controller's release waits for it. */
  public readonly crds: LoadBalancerControllerCrds;

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
      // Off: the chart's Service webhook (failurePolicy Fail, every Service in the cluster) only makes this
      // controller, rather than the in-tree one, provision NLBs for Services of type LoadBalancer, which AWS
      // documents as optional. This project exposes services only through ALB Ingresses (no Service of type
      // LoadBalancer: a test checks every rendered chart); with it on, every Service created anywhere in the
      // cluster (Karpenter's, an add-on's) fails whenever the controller's pods are not serving.
      enableServiceMutatorWebhook: false,
      defaultTargetType: "ip",
      topologySpreadConstraints: [
        {
          maxSkew: 1,
          topologyKey: "topology.kubernetes.io/zone",
          whenUnsatisfiable: "ScheduleAnyway",
          labelSelector: { matchLabels: labels },
        },
      ],
      ...(props.imageRepository ? { image: { repository: props.imageRepository } } : {}),
      ...props.extraValues,
    };
    this.crds = new LoadBalancerControllerCrds(this, "CrdRelease");
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
      // The CRDs come from their own release (above); the chart's crds/ folder would only be read on a first install.
      skipCrds: true,
      dependsOn: [this.crds.release],
    });
    suppress(
      this.release,
      "RW-DATA-1",
      "the controller keeps no data: " +
        "its state is the Ingress objects and the tags on the load balancers it manages, both re-created from the configuration",
    );
  }
}
