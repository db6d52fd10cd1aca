import { KARPENTER, KARPENTER_AMI } from "./pins";
import { NodePoolConfig } from "../../../config/schema";

/** Values of `charts/karpenter-nodepools` (its values.schema.json checks them again inside Helm). */
export interface NodePoolChartValues {
  readonly amiAlias: string;
  readonly instanceProfile: string;
  readonly discovery: { readonly key: string; readonly value: string };
  /** The EKS cluster security group: control plane to kubelet, node to node (managed nodes carry it too). */
  readonly clusterSecurityGroupId: string;
  readonly tags: Readonly<Record<string, string>>;
  readonly nodePools: readonly Record<string, unknown>[];
}

export interface NodePoolValuesInput {
  readonly clusterName: string;
  readonly instanceProfile: string;
  readonly clusterSecurityGroupId: string;
  readonly pools: readonly NodePoolConfig[];
  /** Tags of every instance, volume and network interface Karpenter launches. The environment file owns the default (`tags`, none). */
  readonly tags: Readonly<Record<string, string>>;
}

const TAINT_EFFECTS = { NO_SCHEDULE: "NoSchedule", NO_EXECUTE: "NoExecute", PREFER_NO_SCHEDULE: "PreferNoSchedule" } as const;

/** One pool's requirements as Karpenter's well-known labels. */
export function poolRequirements(pool: NodePoolConfig): { key: string; operator: "In"; values: string[] }[] {
  const req = (key: string, values: readonly string[] | undefined) =>
    values && values.length > 0 ? [{ key, operator: "In" as const, values: [...values] }] : [];
  return [
    ...req("kubernetes.io/os", ["linux"]),
    ...req(
      "kubernetes.io/arch",
      pool.architectures.map((a) => (a === "x86_64" ? "amd64" : "arm64")),
    ),
    ...req("karpenter.sh/capacity-type", pool.capacityTypes),
    ...req("node.kubernetes.io/instance-type", pool.instanceTypes),
    ...req("karpenter.k8s.aws/instance-category", pool.instanceCategories),
    ...req("karpenter.k8s.aws/instance-family", pool.instanceFamilies),
    ...req("karpenter.k8s.aws/instance-size", pool.instanceSizes),
  ];
}

/** The chart's values for the environment's pools: one NodePool and one EC2NodeClass per pool. */
export function nodePoolChartValues(input: NodePoolValuesInput): NodePoolChartValues {
  return {
    amiAlias: KARPENTER_AMI.alias,
    instanceProfile: input.instanceProfile,
    discovery: { key: KARPENTER.discoveryTagKey, value: input.clusterName },
    clusterSecurityGroupId: input.clusterSecurityGroupId,
    tags: { ...input.tags },
    nodePools: input.pools.map((pool) => ({
      name: pool.name,
      requirements: poolRequirements(pool),
      limits: { cpu: String(pool.limits.cpu), memory: `${pool.limits.memoryGib}Gi` },
      disruption: {
        consolidationPolicy: pool.consolidationPolicy,
        consolidateAfter: pool.consolidateAfter,
        budgets: pool.budgets.map((b) => ({ ...b, ...(b.reasons ? { reasons: [...b.reasons] } : {}) })),
      },
      expireAfter: pool.expireAfter,
      diskSizeGib: pool.diskSizeGib,
      labels: { ...pool.labels },
      taints: pool.taints.map((t) => ({ key: t.key, value: t.value, effect: TAINT_EFFECTS[t.effect] })),
    })),
  };
}
