import { EnvironmentConfig } from "../config/schema";
import { StackView } from "../synthesized/types";
import { ASSUMPTION_NOTES } from "./assumptions";
import { FREE_TYPES } from "./free-types";
import { ciRunnerMeter } from "./meters/ci-runner";
import { computeMeter } from "./meters/compute";
import { databaseMeter } from "./meters/database";
import { karpenterMeter } from "./meters/karpenter";
import { keysAndSecretsMeter } from "./meters/keys-and-secrets";
import { loadBalancerMeter } from "./meters/load-balancer";
import { networkMeter } from "./meters/network";
import { observabilityMeter } from "./meters/observability";
import { signInMeter } from "./meters/sign-in";
import { sloAlarmsMeter } from "./meters/slo-alarms";
import { storageMeter } from "./meters/storage";
import { syntheticsMeter } from "./meters/synthetics";
import { cents, CostError, CostLine, EnvironmentEstimate, Meter, StackEstimate, UsageLine } from "./model";
import { priceTable } from "./prices";

/** Every priced area; their `types` plus {@link FREE_TYPES} must cover every resource type the stacks create. */
export const METERS: readonly Meter[] = [
  computeMeter,
  networkMeter,
  loadBalancerMeter,
  databaseMeter,
  keysAndSecretsMeter,
  observabilityMeter,
  sloAlarmsMeter,
  storageMeter,
  signInMeter,
  karpenterMeter,
  ciRunnerMeter,
  syntheticsMeter,
];

export interface EstimateInput {
  /** The environment's name (or "bootstrap"). */
  readonly environment: string;
  readonly region: string;
  /** Its synthesized stacks, in deploy order. */
  readonly stacks: readonly StackView[];
  /** The day of the estimate (EKS support windows depend on it). @default today */
  readonly date?: Date;
  /** The environment file: Karpenter's capacity range comes from its pools and services. @default - none (no Karpenter line) */
  readonly config?: EnvironmentConfig;
  /**
   * Return what can be priced, with every problem listed in `unpriced`, instead of throwing
   * (for a pull-request comment that must be written even when one line cannot be priced).
   * @default false: throw a {@link CostError} listing every problem
   */
  readonly allowUnpriced?: boolean;
}

/**
 * The monthly cost of one environment from its synthesized stacks: fixed costs per stack, with
 * the usage-based prices listed apart. Throws {@link CostError} with every problem (unknown region,
 * instance type or resource type) rather than print a figure that silently leaves something out.
 */
export function estimateEnvironment(input: EstimateInput): EnvironmentEstimate {
  const date = input.date ?? new Date();
  let prices;
  try {
    prices = priceTable(input.region);
  } catch (error) {
    if (!(input.allowUnpriced && error instanceof CostError)) throw error;
    return {
      environment: input.environment,
      region: input.region,
      date: date.toISOString().slice(0, 10),
      prices: { asOf: "none", sources: [] },
      stacks: input.stacks.map((stack) => ({ stack: stack.name, lines: [], monthly: { low: 0, high: 0 } })),
      usage: [],
      total: { low: 0, high: 0 },
      assumptions: ASSUMPTION_NOTES,
      unpriced: error.problems,
    };
  }
  const problems: string[] = [];
  const priced = new Set(METERS.flatMap((m) => m.types));
  for (const stack of input.stacks) {
    const unknown = [...new Set(stack.allResources().map((r) => r.type))].filter((type) => !priced.has(type) && !FREE_TYPES.has(type));
    for (const type of unknown)
      problems.push(
        `${stack.name}: resource type ${type} has no price rule: ` +
          `add it to a meter in src/cost/meters/ or, if AWS does not charge for it, to src/cost/free-types.ts`,
      );
  }
  const lines: CostLine[] = [];
  const usage: UsageLine[] = [];
  for (const meter of METERS) {
    const result = meter.measure({ stacks: input.stacks, prices, date, config: input.config });
    lines.push(...result.lines);
    usage.push(...result.usage);
    problems.push(...(result.problems ?? []));
  }
  if (problems.length > 0 && !input.allowUnpriced) throw new CostError(problems);

  const rounded = lines.map((l) => ({ ...l, monthly: { low: cents(l.monthly.low), high: cents(l.monthly.high) } }));
  const stacks: StackEstimate[] = input.stacks.map((stack) => {
    const own = rounded.filter((l) => l.stack === stack.name);
    return { stack: stack.name, lines: own, monthly: sum(own) };
  });
  const order = new Map(input.stacks.map((s, i) => [s.name, i]));
  return {
    environment: input.environment,
    region: prices.region,
    date: date.toISOString().slice(0, 10),
    prices: { asOf: prices.asOf, sources: prices.sources },
    stacks,
    usage: mergeUsage([...usage].sort((a, b) => (order.get(a.stack) ?? 0) - (order.get(b.stack) ?? 0))),
    total: sum(rounded),
    assumptions: ASSUMPTION_NOTES,
    unpriced: problems,
  };
}

/** One line per price: "KMS requests" of four stacks is one line naming the four. */
function mergeUsage(usage: readonly UsageLine[]): UsageLine[] {
  const merged = new Map<string, UsageLine>();
  for (const line of usage) {
    const key = `${line.item}\0${line.price}\0${line.unit}`;
    const seen = merged.get(key);
    merged.set(
      key,
      seen ? { ...seen, stack: seen.stack.split(", ").includes(line.stack) ? seen.stack : `${seen.stack}, ${line.stack}` } : line,
    );
  }
  return [...merged.values()];
}

function sum(lines: readonly CostLine[]): { low: number; high: number } {
  return { low: cents(lines.reduce((t, l) => t + l.monthly.low, 0)), high: cents(lines.reduce((t, l) => t + l.monthly.high, 0)) };
}
