/**
 * Creates of protection and configuration resources that can lose data of a resource that exists
 * already (a lifecycle configuration added to an old bucket expires its objects): the review runs
 * the update rules on them against the safe state the resource had without them.
 */
import type { Json } from "./rules/types";
import type { Value } from "./rules/values";

/**
 * Creates of protection and configuration resources that can lose data of a resource that exists
 * already (a lifecycle configuration added to an old bucket expires its objects), compared with
 * the safe state the resource had without them: no expiration, versioning Enabled, no image expired.
 */
export interface CreateBaseline {
  /** The state without this resource (or a function of the created state that gives it). */
  readonly before: Json | ((after: Json) => Json);
  /** The attribute naming the resource it configures (`bucket`, `repository`). */
  readonly target: string;
  /** The type it configures and that type's attribute matched against `target`. */
  readonly parentType: string;
  readonly parentName: string;
}

export const CREATE_BASELINES: Readonly<Record<string, CreateBaseline>> = {
  aws_s3_bucket_lifecycle_configuration: { before: { rule: [] }, target: "bucket", parentType: "aws_s3_bucket", parentName: "bucket" },
  aws_s3_bucket_versioning: {
    before: { versioning_configuration: [{ status: "Enabled" }] },
    target: "bucket",
    parentType: "aws_s3_bucket",
    parentName: "bucket",
  },
  aws_ecr_lifecycle_policy: {
    before: { policy: JSON.stringify({ rules: [] }) },
    target: "repository",
    parentType: "aws_ecr_repository",
    parentName: "name",
  },
  // A key's default policy gives kms:* to its account root: a new key policy must keep that for every account it names.
  aws_kms_key_policy: {
    before: (after: Json) => ({ policy: rootPolicyOf(after?.policy) }),
    target: "key_id",
    parentType: "aws_kms_key",
    parentName: "key_id",
  },
};

/** A policy giving kms:* to the root of every account a policy names (the key's default policy), or of a placeholder account. */
function rootPolicyOf(policy: Value): string {
  const accounts = new Set(typeof policy === "string" ? (policy.match(/\b\d{12}\b/g) ?? []) : []);
  if (accounts.size === 0) accounts.add("000000000000");
  // The partition the policy itself uses (aws, aws-cn, aws-us-gov).
  const partition = (typeof policy === "string" ? /arn:(aws[a-z-]*):/.exec(policy)?.[1] : undefined) ?? "aws";
  return JSON.stringify({
    Statement: [...accounts].map((id) => ({
      Effect: "Allow",
      Principal: { AWS: `arn:${partition}:iam::${id}:root` },
      Action: "kms:*",
      Resource: "*",
    })),
  });
}
