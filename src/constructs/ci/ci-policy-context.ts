import { DataAwsIamPolicyDocumentStatement } from "@cdktf/provider-aws/lib/data-aws-iam-policy-document";

export type Statement = DataAwsIamPolicyDocumentStatement;

/** What every CI policy function needs to name one environment's resources. */
export interface CiPolicyContext {
  readonly partition: string;
  readonly accountId: string;
  readonly region: string;
  /** Prefix of the role names and of every IAM name the deploy role may manage, e.g. `road-warrior`. */
  readonly project: string;
  /** Environment name, e.g. `dev`. */
  readonly environmentName: string;
}

/** The state bucket and its key, when the environment keeps its state in S3. */
export interface CiStateResources {
  readonly bucketArn: string;
  readonly keyArn: string;
  /**
   * Alias of the state key without `alias/` (naming.ts `stateKeyAlias`): nobody but an admin may
   * create, repoint or delete it. @default - no alias deny
   */
  readonly keyAlias?: string;
}

/** `<project>-<env>`: the prefix of every name the environment's stacks give their IAM roles, policies, buckets and aliases. */
export function environmentPrefix(context: CiPolicyContext): string {
  return `${context.project}-${context.environmentName}`;
}

/** An IAM ARN of the environment's account, e.g. `iamArn(context, "role", "road-warrior-dev.*")`. */
export function iamArn(context: CiPolicyContext, kind: string, name: string): string {
  return `arn:${context.partition}:iam::${context.accountId}:${kind}/${name}`;
}
