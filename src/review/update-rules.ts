/**
 * In-place changes that lose data or strip its protection, as a table of rules per resource type
 * and attribute (one file each in `rules/`, listed in `rules/index.ts`). `plan-review` runs every rule
 * on each change that has a before and an after (updates, replacements, whose destruction is refused
 * separately, and updates outside Terraform in `resource_drift`), and on creates of the types of
 * `CREATE_BASELINES` against the safe state without them (unless what they configure is created in the
 * same plan). A value unknown until apply counts as the worst case: the review cannot show it is safe.
 */
import { CREATE_BASELINES } from "./create-baselines";
import { UPDATE_RULES } from "./rules";
import { EVERY_TYPE } from "./rules/types";
import type { Json, UpdateFinding } from "./rules/types";

export { CREATE_BASELINES } from "./create-baselines";
export type { CreateBaseline } from "./create-baselines";
export { environmentTypeTag } from "./environment-tag";
export { UPDATE_RULES } from "./rules";
export { EVERY_TYPE } from "./rules/types";
export type { RuleFinding, UpdateFinding, UpdateRule } from "./rules/types";

/** The update rules by id. */
export const UPDATE_RULE_IDS: ReadonlySet<string> = new Set(UPDATE_RULES.map((r) => r.id));

/** Every finding of every rule on one change (before and after both objects). */
export function updateFindings(type: string, before: Json, after: Json, afterUnknown: Json): UpdateFinding[] {
  if (!before || typeof before !== "object") return [];
  return UPDATE_RULES.filter((r) => r.types.includes(type) || r.types.includes(EVERY_TYPE)).flatMap((r) =>
    r.check(before, after ?? {}, afterUnknown ?? {}).map((f) => ({ rule: r.id, ...f })),
  );
}

/** Every finding of every rule on the create of a type of `CREATE_BASELINES` (none for other types). */
export function createFindings(type: string, after: Json, afterUnknown: Json): UpdateFinding[] {
  const baseline = CREATE_BASELINES[type];
  if (!baseline) return [];
  return updateFindings(type, typeof baseline.before === "function" ? baseline.before(after) : baseline.before, after, afterUnknown);
}
