/**
 * The review a pull request gets from its Terraform plans: pure functions from the JSON of
 * `terraform show -json <planfile>` to a Markdown comment, plus every change that loses data or
 * strips its protection (refused unless allowed): destroys, replacements and forgets of
 * data-bearing resources (deny by default, see `data-bearing.ts`), their deletion outside
 * Terraform (drift), updates that break a rule of `update-rules.ts`, and plans that are not
 * complete. No I/O: `scripts/plan-review.ts` reads the files and sets the exit code.
 */
import { Allow, allowLine, IgnoredAllow } from "./allow-file";
import { dataBearingReason } from "../synthesized/data-bearing";
import { CREATE_BASELINES, createFindings, environmentTypeTag, UPDATE_RULES, UpdateFinding, updateFindings } from "./update-rules";

/** The first line of every review, so CI can find and update its previous comment. */
export const REVIEW_MARKER = "<!-- road-warrior-plan-review -->";

/** One step of an attribute path in `replace_paths`: an attribute or map key, or a list index. */
export type PathStep = string | number;

/** The single actions Terraform writes in `change.actions`. */
export type PlanAction = "no-op" | "create" | "read" | "update" | "delete" | "forget";

/** The part of a plan's `resource_changes[].change` the review reads. */
export interface PlannedChange {
  readonly actions: readonly PlanAction[];
  /** Paths of the attributes that force a replacement, e.g. `[["engine"]]`. */
  readonly replace_paths?: readonly (readonly PathStep[])[];
  /** The object before and after the change (null for a create / a delete), and what is unknown until apply. */
  readonly before?: unknown;
  readonly after?: unknown;
  readonly after_unknown?: unknown;
}

/** The part of a plan's `resource_changes[]` the review reads. */
export interface ResourceChange {
  readonly address: string;
  /** Set when a `moved` block (or a construct id change recorded as a move) moved the resource. */
  readonly previous_address?: string;
  /** `managed` for resources; `data` (and anything else) is ignored. */
  readonly mode: string;
  readonly type: string;
  readonly change: PlannedChange;
  /** Terraform's reason for a replace or delete, e.g. `replace_because_cannot_update`. */
  readonly action_reason?: string;
}

/** The part of `terraform show -json <planfile>` the review reads. */
export interface TerraformPlan {
  readonly format_version?: string;
  readonly terraform_version?: string;
  /** Terraform omits it when nothing changes. */
  readonly resource_changes?: readonly ResourceChange[];
  /** Changes Terraform found outside Terraform since the last apply (a refresh). */
  readonly resource_drift?: readonly ResourceChange[];
  readonly planned_values?: unknown;
  /** The state the plan was made against: `values.root_module.resources[].values`, and `child_modules`. */
  readonly prior_state?: unknown;
  /** The configuration: `root_module.resources[].expressions.<attribute>.references`. */
  readonly configuration?: unknown;
  readonly output_changes?: Record<string, { actions?: readonly string[] }>;
  /** Terraform 1.8+: the plan stopped on an error / shows every change / can be applied. */
  readonly errored?: boolean;
  readonly complete?: boolean;
  readonly applyable?: boolean;
}

/** What happens to a resource, from its `change.actions`. */
export type ChangeKind = "create" | "update" | "delete" | "replace" | "read" | "forget";

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
}

/** Thrown for JSON that is not a plan in `terraform show -json` format; the message names the problem. */
export class PlanFormatError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "PlanFormatError";
  }
}

interface Classified {
  readonly kind: ChangeKind;
  /** False for a replace that keeps the old object (`removed { lifecycle { destroy = false } }`). */
  readonly destroysExisting: boolean;
}

const SEQUENCES: Readonly<Record<string, Classified | "no-op">> = {
  "no-op": "no-op",
  create: { kind: "create", destroysExisting: false },
  read: { kind: "read", destroysExisting: false },
  update: { kind: "update", destroysExisting: false },
  delete: { kind: "delete", destroysExisting: true },
  "delete,create": { kind: "replace", destroysExisting: true },
  "create,delete": { kind: "replace", destroysExisting: true },
  forget: { kind: "forget", destroysExisting: false },
  "create,forget": { kind: "replace", destroysExisting: false },
  "forget,create": { kind: "replace", destroysExisting: false },
};

/** Classifies `change.actions`; undefined for an action sequence Terraform does not write. */
function classify(actions: readonly string[]): Classified | "no-op" | undefined {
  const key = actions.join(",");
  return Object.prototype.hasOwnProperty.call(SEQUENCES, key) ? SEQUENCES[key] : undefined;
}

/** `["tags", "Name"]` → `tags.Name`; `["ingress", 0, "cidr_blocks"]` → `ingress[0].cidr_blocks`. */
export function formatAttributePath(path: readonly PathStep[]): string {
  return path
    .map((step, i) => {
      if (typeof step === "number") return `[${step}]`;
      if (/^[A-Za-z_][A-Za-z0-9_-]*$/.test(step)) return i === 0 ? step : `.${step}`;
      return `[${JSON.stringify(step)}]`;
    })
    .join("");
}

const ACTION_REASONS: Readonly<Record<string, string>> = {
  replace_because_tainted: "the object is tainted (an earlier apply failed part-way)",
  replace_because_cannot_update: "the provider cannot change it in place",
  replace_by_request: "replacement requested with -replace",
  replace_by_triggers: "replace_triggered_by in the configuration",
  delete_because_no_resource_config:
    'it is no longer in the configuration; if it was renamed, record a move instead, see docs/day-2.md "Moving a stateful resource"',
  delete_because_wrong_repetition: "count or for_each was added to or removed from it",
  delete_because_count_index: "its count index is beyond the new count",
  delete_because_each_key: "its for_each key is gone",
  delete_because_no_module: "its module is no longer in the configuration",
  delete_because_no_move_target: "a moved block points at an address that is not in the configuration",
};

/**
 * Parses and checks the text of `terraform show -json <planfile>`. Throws `PlanFormatError`
 * naming what is wrong (not JSON, a state instead of a plan, an unknown action sequence, ...).
 */
export function parsePlan(text: string): TerraformPlan {
  const expected = "expected the output of `terraform show -json <planfile>`";
  let json: unknown;
  try {
    json = JSON.parse(text.replace(/^\uFEFF/, ""));
  } catch (error) {
    // `terraform plan -json` streams one JSON message per line, each with an `@level`.
    const hint = text.includes('"@level"') ? `; this looks like the log of \`terraform plan -json\`, ${expected}` : "";
    throw new PlanFormatError(`not valid JSON (${(error as Error).message})${hint}`);
  }
  if (!isObject(json) || typeof json.format_version !== "string") throw new PlanFormatError(`not a Terraform plan: ${expected}`);
  if (json.resource_changes === undefined && !isObject(json.planned_values)) {
    throw new PlanFormatError(`not a Terraform plan (no resource_changes, no planned_values: a state?): ${expected}`);
  }
  checkPlanFields(json);
  return json as TerraformPlan;
}

function checkPlanFields(json: Record<string, unknown>): void {
  for (const field of ["resource_changes", "resource_drift"]) {
    const entries = json[field];
    if (entries === undefined) continue;
    if (!Array.isArray(entries)) throw new PlanFormatError(`${field} is not a list`);
    entries.forEach((entry: unknown, i: number) => {
      const problem = resourceChangeProblem(entry);
      if (problem) {
        const address = isObject(entry) && typeof entry.address === "string" ? ` (${entry.address})` : "";
        throw new PlanFormatError(`${field}[${i}]${address}: ${problem}`);
      }
    });
  }
  const outputs = json.output_changes;
  if (outputs !== undefined) {
    if (!isObject(outputs)) throw new PlanFormatError("output_changes is not an object");
    for (const [name, output] of Object.entries(outputs)) {
      if (!isObject(output)) throw new PlanFormatError(`output_changes[${JSON.stringify(name)}] is not an object`);
      if (output.actions !== undefined && !(Array.isArray(output.actions) && output.actions.every((a) => typeof a === "string"))) {
        throw new PlanFormatError(`output_changes[${JSON.stringify(name)}].actions is not a list of strings`);
      }
    }
  }
  for (const field of ["errored", "complete", "applyable"]) {
    if (json[field] !== undefined && typeof json[field] !== "boolean")
      throw new PlanFormatError(`${field} is ${JSON.stringify(json[field])}, not true or false`);
  }
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

function resourceChangeProblem(entry: unknown): string | undefined {
  if (!isObject(entry)) return "is not an object";
  for (const field of ["address", "mode", "type"]) {
    if (typeof entry[field] !== "string") return `${field} is missing or not a string`;
  }
  const change = entry.change;
  if (!isObject(change) || !Array.isArray(change.actions) || !change.actions.every((a) => typeof a === "string")) {
    return "change.actions is missing or not a list of strings";
  }
  if (classify(change.actions) === undefined) return `unknown action sequence ${JSON.stringify(change.actions)}`;
  for (const field of ["before", "after", "after_unknown"]) {
    if (change[field] !== undefined && change[field] !== null && !isObject(change[field])) return `change.${field} is not an object`;
  }
  const paths = change.replace_paths;
  if (
    paths !== undefined &&
    !(Array.isArray(paths) && paths.every((p) => Array.isArray(p) && p.every((s) => typeof s === "string" || typeof s === "number")))
  ) {
    return "change.replace_paths is not a list of attribute paths";
  }
  if (entry.action_reason !== undefined && typeof entry.action_reason !== "string") return "action_reason is not a string";
  return undefined;
}

/** A resource change of one stack, classified. */
interface Row {
  readonly stack: string;
  readonly change: ResourceChange;
  readonly kind: ChangeKind;
  readonly destroysExisting: boolean;
  readonly replacePaths: readonly string[];
  readonly cause?: string;
  /** Set when a finding is about this change. */
  readonly verdict?: "blocked" | "allowed";
}

/** Reviews the plans of several stacks against the allows of the allow file. */
export function reviewPlans(plans: readonly { stack: string; plan: TerraformPlan }[], options: ReviewOptions): ReviewResult {
  const findings: Finding[] = [];
  const stacks = plans.map(({ stack, plan }) => {
    const rows = rowsOf(stack, plan);
    const listed = options.nonProductionStacks?.includes(stack) ?? false;
    const tagged = [...environmentTypesOf(plan)].filter((t) => t !== "non-production");
    const nonProduction = listed && tagged.length === 0;
    const note = listed && !nonProduction ? productionNote(tagged) : undefined;
    const applies = (f: Finding) => !(nonProduction && UPDATE_RULES.find((r) => r.id === f.rule)?.notInNonProduction);
    findings.push(
      ...[...planFindings(stack, plan), ...driftFindings(stack, plan), ...rows.flatMap((row) => rowFindings(row, plan))].filter(applies),
    );
    return { stack, rows, nonProduction, note };
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

  const lines = [REVIEW_MARKER, verdictLine(blocked.length, allowed.length, createsOnly), ""];
  if (blocked.length > 0) {
    lines.push("### ⛔ Refused", "", ...blocked.map((f) => `- ${f.message}`), "");
    lines.push(
      "Allow a change only when losing that data or protection is intended: " +
        "add the line shown to `plan-review.allow` in this pull request, with the reason (see docs/plan-review.md).",
      "",
    );
  }
  if (allowed.length > 0) lines.push("### ⚠️ Allowed by plan-review.allow", "", ...allowed.map((f) => `- ${f.message}`), "");
  if (usedAllows.length > 0)
    lines.push(
      "**Allows used**",
      "",
      ...usedAllows.map((a) => `- ${a.source}: ${code(`${a.stack}:${a.address}${a.rule ? ` ${a.rule}` : ""}`)}: ${a.reason}`),
      "",
    );
  if (unusedAllows.length > 0)
    lines.push(
      `Unused allows (nothing in these plans matches them): ` +
        `${unusedAllows.map((a) => `${a.source} ${code(`${a.stack}:${a.address}${a.rule ? ` ${a.rule}` : ""}`)}`).join(", ")}`,
      "",
    );
  if ((options.ignoredAllows ?? []).length > 0)
    lines.push("**Allows that allow nothing**", "", ...(options.ignoredAllows ?? []).map((i) => `- ${i.source}: ${i.why}`), "");
  for (const { stack, rows, note } of stacks) {
    const marked = rows.map((r) => ({ ...r, verdict: flagged.get(`${stack} ${r.change.address}`) }));
    lines.push(...stackSection(stack, marked, options.maxTableRows ?? 100, note));
  }
  const nonProductionStacks = stacks.filter((s) => s.nonProduction).map((s) => s.stack);
  return { markdown: `${lines.join("\n").trimEnd()}\n`, blocked, allowed, usedAllows, unusedAllows, createsOnly, nonProductionStacks };
}

/**
 * The values of the `environment-type` tag (`tags_all`, else `tags`) on the resources of a plan's prior state:
 * the before of every resource change and of every change outside Terraform, and `prior_state` with its modules.
 * The change under review writes the environment files and the after values, never these.
 */
export function environmentTypesOf(plan: TerraformPlan): Set<string> {
  const priors: unknown[] = [...(plan.resource_changes ?? []), ...(plan.resource_drift ?? [])]
    .filter((c) => c.mode === "managed")
    .map((c) => c.change.before);
  const walk = (module: unknown): void => {
    if (!isObject(module)) return;
    for (const r of Array.isArray(module.resources) ? module.resources : []) if (isObject(r) && r.mode === "managed") priors.push(r.values);
    for (const child of Array.isArray(module.child_modules) ? module.child_modules : []) walk(child);
  };
  if (isObject(plan.prior_state) && isObject(plan.prior_state.values)) walk(plan.prior_state.values.root_module);
  const types = new Set<string>();
  for (const values of priors) {
    const tag = environmentTypeTag(values);
    // A tag that is not a string (Terraform never writes one) counts as not non-production: the strict side.
    if (tag !== undefined) types.add(typeof tag.value === "string" ? tag.value : JSON.stringify(tag.value));
  }
  return types;
}

/** Why a stack its environment file calls non-production is reviewed as production. */
function productionNote(tagged: readonly string[]): string {
  return (
    `Reviewed as production: its environment file says non-production, but resources of its prior state are tagged ` +
    `${tagged.map((t) => code(`environment-type = ${t}`)).join(", ")}, and only a plan that changes those tags (PR-ENV-1) can lower it.`
  );
}

function rowsOf(stack: string, plan: TerraformPlan): Row[] {
  const rows: Row[] = [];
  for (const change of plan.resource_changes ?? []) {
    if (change.mode !== "managed") continue;
    const classified = classify(change.change.actions);
    if (classified === undefined)
      throw new PlanFormatError(`${stack}: ${change.address}: unknown action sequence ${JSON.stringify(change.change.actions)}`);
    if (classified === "no-op") continue;
    rows.push({
      stack,
      change,
      kind: classified.kind,
      destroysExisting: classified.destroysExisting,
      replacePaths: classified.kind === "replace" ? (change.change.replace_paths ?? []).map(formatAttributePath) : [],
      cause: change.action_reason === undefined ? undefined : (ACTION_REASONS[change.action_reason] ?? change.action_reason),
    });
  }
  return rows;
}

/** Whether the plan has planned resources anywhere in its module tree. */
function plansResources(module: unknown): boolean {
  if (!isObject(module)) return false;
  if (Array.isArray(module.resources) && module.resources.length > 0) return true;
  return Array.isArray(module.child_modules) && module.child_modules.some(plansResources);
}

/** Plans that cannot show every change: refused, and no allow can pass them. */
function planFindings(stack: string, plan: TerraformPlan): Finding[] {
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
function driftFindings(stack: string, plan: TerraformPlan): Finding[] {
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
function ruleFinding(
  stack: string,
  change: ResourceChange,
  u: UpdateFinding,
  replacePaths: readonly string[],
  kind: "update" | "drift" = "update",
): Finding {
  const line = allowLine(stack, change.address, u.rule);
  const title = UPDATE_RULES.find((r) => r.id === u.rule)?.title ?? u.rule;
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

function rowFindings(row: Row, plan: TerraformPlan): Finding[] {
  const { stack, change } = row;
  const findings: Finding[] = [];
  const reason = dataBearingReason(change.type);
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
  if (row.kind === "create" && !configuresNewResource(change, plan)) {
    findings.push(
      ...createFindings(change.type, change.change.after, change.change.after_unknown).map((u) => ruleFinding(stack, change, u, [])),
    );
  }
  return findings;
}

/** `forced by engine, tags.Name`, or Terraform's reason when it names no attribute. */
function replacementCause(row: Row): string {
  if (row.replacePaths.length > 0) return `forced by ${row.replacePaths.map(code).join(", ")}`;
  return row.cause ?? "Terraform named no attribute forcing it";
}

/** Said in the verdict of a review whose every change is a create. */
export const EMPTY_STATE_NOTE =
  "Every change is a create, as in a plan against an empty state (`npm run preview`): " +
  "such a plan cannot show replacements or destroys; " +
  "only a plan against the real state (`cdktf diff`, `terraform plan`) can.";

function verdictLine(blocked: number, allowed: number, createsOnly: boolean): string {
  const findings = (n: number) => (n === 1 ? "1 finding" : `${n} findings`);
  const note = createsOnly ? ` ${EMPTY_STATE_NOTE}` : "";
  if (blocked > 0)
    return (
      `⛔ Refused: ${findings(blocked)} (data lost, its protection stripped, or a plan that is not complete).` +
      `${allowed > 0 ? ` (${findings(allowed)} more allowed by plan-review.allow.)` : ""}${note}`
    );
  if (allowed > 0)
    return `⚠️ Passed with ${findings(allowed)} allowed by plan-review.allow (data lost or its protection stripped on purpose).${note}`;
  return `✅ No change loses data or strips its protection.${note}`;
}

/** Destroys and replacements first, then updates, creates and forgets; plan order within each. */
const ORDER: Readonly<Record<ChangeKind, number>> = { delete: 0, replace: 0, update: 1, forget: 2, create: 3, read: 4 };

function stackSection(stack: string, rows: readonly Row[], maxTableRows: number, note?: string): string[] {
  const count = (kind: ChangeKind) => rows.filter((r) => r.kind === kind).length;
  const counts = [
    `${count("create")} to add`,
    `${count("update")} to change`,
    `${count("delete")} to destroy`,
    `${count("replace")} to replace`,
  ];
  if (count("forget") > 0) counts.push(`${count("forget")} to forget`);
  const lines = [`### ${code(stack)}`, ""];
  if (note !== undefined) lines.push(note, "");
  if (rows.length === 0) return [...lines, "No changes.", ""];
  lines.push(`${counts.join(", ")}.`, "");

  const sorted = [...rows].sort((a, b) => ORDER[a.kind] - ORDER[b.kind]);
  const shown = sorted.slice(0, maxTableRows);
  const table = ["| Address | Type | Action |", "| --- | --- | --- |", ...shown.map(tableRow)];
  if (sorted.length > shown.length)
    table.push("", `…and ${sorted.length - shown.length} more changes not shown (destroys and replacements come first).`);
  if (rows.length > 15) lines.push(`<details><summary>${rows.length} changes</summary>`, "", ...table, "", "</details>", "");
  else lines.push(...table, "");

  const replaced = rows.filter((r) => r.kind === "replace");
  if (replaced.length > 0) {
    lines.push("**Replaced resources**", "");
    for (const r of replaced) {
      const kept = r.destroysExisting ? "" : " (the existing object is kept: destroy = false)";
      lines.push(`- ${code(r.change.address)}: ${replacementCause(r)}${kept}`);
    }
    lines.push("");
  }
  return lines;
}

function tableRow(row: Row): string {
  const moved = row.change.previous_address ? ` (moved from ${code(row.change.previous_address)})` : "";
  const action = row.kind === "replace" && !row.destroysExisting ? "replace, old object kept" : row.kind;
  const flag = row.verdict === "blocked" ? " ⛔ refused" : row.verdict === "allowed" ? " ⚠️ allowed" : "";
  return `| ${code(row.change.address)}${moved} | ${code(row.change.type)} | ${action}${flag} |`;
}

/** A Markdown code span that also survives inside a table cell. */
function code(text: string): string {
  const fence = text.includes("`") ? "``" : "`";
  return `${fence}${text.includes("`") ? ` ${text} ` : text}${fence}`.replace(/\|/g, "\\|");
}

/** Quotes a word for a POSIX shell only when it needs it (`aws_s3_bucket.b["x"]` does). */
export function shellQuote(word: string): string {
  return /^[A-Za-z0-9_.:/@%+=,-]+$/.test(word) ? word : `'${word.replace(/'/g, `'\\''`)}'`;
}
