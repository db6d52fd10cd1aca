import { Json } from "../synthesized/types";
import { cents, CostLine, EnvironmentEstimate } from "./model";

/** What one side of a cost diff (the base or the head) knows of an environment: its estimate and its synthesized stacks. */
export interface CostSnapshot {
  readonly estimate: EnvironmentEstimate;
  /** Each stack's synthesized JSON (`cdk.tf.json`), by stack name; for the bootstrap stack, the environment's share. */
  readonly stacks: Readonly<Record<string, Json>>;
}

/** A monthly total: floor (`low`) and ceiling (`high`); `complete` is false when something was left out because it has no price. */
export interface DiffTotal {
  readonly low: number;
  readonly high: number;
  readonly complete: boolean;
  /** The region has no price table at all: the figures are meaningless and are never printed. @default false */
  readonly regionUnpriced?: boolean;
}

/**
 * added: a line only the head has; removed: only the base; resized: the resources it prices changed
 * (a count, a type, a size); repriced: the same resources, another price (the price table or the meter changed).
 */
export type ItemChangeKind = "added" | "removed" | "resized" | "repriced";

export interface ItemChange {
  readonly kind: ItemChangeKind;
  readonly stack: string;
  readonly item: string;
  /** @default - the line is new */
  readonly before?: CostLine["monthly"];
  /** @default - the line is gone */
  readonly after?: CostLine["monthly"];
  readonly difference: { readonly low: number; readonly high: number };
  /** How the estimate makes the figure now (the head's line), or made it (a removed line). */
  readonly reason: string;
  /** The base's reasoning, for a resized or repriced line. @default - none */
  readonly was?: string;
}

export interface EnvironmentCostDiff {
  readonly environment: string;
  readonly region: string;
  /** Whether the environment's synthesized stacks differ between base and head. */
  readonly touched: boolean;
  /** The environment is new: the base has no such environment file, so its before is nothing. */
  readonly newEnvironment: boolean;
  readonly before: DiffTotal;
  readonly after: DiffTotal;
  /** after − before; `complete` only when both sides are. */
  readonly difference: DiffTotal;
  readonly changes: readonly ItemChange[];
  /** What could not be priced, per side (left out of its totals, flagged in every output). */
  readonly unpriced: { readonly base: readonly string[]; readonly head: readonly string[] };
  /** `cost.approvalThresholdUsd` of the head's environment file. @default - none: no approval asked */
  readonly approvalThresholdUsd?: number;
  readonly needsApproval: boolean;
  /** Why approval is needed, in one sentence. @default - none */
  readonly approvalReason?: string;
}

/** Without the `//` metadata cdktf adds (construct paths, stack names), which is not what gets deployed. */
export function withoutMetadata(json: unknown): unknown {
  if (Array.isArray(json)) return json.map(withoutMetadata);
  if (json === null || typeof json !== "object") return json;
  return Object.fromEntries(
    Object.entries(json as Json)
      .filter(([key]) => key !== "//")
      .map(([key, value]) => [key, withoutMetadata(value)]),
  );
}

const same = (a: unknown, b: unknown): boolean => JSON.stringify(withoutMetadata(a)) === JSON.stringify(withoutMetadata(b));

/** Whether the environment's stacks (names and contents) differ between base and head. */
export function stacksDiffer(base: CostSnapshot["stacks"], head: CostSnapshot["stacks"]): boolean {
  const names = [...new Set([...Object.keys(base), ...Object.keys(head)])];
  return names.some((name) => !(name in base) || !(name in head) || !same(base[name], head[name]));
}

function totalOf(estimate: EnvironmentEstimate): DiffTotal {
  const regionUnpriced = estimate.prices.asOf === "none";
  return { ...estimate.total, complete: estimate.unpriced.length === 0, ...(regionUnpriced ? { regionUnpriced } : {}) };
}

const NOTHING: DiffTotal = { low: 0, high: 0, complete: true };

/** One key per line: stack and item, numbered when a stack has two lines of one name. */
function keyed(estimate: EnvironmentEstimate): Map<string, CostLine> {
  const out = new Map<string, CostLine>();
  for (const line of estimate.stacks.flatMap((s) => s.lines)) {
    let key = `${line.stack}\0${line.item}`;
    for (let n = 2; out.has(key); n++) key = `${line.stack}\0${line.item}\0${n}`;
    out.set(key, line);
  }
  return out;
}

function resourceAt(stack: Json | undefined, address: string): unknown {
  const dot = address.indexOf(".");
  return stack?.resource?.[address.slice(0, dot)]?.[address.slice(dot + 1)];
}

/**
 * Resized when the resources a line prices changed: other addresses, or another configuration at one
 * of them. A line that names no address (Karpenter's nodes, derived from the services) is resized
 * when its stack changed. Otherwise the same resources cost another amount: repriced.
 */
function resized(before: CostLine, after: CostLine, base: CostSnapshot["stacks"], head: CostSnapshot["stacks"]): boolean {
  const a = [...before.addresses].sort();
  const b = [...after.addresses].sort();
  if (a.join("\0") !== b.join("\0")) return true;
  if (a.length === 0) return !same(base[after.stack], head[after.stack]);
  return a.some((address) => !same(resourceAt(base[after.stack], address), resourceAt(head[after.stack], address)));
}

const minus = (a: { low: number; high: number }, b: { low: number; high: number }) => ({
  low: cents(a.low - b.low),
  high: cents(a.high - b.high),
});

/**
 * The monthly change of one environment from base to head, line by line. `base` undefined: the
 * environment is new (its before is nothing). Lines whose amount did not change are left out.
 */
export function diffEnvironment(base: CostSnapshot | undefined, head: CostSnapshot, approvalThresholdUsd?: number): EnvironmentCostDiff {
  const before = base ? totalOf(base.estimate) : NOTHING;
  const after = totalOf(head.estimate);
  const beforeLines = base ? keyed(base.estimate) : new Map<string, CostLine>();
  const afterLines = keyed(head.estimate);
  const baseStacks = base?.stacks ?? {};
  const changes: ItemChange[] = [];
  for (const [key, line] of afterLines) {
    const old = beforeLines.get(key);
    if (!old) {
      changes.push({
        kind: "added",
        stack: line.stack,
        item: line.item,
        after: line.monthly,
        difference: line.monthly,
        reason: line.detail,
      });
      continue;
    }
    const difference = minus(line.monthly, old.monthly);
    if (difference.low === 0 && difference.high === 0) continue;
    changes.push({
      kind: resized(old, line, baseStacks, head.stacks) ? "resized" : "repriced",
      stack: line.stack,
      item: line.item,
      before: old.monthly,
      after: line.monthly,
      difference,
      reason: line.detail,
      ...(old.detail !== line.detail ? { was: old.detail } : {}),
    });
  }
  for (const [key, line] of beforeLines)
    if (!afterLines.has(key))
      changes.push({
        kind: "removed",
        stack: line.stack,
        item: line.item,
        before: line.monthly,
        difference: minus({ low: 0, high: 0 }, line.monthly),
        reason: line.detail,
      });
  const difference: DiffTotal = {
    ...minus(after, before),
    complete: before.complete && after.complete,
    ...(before.regionUnpriced || after.regionUnpriced ? { regionUnpriced: true } : {}),
  };
  const approval = approvalOf(difference, approvalThresholdUsd);
  return {
    environment: head.estimate.environment,
    region: head.estimate.region,
    touched: base === undefined || stacksDiffer(base.stacks, head.stacks),
    newEnvironment: base === undefined,
    before,
    after,
    difference,
    changes,
    unpriced: { base: base?.estimate.unpriced ?? [], head: head.estimate.unpriced },
    ...(approvalThresholdUsd !== undefined ? { approvalThresholdUsd } : {}),
    needsApproval: approval !== undefined,
    ...(approval ? { approvalReason: approval } : {}),
  };
}

/**
 * A floor raised by more than the threshold needs approval; so does a change whose floor cannot be
 * known (something unpriced): the threshold cannot be shown to hold, and unpriced is never $0.
 */
function approvalOf(difference: DiffTotal, threshold: number | undefined): string | undefined {
  if (threshold === undefined) return undefined;
  if (!difference.complete)
    return `the floor's change cannot be checked against the $${threshold.toFixed(2)} threshold: something is not priced`;
  if (difference.low > threshold)
    return `the floor rises by $${difference.low.toFixed(2)} a month, more than the $${threshold.toFixed(2)} threshold`;
  return undefined;
}
