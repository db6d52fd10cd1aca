/**
 * The security rule pack's vocabulary. Rules read the synthesized Terraform JSON of a stack
 * (`cdk.tf.json`), the same thing Terraform and the scanners see, so a rule cannot be fooled by
 * how a construct was written.
 */

// eslint-disable-next-line @typescript-eslint/no-explicit-any
export type Json = Record<string, any>;

/** One resource of a synthesized stack. */
export interface Resource {
  readonly stack: string;
  readonly type: string;
  readonly name: string;
  /** `<type>.<name>`, as Terraform addresses it. */
  readonly address: string;
  /** The resource's arguments as synthesized (snake_case). */
  readonly config: Json;
}

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

/** Read access to one synthesized stack, with the look-ups rules need. */
export interface StackView {
  readonly name: string;
  readonly json: Json;
  /** All resources of a type. */
  resources(type: string): Resource[];
  /** Every resource of the stack. */
  allResources(): Resource[];
  /** The statements of a policy given as `${data.aws_iam_policy_document.<name>.json}`, or undefined. */
  policyStatements(reference: unknown): Json[] | undefined;
  /** Whether some other resource, data source or output mentions `<address>.<attribute>`. */
  isReferenced(address: string, except?: (resource: Resource) => boolean): boolean;
}
