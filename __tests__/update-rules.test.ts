/**
 * The update rules of plan-review on hand-written before/after pairs: the edge cases real plans
 * rarely show (values unknown until apply, "0 means forever", disabled lifecycle rules).
 * `plan-review-real.test.ts` checks every rule on real plans.
 */
import { updateFindings } from "../src/review/update-rules";

const rules = (type: string, before: unknown, after: unknown, afterUnknown: unknown = {}) => updateFindings(type, before, after, afterUnknown).map((f) => `${f.rule} ${f.attribute} ${f.before} → ${f.after}`);

describe("update rules: edge cases", () => {
  test("a value unknown until apply counts as the worst case", () => {
    expect(rules("aws_rds_cluster", { backup_retention_period: 14 }, {}, { backup_retention_period: true })).toEqual(["PR-RDS-1 backup_retention_period 14 → (known after apply)"]);
    expect(rules("aws_s3_bucket", { force_destroy: false }, {}, { force_destroy: true })).toEqual(["PR-S3-1 force_destroy false → (known after apply)"]);
    const policy = JSON.stringify({ Statement: [{ Effect: "Allow", Principal: { AWS: "arn:aws:iam::111122223333:root" }, Action: "kms:*", Resource: "*" }] });
    expect(rules("aws_kms_key", { policy }, {}, { policy: true })).toEqual(["PR-KMS-3 policy allows kms:* to the account root (111122223333) → (known after apply)"]);
  });

  test("log retention: 0 (or unset) keeps logs forever, so any retention after it is shorter and 0 after anything is longer", () => {
    expect(rules("aws_cloudwatch_log_group", { retention_in_days: 0 }, { retention_in_days: 3653 })).toEqual(["PR-LOG-1 retention_in_days 0 → 3653"]);
    expect(rules("aws_cloudwatch_log_group", { retention_in_days: 30 }, { retention_in_days: 0 })).toEqual([]);
    expect(rules("aws_cloudwatch_log_group", { retention_in_days: 30 }, { retention_in_days: 30, tags: { a: "b" } })).toEqual([]);
  });

  test("S3 lifecycle: a disabled rule expires nothing; enabling an expiring rule is a new expiration; a date counts as expiring", () => {
    const rule = (status: string, expiration: unknown[]) => ({ rule: [{ id: "r", status, expiration }] });
    expect(rules("aws_s3_bucket_lifecycle_configuration", rule("Enabled", []), rule("Disabled", [{ days: 1 }]))).toEqual([]);
    expect(rules("aws_s3_bucket_lifecycle_configuration", rule("Disabled", [{ days: 1 }]), rule("Enabled", [{ days: 1 }]))).toEqual(['PR-S3-3 rule["r"].expiration.days (no expiration) → 1']);
    expect(rules("aws_s3_bucket_lifecycle_configuration", rule("Enabled", []), rule("Enabled", [{ date: "2027-01-01T00:00:00Z" }]))).toEqual(['PR-S3-3 rule["r"].expiration.days (no expiration) → (a date)']);
  });

  test("KMS: a policy that keeps the root (as an account id or ARN, in an Action list) passes; one that moves kms:* to a role does not", () => {
    const doc = (principal: string, action: unknown) => JSON.stringify({ Statement: [{ Effect: "Allow", Principal: { AWS: principal }, Action: action, Resource: "*" }] });
    const before = { policy: doc("arn:aws:iam::111122223333:root", "kms:*") };
    expect(rules("aws_kms_key", before, { policy: doc("111122223333", ["kms:*"]) })).toEqual([]);
    expect(rules("aws_kms_key", before, { policy: doc("arn:aws:iam::111122223333:role/admin", "kms:*") })).toEqual([
      "PR-KMS-3 policy allows kms:* to the account root (111122223333) → no kms:* for the root of 111122223333",
    ]);
  });

  test("ECR: a new expire rule keeping images by age is found; a tagStatus the old policy did not expire is a new rule", () => {
    const policy = (rules_: unknown[]) => ({ policy: JSON.stringify({ rules: rules_ }) });
    const keep = (n: number, tagStatus = "any") => ({ rulePriority: 1, selection: { tagStatus, countType: "imageCountMoreThan", countNumber: n }, action: { type: "expire" } });
    expect(rules("aws_ecr_lifecycle_policy", policy([keep(30)]), policy([keep(30)]))).toEqual([]);
    expect(rules("aws_ecr_lifecycle_policy", policy([keep(30, "tagged")]), policy([keep(30, "untagged")]))).toEqual(["PR-ECR-2 policy.rules[priority 1] (no such rule) → keeps 30 untagged image(s)"]);
  });

  test("creates (no before) are never findings", () => {
    expect(updateFindings("aws_s3_bucket", null, { force_destroy: true }, {})).toEqual([]);
  });
});
