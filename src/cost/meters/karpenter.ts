import { INSTANCE_SPECS, SYSTEM_POD_REQUESTS } from "../../config/catalog";
import { allocatable } from "../../config/karpenter-rules";
import { NodePoolConfig, ServiceConfig } from "../../config/schema";
import { ASSUMPTIONS } from "../assumptions";
import { CostLine, Meter, MeterContext, usd } from "../model";
import { monthlyOf } from "../resources";
import { PriceTable } from "../prices/types";

const GRAVITON = /^[a-z]+\d+[a-z-]*g[a-z-]*\./;

/** The priced instance types a pool allows (its architectures, and its explicit types or its categories, families and sizes). */
export function allowedTypes(pool: NodePoolConfig, prices: PriceTable): string[] {
  return Object.keys(prices.ec2InstanceHour).filter((type) => {
    if (!INSTANCE_SPECS[type]) return false;
    const [family, size] = type.split(".");
    const arch = GRAVITON.test(type) ? "arm64" : "x86_64";
    if (!pool.architectures.includes(arch)) return false;
    if (pool.instanceTypes) return pool.instanceTypes.includes(type);
    if (pool.instanceCategories && !pool.instanceCategories.includes(family[0] as never)) return false;
    if (pool.instanceFamilies && !pool.instanceFamilies.includes(family)) return false;
    if (pool.instanceSizes && !pool.instanceSizes.includes(size)) return false;
    return true;
  });
}

const cpuMillis = (q: string) => (q.endsWith("m") ? Number(q.slice(0, -1)) : Number(q) * 1000);
const memoryMib = (q: string) => (q.endsWith("Gi") ? Number(q.slice(0, -2)) * 1024 : Number(q.slice(0, -2)));

/** The services' minimum replicas' requests: what Karpenter must provide when the load is lowest. */
export function floorRequests(services: readonly ServiceConfig[]): { cpuMillis: number; memoryMib: number; pods: number } {
  return services.reduce(
    (t, s) => ({
      cpuMillis: t.cpuMillis + s.minReplicas * cpuMillis(s.cpu),
      memoryMib: t.memoryMib + s.minReplicas * memoryMib(s.memory),
      pods: t.pods + s.minReplicas,
    }),
    { cpuMillis: 0, memoryMib: 0, pods: 0 },
  );
}

interface Priced {
  readonly type: string;
  readonly nodes: number;
  readonly hourly: number;
  readonly monthly: number;
  readonly capacity: string;
}

function hourlyOf(type: string, capacity: "spot" | "on-demand", prices: PriceTable): number {
  const onDemand = prices.ec2InstanceHour[type];
  return capacity === "spot" ? onDemand * (1 - ASSUMPTIONS.spotDiscount) : onDemand;
}

/** The cheapest way a pool can hold `need` (each node keeps the kubelet's reserve and the DaemonSets' requests). */
function cheapestFloor(pool: NodePoolConfig, need: ReturnType<typeof floorRequests>, prices: PriceTable): Priced | undefined {
  const capacity = pool.capacityTypes.includes("spot") ? "spot" : "on-demand";
  const perNode = SYSTEM_POD_REQUESTS.daemonSets;
  const options = allowedTypes(pool, prices).flatMap((type) => {
    const node = allocatable(type)!;
    const room = { cpu: node.cpuMillis - perNode.cpuMillis, memory: node.memoryMib - perNode.memoryMib, pods: node.pods - perNode.pods };
    if (room.cpu <= 0 || room.memory <= 0 || room.pods <= 0) return [];
    const nodes = Math.max(
      1,
      Math.ceil(need.cpuMillis / room.cpu),
      Math.ceil(need.memoryMib / room.memory),
      Math.ceil(need.pods / room.pods),
    );
    const hourly = hourlyOf(type, capacity, prices);
    return [{ type, nodes, hourly, monthly: monthlyOf(hourly, nodes) + nodes * pool.diskSizeGib * prices.ebsGp3GbMonth, capacity }];
  });
  return options.sort((a, b) => a.monthly - b.monthly)[0];
}

/**
 * The share of each vCPU a burstable (T-family) type may use without spending credits, by size (the
 * same for t3, t3a and t4g: https://docs.aws.amazon.com/ec2/latest/instancetypes/gp.html#gp_cpu-credits).
 */
const BURSTABLE_BASELINE: Readonly<Record<string, number>> = {
  nano: 0.05,
  micro: 0.1,
  small: 0.2,
  medium: 0.2,
  large: 0.3,
  xlarge: 0.4,
  "2xlarge": 0.4,
};

/**
 * What a burstable node busy on every vCPU adds per hour in unlimited mode (surplus credits above its
 * baseline), or 0 for other types. Karpenter's node classes have no credit setting, and EC2 launches
 * T-family instances in unlimited mode unless the account's default says otherwise, which an
 * environment's stacks must not change: the ceiling prices the exposure.
 */
export function burstableSurplusHourly(type: string, prices: PriceTable): number {
  const [family, size] = type.split(".");
  const rate = prices.burstableSurplusVcpuHour[family];
  const baseline = BURSTABLE_BASELINE[size];
  if (rate === undefined || baseline === undefined) return 0;
  return INSTANCE_SPECS[type].vcpu * (1 - baseline) * rate;
}

/**
 * The most a pool can spend: as many of its dearest-to-fill type as its CPU and memory limits admit,
 * each busy on every vCPU (a burstable type then also pays its surplus credits).
 */
function dearestCeiling(pool: NodePoolConfig, prices: PriceTable): (Priced & { readonly surplusHourly: number }) | undefined {
  const capacity = pool.capacityTypes.includes("on-demand") ? "on-demand" : "spot";
  const options = allowedTypes(pool, prices).map((type) => {
    const spec = INSTANCE_SPECS[type];
    const nodes = Math.min(Math.floor(pool.limits.cpu / spec.vcpu), Math.floor(pool.limits.memoryGib / spec.memoryGib));
    const surplusHourly = burstableSurplusHourly(type, prices);
    const hourly = hourlyOf(type, capacity, prices) + surplusHourly;
    const monthly = monthlyOf(hourly, nodes) + nodes * pool.diskSizeGib * prices.ebsGp3GbMonth;
    return { type, nodes, hourly, surplusHourly, monthly, capacity };
  });
  return options.sort((a, b) => b.monthly - a.monthly)[0];
}

/**
 * Karpenter's nodes, as a range: the floor is the services' minimum replicas' requests packed on
 * the cheapest type a pool allows; the ceiling is every pool filled to its CPU and memory limits
 * with its dearest type. Only environments with `cluster.karpenter` (the context carries the config).
 */
export const karpenterMeter: Meter = {
  types: [],
  measure: ({ prices, config, stacks }: MeterContext) => {
    const karpenter = config?.cluster.karpenter;
    if (!config || !karpenter) return { lines: [], usage: [] };
    const problems: string[] = [];
    const stack = stacks.find((s) => s.name.endsWith("-apps"))?.name ?? `${config.name}-apps`;
    const need = floorRequests(config.services);
    const floors = karpenter.nodePools.map((pool) => ({ pool, priced: cheapestFloor(pool, need, prices) }));
    const ceilings = karpenter.nodePools.map((pool) => ({ pool, priced: dearestCeiling(pool, prices) }));
    for (const { pool, priced } of ceilings) {
      if (!priced)
        problems.push(
          `${stack}: Karpenter pool "${pool.name}" allows no instance type with a ${prices.region} price and specs ` +
            `(src/cost/prices/${prices.region}.ts, INSTANCE_SPECS in src/config/catalog.ts)`,
        );
    }
    if (problems.length > 0) return { lines: [], usage: [], problems };
    const floor = floors.filter((f) => f.priced).sort((a, b) => a.priced!.monthly - b.priced!.monthly)[0];
    const ceiling = ceilings.reduce((t, c) => t + c.priced!.monthly, 0);
    const ceilingDetail = ceilings
      .map(
        (c) =>
          `pool "${c.pool.name}" limits ${c.pool.limits.cpu} vCPU / ${c.pool.limits.memoryGib} GiB = ` +
          `${c.priced!.nodes} × ${c.priced!.type} (${c.priced!.capacity}, dearest to fill` +
          (c.priced!.surplusHourly > 0
            ? `, with ${usd(c.priced!.surplusHourly, 4)}/h of surplus CPU credits each, busy on every vCPU`
            : "") +
          ") " +
          usd(c.priced!.monthly),
      )
      .join("; ");
    const line: CostLine = {
      stack,
      item: "Karpenter nodes (range)",
      detail:
        `floor: the services' minimum replicas request ${need.cpuMillis}m CPU, ${need.memoryMib} MiB, ${need.pods} pods: ` +
        `${floor.priced!.nodes} × ${floor.priced!.type} (${floor.priced!.capacity}, pool "${floor.pool.name}", cheapest allowed) ` +
        `at ${usd(floor.priced!.hourly, 4)}/h + ${floor.pool.diskSizeGib} GB gp3 each; ` +
        `ceiling: ${ceilingDetail}`,
      monthly: { low: floor.priced!.monthly, high: ceiling },
      ends: { low: "load at minimum", high: "pools at their limits" },
      note: "low: the load at its minimum; high: every pool at its limits, which Karpenter never passes (docs/karpenter.md)",
      addresses: [],
    };
    return { lines: [line], usage: [] };
  },
};
