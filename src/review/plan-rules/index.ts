/**
 * The plan review's rules that read a whole plan with its stack's context (environment type, accounts). To add
 * one: a file `pr-<area>-<n>-<what>.ts` exporting `rule: PlanRule`, then one line below.
 */
import type { PlanRule, PlanRuleContext } from "./types";
import { rule as iam1CrossAccount } from "./pr-iam-1-cross-account";
import { rule as kms5KeyGuardrails } from "./pr-kms-5-key-guardrails";
import { rule as backup4Schedule } from "./pr-backup-4-schedule";
import { rule as code1ApplyTimeCode } from "./pr-code-1-apply-time-code";

export const PLAN_RULES: readonly PlanRule[] = [iam1CrossAccount, kms5KeyGuardrails, backup4Schedule, code1ApplyTimeCode];

/** Every finding of every plan rule that applies to the stack (a rule with `productionOnly` skips non-production stacks). */
export function planRuleFindings(context: PlanRuleContext) {
  return PLAN_RULES.filter((r) => context.production || r.productionOnly === undefined).flatMap((r) =>
    r.check(context).map((f) => ({ rule: r.id, ...f })),
  );
}
