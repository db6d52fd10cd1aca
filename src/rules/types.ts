/**
 * The security rule pack's vocabulary. Rules read the synthesized Terraform JSON of a stack
 * (`cdk.tf.json`), the same thing Terraform and the scanners see, so a rule cannot be fooled by
 * how a construct was written. The reader itself (`Json`, `Resource`, `StackView`) is
 * `src/synthesized/`, shared with the cost tool; re-exported here for the rules.
 */
import type { Resource, StackView } from "../synthesized/types";

export type { Json, Resource, StackView } from "../synthesized/types";

export type Verdict =
  | { readonly status: "compliant" }
  | { readonly status: "not-applicable" }
  /** `detail` says what exactly is wrong on this resource (appended to the rule's message). */
  | { readonly status: "non-compliant"; readonly detail?: string };

export const COMPLIANT: Verdict = { status: "compliant" };
export const NOT_APPLICABLE: Verdict = { status: "not-applicable" };
export const nonCompliant = (detail?: string): Verdict => ({ status: "non-compliant", detail });

export interface Rule {
  /** Stable id, e.g. `RW-S3-2`: suppressions and docs name it. */
  readonly id: string;
  /** What the rule wants, in a few words. */
  readonly title: string;
  /** What to change when a resource breaks it. */
  readonly message: string;
  /** Where the rule comes from, e.g. `Checkov CKV_AWS_19; AWS FSBP S3.4`. */
  readonly source: string;
  /** Resource types the rule looks at; `*` is every type (the rule decides, e.g. by the data-bearing list). */
  readonly resourceTypes: readonly string[];
  readonly check: (resource: Resource, stack: StackView) => Verdict;
}
