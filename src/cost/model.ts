import { PriceTable } from "./prices/types";
import { StackView } from "../synthesized/types";
import { EnvironmentConfig } from "../config/schema";

/** A cost the configuration fixes: paid every month whether or not anyone uses the system. */
export interface CostLine {
  readonly stack: string;
  /** What is paid for, e.g. "NAT gateway". */
  readonly item: string;
  /** How the figure is made: quantity × unit price × hours, and the choice that drives it. */
  readonly detail: string;
  /**
   * USD per month. `low` and `high` differ only where the configuration allows a range (an Aurora
   * cluster that pauses: `low` paused all month, `high` never paused); `note` says what each end means.
   */
  readonly monthly: { readonly low: number; readonly high: number };
  /**
   * For a range: what makes its low and its high end, in a few words the headline quotes
   * ("database paused" / "database never pausing"). @default - a fixed amount, no ends to name
   */
  readonly ends?: { readonly low: string; readonly high: string };
  readonly note?: string;
  /** The Terraform addresses priced by this line. */
  readonly addresses: readonly string[];
}

/** A cost that grows with use (data processed, requests, storage growth): listed with its unit price, never in the total. */
export interface UsageLine {
  /** The stack, or the stacks (comma-separated) that share this price. */
  readonly stack: string;
  readonly item: string;
  /** USD per `unit`. */
  readonly price: number;
  /** e.g. "GB processed", "million requests". */
  readonly unit: string;
  readonly detail?: string;
}

export interface StackEstimate {
  readonly stack: string;
  readonly lines: readonly CostLine[];
  readonly monthly: { readonly low: number; readonly high: number };
}

export interface EnvironmentEstimate {
  readonly environment: string;
  readonly region: string;
  /** The day the estimate was made (EKS support windows depend on it). */
  readonly date: string;
  readonly prices: { readonly asOf: string; readonly sources: readonly string[] };
  readonly stacks: readonly StackEstimate[];
  readonly usage: readonly UsageLine[];
  readonly total: { readonly low: number; readonly high: number };
  /** Every assumption behind a figure that is not a list price. */
  readonly assumptions: readonly string[];
  /**
   * What could not be priced (an instance type or region without a price, ...): empty for a complete
   * estimate. Only an estimate made with `allowUnpriced` has any; its total leaves these out.
   */
  readonly unpriced: readonly string[];
}

/** What every meter gets: the environment's synthesized stacks, its region's prices and the day. */
export interface MeterContext {
  readonly stacks: readonly StackView[];
  readonly prices: PriceTable;
  readonly date: Date;
  /** The environment file, for what no stack shows (Karpenter's capacity range). @default - none: those lines are left out */
  readonly config?: EnvironmentConfig;
}

/** Prices one area (compute, network, database, ...) of an environment. */
export interface Meter {
  /** Resource types this meter prices (or knowingly lists as usage only). */
  readonly types: readonly string[];
  readonly measure: (context: MeterContext) => MeterResult;
}

export interface MeterResult {
  readonly lines: readonly CostLine[];
  readonly usage: readonly UsageLine[];
  /** What could not be priced honestly (unknown instance type, ...): the estimate fails with all of them. */
  readonly problems?: readonly string[];
}

/** A cost estimate that cannot be made honestly: an unknown region, instance type or resource type. */
export class CostError extends Error {
  constructor(public readonly problems: readonly string[]) {
    super(
      `Cost estimate failed (${problems.length} problem${problems.length === 1 ? "" : "s"}):\n` +
        `${problems.map((p) => `  - ${p}`).join("\n")}`,
    );
    this.name = "CostError";
  }
}

export const fixed = (amount: number): CostLine["monthly"] => ({ low: amount, high: amount });

/**
 * Rounds half up to cents, so figures add up the way they are printed. Through micro-dollars
 * first: 0.0225 × 730 is 16.424999... in binary floating point, and must print as $16.43.
 */
export const cents = (amount: number): number => Math.round(Math.round(amount * 1e6) / 1e4) / 100;

export const usd = (amount: number, digits = 2): string => `$${amount.toFixed(digits)}`;

/** A unit price as printed: as many decimals as it has, at least two. */
export const unitUsd = (amount: number): string => {
  const text = String(amount);
  const decimals = text.includes(".") ? text.split(".")[1].length : 0;
  return usd(amount, Math.max(2, decimals));
};
