/**
 * The vocabulary of the plan review's update rules: in-place changes that lose data or strip its
 * protection, one rule per file in this folder, listed in `index.ts`. A rule reads the before and
 * after values of one resource change (`terraform show -json`), never the configuration.
 */

// eslint-disable-next-line @typescript-eslint/no-explicit-any
export type Json = any;

/** In `UpdateRule.types`: the rule applies to every resource type. */
export const EVERY_TYPE = "*";

/** One attribute of one resource that a rule found changed for the worse. */
export interface UpdateFinding {
  readonly rule: string;
  /** `backup_retention_period`, `rule["old-versions"].noncurrent_version_expiration.noncurrent_days`. */
  readonly attribute: string;
  readonly before: string;
  readonly after: string;
  /** What is lost, in words. */
  readonly lost: string;
}

export interface UpdateRule {
  /** Stable id, e.g. `PR-RDS-1`: an allow names it. */
  readonly id: string;
  readonly title: string;
  /** The resource types it checks; `EVERY_TYPE` for all. */
  readonly types: readonly string[];
  /** Why the rule exists: what such a change loses. */
  readonly reason: string;
  readonly check: (before: Json, after: Json, afterUnknown: Json) => RuleFinding[];
  /**
   * Why the rule is not applied to the stacks of a non-production environment (`ReviewOptions.nonProductionStacks`),
   * where what it guards is given up on purpose. @default - applied to every stack
   */
  readonly notInNonProduction?: string;
}

/** A finding before the review adds the id of the rule that made it. */
export type RuleFinding = Omit<UpdateFinding, "rule">;
