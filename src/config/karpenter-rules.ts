import { INSTANCE_SPECS, SYSTEM_POD_REQUESTS } from "./catalog";
import { EnvironmentConfig, KarpenterConfig, NodePoolConfig } from "./schema";

/** A finding of a rule (same shape as `rules.ts`'s). */
interface Finding {
  readonly path: string;
  readonly value: unknown;
  readonly rule: string;
}

/**
 * Karpenter's controller replicas: two on separate system nodes (its anti-affinity is required), one when the
 * system group may shrink to one node.
 */
export function karpenterReplicas(systemGroupMinSize: number): number {
  return systemGroupMinSize >= 2 ? 2 : 1;
}

/** How many distinct instance types a pool can launch, or undefined when it is "many" (described by category or family alone). */
export function instanceTypeCount(pool: NodePoolConfig): number | undefined {
  if (pool.instanceTypes) return pool.instanceTypes.length;
  if (pool.instanceFamilies && pool.instanceSizes) return pool.instanceFamilies.length * pool.instanceSizes.length;
  return undefined;
}

/**
 * What a node keeps for itself (EKS AMI formula): CPU 6% of the first core, 1% of the second, 0.5%
 * of the next two, 0.25% above; memory 255 MiB + 11 MiB per pod, plus 100 MiB eviction threshold.
 */
export function allocatable(type: string): { cpuMillis: number; memoryMib: number; pods: number } | undefined {
  const spec = INSTANCE_SPECS[type];
  if (!spec) return undefined;
  const cores = spec.vcpu;
  const reservedCpu = 60 + (cores >= 2 ? 10 : 0) + 5 * Math.max(0, Math.min(cores, 4) - 2) + 2.5 * Math.max(0, cores - 4);
  const reservedMemory = 255 + 11 * spec.maxPods + 100;
  return { cpuMillis: cores * 1000 - reservedCpu, memoryMib: spec.memoryGib * 1024 - reservedMemory, pods: spec.maxPods };
}

/** The system pods' requests that must fit on the system node group at its minimum size. */
export function systemPodRequests(replicas: number): { cpuMillis: number; memoryMib: number; pods: number } {
  return SYSTEM_POD_REQUESTS.deployments.reduce(
    (total, d) => {
      const n = "replicas" in d ? d.replicas : replicas;
      return { cpuMillis: total.cpuMillis + n * d.cpuMillis, memoryMib: total.memoryMib + n * d.memoryMib, pods: total.pods + n };
    },
    { cpuMillis: 0, memoryMib: 0, pods: 0 },
  );
}

const poolPath = (i: number, field: string) => `cluster.karpenter.nodePools[${i}].${field}`;

/** Rules that relate Karpenter's pools to the node groups, the services and the environment type. */
export function karpenterFindings(env: Pick<EnvironmentConfig, "environmentType" | "cluster" | "services">): Finding[] {
  const karpenter: KarpenterConfig | undefined = env.cluster.karpenter;
  if (!karpenter) return [];
  const findings: Finding[] = [];

  // The system node group exists and can hold the system pods at its minimum size.
  const system = env.cluster.nodeGroups.find((g) => g.name === karpenter.systemNodeGroup);
  if (!system) {
    findings.push({
      path: "cluster.karpenter.systemNodeGroup",
      value: karpenter.systemNodeGroup,
      rule:
        `must name one of cluster.nodeGroups (${env.cluster.nodeGroups.map((g) => g.name).join(", ")}): ` +
        "Karpenter must run on nodes it did not make",
    });
  } else {
    const sizes = system.instanceTypes.map((t) => ({ type: t, node: allocatable(t) }));
    const unknown = sizes.filter((s) => !s.node).map((s) => s.type);
    if (unknown.length > 0) {
      findings.push({
        path: "cluster.karpenter.systemNodeGroup",
        value: system.name,
        rule: `cannot be checked: instance type ${unknown.join(", ")} has no entry in INSTANCE_SPECS (src/config/catalog.ts)`,
      });
    } else {
      // EC2 may launch the smallest listed type: size the check by it.
      const smallest = sizes.reduce((a, b) => (b.node!.cpuMillis < a.node!.cpuMillis || b.node!.memoryMib < a.node!.memoryMib ? b : a));
      const node = smallest.node!;
      const perNode = SYSTEM_POD_REQUESTS.daemonSets;
      const capacity = {
        cpuMillis: system.minSize * (node.cpuMillis - perNode.cpuMillis),
        memoryMib: system.minSize * (node.memoryMib - perNode.memoryMib),
        pods: system.minSize * (node.pods - perNode.pods),
      };
      const need = systemPodRequests(karpenterReplicas(system.minSize));
      const short = (["cpuMillis", "memoryMib", "pods"] as const).filter((k) => need[k] > capacity[k]);
      if (system.minSize === 0 || short.length > 0) {
        findings.push({
          path: `cluster.nodeGroups[${env.cluster.nodeGroups.indexOf(system)}].minSize`,
          value: system.minSize,
          rule:
            `is too small for the system pods Karpenter needs beside it: ${system.minSize} × ${smallest.type} leaves ` +
            `${capacity.cpuMillis}m CPU, ${capacity.memoryMib} MiB and ${capacity.pods} pods after DaemonSets and kubelet reserves; ` +
            "Karpenter, CoreDNS, the Load Balancer Controller, metrics-server and the add-on controllers request " +
            `${need.cpuMillis}m, ${need.memoryMib} MiB and ${need.pods} pods (raise minSize or use a larger type)`,
        });
      }
    }
  }

  karpenter.nodePools.forEach((pool, i) => {
    // One Spot pool can be reclaimed at once: production spreads Spot over several types.
    const count = instanceTypeCount(pool);
    if (env.environmentType === "production" && pool.capacityTypes.includes("spot") && count !== undefined && count < 2) {
      findings.push({
        path: poolPath(i, pool.instanceTypes ? "instanceTypes" : "instanceFamilies"),
        value: pool.instanceTypes ?? pool.instanceFamilies,
        rule:
          `must allow at least two instance types for spot capacity in a production environment (this pool allows ${count}), ` +
          "so one reclaimed Spot pool does not take every node (set environmentType: non-production to allow one)",
      });
    }
    // Every image must run on every architecture the pool may launch.
    env.services.forEach((service) => {
      const foreign = pool.architectures.filter((a) => !service.imageArchitectures.includes(a));
      if (foreign.length > 0) {
        findings.push({
          path: poolPath(i, "architectures"),
          value: pool.architectures,
          rule:
            "must only allow architectures every service image is built for: " +
            `services ${service.name} has images for ${service.imageArchitectures.join(", ")}, not ${foreign.join(", ")} ` +
            "(add the architecture to its imageArchitectures or remove it from the pool)",
        });
      }
    });
  });
  return findings;
}
