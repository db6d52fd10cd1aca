/**
 * The update rules of plan-review on hand-written before/after pairs: the edge cases real plans
 * rarely show (values unknown until apply, "0 means forever", disabled lifecycle rules).
 * `plan-review-real.test.ts` checks every rule on real plans.
 */
import { createFindings, updateFindings } from "../src/review/update-rules";

const rules = (type: string, before: unknown, after: unknown, afterUnknown: unknown = {}) =>
  updateFindings(type, before, after, afterUnknown).map((f) => `${f.rule} ${f.attribute} ${f.before} → ${f.after}`);

describe("update rules: edge cases", () => {
  test("a value unknown until apply counts as the worst case", () => {
    expect(rules("aws_rds_cluster", { backup_retention_period: 14 }, {}, { backup_retention_period: true })).toEqual([
      "PR-RDS-1 backup_retention_period 14 → (known after apply)",
    ]);
    expect(rules("aws_s3_bucket", { force_destroy: false }, {}, { force_destroy: true })).toEqual([
      "PR-S3-1 force_destroy false → (known after apply)",
    ]);
    const policy = JSON.stringify({
      Statement: [{ Effect: "Allow", Principal: { AWS: "arn:aws:iam::111122223333:root" }, Action: "kms:*", Resource: "*" }],
    });
    expect(rules("aws_kms_key", { policy }, {}, { policy: true })).toEqual([
      "PR-KMS-3 policy allows kms:* to the account root (111122223333) → (known after apply)",
    ]);
  });

  test("log retention: 0 (or unset) keeps logs forever, so any retention after it is shorter and 0 after anything is longer", () => {
    expect(rules("aws_cloudwatch_log_group", { retention_in_days: 0 }, { retention_in_days: 3653 })).toEqual([
      "PR-LOG-1 retention_in_days 0 → 3653",
    ]);
    expect(rules("aws_cloudwatch_log_group", { retention_in_days: 30 }, { retention_in_days: 0 })).toEqual([]);
    expect(rules("aws_cloudwatch_log_group", { retention_in_days: 30 }, { retention_in_days: 30, tags: { a: "b" } })).toEqual([]);
  });

  test("S3 lifecycle: a disabled rule expires nothing; enabling an expiring rule is a new expiration; a date counts as expiring", () => {
    const rule = (status: string, expiration: unknown[]) => ({ rule: [{ id: "r", status, expiration }] });
    expect(rules("aws_s3_bucket_lifecycle_configuration", rule("Enabled", []), rule("Disabled", [{ days: 1 }]))).toEqual([]);
    expect(rules("aws_s3_bucket_lifecycle_configuration", rule("Disabled", [{ days: 1 }]), rule("Enabled", [{ days: 1 }]))).toEqual([
      'PR-S3-3 rule["r"].expiration.days (no expiration) → 1',
    ]);
    expect(
      rules("aws_s3_bucket_lifecycle_configuration", rule("Enabled", []), rule("Enabled", [{ date: "2027-01-01T00:00:00Z" }])),
    ).toEqual(['PR-S3-3 rule["r"].expiration.days (no expiration) → (a date)']);
  });

  test("KMS: a policy keeping the root (as account id or ARN, in an Action list) passes; one that moves kms:* to a role does not", () => {
    const doc = (principal: string, action: unknown) =>
      JSON.stringify({ Statement: [{ Effect: "Allow", Principal: { AWS: principal }, Action: action, Resource: "*" }] });
    const before = { policy: doc("arn:aws:iam::111122223333:root", "kms:*") };
    expect(rules("aws_kms_key", before, { policy: doc("111122223333", ["kms:*"]) })).toEqual([]);
    expect(rules("aws_kms_key", before, { policy: doc("arn:aws:iam::111122223333:role/admin", "kms:*") })).toEqual([
      "PR-KMS-3 policy allows kms:* to the account root (111122223333) → no kms:* for the root of 111122223333",
    ]);
  });

  test("ECR: a new expire rule keeping images by age is found; a tagStatus the old policy did not expire is a new rule", () => {
    const policy = (rules_: unknown[]) => ({ policy: JSON.stringify({ rules: rules_ }) });
    const keep = (n: number, tagStatus = "any") => ({
      rulePriority: 1,
      selection: { tagStatus, countType: "imageCountMoreThan", countNumber: n },
      action: { type: "expire" },
    });
    expect(rules("aws_ecr_lifecycle_policy", policy([keep(30)]), policy([keep(30)]))).toEqual([]);
    expect(rules("aws_ecr_lifecycle_policy", policy([keep(30, "tagged")]), policy([keep(30, "untagged")]))).toEqual([
      "PR-ECR-2 policy.rules[priority 1] (no such rule) → keeps 30 untagged image(s)",
    ]);
  });

  test("creates (no before) are never findings", () => {
    expect(updateFindings("aws_s3_bucket", null, { force_destroy: true }, {})).toEqual([]);
  });

  test("ECR: rules are matched on their whole selection; a changed prefix or pattern list is a new rule", () => {
    const policy = (rules_: unknown[]) => ({ policy: JSON.stringify({ rules: rules_ }) });
    const rule = (selection: Record<string, unknown>) => ({
      rulePriority: 1,
      selection: { countType: "imageCountMoreThan", countNumber: 30, ...selection },
      action: { type: "expire" },
    });
    const before = policy([rule({ tagStatus: "tagged", tagPrefixList: ["tmp-", "pr-"] })]);
    expect(rules("aws_ecr_lifecycle_policy", before, policy([rule({ tagStatus: "tagged", tagPrefixList: ["pr-", "tmp-"] })]))).toEqual([]);
    expect(rules("aws_ecr_lifecycle_policy", before, policy([rule({ tagStatus: "tagged", tagPrefixList: ["v"] })]))).toEqual([
      "PR-ECR-2 policy.rules[priority 1] (no such rule) → keeps 30 tagged image(s) with tag prefix v",
    ]);
    expect(rules("aws_ecr_lifecycle_policy", before, policy([rule({ tagStatus: "tagged", tagPatternList: ["*"] })]))).toEqual([
      "PR-ECR-2 policy.rules[priority 1] (no such rule) → keeps 30 tagged image(s) matching *",
    ]);
  });

  test("S3 lifecycle: an unknown status, expiration or noncurrent days inside a rule is the worst case", () => {
    const before = { rule: [{ id: "r", status: "Enabled", expiration: [], noncurrent_version_expiration: [{ noncurrent_days: 90 }] }] };
    const after = { rule: [{ id: "r", status: "Enabled", expiration: [{}], noncurrent_version_expiration: [{ noncurrent_days: 90 }] }] };
    expect(rules("aws_s3_bucket_lifecycle_configuration", before, after, { rule: [{ expiration: [{ days: true }] }] })).toEqual([
      "PR-S3-3 rule[0].expiration[0].days (set) → (known after apply)",
    ]);
    expect(rules("aws_s3_bucket_lifecycle_configuration", before, after, { rule: [{ status: true }] })).toEqual([
      "PR-S3-3 rule[0].status (set) → (known after apply)",
    ]);
    expect(rules("aws_s3_bucket_lifecycle_configuration", before, { rule: [null] }, { rule: [true] })).toEqual([
      "PR-S3-3 rule[0] (set) → (known after apply)",
    ]);
    expect(
      rules("aws_s3_bucket_lifecycle_configuration", before, before, { rule: [{ expiration: [{ expired_object_delete_marker: true }] }] }),
    ).toEqual([]);
  });

  const backup = (...rules_: unknown[]) => ({ rule: rules_ });
  const bRule = (rule_name: string, delete_after: number, extra: Record<string, unknown> = {}) => ({
    rule_name,
    target_vault_name: "vault",
    lifecycle: [{ delete_after }],
    copy_action: [],
    ...extra,
  });

  test("AWS Backup: unknown retention inside a rule, removed or renamed rules, copies and vault changes are found", () => {
    const daily = bRule("daily", 35);
    expect(
      rules("aws_backup_plan", backup(daily), backup(bRule("daily", 35, { lifecycle: [{}] })), {
        rule: [{ lifecycle: [{ delete_after: true }] }],
      }),
    ).toEqual(["PR-BACKUP-1 rule[0].lifecycle[0].delete_after (set) → (known after apply)"]);
    expect(rules("aws_backup_plan", backup(daily, bRule("monthly", 365)), backup(daily))).toEqual([
      'PR-BACKUP-1 rule["monthly"] (unset), kept 365 day(s) → (removed or renamed)',
    ]);
    expect(
      rules(
        "aws_backup_plan",
        backup(bRule("daily", 35, { schedule: "cron(0 3 * * ? *)" }), bRule("monthly", 365)),
        backup(bRule("monthly", 365)),
      ),
    ).toEqual(['PR-BACKUP-1 rule["daily"] "cron(0 3 * * ? *)", kept 35 day(s) → (removed or renamed)']);
    expect(rules("aws_backup_plan", backup(daily), backup(bRule("daily-v2", 1)))).toEqual([
      'PR-BACKUP-1 rule["daily"] (unset), kept 35 day(s) → (removed or renamed)',
    ]);
    expect(rules("aws_backup_plan", backup(daily), backup(daily, bRule("hourly", 1)))).toEqual([]);
    expect(rules("aws_backup_plan", backup(daily), backup(bRule("daily", 35, { target_vault_name: "other" })))).toEqual([
      'PR-BACKUP-1 rule["daily"].target_vault_name "vault" → "other"',
    ]);
    const copy = (delete_after: number) => ({
      destination_vault_arn: "arn:aws:backup:eu-west-1:222233334444:backup-vault:copy",
      lifecycle: [{ delete_after }],
    });
    const copied = bRule("daily", 35, { copy_action: [copy(90)] });
    expect(rules("aws_backup_plan", backup(copied), backup(daily))).toEqual([
      'PR-BACKUP-1 copy_action["arn:aws:backup:eu-west-1:222233334444:backup-vault:copy"] copies kept 90 day(s) → (removed)',
    ]);
    expect(rules("aws_backup_plan", backup(copied), backup(bRule("daily", 35, { copy_action: [copy(7)] })))).toEqual([
      'PR-BACKUP-1 copy_action["arn:aws:backup:eu-west-1:222233334444:backup-vault:copy"].lifecycle.delete_after 90 → 7',
    ]);
    expect(rules("aws_backup_plan", backup(copied), backup(copied, bRule("weekly", 90)))).toEqual([]);
  });

  test("AWS Backup: a vault lock lowered or out of compliance mode, and a vault's force_destroy, are found", () => {
    const lock = { min_retention_days: 35, max_retention_days: 400, changeable_for_days: 3 };
    expect(rules("aws_backup_vault_lock_configuration", lock, { ...lock, min_retention_days: 1 })).toEqual([
      "PR-BACKUP-2 min_retention_days 35 → 1",
    ]);
    expect(rules("aws_backup_vault_lock_configuration", lock, { ...lock, max_retention_days: 2 })).toEqual([
      "PR-BACKUP-2 max_retention_days 400 → 2",
    ]);
    expect(rules("aws_backup_vault_lock_configuration", lock, { ...lock, changeable_for_days: null })).toEqual([
      "PR-BACKUP-2 changeable_for_days 3 → (unset)",
    ]);
    expect(rules("aws_backup_vault_lock_configuration", lock, { ...lock, min_retention_days: 60 })).toEqual([]);
    expect(rules("aws_backup_vault", { force_destroy: false }, { force_destroy: true })).toEqual([
      "PR-BACKUP-3 force_destroy false → true",
    ]);
  });

  test("KMS: a conditional root grant does not count; a new Deny of decrypt/policy edits to all is found; aws_kms_key_policy too", () => {
    const root = { Effect: "Allow", Principal: { AWS: "arn:aws:iam::111122223333:root" }, Action: "kms:*", Resource: "*" };
    const doc = (...statements: unknown[]) => JSON.stringify({ Statement: statements });
    const before = { policy: doc(root) };
    const conditioned = { ...root, Condition: { StringEquals: { "aws:PrincipalTag/nobody": "x" } } };
    expect(rules("aws_kms_key", before, { policy: doc(conditioned) })).toEqual([
      "PR-KMS-3 policy allows kms:* to the account root (111122223333) → no kms:* for the root of 111122223333",
    ]);
    const deny = (Action: unknown, Principal: unknown = "*") => ({ Effect: "Deny", Principal, Action, Resource: "*" });
    for (const action of ["kms:Decrypt", ["kms:PutKeyPolicy"], "kms:*", "kms:Dec*"]) {
      expect(rules("aws_kms_key_policy", before, { policy: doc(root, deny(action)) })).toHaveLength(1);
    }
    expect(rules("aws_kms_key", before, { policy: doc(root, deny("kms:Decrypt", { AWS: "111122223333" })) })).toHaveLength(1);
    expect(rules("aws_kms_key", before, { policy: doc(root, deny("kms:ScheduleKeyDeletion")) })).toEqual([]);
    expect(rules("aws_kms_key", { policy: doc(root, deny("kms:Decrypt")) }, { policy: doc(root, deny("kms:Decrypt")) })).toEqual([]);
    expect(
      rules("aws_kms_key_policy", before, { policy: doc({ ...root, Principal: { AWS: "arn:aws:iam::111122223333:role/admin" } }) }),
    ).toEqual(["PR-KMS-3 policy allows kms:* to the account root (111122223333) → no kms:* for the root of 111122223333"]);
  });

  test("creates of lifecycle, versioning and ECR policies are compared with the safe state without them", () => {
    const created = (type: string, after: unknown, afterUnknown: unknown = {}) =>
      createFindings(type, after, afterUnknown).map((f) => `${f.rule} ${f.attribute} ${f.before} → ${f.after}`);
    expect(created("aws_s3_bucket_lifecycle_configuration", { rule: [{ id: "x", status: "Enabled", expiration: [{ days: 1 }] }] })).toEqual(
      ['PR-S3-3 rule["x"].expiration.days (no expiration) → 1'],
    );
    expect(
      created("aws_s3_bucket_lifecycle_configuration", {
        rule: [{ id: "x", status: "Enabled", abort_incomplete_multipart_upload: [{ days_after_initiation: 7 }] }],
      }),
    ).toEqual([]);
    expect(created("aws_s3_bucket_versioning", { versioning_configuration: [{ status: "Suspended" }] })).toEqual([
      'PR-S3-2 versioning_configuration[0].status "Enabled" → "Suspended"',
    ]);
    expect(created("aws_s3_bucket_versioning", { versioning_configuration: [{ status: "Enabled" }] })).toEqual([]);
    const ecr = JSON.stringify({
      rules: [
        { rulePriority: 1, selection: { tagStatus: "any", countType: "imageCountMoreThan", countNumber: 1 }, action: { type: "expire" } },
      ],
    });
    expect(created("aws_ecr_lifecycle_policy", { policy: ecr })).toEqual([
      "PR-ECR-2 policy.rules[priority 1] (no such rule) → keeps 1 any image(s)",
    ]);
    expect(created("aws_s3_bucket", { force_destroy: true })).toEqual([]);
    const keyPolicy = (principal: string) =>
      JSON.stringify({ Statement: [{ Effect: "Allow", Principal: { AWS: principal }, Action: "kms:*", Resource: "*" }] });
    expect(created("aws_kms_key_policy", { policy: keyPolicy("arn:aws:iam::111122223333:root") })).toEqual([]);
    expect(created("aws_kms_key_policy", { policy: keyPolicy("arn:aws:iam::111122223333:role/admin") })).toEqual([
      "PR-KMS-3 policy allows kms:* to the account root (111122223333) → no kms:* for the root of 111122223333",
    ]);
  });

  test("null list elements and broken JSON do not throw", () => {
    expect(() =>
      rules(
        "aws_s3_bucket_lifecycle_configuration",
        { rule: [null] },
        { rule: [null, { id: "r", status: "Enabled", expiration: [null] }] },
      ),
    ).not.toThrow();
    expect(() =>
      rules("aws_backup_plan", { rule: [null, { rule_name: "a", copy_action: [null], lifecycle: [null] }] }, { rule: [null] }),
    ).not.toThrow();
    expect(() =>
      rules(
        "aws_ecr_lifecycle_policy",
        { policy: JSON.stringify({ rules: [null] }) },
        { policy: JSON.stringify({ rules: [null, { selection: null }] }) },
      ),
    ).not.toThrow();
    expect(() => rules("aws_kms_key", { policy: JSON.stringify({ Statement: [null] }) }, { policy: "null" })).not.toThrow();
  });

  test("S3 lifecycle: an expiring rule's filter widened, and fewer newer noncurrent versions kept, are found", () => {
    const rule = (filter: unknown, extra: Record<string, unknown> = {}) => ({
      rule: [{ id: "tmp", status: "Enabled", filter, expiration: [{ days: 7 }], noncurrent_version_expiration: [], ...extra }],
    });
    expect(rules("aws_s3_bucket_lifecycle_configuration", rule([{ prefix: "tmp/" }]), rule([{ prefix: "" }]))).toEqual([
      'PR-S3-3 rule["tmp"].filter [{"prefix":"tmp/"}]"" → [{"prefix":""}]""',
    ]);
    expect(rules("aws_s3_bucket_lifecycle_configuration", rule([{ prefix: "tmp/" }]), rule([{ prefix: "tmp/" }]))).toEqual([]);
    const versions = (n: number) => ({
      rule: [
        {
          id: "old",
          status: "Enabled",
          filter: [{}],
          noncurrent_version_expiration: [{ noncurrent_days: 30, newer_noncurrent_versions: n }],
        },
      ],
    });
    expect(rules("aws_s3_bucket_lifecycle_configuration", versions(50), versions(1))).toEqual([
      'PR-S3-3 rule["old"].noncurrent_version_expiration.newer_noncurrent_versions 50 → 1',
    ]);
    expect(rules("aws_s3_bucket_lifecycle_configuration", versions(1), versions(50))).toEqual([]);
  });

  test("public access block off (PR-S3-5), ECR tags made mutable (PR-ECR-3), a secret value replaced (PR-SM-2)", () => {
    const pab = (on: boolean) => ({ block_public_acls: on, block_public_policy: on, ignore_public_acls: on, restrict_public_buckets: on });
    expect(rules("aws_s3_bucket_public_access_block", pab(true), pab(false))).toHaveLength(4);
    expect(rules("aws_s3_bucket_public_access_block", pab(true), pab(true))).toEqual([]);
    expect(rules("aws_ecr_repository", { image_tag_mutability: "IMMUTABLE" }, { image_tag_mutability: "MUTABLE" })).toEqual([
      'PR-ECR-3 image_tag_mutability "IMMUTABLE" → "MUTABLE"',
    ]);
    expect(rules("aws_secretsmanager_secret_version", { secret_string: "a" }, { secret_string: "b" })).toEqual([
      "PR-SM-2 secret_string (a value) → (another value)",
    ]);
    expect(
      rules("aws_secretsmanager_secret_version", { secret_string: "a" }, { secret_string: "a", version_stages: ["AWSCURRENT"] }),
    ).toEqual([]);
  });

  test("RDS automated backups deleted with the instance (PR-RDS-4); a bucket's inline versioning turned off (PR-S3-2)", () => {
    expect(rules("aws_db_instance", { delete_automated_backups: false }, { delete_automated_backups: true })).toEqual([
      "PR-RDS-4 delete_automated_backups false → true",
    ]);
    expect(rules("aws_s3_bucket", { versioning: [{ enabled: true }] }, { versioning: [{ enabled: false }] })).toEqual([
      "PR-S3-2 versioning[0].enabled true → false",
    ]);
    expect(rules("aws_s3_bucket", { versioning: [{ enabled: true }] }, { versioning: [{ enabled: true }] })).toEqual([]);
  });

  test("DynamoDB TTL on (PR-DDB-3), EFS backups off (PR-EFS-1), ElastiCache snapshots lowered (PR-CACHE-1)", () => {
    const ttl = (enabled: boolean, attribute_name: string) => ({ ttl: [{ enabled, attribute_name }] });
    expect(rules("aws_dynamodb_table", ttl(false, ""), ttl(true, "created"))).toEqual(['PR-DDB-3 ttl[0] (off) → on "created"']);
    expect(rules("aws_dynamodb_table", ttl(true, "expires"), ttl(true, "created"))).toEqual([
      'PR-DDB-3 ttl[0] on "expires" → on "created"',
    ]);
    expect(rules("aws_dynamodb_table", ttl(true, "expires"), ttl(true, "expires"))).toEqual([]);
    expect(rules("aws_dynamodb_table", ttl(true, "expires"), ttl(false, ""))).toEqual([]);
    expect(rules("aws_efs_backup_policy", { backup_policy: [{ status: "ENABLED" }] }, { backup_policy: [{ status: "DISABLED" }] })).toEqual(
      ['PR-EFS-1 backup_policy[0].status "ENABLED" → "DISABLED"'],
    );
    expect(rules("aws_elasticache_replication_group", { snapshot_retention_limit: 35 }, { snapshot_retention_limit: 0 })).toEqual([
      "PR-CACHE-1 snapshot_retention_limit 35 → 0",
    ]);
  });

  describe("the environment-type tag: production is never lowered in place (PR-ENV-1), on any resource type", () => {
    const tagged = (value?: string, extra: Record<string, string> = {}) => ({
      tags: { team: "data" },
      tags_all: { team: "data", ...extra, ...(value === undefined ? {} : { "environment-type": value }) },
    });

    test("production → non-production, → no tag, or → unknown until apply is refused, whatever the type", () => {
      for (const type of ["aws_secretsmanager_secret", "aws_kms_key", "aws_vpc"]) {
        expect(rules(type, tagged("production"), tagged("non-production"))).toEqual([
          'PR-ENV-1 tags_all.environment-type "production" → "non-production"',
        ]);
      }
      expect(rules("aws_kms_key", tagged("production"), tagged())).toEqual(['PR-ENV-1 tags_all.environment-type "production" → (unset)']);
      expect(rules("aws_kms_key", tagged("production"), { tags: {} }, { tags_all: true })).toEqual([
        'PR-ENV-1 tags_all.environment-type "production" → (known after apply)',
      ]);
    });

    test("production kept, non-production raised to production, or a tag added where there was none passes", () => {
      expect(rules("aws_kms_key", tagged("production"), tagged("production", { cost: "b" }))).toEqual([]);
      expect(rules("aws_kms_key", tagged("non-production"), tagged("production"))).toEqual([]);
      expect(rules("aws_kms_key", tagged(), tagged("non-production"))).toEqual([]);
    });

    test("a type without tags_all is read from its tags", () => {
      expect(rules("aws_example", { tags: { "environment-type": "production" } }, { tags: {} })).toEqual([
        'PR-ENV-1 tags.environment-type "production" → (unset)',
      ]);
    });
  });
});
