/**
 * What changed outside Terraform, from refresh-only plans (`terraform show -json` of
 * `terraform plan -refresh-only`): per resource its address, whether it changed or is gone, and the
 * names of the attributes that differ. Never a value: a drifted attribute may be a password, a
 * policy or an address, and the summary goes into a GitHub issue.
 */

// eslint-disable-next-line @typescript-eslint/no-explicit-any
type Json = Record<string, any>;

export interface DriftedResource {
  readonly stack: string;
  readonly address: string;
  /** changed: it exists with other values; deleted: it is gone (deleted outside Terraform). */
  readonly drift: "changed" | "deleted";
  /** Dotted attribute paths whose values differ (map keys are names, e.g. `tags.owner`); empty for deleted. */
  readonly attributes: readonly string[];
}

export interface DriftReport {
  readonly environment: string;
  readonly drifted: readonly DriftedResource[];
  /** Stacks whose refresh-only plan was read. */
  readonly checked: readonly string[];
  /** Stacks whose plan failed: nothing is known of them, so an open issue is not closed. */
  readonly failed: readonly string[];
  /** Stacks not checked on purpose (the apps stacks: the plan role may not read their state). */
  readonly skipped: readonly string[];
}

/** How deep attribute paths go into nested objects; lists are compared whole and named by their attribute. */
const MAX_DEPTH = 3;

const isObject = (value: unknown): value is Json => value !== null && typeof value === "object" && !Array.isArray(value);

/** The paths under which `before` and `after` differ, by name only. */
export function changedPaths(before: unknown, after: unknown, prefix = "", depth = 0): string[] {
  if (JSON.stringify(before) === JSON.stringify(after)) return [];
  if (!isObject(before) || !isObject(after) || depth >= MAX_DEPTH) return prefix ? [prefix] : [];
  const keys = [...new Set([...Object.keys(before), ...Object.keys(after)])].sort();
  return keys.flatMap((key) => changedPaths(before[key], after[key], prefix ? `${prefix}.${key}` : key, depth + 1));
}

/** Thrown for a plan that is not a refresh-only plan of a stack: a normal plan would propose changes, not report drift. */
export class DriftInputError extends Error {}

/** The drifted resources of one stack's refresh-only plan JSON. */
export function driftOfPlan(stack: string, plan: Json): DriftedResource[] {
  if (!Array.isArray(plan.resource_drift ?? []) || typeof plan.format_version !== "string")
    throw new DriftInputError(`${stack}: not the JSON of terraform show -json <plan> (no format_version)`);
  const proposed = ((plan.resource_changes ?? []) as Json[]).filter((c) => !(c.change?.actions ?? []).every((a: string) => a === "no-op"));
  if (proposed.length > 0)
    throw new DriftInputError(
      `${stack}: this plan proposes changes (${proposed.length}), so it is not a refresh-only plan: use terraform plan -refresh-only`,
    );
  return ((plan.resource_drift ?? []) as Json[])
    .filter((r) => r.mode === "managed")
    .map((r) => {
      const actions: string[] = r.change?.actions ?? [];
      const deleted = actions.includes("delete") && r.change?.after == null;
      return {
        stack,
        address: String(r.address),
        drift: deleted ? ("deleted" as const) : ("changed" as const),
        attributes: deleted ? [] : changedPaths(r.change?.before ?? {}, r.change?.after ?? {}),
      };
    });
}

export function driftReport(
  environment: string,
  plans: readonly { stack: string; plan: Json }[],
  failed: readonly string[] = [],
  skipped: readonly string[] = [],
): DriftReport {
  return {
    environment,
    drifted: plans.flatMap(({ stack, plan }) => driftOfPlan(stack, plan)),
    checked: plans.map((p) => p.stack),
    failed,
    skipped,
  };
}

/** The first line of a drift issue's body: how a later run finds the environment's issue. */
export const driftMarker = (environment: string): string => `<!-- road-warrior-drift:${environment} -->`;
export const driftTitle = (environment: string): string => `Drift in ${environment}: changed outside Terraform`;

const code = (text: string): string => `\`${text.replace(/[`|\n]/g, "_")}\``;

/** The issue body (and job summary): addresses and attribute names, never values, with the run that found them. */
export function driftMarkdown(report: DriftReport, runUrl: string): string {
  const list = (stacks: readonly string[]) => stacks.join(", ") || "none";
  const attributes = (d: DriftedResource) => d.attributes.map(code).join(", ") || (d.drift === "deleted" ? "—" : "(nested)");
  const rows = report.drifted.map((d) => `| ${d.stack} | ${code(d.address)} | ${d.drift} | ${attributes(d)} |`);
  return [
    driftMarker(report.environment),
    report.drifted.length > 0
      ? `The refresh-only plan found **${report.drifted.length} resource${report.drifted.length === 1 ? "" : "s"} of ` +
        `${report.environment} changed outside Terraform** ([this run](${runUrl})).`
      : `The refresh-only plan found no drift in ${report.environment} ([this run](${runUrl})).`,
    "",
    ...(rows.length > 0 ? ["| stack | resource | drift | attributes that differ |", "| --- | --- | --- | --- |", ...rows, ""] : []),
    `Checked: ${list(report.checked)}.` +
      (report.failed.length > 0 ? ` **Plan failed (not checked): ${list(report.failed)}.**` : "") +
      (report.skipped.length > 0 ? ` Skipped: ${list(report.skipped)} (the plan role may not read the apps state).` : ""),
    "",
    "Values are left out on purpose; see them with the plan role: " +
      '`terraform plan -refresh-only` in `cdktf.out/stacks/<stack>` (docs/ci.md, "Drift"). ' +
      "Then either undo the change by hand, change the code to match it, or accept it into the state with " +
      "`terraform apply -refresh-only` (an administrator). This issue closes itself when a later run finds no drift.",
    "",
  ].join("\n");
}
