import { INSTANCE_SPECS } from "../config/catalog";
import { EnvironmentConfig } from "../config/schema";

/**
 * EC2's two vCPU quotas that the environment's nodes count against, per region and account:
 * Spot requests and running on-demand instances of the standard families (A, C, D, H, I, M, R, T, Z).
 */
export const VCPU_QUOTAS = {
  spot: { code: "L-34B43A08", name: "All Standard (A, C, D, H, I, M, R, T, Z) Spot Instance Requests" },
  onDemand: { code: "L-1216C47A", name: "Running On-Demand Standard (A, C, D, H, I, M, R, T, Z) instances" },
} as const;

export type Capacity = keyof typeof VCPU_QUOTAS;

/** One source of instances and the vCPUs it reaches at its maximum, counted against one quota. */
export interface VcpuSource {
  /** The environment-file field that sets the maximum (`cluster.nodeGroups[general]`). */
  readonly field: string;
  readonly capacity: Capacity;
  readonly vcpus: number;
  /** How the number was reached, for the report (`maxSize 4 x 2 vCPU (t4g.medium)`). */
  readonly how: string;
}

export interface VcpuDemand {
  readonly sources: readonly VcpuSource[];
  /** vCPUs each quota must allow at once, summed over the sources. */
  readonly total: Readonly<Record<Capacity, number>>;
  /** Instance types whose vCPUs are not in INSTANCE_SPECS (a field and a type each): the sum cannot be trusted. */
  readonly unsized: readonly { readonly field: string; readonly type: string }[];
  /** Sources left out because their instances count against other quotas (G, P, X, Inf, ...). */
  readonly otherQuotas: readonly string[];
}

/**
 * Whether an instance family counts against the standard quotas: A, C, D, H, I, M, R, T, Z. Allow-list
 * by family name, so that look-alikes with their own quotas stay out (dl1 is DL, inf2 is Inf, trn1 is
 * Trn, hpc7g is HPC, mac2 is Mac dedicated hosts, u-* is High Memory).
 */
export function isStandardFamily(typeOrFamily: string): boolean {
  const family = typeOrFamily.split(".")[0];
  return /^([acdhmrtz]\d|i\d|im\d|is\d)/.test(family);
}

/** The vCPUs of an instance type from the catalog; undefined when it is not there (never a guess). */
export function vcpusOf(type: string): number | undefined {
  return INSTANCE_SPECS[type]?.vcpu;
}

/**
 * The nodes an EKS managed node group may run during an update: EKS raises the Auto Scaling group's
 * maximum and desired size by the larger of twice its Availability Zones and its maxUnavailable, starts
 * the new nodes, then drains the old ones (EKS user guide, "Understand each phase of node updates").
 */
export function nodeGroupPeak(group: { readonly maxSize: number; readonly maxUnavailablePercentage: number }, zones: number): number {
  const maxUnavailable = Math.ceil((group.maxSize * group.maxUnavailablePercentage) / 100);
  return group.maxSize + Math.max(2 * zones, maxUnavailable);
}

/**
 * What the environment reaches when every node group is at its maxSize during an update, every Karpenter
 * pool at its `limits.cpu` and the NAT instance runs: the vCPUs each EC2 quota must allow. A Karpenter pool that may
 * launch both Spot and on-demand counts in full against both quotas: it prefers Spot and falls back to
 * on-demand when Spot has no capacity, so either may carry all of it.
 */
export function vcpuDemand(config: Pick<EnvironmentConfig, "cluster" | "network" | "availabilityZones">): VcpuDemand {
  const sources: VcpuSource[] = [];
  const unsized: { field: string; type: string }[] = [];
  const otherQuotas: string[] = [];

  for (const group of config.cluster.nodeGroups) {
    const field = `cluster.nodeGroups[${group.name}]`;
    const standard = group.instanceTypes.filter(isStandardFamily);
    if (standard.length === 0) {
      otherQuotas.push(`${field} (${group.instanceTypes.join(", ")})`);
      continue;
    }
    const sized = standard.map((type) => ({ type, vcpus: vcpusOf(type) }));
    sized.filter((s) => s.vcpus === undefined).forEach((s) => unsized.push({ field, type: s.type }));
    // EC2 may launch the largest listed type for every node.
    const largest = sized.reduce((a, b) => ((b.vcpus ?? 0) > (a.vcpus ?? 0) ? b : a));
    const perNode = largest.vcpus ?? 0;
    const nodes = nodeGroupPeak(group, config.availabilityZones.length);
    sources.push({
      field,
      capacity: group.capacityType === "SPOT" ? "spot" : "onDemand",
      vcpus: nodes * perNode,
      how: `maxSize ${group.maxSize} + ${nodes - group.maxSize} during an update = ${nodes} x ${perNode} vCPU (${largest.type})`,
    });
  }

  for (const pool of config.cluster.karpenter?.nodePools ?? []) {
    const field = `cluster.karpenter.nodePools[${pool.name}]`;
    const named = pool.instanceTypes ?? pool.instanceFamilies;
    // instanceCategories are c, m, r, t only: standard. Named types or families count when any of them is.
    if (named && !named.some(isStandardFamily)) {
      otherQuotas.push(`${field} (${named.join(", ")})`);
      continue;
    }
    for (const capacity of pool.capacityTypes) {
      sources.push({
        field,
        capacity: capacity === "spot" ? "spot" : "onDemand",
        vcpus: pool.limits.cpu,
        how: `limits.cpu ${pool.limits.cpu}${pool.capacityTypes.length > 1 ? " (Spot or on-demand: counted in both)" : ""}`,
      });
    }
  }

  if (config.network.natMode === "instance") {
    const type = config.network.natInstanceType;
    const vcpus = vcpusOf(type);
    if (vcpus === undefined) unsized.push({ field: "network.natInstanceType", type });
    if (isStandardFamily(type)) {
      sources.push({
        field: "network.natInstanceType",
        capacity: "onDemand",
        vcpus: vcpus ?? 0,
        how: `1 x ${vcpus ?? "?"} vCPU (${type})`,
      });
    } else otherQuotas.push(`network.natInstanceType (${type})`);
  }

  const total = { spot: 0, onDemand: 0 };
  for (const s of sources) total[s.capacity] += s.vcpus;
  return { sources, total, unsized, otherQuotas };
}
