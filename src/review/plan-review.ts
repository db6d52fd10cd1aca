/**
 * The review a pull request gets from its Terraform plans: pure functions from the JSON of
 * `terraform show -json <planfile>` to a Markdown comment, plus every change that loses data or
 * strips its protection (refused unless allowed). No I/O: `scripts/plan-review.ts` reads the files
 * and sets the exit code. The parts:
 *   - `plan.ts`: the plan's format, `parsePlan`, and what happens to each resource;
 *   - `findings.ts`: what is refused, change by change (the update rules are `rules/`, one file each);
 *   - `verdict.ts`: `reviewPlans`, the findings judged against the allow file;
 *   - `markdown.ts`: the comment.
 */
export { environmentTypesOf } from "./environment";
export type { Finding, FindingKind } from "./findings";
export { EMPTY_STATE_NOTE, REVIEW_MARKER, shellQuote } from "./markdown";
export { formatAttributePath, parsePlan, PlanFormatError } from "./plan";
export type { ChangeKind, PathStep, PlanAction, PlannedChange, ResourceChange, TerraformPlan } from "./plan";
export { reviewPlans } from "./verdict";
export type { ReviewOptions, ReviewResult } from "./verdict";
