/**
 * `plan-review` on real plans: small configurations planned by Terraform and the real AWS
 * provider 5.100.0, offline (`-refresh=false`), against a prior state the test writes (see
 * `support/prior-state-plan.ts`). Four plans in all, after one `terraform init`: the baseline (for the
 * state), the harmful variant, the harmless one and the production attacks (`support/plan-review-configs.ts`).
 * Each rule and each class of destruction has its failing case (a change of the harmful plan) and its
 * passing case (the same resource in the harmless plan); each class only the default-deny of production
 * stacks refuses has its failing case in the production plan, and the harmless plan passes it.
 */
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { main } from "../scripts/plan-review";
import { terraformUnavailable } from "../src/preview/offline-plan";
import { parsePlan, reviewPlans, TerraformPlan } from "../src/review/plan-review";
import { UPDATE_RULES } from "../src/review/update-rules";
import { planAgainstPriorState } from "./support/prior-state-plan";
import { BASELINE, HARMFUL, HARMLESS, PRODUCTION } from "./support/plan-review-configs";

const unavailable = terraformUnavailable();
if (unavailable) console.warn(`\n*** SKIPPING the real-provider plan-review tests: ${unavailable}. ***\n`);
const describeWithTerraform = unavailable ? describe.skip : describe;

type Json = Record<string, any>;
const work = fs.mkdtempSync(path.join(os.tmpdir(), "rw-plan-review-real-"));
let harmful: Json = {};
let harmless: Json = {};
let production: Json = {};
let state: Json = {};

/** The plan with only the change of `address` (a real change, cut out of a real plan). */
function only(plan: Json, address: string): TerraformPlan {
  const changes = plan.resource_changes.filter((c: Json) => c.address === address);
  if (changes.length !== 1) throw new Error(`no change of ${address} in the plan`);
  return parsePlan(JSON.stringify({ ...plan, resource_changes: changes }));
}
const review = (plan: TerraformPlan, stack = "prod-data") => reviewPlans([{ stack, plan }], { allow: [] });

function run(...argv: string[]): { code: number; out: string; err: string } {
  const out: string[] = [];
  const err: string[] = [];
  const code = main(argv, { log: (...p: unknown[]) => out.push(p.join(" ")), error: (...p: unknown[]) => err.push(p.join(" ")) });
  return { code, out: out.join("\n"), err: err.join("\n") };
}

jest.setTimeout(120_000);

describeWithTerraform("plan-review on real plans (Terraform 1.11, AWS provider 5.100.0, prior state written by the test)", () => {
  beforeAll(async () => {
    ({
      state,
      plans: { harmful, harmless, production },
    } = await planAgainstPriorState(BASELINE, { harmful: HARMFUL, harmless: HARMLESS, production: PRODUCTION }));
    fs.writeFileSync(path.join(work, "prod-data.plan.json"), JSON.stringify(harmful));
    fs.writeFileSync(path.join(work, "dev-data.plan.json"), JSON.stringify(harmless));
  }, 900_000);
  afterAll(() => fs.rmSync(work, { recursive: true, force: true }));

  test("the plans are real, complete and against the written state", () => {
    expect(state.resources.length).toBeGreaterThan(20);
    for (const plan of [harmful, harmless, production]) {
      expect(plan.terraform_version).toBe("1.11.4");
      expect([plan.errored, plan.complete, plan.applyable]).toEqual([false, true, true]);
      expect(plan.prior_state).toBeDefined();
    }
  });

  // [rule, address, attribute, before, after]
  const UPDATES: [string, string, string, string, string][] = [
    ["PR-RDS-1", "aws_rds_cluster.Aurora", "backup_retention_period", "14", "1"],
    ["PR-RDS-1", "aws_db_instance.Reporting", "backup_retention_period", "7", "0"],
    ["PR-RDS-2", "aws_rds_cluster.Aurora", "deletion_protection", "true", "false"],
    ["PR-RDS-3", "aws_rds_cluster.Aurora", "skip_final_snapshot", "false", "true"],
    ["PR-RDS-4", "aws_db_instance.Reporting", "delete_automated_backups", "false", "true"],
    ["PR-RDS-4", "aws_rds_cluster.Aurora", "delete_automated_backups", "false", "true"],
    ["PR-S3-1", "aws_s3_bucket.Assets", "force_destroy", "false", "true"],
    ["PR-S3-2", "aws_s3_bucket_versioning.Assets", "versioning_configuration[0].status", '"Enabled"', '"Suspended"'],
    ["PR-S3-3", "aws_s3_bucket_lifecycle_configuration.Assets", 'rule["expire-all"].expiration.days', "(no expiration)", "1"],
    [
      "PR-S3-3",
      "aws_s3_bucket_lifecycle_configuration.Assets",
      'rule["old-versions"].noncurrent_version_expiration.noncurrent_days',
      "90",
      "1",
    ],
    ["PR-S3-4", "aws_s3_bucket_object_lock_configuration.Locked", "rule[0].default_retention", "30 day(s)", "1 day(s)"],
    ["PR-KMS-1", "aws_kms_key.Key", "is_enabled", "true", "false"],
    ["PR-KMS-2", "aws_kms_key.Key", "deletion_window_in_days", "30", "7"],
    ["PR-KMS-3", "aws_kms_key.Key", "policy", "allows kms:* to the account root (123456789012)", "no kms:* for the root of 123456789012"],
    ["PR-KMS-4", "aws_kms_key.Key", "bypass_policy_lockout_safety_check", "false", "true"],
    ["PR-SM-1", "aws_secretsmanager_secret.Secret", "recovery_window_in_days", "30", "0"],
    ["PR-ECR-1", "aws_ecr_repository.Repo", "force_delete", "false", "true"],
    ["PR-ECR-2", "aws_ecr_lifecycle_policy.Repo", "policy.rules[priority 1]", "keeps 30 any image(s)", "keeps 3 any image(s)"],
    ["PR-LOG-1", "aws_cloudwatch_log_group.Audit", "retention_in_days", "365", "1"],
    ["PR-LOG-1", "module.storage.module.logs.aws_cloudwatch_log_group.Nested", "retention_in_days", "365", "1"],
    ["PR-DDB-1", "aws_dynamodb_table.Sessions", "point_in_time_recovery[0].enabled", "true", "false"],
    ["PR-DDB-2", "aws_dynamodb_table.Sessions", "deletion_protection_enabled", "true", "false"],
    ["PR-DDB-3", "aws_dynamodb_table.Sessions", "ttl[0]", "(off)", 'on "expires_at"'],
    ["PR-EFS-1", "aws_efs_backup_policy.Shared", "backup_policy[0].status", '"ENABLED"', '"DISABLED"'],
    ["PR-CACHE-1", "aws_elasticache_cluster.Sessions", "snapshot_retention_limit", "7", "0"],
    ["PR-COGNITO-1", "aws_cognito_user_pool.Users", "deletion_protection", '"ACTIVE"', '"INACTIVE"'],
    ["PR-BACKUP-1", "aws_backup_plan.Plan", 'rule["daily"].lifecycle.delete_after', "35", "1"],
    ["PR-BACKUP-2", "aws_backup_vault_lock_configuration.Locked", "min_retention_days", "7", "1"],
    ["PR-BACKUP-3", "aws_backup_vault.Vault", "force_destroy", "false", "true"],
    ["PR-S3-5", "aws_s3_bucket_public_access_block.Assets", "block_public_acls", "true", "false"],
    ["PR-S3-5", "aws_s3_bucket_public_access_block.Assets", "block_public_policy", "true", "false"],
    ["PR-S3-5", "aws_s3_bucket_public_access_block.Assets", "ignore_public_acls", "true", "false"],
    ["PR-S3-5", "aws_s3_bucket_public_access_block.Assets", "restrict_public_buckets", "true", "false"],
    ["PR-ECR-3", "aws_ecr_repository.Repo", "image_tag_mutability", '"IMMUTABLE"', '"MUTABLE"'],
    ["PR-SM-2", "aws_secretsmanager_secret_version.Secret", "secret_string", "(a value)", "(another value)"],
    ["PR-ENV-1", "aws_secretsmanager_secret.Secret", "tags_all.environment-type", '"production"', '"non-production"'],
  ];

  test("every update rule has a case here", () => {
    expect(new Set(UPDATES.map((u) => u[0]))).toEqual(new Set(UPDATE_RULES.map((r) => r.id)));
  });

  test.each(UPDATES)(
    "%s refuses %s: %s %s → %s, naming stack, address, attribute and what is lost",
    (rule, address, attribute, before, after) => {
      const result = review(only(harmful, address));
      const finding = result.blocked.find((f) => f.rule === rule && f.attribute === attribute);
      expect(finding).toMatchObject({ stack: "prod-data", address, kind: "update", before, after });
      expect(finding!.lost.length).toBeGreaterThan(15);
      expect(finding!.message).toContain(`\`prod-data\`: \`${address}\`: \`${attribute}\` ${before} → ${after} (${rule}, `);
      expect(finding!.message).toContain(`To allow it, add \`prod-data:${address} ${rule} -- <why losing this is intended>\`.`);
    },
  );

  test("a stack its (changed) environment file calls non-production stays production while its prior state is tagged so", () => {
    const plan = only(harmful, "aws_secretsmanager_secret.Secret");
    const result = reviewPlans([{ stack: "prod-data", plan }], { allow: [], nonProductionStacks: ["prod-data"] });
    expect(result.nonProductionStacks).toEqual([]);
    // The default-deny of production refuses the lowered window as well (the tag change is on its safe list: PR-ENV-1 has it).
    expect(result.blocked.map((f) => f.rule).sort()).toEqual(["PR-ENV-1", "PR-PROD-1", "PR-SM-1"]);
  });

  test.each(UPDATES)("%s passes %s when the change keeps or raises the protection", (rule, address) => {
    const result = review(only(harmless, address));
    expect(result.blocked.filter((f) => f.rule === rule)).toEqual([]);
    expect(result.blocked).toEqual([]);
  });

  // [address, kind, actions]: deletes of types nobody listed, replacements both ways, a forget, nested modules.
  const DESTROYS: [string, string, string][] = [
    ["aws_s3_object.Config", "delete", "delete"],
    ["aws_elasticache_cluster.Cache", "delete", "delete"],
    ["aws_backup_vault.OldVault", "delete", "delete"],
    ["aws_backup_vault_lock_configuration.Vault", "delete", "delete"],
    ["aws_cloudwatch_log_group.OldLogs", "delete", "delete"],
    ["aws_s3_bucket.Scratch", "replace", "delete,create"],
    ["aws_cloudwatch_log_group.Events", "replace", "create,delete"],
    ["aws_dynamodb_table.Archive", "forget", "forget"],
    ["module.storage.aws_s3_bucket.Bucket", "delete", "delete"],
    // Every attribute of a vault lock forces a replacement: lowering its minimum is a replacement (and PR-BACKUP-2).
    ["aws_backup_vault_lock_configuration.Locked", "replace", "delete,create"],
  ];

  test.each(DESTROYS)("%s: %s (%s) is refused, with the allow line that would pass it", (address, kind, actions) => {
    const plan = only(harmful, address);
    expect(plan.resource_changes![0].change.actions.join(",")).toBe(actions);
    const result = review(plan);
    const finding = result.blocked.find((f) => f.kind === kind);
    expect(finding).toMatchObject({ stack: "prod-data", address, allowLine: `prod-data:${address} -- <why losing this is intended>` });
    expect(finding!.message).toContain(
      `\`prod-data\`: \`${address}\` would be ${kind === "delete" ? "destroyed" : kind === "replace" ? "replaced" : "forgotten"}`,
    );
    expect(result.markdown).toMatch(new RegExp(`\\| \`${address.replace(/[.[\]]/g, "\\$&")}\` \\| .* ⛔ refused \\|`));
  });

  test.each(DESTROYS)("%s: unchanged, or only retagged, in the harmless plan: passes", (address) => {
    const change = harmless.resource_changes.find((c: Json) => c.address === address);
    expect(change.change.actions.join(",")).toMatch(/^(no-op|update)$/);
    expect(review(only(harmless, address)).blocked).toEqual([]);
  });

  test.each([
    ["aws_cloudwatch_metric_alarm.Errors", "delete,create"],
    ["aws_cloudwatch_metric_alarm.Old", "delete"],
    ["aws_cloudwatch_metric_alarm.Forgotten", "forget"],
  ])("%s: %s of a type known to hold no data passes", (address, actions) => {
    const plan = only(harmless, address);
    expect(plan.resource_changes![0].change.actions.join(",")).toBe(actions);
    expect(review(plan).blocked).toEqual([]);
  });

  // [address, what, rule (or the destroy kind), attribute]: each a class that only the default-deny of production stacks refuses.
  const PRODUCTION_CLASSES: [string, string, string, string | undefined][] = [
    [
      "aws_s3_bucket_lifecycle_configuration.Decoy",
      "a 1-day expiry on a bucket named by a replace() of a new bucket's id that evaluates to the live bucket",
      "PR-PROD-2",
      "bucket",
    ],
    [
      "aws_s3_bucket_versioning.Decoy",
      "versioning suspended on a bucket named by a join() of a literal and a new bucket's id",
      "PR-PROD-2",
      "bucket",
    ],
    [
      "aws_ecr_lifecycle_policy.Decoy",
      "keep 1 image of any tag, on a repository named by a replace() of a new repository's id",
      "PR-PROD-2",
      "repository",
    ],
    ["aws_s3_bucket.Assets", "an inline lifecycle_rule that expires every object after a day", "PR-PROD-1", "lifecycle_rule[0]"],
    ["aws_backup_plan.Plan", "a backup schedule that never fires (cron(0 3 1 1 ? 2099))", "PR-PROD-1", 'rule["daily"].schedule'],
    ["aws_kms_alias.Key", "the data key's alias moved to another key", "PR-PROD-1", "target_key_id"],
    ["aws_s3_bucket_public_access_block.Assets", "the bucket's public access block deleted", "delete", undefined],
    ["aws_s3_bucket_policy.Assets", "the bucket's TLS-only policy deleted", "delete", undefined],
    ["aws_ecr_lifecycle_policy.Repo", "the repository's lifecycle policy forgotten (a removed block)", "forget", undefined],
  ];

  test.each(PRODUCTION_CLASSES)("production refuses %s: %s", (address, _what, rule, attribute) => {
    const result = review(only(production, address));
    expect(result.productionStacks).toEqual(["prod-data"]);
    const finding = result.blocked.find((f) => (f.rule ?? f.kind) === rule);
    expect(finding).toMatchObject({ stack: "prod-data", address, ...(attribute === undefined ? {} : { attribute }) });
    // An update or create is allowed by its rule id; a delete or forget, like a data-bearing one, by the bare address.
    expect(finding!.allowLine).toBe(`prod-data:${address}${rule.startsWith("PR-") ? ` ${rule}` : ""} -- <why losing this is intended>`);
  });

  test("a non-production stack keeps the update rules alone: the whole production plan passes there", () => {
    // Declared non-production by its synthesized stack, and no resource of the prior state tagged otherwise (the no-ops carry the tags).
    const plan = parsePlan(
      JSON.stringify({
        ...production,
        prior_state: undefined,
        resource_changes: production.resource_changes.filter((c: Json) => c.change.actions.join(",") !== "no-op"),
      }),
    );
    const result = reviewPlans([{ stack: "dev-data", plan }], { allow: [], environmentTypes: { "dev-data": "non-production" } });
    expect(result.productionStacks).toEqual([]);
    expect(result.blocked).toEqual([]);
  });

  test("a stack its synthesized stack calls non-production stays production while its prior state is tagged production", () => {
    const result = reviewPlans([{ stack: "prod-data", plan: only(production, "aws_kms_alias.Key") }], {
      allow: [],
      environmentTypes: { "prod-data": "non-production" },
    });
    expect(result.productionStacks).toEqual(["prod-data"]);
    expect(result.blocked.map((f) => f.rule)).toEqual(["PR-PROD-1"]);
    expect(result.markdown).toContain(
      "Reviewed as production: its synthesized stack says non-production, but resources of its prior state",
    );
  });

  test("the command reads the environment type from the synthesized app: missing or production: refused; allowed by line", () => {
    const file = path.join(work, "production", "prod-data.plan.json");
    fs.mkdirSync(path.dirname(file), { recursive: true });
    fs.writeFileSync(file, JSON.stringify(production));
    const synthesized = (type: string) => {
      const dir = path.join(work, `synthesized-${type}`);
      const stack = path.join(dir, "stacks", "prod-data");
      fs.mkdirSync(stack, { recursive: true });
      const json = {
        "//": { "road-warrior": { environmentType: type } },
        provider: { aws: [{ region: "eu-central-1", default_tags: [{ tags: { "environment-type": type } }] }] },
      };
      fs.writeFileSync(path.join(stack, "cdk.tf.json"), JSON.stringify(json));
      return dir;
    };
    const missing = run("--synthesized", path.join(work, "no-such-app"), file);
    expect(missing.code).toBe(1);
    const refused = run("--synthesized", synthesized("production"), file);
    expect(refused.code).toBe(1);
    for (const [address] of PRODUCTION_CLASSES) expect(refused.err).toContain(`\`${address}\``);
    // The same attacks also break a whole-plan rule: the backup schedule that never fires (PR-BACKUP-4).
    const wholePlan = ["PR-BACKUP-4"];
    for (const rule of new Set(wholePlan)) expect(refused.err).toContain(`(${rule}, `);
    expect(refused.err).toContain(`refused: ${PRODUCTION_CLASSES.length + wholePlan.length} finding(s)`);
    // An explicit, reviewed allow line lets one address through, and only that one.
    const allowFile = path.join(work, "production.allow");
    fs.writeFileSync(
      allowFile,
      "prod-data:aws_kms_alias.Key PR-PROD-1 -- the alias moves to the new data key, reviewed in the key rotation plan\n",
    );
    const oneAllowed = run("--synthesized", synthesized("production"), "--allow-file", allowFile, file);
    expect(oneAllowed.code).toBe(1);
    expect(oneAllowed.out).toContain("Allowed by production.allow:1: the alias moves to the new data key");
    expect(oneAllowed.err).toContain(`refused: ${PRODUCTION_CLASSES.length + wholePlan.length - 1} finding(s)`);
    const lines = review(parsePlan(JSON.stringify(production))).blocked.map((f) =>
      f.allowLine!.replace("<why losing this is intended>", "rehearsal of a deliberate production change"),
    );
    fs.writeFileSync(allowFile, `${[...new Set(lines)].join("\n")}\n`);
    expect(run("--synthesized", synthesized("production"), "--allow-file", allowFile, file).code).toBe(0);
  });

  test("production passes the harmless plan: tags, scaling, longer retention, a new service's own bucket, repository, lifecycle", () => {
    const change = (address: string) => harmless.resource_changes.find((c: Json) => c.address === address);
    expect(change("aws_rds_cluster.Aurora").change.after.serverlessv2_scaling_configuration[0].max_capacity).toBe(8);
    for (const address of [
      "aws_s3_bucket.Svc",
      "aws_s3_bucket_versioning.Svc",
      "aws_s3_bucket_lifecycle_configuration.Svc",
      "aws_s3_bucket_public_access_block.Svc",
      "aws_s3_bucket_policy.Svc",
      "aws_ecr_repository.Svc",
      "aws_ecr_lifecycle_policy.Svc",
    ])
      expect(change(address).change.actions).toEqual(["create"]);
    // Keeping more images replaces the ECR lifecycle policy (its policy forces a new one): checked like an update.
    expect(change("aws_ecr_lifecycle_policy.Repo").change.actions).toEqual(["delete", "create"]);
    const result = review(parsePlan(JSON.stringify(harmless)));
    expect(result.productionStacks).toEqual(["prod-data"]);
    expect(result.blocked).toEqual([]);
  });

  test("the whole harmless plan (tags, new resources, in-place changes, protection raised) passes: exit 0", () => {
    const kinds = new Set(harmless.resource_changes.map((c: Json) => c.change.actions.join(",")));
    expect([...kinds].sort()).toEqual(expect.arrayContaining(["create", "update", "delete", "delete,create", "forget"]));
    const { code, out, err } = run(path.join(work, "dev-data.plan.json"));
    expect(err).toBe("");
    expect(code).toBe(0);
    expect(out.split("\n")[1]).toBe("✅ No change loses data or strips its protection.");
  });

  // The update rules whose case the default-deny leaves to others: a secret version holds no data of its own, tags are safe,
  // and a vault lock's change is a replacement, refused as the destroy of a data-bearing type.
  const NOT_DEFAULT_DENY = new Set(["PR-SM-2", "PR-ENV-1", "PR-BACKUP-2"]);

  test.each(UPDATES.filter(([rule]) => !NOT_DEFAULT_DENY.has(rule)))(
    "%s's harmful change of %s (%s) is also refused by the default-deny of production alone (PR-PROD-1)",
    (_rule, address) => {
      const findings = review(only(harmful, address)).blocked.filter((f) => f.rule === "PR-PROD-1");
      expect(findings.length).toBeGreaterThan(0);
      expect(findings[0].message).toContain("(PR-PROD-1, Production change not on the safe list)");
    },
  );

  test("the whole harmful plan: exit 1, every finding listed on stdout and stderr", () => {
    const { code, out, err } = run(path.join(work, "prod-data.plan.json"));
    expect(code).toBe(1);
    const defaultDeny = review(parsePlan(JSON.stringify(harmful))).blocked.filter((f) => f.rule === "PR-PROD-1").length;
    expect(defaultDeny).toBeGreaterThanOrEqual(UPDATES.length - 3);
    const expected = UPDATES.length + DESTROYS.length + defaultDeny;
    expect(out.split("\n")[1]).toMatch(new RegExp(`^⛔ Refused: ${expected} findings `));
    expect(err).toContain(`refused: ${expected} finding(s)`);
  });

  test("an allow file with each suggested line (and a reason) passes it: exit 0, every allow used is listed", () => {
    const result = review(parsePlan(JSON.stringify(harmful)));
    // One allow covers every finding of its rule on its resource (PR-S3-3 finds two rules of one lifecycle).
    const lines = [
      ...new Set(result.blocked.map((f) => f.allowLine!.replace("<why losing this is intended>", "rehearsal of a deliberate change"))),
    ];
    const allowFile = path.join(work, "plan-review.allow");
    fs.writeFileSync(allowFile, `# test\n${lines.join("\n")}\n`);
    const { code, out, err } = run("--allow-file", allowFile, path.join(work, "prod-data.plan.json"));
    expect(err).toBe("");
    expect(code).toBe(0);
    expect(out.split("\n")[1]).toMatch(/^⚠️ Passed with \d+ findings allowed by plan-review\.allow/);
    const used = out.slice(out.indexOf("**Allows used**"));
    lines.forEach((line, i) =>
      expect(used).toContain(`- plan-review.allow:${i + 2}: \`${line.split(" -- ")[0]}\`: rehearsal of a deliberate change`),
    );
    expect(out).not.toContain("⛔");
    expect(out).not.toContain("Unused allows");
  });

  test("allows are narrow: the other stack, another rule or a bare address allow nothing", () => {
    const allowFile = path.join(work, "narrow.allow");
    fs.writeFileSync(
      allowFile,
      [
        "dev-data:aws_rds_cluster.Aurora PR-RDS-2 -- the dev database only, not prod",
        "prod-data:aws_rds_cluster.Aurora PR-RDS-1 -- backups are shortened on purpose",
        "aws_rds_cluster.Aurora PR-RDS-2 -- a bare address would match dev and prod",
      ].join("\n"),
    );
    const file = path.join(work, "aurora", "prod-data.plan.json");
    fs.mkdirSync(path.dirname(file), { recursive: true });
    fs.writeFileSync(file, JSON.stringify(only(harmful, "aws_rds_cluster.Aurora")));
    const { code, out, err } = run("--allow-file", allowFile, file);
    expect(code).toBe(1);
    expect(out).toContain("`deletion_protection` true → false (PR-RDS-2");
    expect(out).toContain("Allowed by narrow.allow:2: backups are shortened on purpose");
    expect(out).toContain("Unused allows (nothing in these plans matches them): narrow.allow:1 `dev-data:aws_rds_cluster.Aurora PR-RDS-2`");
    expect(out).toContain(
      '- narrow.allow:3: "aws_rds_cluster.Aurora" names no stack: ' +
        "a bare address would allow the same change in every stack (dev and prod alike), so it allows nothing; " +
        "write <stack>:aws_rds_cluster.Aurora",
    );
    expect(err).toContain("names no stack");
  });

  test("--reduced keeps address, type, actions and replace_paths per stack, never values", () => {
    const reduced = path.join(work, "reduced.json");
    expect(run("--reduced", reduced, path.join(work, "prod-data.plan.json"), path.join(work, "dev-data.plan.json")).code).toBe(1);
    const json = JSON.parse(fs.readFileSync(reduced, "utf8"));
    expect(Object.keys(json)).toEqual(["prod-data", "dev-data"]);
    expect(json["prod-data"]).toHaveLength(harmful.resource_changes.length);
    for (const entry of [...json["prod-data"], ...json["dev-data"]])
      expect(Object.keys(entry).sort()).toEqual(["actions", "address", "replace_paths", "type"]);
    expect(json["prod-data"]).toContainEqual({
      address: "aws_s3_bucket.Scratch",
      type: "aws_s3_bucket",
      actions: ["delete", "create"],
      replace_paths: [["bucket"]],
    });
    const text = fs.readFileSync(reduced, "utf8");
    for (const value of ["rw-scratch-2", "123456789012", "/rw/audit", "prior_state", "planned_values"]) expect(text).not.toContain(value);
  });
});
