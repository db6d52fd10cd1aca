import { Release } from "@cdktf/provider-helm/lib/release";
import { AssetType, DataResource, TerraformAsset } from "cdktf";
import { Construct } from "constructs";
import * as path from "path";
import { suppress } from "../../../rules/suppress";
import { LOAD_BALANCER_CONTROLLER } from "./pins";

/**
 * The CRDs of a chart version, as `helm show crds` prints them (committed; a test compares them
 * with the pinned chart package). Regenerate on a chart bump:
 * `helm show crds aws-load-balancer-controller-<version>.tgz > aws-load-balancer-controller-<version>.yaml`
 * in `src/constructs/addons/load-balancer-controller/crds/`.
 */
export function controllerCrdsFile(chartVersion: string = LOAD_BALANCER_CONTROLLER.chartVersion): string {
  return path.join(__dirname, "crds", `aws-load-balancer-controller-${chartVersion}.yaml`);
}

/**
 * Shell of the CRD step (local-exec, bash): a kubeconfig from `aws eks update-kubeconfig` (the
 * same `aws eks get-token` authentication as the providers) in a temporary file, then a
 * server-side apply of the CRDs that takes over the fields Helm wrote on first install.
 * Inputs come from the environment (CLUSTER, REGION, CRDS), never spliced into the command.
 */
export const APPLY_CRDS_COMMAND = [
  "set -euo pipefail",
  'for tool in aws kubectl; do command -v "$tool" >/dev/null ||' +
    ' { echo "the controller CRD step needs $tool on the PATH of terraform apply (docs/helm.md)" >&2; exit 1; }; done',
  'kubeconfig="$(mktemp)"',
  "trap 'rm -f \"$kubeconfig\"' EXIT",
  'aws eks update-kubeconfig --name "$CLUSTER" --region "$REGION" --kubeconfig "$kubeconfig" >/dev/null',
  'kubectl --kubeconfig "$kubeconfig" apply --server-side --force-conflicts --field-manager=road-warrior-crds -f "$CRDS"',
].join("\n");

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
 * in-flight admission requests failing); `atomic` rolls a failed upgrade back. The chart's CRDs
 * are applied server-side before the release whenever the chart version changes (docs/helm.md).
 */
export class LoadBalancerController extends Construct {
  public readonly release: Release;
  public readonly values: Record<string, unknown>;
  /** Applies the chart's CRDs server-side whenever the chart version (or its CRDs) change; the release waits for it. */
  public readonly crds: DataResource;

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
    // Helm installs a chart's crds/ on first install only and never upgrades them: without this
    // step a chart bump would run the new controller against the old CRDs.
    const crdsAsset = new TerraformAsset(this, "CrdsFile", { path: controllerCrdsFile(), type: AssetType.FILE });
    this.crds = new DataResource(this, "Crds", {
      triggersReplace: { chartVersion: LOAD_BALANCER_CONTROLLER.chartVersion, crds: crdsAsset.assetHash },
      provisioners: [
        {
          type: "local-exec",
          interpreter: ["/bin/bash", "-c"],
          command: APPLY_CRDS_COMMAND,
          environment: { CLUSTER: props.clusterName, REGION: props.region, CRDS: crdsAsset.path },
        },
      ],
    });
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
      dependsOn: [this.crds],
    });
    suppress(
      this.release,
      "RW-DATA-1",
      "the controller keeps no data: " +
        "its state is the Ingress objects and the tags on the load balancers it manages, both re-created from the configuration",
    );
  }
}
