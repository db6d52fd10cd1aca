/**
 * Account, region and partition of a stack, handed to constructs that build ARNs or policies.
 * Base layer (docs/layers.md): stacks create it, constructs take it, neither imports the other for it.
 */
export interface AwsEnvironment {
  readonly accountId: string;
  readonly region: string;
  /** `aws`, `aws-cn` or `aws-us-gov`, read from the provider (no API call), never hard-coded. */
  readonly partition: string;
}
