/**
 * Rules of the plan review that need more than one change's before and after: the stack's environment type and
 * accounts, the other changes of the plan, its configuration. Each rule is one file of this folder, listed in
 * `index.ts`; an allow names its id like an update rule's.
 */
import type { AccountScope } from "../principals";

// eslint-disable-next-line @typescript-eslint/no-explicit-any
export type Json = any;

/** The part of a plan these rules read (`TerraformPlan` fits it). */
export interface PlanInput {
  readonly resource_changes?: readonly {
    readonly address: string;
    readonly mode: string;
    readonly type: string;
    readonly change: {
      readonly actions: readonly string[];
      readonly before?: unknown;
      readonly after?: unknown;
      readonly after_unknown?: unknown;
    };
  }[];
  readonly configuration?: unknown;
}

export interface PlanRuleContext {
  readonly stack: string;
  /** False only for a stack the review knows is non-production. */
  readonly production: boolean;
  /** The accounts the stack's policies may name. */
  readonly accounts: AccountScope;
  readonly plan: PlanInput;
}

/** One thing a plan rule refuses. */
export interface PlanRuleFinding {
  readonly address: string;
  readonly type: string;
  readonly attribute: string;
  readonly before: string;
  readonly after: string;
  /** What is lost (or let in), in words. */
  readonly lost: string;
}

export interface PlanRule {
  /** Stable id, e.g. `PR-IAM-1`: an allow names it. */
  readonly id: string;
  readonly title: string;
  /** Why the rule exists. */
  readonly reason: string;
  /** Why it is not applied to non-production stacks; undefined: applied to every stack. */
  readonly productionOnly?: string;
  readonly check: (context: PlanRuleContext) => PlanRuleFinding[];
}

/** The managed changes of a plan that create, update or replace (they have an after). */
export const changesWithAfter = (plan: PlanInput) =>
  (plan.resource_changes ?? []).filter(
    (c) => c.mode === "managed" && (c.change.actions.includes("create") || c.change.actions.includes("update")),
  );

/** Whether `after_unknown` marks `path` (or a parent of it). */
export function unknownAt(u: Json, path: readonly (string | number)[]): boolean {
  let v = u;
  for (const step of path) {
    if (v === true) return true;
    if (v === null || v === undefined || typeof v !== "object") return false;
    v = v[step as never];
  }
  return v === true;
}

/**
 * Whether the configuration sets `attribute` on the resource at `address` (any module): an Optional+Computed
 * policy (`aws_s3_bucket.policy`, `aws_kms_key.policy`) that is not set is unknown in a plan, and is then the
 * one a separate policy resource (checked on its own) or AWS's default writes.
 */
export function configures(configuration: unknown, address: string, attribute: string): boolean {
  const found = configuredExpression(configuration, address, attribute);
  // No configuration in the plan (a hand-written one): the strict side, as if it were set.
  return found === undefined || found.expression !== undefined;
}

/**
 * The configuration's expression of `attribute` on the resource at `address` (any module), with the address prefix
 * of its module (`module.a.`); undefined when the plan's configuration does not hold the resource.
 */
export function configuredExpression(
  configuration: unknown,
  address: string,
  attribute: string,
): { expression: Json; modulePrefix: string } | undefined {
  const steps = address.replace(/\[[^\]]*\]/g, "").split(".");
  let module: Json = (configuration as Json)?.root_module;
  let modulePrefix = "";
  while (steps[0] === "module" && steps.length > 2) {
    module = module?.module_calls?.[steps[1]]?.module;
    modulePrefix += `module.${steps[1]}.`;
    steps.splice(0, 2);
  }
  const resource = (Array.isArray(module?.resources) ? module.resources : []).find((r: Json) => r?.address === steps.join("."));
  return resource === undefined ? undefined : { expression: resource.expressions?.[attribute], modulePrefix };
}
