/**
 * The plan the review reads: the part of `terraform show -json <planfile>` it uses, the check that a
 * text is such a plan (`parsePlan`), and each resource change classified as what happens to it (a
 * create, update, delete, replace, read or forget) with Terraform's reason in words.
 */

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

/** Thrown for JSON that is not a plan in `terraform show -json` format; the message names the problem. */
export class PlanFormatError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "PlanFormatError";
  }
}

export interface Classified {
  readonly kind: ChangeKind;
  /** False for a replace that keeps the old object (`removed { lifecycle { destroy = false } }`). */
  readonly destroysExisting: boolean;
}

export const SEQUENCES: Readonly<Record<string, Classified | "no-op">> = {
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
export function classify(actions: readonly string[]): Classified | "no-op" | undefined {
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

export function isObject(value: unknown): value is Record<string, unknown> {
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
export interface Row {
  readonly stack: string;
  readonly change: ResourceChange;
  readonly kind: ChangeKind;
  readonly destroysExisting: boolean;
  readonly replacePaths: readonly string[];
  readonly cause?: string;
  /** Set when a finding is about this change. */
  readonly verdict?: "blocked" | "allowed";
}

export function rowsOf(stack: string, plan: TerraformPlan): Row[] {
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
