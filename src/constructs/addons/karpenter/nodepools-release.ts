import * as path from "path";
import { Release } from "@cdktf/provider-helm/lib/release";
import { AssetType, DataResource, ITerraformDependable, TerraformAsset } from "cdktf";
import { Construct } from "constructs";
import { suppress } from "../../../rules/suppress";
import { KARPENTER } from "./pins";
import { NodePoolChartValues } from "./nodepool-values";

/** The chart of ours that renders the NodePools and EC2NodeClasses. */
export const NODEPOOLS_CHART_DIR = path.join(__dirname, "..", "..", "..", "..", "charts", "karpenter-nodepools");

export interface KarpenterNodePoolsProps {
  readonly clusterName: string;
  readonly region: string;
  readonly values: NodePoolChartValues;
  /** The controller's release: installed before the pools, destroyed after the wait. */
  readonly controller: ITerraformDependable;
  /** @default 900 (15 minutes) */
  readonly destroyTimeoutSeconds?: number;
}

/**
 * The environment's NodePools and EC2NodeClasses through `charts/karpenter-nodepools` (a Helm
 * chart, not `kubernetes_manifest`, whose plan would need the CRDs to exist before the first
 * deploy). Destroy order, from the dependencies: this release goes first (Karpenter then drains
 * and terminates its nodes), then `NodesGone` waits until no instance tagged with the cluster's
 * discovery tag and a NodePool is left (the Helm provider's uninstall does not wait for that), then
 * the controller goes. Destroyed the other way round, the instances would keep running outside
 * Terraform's state and their network interfaces would block the subnets' deletion.
 */
export class KarpenterNodePools extends Construct {
  public readonly release: Release;
  /** Destroy-time wait for Karpenter's instances to be gone. */
  public readonly nodesGone: DataResource;

  constructor(scope: Construct, id: string, props: KarpenterNodePoolsProps) {
    super(scope, id);
    const chart = new TerraformAsset(this, "Chart", { path: NODEPOOLS_CHART_DIR, type: AssetType.DIRECTORY });
    const timeout = props.destroyTimeoutSeconds ?? 900;
    this.nodesGone = new DataResource(this, "NodesGone", {
      input: { cluster: props.clusterName, region: props.region, tag: KARPENTER.discoveryTagKey, timeout },
      dependsOn: [props.controller],
      provisioners: [
        {
          type: "local-exec",
          when: "destroy",
          interpreter: ["/bin/bash", "-c"],
          command: nodesGoneScript(),
        },
      ],
    });
    this.release = new Release(this, "Default", {
      name: "karpenter-nodepools",
      chart: chart.path,
      namespace: KARPENTER.namespace,
      values: [JSON.stringify(props.values)],
      wait: true,
      atomic: true,
      cleanupOnFail: true,
      timeout: 300,
      dependsOn: [props.controller, this.nodesGone],
    });
    suppress(
      this.release,
      "RW-DATA-1",
      "NodePools and EC2NodeClasses, re-created from the environment file; " +
        "the nodes they launch hold no data (their pods' data is in Aurora and S3)",
    );
  }
}

/**
 * Polls EC2 (AWS CLI, as `aws eks get-token` already needs) until no instance of this cluster
 * launched by a NodePool is pending, running, stopping or shutting down; fails after the timeout
 * with the runbook's pointer. Destroy-time provisioners may only read `self`.
 */
export function nodesGoneScript(): string {
  return [
    "set -euo pipefail",
    "deadline=$(( $(date +%s) + ${self.input.timeout} ))",
    "while :; do",
    "  left=$(aws ec2 describe-instances --region '${self.input.region}'" +
      " --filters 'Name=tag:${self.input.tag},Values=${self.input.cluster}' 'Name=tag-key,Values=karpenter.sh/nodepool'" +
      " 'Name=instance-state-name,Values=pending,running,stopping,stopped,shutting-down'" +
      " --query 'Reservations[].Instances[].InstanceId' --output text)",
    '  if [ -z "$left" ]; then echo "No Karpenter instances left in ${self.input.cluster}."; exit 0; fi',
    '  if [ "$(date +%s)" -ge "$deadline" ]; then' +
      ' echo "Karpenter instances of ${self.input.cluster} still exist: $left (docs/karpenter.md, destroy runbook)" >&2; exit 1; fi',
    '  echo "Waiting for Karpenter to terminate: $left"; sleep 15',
    "done",
  ].join("\n");
}
