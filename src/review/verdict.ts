/**
 * The verdict on a pull request's plans: every finding of every stack (`findings.ts`), each judged
 * against the allows of the allow file, with the stacks reviewed as non-production. Blocked findings
 * fail the run; the Markdown (`markdown.ts`) shows them all.
 */
import { Allow, IgnoredAllow } from "./allow-file";
import { environmentTypesOf } from "./environment";
import { driftFindings, Finding, planFindings, ruleFinding, rowFindings } from "./findings";
import { productionNote, reviewMarkdown } from "./markdown";
import { rowsOf, TerraformPlan } from "./plan";
import { UPDATE_RULES } from "./update-rules";
import { planRuleFindings } from "./plan-rules";
import { AccountScope, accountsFromPlan, githubRepositoriesFromPlan } from "./principals";
import type { EnvironmentType } from "../rules/environment-type";

export interface ReviewOptions {
  /** Allows read from the allow file (`parseAllowFile`). */
  readonly allow: readonly Allow[];
  /** Lines of the allow file that allow nothing, listed in the review with the reason. @default none */
  readonly ignoredAllows?: readonly IgnoredAllow[];
  /**
   * Rows of a stack's change table before the rest is summarised in one line (a GitHub comment
   * holds 65,536 characters). Findings are listed separately in full.
   * @default 100
   */
  readonly maxTableRows?: number;
  /**
   * Stacks of non-production environments (`<env>-<stage>`), from their environment files: the update rules
   * that say so (`notInNonProduction`, e.g. a secret's recovery window of 0) are not applied to them, unless
   * a resource of the stack's prior state is tagged with another environment type than `non-production`
   * (`environmentTypesOf`): the files come with the change under review, the prior state does not.
   * @default none: every stack is reviewed as production
   */
  readonly nonProductionStacks?: readonly string[];
  /**
   * Per stack, the accounts its policies and trusts may name (PR-IAM-1): the environment's own and its file's
   * `trustedAccountIds`. @default a stack not listed: the accounts its providers pin and its prior state's ARNs name
   */
  readonly accounts?: Readonly<Record<string, AccountScope>>;
  /**
   * The environment type each stack's synthesized stack declares (`synthesizedEnvironmentType`), by stack name. A stack is
   * held to the default-deny of production (`production/default-deny.ts`) unless it is listed here as non-production and
   * no resource of its prior state is tagged with another environment type: a stack the review cannot find is production.
   * @default none: every stack is held to the default-deny
   */
  readonly environmentTypes?: Readonly<Record<string, EnvironmentType>>;
}

export interface ReviewResult {
  readonly markdown: string;
  /** Findings no allow covers: the run must fail. */
  readonly blocked: Finding[];
  /** Findings an allow covers. */
  readonly allowed: Finding[];
  /** Every allow that covered a finding, in file order. */
  readonly usedAllows: Allow[];
  /** Allows that matched nothing in these plans. */
  readonly unusedAllows: Allow[];
  /** True when the plans change something and every change is a create: a plan against an empty state, which cannot show replacements. */
  readonly createsOnly: boolean;
  /** The stacks reviewed as non-production: listed in `nonProductionStacks`, and no prior resource tagged otherwise. */
  readonly nonProductionStacks: string[];
  /** The stacks held to the default-deny of production: all but those declared non-production (and not tagged otherwise). */
  readonly productionStacks: string[];
}

/** Reviews the plans of several stacks against the allows of the allow file. */
export function reviewPlans(plans: readonly { stack: string; plan: TerraformPlan }[], options: ReviewOptions): ReviewResult {
  const findings: Finding[] = [];
  const stacks = plans.map(({ stack, plan }) => {
    const rows = rowsOf(stack, plan);
    const listed = options.nonProductionStacks?.includes(stack) ?? false;
    const tagged = [...environmentTypesOf(plan)].filter((t) => t !== "non-production");
    const nonProduction = listed && tagged.length === 0;
    const declared = Object.prototype.hasOwnProperty.call(options.environmentTypes ?? {}, stack)
      ? options.environmentTypes?.[stack]
      : undefined;
    const production = !(declared === "non-production" && tagged.length === 0);
    const note =
      listed && !nonProduction
        ? productionNote(tagged)
        : declared === "non-production" && production
          ? productionNote(tagged, "its synthesized stack")
          : undefined;
    const applies = (f: Finding) => !(nonProduction && UPDATE_RULES.find((r) => r.id === f.rule)?.notInNonProduction);
    findings.push(
      ...[...planFindings(stack, plan), ...driftFindings(stack, plan), ...rows.flatMap((row) => rowFindings(row, plan, production))].filter(
        applies,
      ),
      // The rules that read the whole plan with its stack's context: cross-account principals, apply-time code, ...
      ...planRuleFindings({
        stack,
        production,
        accounts: options.accounts?.[stack] ?? { trusted: accountsFromPlan(plan), githubRepositories: githubRepositoriesFromPlan(plan) },
        plan,
      }).map(({ address, type, ...u }) => ruleFinding(stack, { address, type, mode: "managed", change: { actions: [] } }, u, [])),
    );
    return { stack, rows, nonProduction, production, note };
  });
  const used = new Set<Allow>();
  const judged = findings.map((f) => {
    const allow =
      f.allowLine === undefined
        ? undefined
        : options.allow.find((a) => a.stack === f.stack && a.address === f.address && a.rule === f.rule);
    if (!allow) return f;
    used.add(allow);
    return {
      ...f,
      allowedBy: allow,
      message: `${f.message.replace(/ To allow it, add .*$/, "")} Allowed by ${allow.source}: ${allow.reason}`,
    };
  });
  const blocked = judged.filter((f) => !f.allowedBy);
  const allowed = judged.filter((f) => f.allowedBy);
  const usedAllows = options.allow.filter((a) => used.has(a));
  const unusedAllows = options.allow.filter((a) => !used.has(a));
  const flagged = new Map<string, "blocked" | "allowed">();
  for (const f of judged)
    if (f.address)
      flagged.set(`${f.stack} ${f.address}`, f.allowedBy && flagged.get(`${f.stack} ${f.address}`) !== "blocked" ? "allowed" : "blocked");
  const changing = stacks.flatMap((s) => s.rows);
  const createsOnly = changing.length > 0 && changing.every((r) => r.kind === "create" || r.kind === "read");
  const markdown = reviewMarkdown({
    blocked,
    allowed,
    usedAllows,
    unusedAllows,
    ignoredAllows: options.ignoredAllows ?? [],
    createsOnly,
    stacks: stacks.map(({ stack, rows, note }) => ({
      stack,
      note,
      rows: rows.map((r) => ({ ...r, verdict: flagged.get(`${stack} ${r.change.address}`) })),
    })),
    maxTableRows: options.maxTableRows ?? 100,
  });
  const nonProductionStacks = stacks.filter((s) => s.nonProduction).map((s) => s.stack);
  const productionStacks = stacks.filter((s) => s.production).map((s) => s.stack);
  return { markdown, blocked, allowed, usedAllows, unusedAllows, createsOnly, nonProductionStacks, productionStacks };
}
