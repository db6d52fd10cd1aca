/**
 * The review a pull request gets from its Terraform plans: pure functions from the JSON of
 * `terraform show -json <planfile>` to a Markdown comment, plus the data-bearing resources the
 * plans would destroy or replace (blocked unless allowed). No I/O: `scripts/plan-review.ts` reads
 * the files and sets the exit code.
 */
import { dataBearingReason } from "./data-bearing";

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
}

/** What happens to a resource, from its `change.actions`. */
export type ChangeKind = "create" | "update" | "delete" | "replace" | "read" | "forget";

/** A data-bearing resource that a plan would destroy or replace. */
export interface BlockedChange {
  readonly stack: string;
  readonly address: string;
  readonly type: string;
  readonly action: "delete" | "replace";
  /** Why destroying a resource of this type loses data (from `DATA_BEARING_TYPES`). */
  readonly reason: string;
  /** The attributes forcing the replacement (`engine`, `tags.Name`); empty for a delete. */
  readonly replacePaths: readonly string[];
  /** Terraform's `action_reason` in words, when it gave one. */
  readonly cause?: string;
  /** The exact flag that allows this change, quoted for a POSIX shell. */
  readonly allowFlag: string;
  /**
   * Which resource, why it is dangerous and how to allow it, in one paragraph; for an allowed
   * change, the `--allow` entry that allowed it instead.
   */
  readonly message: string;
}

export interface ReviewOptions {
  /**
   * Destroyed or replaced data-bearing resources the run accepts. An entry is either
   * `<stack>:<address>` (that stack only) or a bare `<address>` (every stack reviewed).
   */
  readonly allow: readonly string[];
  /**
   * Rows of a stack's change table before the rest is summarised in one line (a GitHub comment
   * holds 65,536 characters). Destroys and replacements are listed separately in full.
   * @default 100
   */
  readonly maxTableRows?: number;
}

export interface ReviewResult {
  readonly markdown: string;
  /** Destroyed or replaced data-bearing resources not named by `allow`: the run must fail. */
  readonly blocked: BlockedChange[];
  /** Destroyed or replaced data-bearing resources named by `allow`. */
  readonly allowed: BlockedChange[];
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
    "it is no longer in the configuration; if it was renamed, record a move instead, see the README section Moving a stateful resource",
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
  if (json.resource_changes === undefined) {
    if (!isObject(json.planned_values)) throw new PlanFormatError(`not a Terraform plan (no resource_changes, no planned_values: a state?): ${expected}`);
    return json as TerraformPlan;
  }
  if (!Array.isArray(json.resource_changes)) throw new PlanFormatError("resource_changes is not a list");
  json.resource_changes.forEach((entry: unknown, i: number) => {
    const problem = resourceChangeProblem(entry);
    if (problem) {
      const address = isObject(entry) && typeof entry.address === "string" ? ` (${entry.address})` : "";
      throw new PlanFormatError(`resource_changes[${i}]${address}: ${problem}`);
    }
  });
  return json as TerraformPlan;
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
  const paths = change.replace_paths;
  if (paths !== undefined && !(Array.isArray(paths) && paths.every((p) => Array.isArray(p) && p.every((s) => typeof s === "string" || typeof s === "number")))) {
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
  /** Set for a data-bearing resource that is destroyed or replaced. */
  readonly verdict?: "blocked" | "allowed";
  /** The `allow` entries naming this change. */
  readonly allowedBy: readonly string[];
}

/** Reviews the plans of several stacks; see `ReviewOptions.allow` for the allow syntax. */
export function reviewPlans(plans: readonly { stack: string; plan: TerraformPlan }[], options: ReviewOptions): ReviewResult {
  const usedAllow = new Set<string>();
  const stacks = plans.map(({ stack, plan }) => ({ stack, rows: rowsOf(stack, plan, options.allow, usedAllow) }));
  const dangerous = stacks.flatMap((s) => s.rows).filter((r) => r.verdict !== undefined);
  const blocked = dangerous.filter((r) => r.verdict === "blocked").map(toBlockedChange);
  const allowed = dangerous.filter((r) => r.verdict === "allowed").map(toBlockedChange);
  const unusedAllow = options.allow.filter((entry) => !usedAllow.has(entry));

  const lines = [REVIEW_MARKER, verdictLine(blocked.length, allowed.length), ""];
  if (blocked.length > 0) {
    lines.push(`### ⛔ Blocked`, "", ...blocked.map((b) => `- ${b.message}`), "");
    lines.push("Allow a change only when losing that data is intended: `--allow <stack>:<address>` allows it in that stack, `--allow <address>` in every stack.", "");
  }
  if (allowed.length > 0) {
    lines.push(`### ⚠️ Allowed with --allow`, "", ...allowed.map((a) => `- ${a.message}`), "");
  }
  if (unusedAllow.length > 0) {
    lines.push(`Unused --allow entries (no destroyed or replaced data-bearing resource matches them): ${unusedAllow.map(code).join(", ")}`, "");
  }
  for (const { stack, rows } of stacks) lines.push(...stackSection(stack, rows, options.maxTableRows ?? 100));
  return { markdown: `${lines.join("\n").trimEnd()}\n`, blocked, allowed };
}

function rowsOf(stack: string, plan: TerraformPlan, allow: readonly string[], usedAllow: Set<string>): Row[] {
  const rows: Row[] = [];
  for (const change of plan.resource_changes ?? []) {
    if (change.mode !== "managed") continue;
    const classified = classify(change.change.actions);
    if (classified === undefined) throw new PlanFormatError(`${stack}: ${change.address}: unknown action sequence ${JSON.stringify(change.change.actions)}`);
    if (classified === "no-op") continue;
    const destroysData = classified.destroysExisting && dataBearingReason(change.type) !== undefined;
    const allowedBy = destroysData ? allow.filter((entry) => entry === change.address || entry === `${stack}:${change.address}`) : [];
    allowedBy.forEach((entry) => usedAllow.add(entry));
    rows.push({
      stack,
      change,
      kind: classified.kind,
      destroysExisting: classified.destroysExisting,
      replacePaths: classified.kind === "replace" ? (change.change.replace_paths ?? []).map(formatAttributePath) : [],
      cause: change.action_reason === undefined ? undefined : (ACTION_REASONS[change.action_reason] ?? change.action_reason),
      verdict: destroysData ? (allowedBy.length > 0 ? "allowed" : "blocked") : undefined,
      allowedBy,
    });
  }
  return rows;
}

function toBlockedChange(row: Row): BlockedChange {
  const { stack, change } = row;
  const action = row.kind === "delete" ? "delete" : "replace";
  const reason = dataBearingReason(change.type) ?? "";
  const allowFlag = `--allow ${shellQuote(`${stack}:${change.address}`)}`;
  const what = action === "delete" ? `would be destroyed${row.cause ? ` (${row.cause})` : ""}` : `would be replaced (${replacementCause(row)})`;
  const how = row.allowedBy.length > 0 ? `Allowed by ${row.allowedBy.map((entry) => code(`--allow ${shellQuote(entry)}`)).join(", ")}.` : `To allow it, add ${code(allowFlag)}.`;
  const message = `${code(stack)}: ${code(change.address)} ${what}. Destroying this ${code(change.type)} ${reason}. ${how}`;
  return { stack, address: change.address, type: change.type, action, reason, replacePaths: row.replacePaths, cause: row.cause, allowFlag, message };
}

/** `forced by engine, tags.Name`, or Terraform's reason when it names no attribute. */
function replacementCause(row: Row): string {
  if (row.replacePaths.length > 0) return `forced by ${row.replacePaths.map(code).join(", ")}`;
  return row.cause ?? "Terraform named no attribute forcing it";
}

function verdictLine(blocked: number, allowed: number): string {
  const resources = (n: number) => (n === 1 ? "1 data-bearing resource" : `${n} data-bearing resources`);
  if (blocked > 0) return `⛔ ${resources(blocked)} would be destroyed or replaced.${allowed > 0 ? ` (${allowed} more allowed with --allow.)` : ""}`;
  if (allowed > 0) return `⚠️ ${resources(allowed)} would be destroyed or replaced, allowed explicitly with --allow.`;
  return "✅ No data-bearing resource is destroyed or replaced.";
}

/** Destroys and replacements first, then updates, creates and forgets; plan order within each. */
const ORDER: Readonly<Record<ChangeKind, number>> = { delete: 0, replace: 0, update: 1, forget: 2, create: 3, read: 4 };

function stackSection(stack: string, rows: readonly Row[], maxTableRows: number): string[] {
  const count = (kind: ChangeKind) => rows.filter((r) => r.kind === kind).length;
  const counts = [`${count("create")} to add`, `${count("update")} to change`, `${count("delete")} to destroy`, `${count("replace")} to replace`];
  if (count("forget") > 0) counts.push(`${count("forget")} to forget`);
  const lines = [`### ${code(stack)}`, ""];
  if (rows.length === 0) return [...lines, "No changes.", ""];
  lines.push(`${counts.join(", ")}.`, "");

  const sorted = [...rows].sort((a, b) => ORDER[a.kind] - ORDER[b.kind]);
  const shown = sorted.slice(0, maxTableRows);
  const table = ["| Address | Type | Action |", "| --- | --- | --- |", ...shown.map(tableRow)];
  if (sorted.length > shown.length) table.push("", `…and ${sorted.length - shown.length} more changes not shown (destroys and replacements come first).`);
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
  const flag = row.verdict === "blocked" ? " ⛔ blocked" : row.verdict === "allowed" ? " ⚠️ allowed" : "";
  return `| ${code(row.change.address)}${moved} | ${code(row.change.type)} | ${action}${flag} |`;
}

/** A Markdown code span that also survives inside a table cell. */
function code(text: string): string {
  const fence = text.includes("`") ? "``" : "`";
  return `${fence}${text.includes("`") ? ` ${text} ` : text}${fence}`.replace(/\|/g, "\\|");
}

/** Quotes a word for a POSIX shell only when it needs it (`aws_s3_bucket.b["x"]` does). */
export function shellQuote(word: string): string {
  return /^[A-Za-z0-9_.:\/@%+=,-]+$/.test(word) ? word : `'${word.replace(/'/g, `'\\''`)}'`;
}
