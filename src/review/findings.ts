/**
 * What the review refuses, change by change: destroys, replacements and forgets of data-bearing
 * resources (deny by default, see `data-bearing.ts`), their deletion outside Terraform (drift), updates
 * that break a rule of `update-rules.ts` (also outside Terraform), creates of protection resources for
 * something that exists already, and plans that are not complete. Each finding says how to allow it.
 */
import { Allow, allowLine } from "./allow-file";
import { dataBearingReason } from "../synthesized/data-bearing";
import { CREATE_BASELINES, createFindings, UPDATE_RULES, UpdateFinding, updateFindings } from "./update-rules";
import { code, replacementCause } from "./markdown";
import { isObject, ResourceChange, Row, TerraformPlan } from "./plan";
import { PLAN_RULES } from "./plan-rules";
import { isJudged, NOT_INERT, PRODUCTION_RULES, unprovenTargets, unsafeUpdates } from "./production/default-deny";
import { governingReason } from "./production/governing";

/** What a finding is about. */
export type FindingKind = "delete" | "replace" | "forget" | "drift" | "update" | "plan";

/** One change that loses data or strips its protection (or a plan that cannot show every change). */
export interface Finding {
  readonly stack: string;
  /** Empty for a finding about the whole plan. */
  readonly address: string;
  readonly type: string;
  readonly kind: FindingKind;
  /** The update rule, for kind `update`. */
  readonly rule?: string;
  /** For kind `update`: the attribute, its value before and after. */
  readonly attribute?: string;
  readonly before?: string;
  readonly after?: string;
  /** What is lost, in words. */
  readonly lost: string;
  /** The attributes forcing a replacement (`engine`, `tags.Name`); empty otherwise. */
  readonly replacePaths: readonly string[];
  /** The allow-file line that would allow it; undefined when nothing can (an errored plan). */
  readonly allowLine?: string;
  /** The allow that allowed it. */
  readonly allowedBy?: Allow;
  /** Stack, resource, attribute, before → after, what is lost, and how to allow it (or what allowed it). */
  readonly message: string;
}

/** Whether the plan has planned resources anywhere in its module tree. */
function plansResources(module: unknown): boolean {
  if (!isObject(module)) return false;
  if (Array.isArray(module.resources) && module.resources.length > 0) return true;
  return Array.isArray(module.child_modules) && module.child_modules.some(plansResources);
}

/** Plans that cannot show every change: refused, and no allow can pass them. */
export function planFindings(stack: string, plan: TerraformPlan): Finding[] {
  const problems: string[] = [];
  const changes =
    (plan.resource_changes ?? []).some((c) => c.change.actions.join(",") !== "no-op") ||
    Object.values(plan.output_changes ?? {}).some((o) => (o.actions ?? []).join(",") !== "no-op");
  if (plan.errored === true)
    problems.push("the plan errored (`errored: true`): Terraform stopped part-way, so the plan does not show every change");
  if (plan.errored === undefined || plan.complete === undefined)
    problems.push(
      "the plan does not say whether it errored or is complete (no `errored`/`complete`: Terraform older than 1.8?); " +
        "plan with the Terraform version this project pins",
    );
  if (plan.complete === false)
    problems.push("the plan is incomplete (`complete: false`: deferred changes, or -target), so it does not show every change");
  if (plan.applyable === false && changes) problems.push("the plan has changes but cannot be applied (`applyable: false`)");
  if (plan.resource_changes === undefined && plansResources(isObject(plan.planned_values) ? plan.planned_values.root_module : undefined)) {
    problems.push("the plan has planned values but no `resource_changes`: it does not say what happens to those resources");
  }
  return problems.map((p) => ({
    stack,
    address: "",
    type: "",
    kind: "plan" as const,
    lost: p,
    replacePaths: [],
    message: `${code(stack)}: ${p}. No allow can pass this: make a complete plan.`,
  }));
}

/**
 * Data-bearing resources deleted (or replaced) outside Terraform since the last apply, and
 * updates outside Terraform that break an update rule (protection removed by hand, then the
 * configuration changed to match, so `resource_changes` shows a no-op).
 */
export function driftFindings(stack: string, plan: TerraformPlan): Finding[] {
  const drifts = (plan.resource_drift ?? []).filter((d) => d.mode === "managed");
  const deleted = drifts
    .filter((d) => d.change.actions.includes("delete") && dataBearingReason(d.type) !== undefined)
    .map((d) => {
      const lost =
        `the ${code(d.type)} was deleted outside Terraform (\`resource_drift\`): ` +
        `its data is gone already, and the create that follows makes a new, empty one`;
      const line = allowLine(stack, d.address);
      return {
        stack,
        address: d.address,
        type: d.type,
        kind: "drift" as const,
        lost,
        replacePaths: [],
        allowLine: line,
        message: `${code(stack)}: ${code(d.address)}: ${lost}. Restore it from a backup first; to accept the loss, add ${code(line)}.`,
      };
    });
  const updated = drifts
    .filter((d) => d.change.actions.join(",") === "update")
    .flatMap((d) =>
      updateFindings(d.type, d.change.before, d.change.after, d.change.after_unknown).map((u) => ruleFinding(stack, d, u, [], "drift")),
    );
  return [...deleted, ...updated];
}

/** A finding of an update rule on a change (or, kind drift, on a change made outside Terraform). */
export function ruleFinding(
  stack: string,
  change: ResourceChange,
  u: UpdateFinding,
  replacePaths: readonly string[],
  kind: "update" | "drift" = "update",
): Finding {
  const line = allowLine(stack, change.address, u.rule);
  const title = [...UPDATE_RULES, ...PRODUCTION_RULES, ...PLAN_RULES].find((r) => r.id === u.rule)?.title ?? u.rule;
  const where = kind === "drift" ? " (changed outside Terraform: `resource_drift`)" : "";
  return {
    stack,
    address: change.address,
    type: change.type,
    kind,
    rule: u.rule,
    attribute: u.attribute,
    before: u.before,
    after: u.after,
    lost: u.lost,
    replacePaths,
    allowLine: line,
    message:
      `${code(stack)}: ${code(change.address)}${where}: ${code(u.attribute)} ${u.before} → ${u.after} (${u.rule}, ${title}): ${u.lost}. ` +
      `To allow it, add ${code(line)}.`,
  };
}

/** `aws_s3_bucket.B["x"]` → `aws_s3_bucket.B`; `aws_s3_bucket.B.id` → `aws_s3_bucket.B`. */
const resourceOf = (address: string) =>
  address
    .replace(/\[[^\]]*\]$/, "")
    .split(".")
    .slice(0, 2)
    .join(".");

/**
 * Whether the create of a protection/config resource configures a resource created (not
 * replaced) in the same plan: a new, empty bucket or repository loses nothing. Matched by the
 * target's known name, or, when it is known only after apply, by the references of its
 * expression in the plan's configuration (root module only).
 */
function configuresNewResource(change: ResourceChange, plan: TerraformPlan): boolean {
  const baseline = CREATE_BASELINES[change.type];
  if (!baseline) return false;
  const created = (plan.resource_changes ?? []).filter(
    (c) => c.mode === "managed" && c.type === baseline.parentType && c.change.actions.join(",") === "create",
  );
  const after = isObject(change.change.after) ? change.change.after : {};
  const unknown = isObject(change.change.after_unknown) ? change.change.after_unknown : {};
  const target = after[baseline.target];
  if (unknown[baseline.target] !== true) {
    return typeof target === "string" && created.some((c) => isObject(c.change.after) && c.change.after[baseline.parentName] === target);
  }
  const root = isObject(plan.configuration) && isObject(plan.configuration.root_module) ? plan.configuration.root_module : {};
  const config = (Array.isArray(root.resources) ? root.resources : []).find(
    (r: unknown) => isObject(r) && r.address === resourceOf(change.address),
  );
  const expression = isObject(config) && isObject(config.expressions) ? config.expressions[baseline.target] : undefined;
  const references =
    isObject(expression) && Array.isArray(expression.references)
      ? expression.references.filter((r): r is string => typeof r === "string")
      : [];
  const createdAddresses = new Set(created.map((c) => resourceOf(c.address)));
  return references.length > 0 && references.every((r) => createdAddresses.has(resourceOf(r)));
}

/**
 * The findings on one change. `production`: the stack is held to the default-deny (`production/default-deny.ts`):
 * governing types are destroyed only by allow, updates of what holds or governs data pass only on the safe list,
 * and a new governing resource must configure a resource of this plan.
 */
export function rowFindings(row: Row, plan: TerraformPlan, production = false): Finding[] {
  const { stack, change } = row;
  const findings: Finding[] = [];
  const dataBearing = dataBearingReason(change.type);
  // A governing type that holds no data is replaced like it is updated (its attributes are checked below), but not deleted or forgotten.
  // In production every type that is not inert is judged: a delete or forget of one needs an allow line.
  const governs =
    production && row.kind !== "replace"
      ? (governingReason(change.type) ?? (isJudged(change.type, change.change.before, change.change.after) ? NOT_INERT : undefined))
      : undefined;
  const reason = dataBearing ?? (governs === undefined ? undefined : `can ${governs} (a production stack)`);
  const forgets = change.change.actions.includes("forget");
  if (reason !== undefined && (row.destroysExisting || forgets)) {
    const kind: FindingKind =
      row.kind === "delete" ? "delete" : row.kind === "forget" || (row.kind === "replace" && !row.destroysExisting) ? "forget" : "replace";
    const line = allowLine(stack, change.address);
    const what =
      kind === "delete"
        ? `would be destroyed${row.cause ? ` (${row.cause})` : ""}. Destroying this ${code(change.type)} ${reason}`
        : kind === "replace"
          ? `would be replaced (${replacementCause(row)}). Destroying this ${code(change.type)} ${reason}`
          : `would be forgotten (a \`removed\` block with destroy = false): ` +
            `the ${code(change.type)} stays in AWS with its data but leaves every protection of this project ` +
            `(prevent_destroy, this review, drift detection, its configuration)`;
    findings.push({
      stack,
      address: change.address,
      type: change.type,
      kind,
      lost: reason,
      replacePaths: row.replacePaths,
      allowLine: line,
      message: `${code(stack)}: ${code(change.address)} ${what}. To allow it, add ${code(line)}.`,
    });
  }
  if (row.kind === "update" || row.kind === "replace") {
    findings.push(
      ...updateFindings(change.type, change.change.before, change.change.after, change.change.after_unknown).map((u) =>
        ruleFinding(stack, change, u, row.replacePaths),
      ),
    );
  }
  if (production && (row.kind === "update" || (row.kind === "replace" && dataBearing === undefined)))
    findings.push(...unsafeUpdates(change, plan).map((u) => ruleFinding(stack, change, u, [])));
  if (row.kind === "create" && !configuresNewResource(change, plan)) {
    findings.push(
      ...createFindings(change.type, change.change.after, change.change.after_unknown).map((u) => ruleFinding(stack, change, u, [])),
    );
  }
  if (production && row.kind === "create")
    findings.push(...unprovenTargets(change, plan, stack).map((u) => ruleFinding(stack, change, u, [])));
  return findings;
}
