/**
 * The reader of synthesized Terraform JSON (`cdk.tf.json`): what the rule pack checks and the cost
 * tool prices. Knows nothing of rules, constructs or stacks (docs/layers.md).
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
