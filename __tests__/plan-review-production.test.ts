/**
 * The default-deny of production stacks in the plan review, on hand-written plan JSON (the shapes
 * `terraform show -json` writes): which stacks are production, the safe list and its predicates,
 * what counts as an update, and when a new governing resource provably configures a resource of the
 * same plan. `plan-review-real.test.ts` shows each class on real plans of the AWS provider; the
 * Helm release case is hand-written here only (no Helm provider is installed offline).
 */
import { parseAllowFile } from "../src/review/allow-file";
import { ResourceChange, reviewPlans, TerraformPlan } from "../src/review/plan-review";
import { changedAttributes, formatPath } from "../src/review/production/diff";
import { newTargetOf, PRODUCTION_RULES } from "../src/review/production/default-deny";
import { GOVERNING_TYPES } from "../src/review/production/governing";
import { SAFE_CHANGES } from "../src/review/production/safe-list";
import { synthesizedEnvironmentType } from "../src/review/synthesized-environment";
import { UNKNOWN } from "../src/review/rules/values";
import { NO_DATA_TYPES } from "../src/synthesized/data-bearing";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { synthesizedEnvironments } from "../scripts/plan-review";

type Json = Record<string, any>;

const plan = (resource_changes: ResourceChange[], configuration?: Json): TerraformPlan => ({
  format_version: "1.2",
  terraform_version: "1.11.4",
  errored: false,
  complete: true,
  applyable: true,
  resource_changes,
  ...(configuration ? { configuration } : {}),
});
const change = (address: string, actions: ResourceChange["change"]["actions"], before: unknown, after: unknown, afterUnknown = {}) => ({
  address,
  mode: "managed",
  type: address.replace(/^(module\.[^.]+\.)*/, "").split(".")[0],
  change: { actions, before, after, after_unknown: afterUnknown },
});
const update = (address: string, before: Json, after: Json, afterUnknown: Json = {}) =>
  change(address, ["update"], before, after, afterUnknown) as ResourceChange;
/** The rules (or destroy kinds) and attributes of the refused findings, in a production stack. */
const refused = (p: TerraformPlan, options = {}) =>
  reviewPlans([{ stack: "prod-data", plan: p }], { allow: [], ...options }).blocked.map((f) =>
    f.rule ? `${f.rule} ${f.attribute}` : `${f.kind} ${f.address}`,
  );

describe("which stacks are production", () => {
  const synthesized = (marker: string | undefined, ...tags: (string | undefined)[]) => ({
    ...(marker ? { "//": { "road-warrior": { environmentType: marker } } } : {}),
    provider: { aws: tags.map((t) => ({ default_tags: [{ tags: t === undefined ? {} : { "environment-type": t } }] })) },
  });

  test("non-production only when the marker and every AWS provider's default tag say so; anything else is production", () => {
    expect(synthesizedEnvironmentType(synthesized("non-production", "non-production", "non-production"))).toBe("non-production");
    expect(synthesizedEnvironmentType(synthesized("non-production", "non-production", "production"))).toBe("production");
    expect(synthesizedEnvironmentType(synthesized("non-production", "non-production", undefined))).toBe("production");
    expect(synthesizedEnvironmentType(synthesized(undefined, "non-production"))).toBe("production");
    expect(synthesizedEnvironmentType(synthesized("production", "non-production"))).toBe("production");
    expect(synthesizedEnvironmentType({})).toBe("production");
  });

  const lowered = update("aws_secretsmanager_secret.S", { recovery_window_in_days: 30 }, { recovery_window_in_days: 7 });

  test("a stack the review cannot find is production; one declared non-production keeps the update rules alone", () => {
    expect(refused(plan([lowered]))).toEqual(["PR-SM-1 recovery_window_in_days", "PR-PROD-1 recovery_window_in_days"]);
    expect(refused(plan([lowered]), { environmentTypes: { "prod-data": "non-production" } })).toEqual(["PR-SM-1 recovery_window_in_days"]);
    // Another stack's declaration does not count.
    expect(refused(plan([lowered]), { environmentTypes: { "dev-data": "non-production" } })).toContain("PR-PROD-1 recovery_window_in_days");
  });

  test("declared non-production but tagged production in the prior state: production, and the review says why", () => {
    const tagged = update(
      "aws_kms_key.K",
      { is_enabled: true, tags_all: { "environment-type": "production" } },
      { is_enabled: true, description: "x", tags_all: { "environment-type": "production" } },
    );
    const result = reviewPlans([{ stack: "prod-data", plan: plan([tagged]) }], {
      allow: [],
      environmentTypes: { "prod-data": "non-production" },
    });
    expect(result.productionStacks).toEqual(["prod-data"]);
    expect(result.markdown).toContain("Reviewed as production: its synthesized stack says non-production");
  });
});

test("the command reads <dir>/stacks/<stack>/cdk.tf.json; a stack not there, or not JSON, is left out: production, and it says so", () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "rw-synthesized-"));
  try {
    const write = (stack: string, text: string) => {
      fs.mkdirSync(path.join(dir, "stacks", stack), { recursive: true });
      fs.writeFileSync(path.join(dir, "stacks", stack, "cdk.tf.json"), text);
    };
    const declared = { "//": { "road-warrior": { environmentType: "non-production" } } };
    write(
      "dev-data",
      JSON.stringify({ ...declared, provider: { aws: [{ default_tags: [{ tags: { "environment-type": "non-production" } }] }] } }),
    );
    write("dev-apps", "{ not json");
    const errors: string[] = [];
    const types = synthesizedEnvironments(dir, ["dev-data", "dev-apps", "dev-cluster"], {
      log: () => undefined,
      error: (m: string) => errors.push(m),
    });
    expect(types).toEqual({ "dev-data": "non-production" });
    expect(errors).toEqual([expect.stringMatching(/cannot read .*dev-apps.*cdk\.tf\.json, so dev-apps is reviewed as production/)]);
    // No folder given and no cdktf.out here: nothing declared, every stack production.
    expect(synthesizedEnvironments(path.join(dir, "missing"), ["dev-data"], console)).toEqual({});
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
});

describe("updates: every changed attribute must be on the safe list", () => {
  test("tags, scaling numbers, longer retention and protection turned on pass", () => {
    const p = plan([
      update(
        "aws_rds_cluster.Aurora",
        {
          backup_retention_period: 7,
          deletion_protection: false,
          serverlessv2_scaling_configuration: [{ min_capacity: 0.5, max_capacity: 4 }],
          tags: { team: "data" },
          tags_all: { team: "data" },
        },
        {
          backup_retention_period: 14,
          deletion_protection: true,
          serverlessv2_scaling_configuration: [{ min_capacity: 1, max_capacity: 16 }],
          tags: { team: "data", cost: "db" },
          tags_all: { team: "data", cost: "db" },
        },
      ),
      update("aws_cloudwatch_log_group.L", { retention_in_days: 365 }, { retention_in_days: 731 }),
      update(
        "aws_kms_key.K",
        { deletion_window_in_days: 7, enable_key_rotation: false },
        { deletion_window_in_days: 30, enable_key_rotation: true },
      ),
    ]);
    expect(refused(plan(p.resource_changes as ResourceChange[]))).toEqual([]);
  });

  test("a number on the list only passes in its safe direction; an unknown value never passes a predicate", () => {
    const retention = (from: number, to: unknown, unknown = {}) =>
      refused(plan([update("aws_rds_cluster.A", { backup_retention_period: from }, { backup_retention_period: to }, unknown)]));
    expect(retention(7, 14)).toEqual([]);
    expect(retention(14, 7)).toEqual(["PR-RDS-1 backup_retention_period", "PR-PROD-1 backup_retention_period"]);
    expect(retention(7, null, { backup_retention_period: true })).toContain("PR-PROD-1 backup_retention_period");
    const logs = (from: number, to: number) =>
      refused(plan([update("aws_cloudwatch_log_group.L", { retention_in_days: from }, { retention_in_days: to })]));
    expect(logs(0, 365)).toContain("PR-PROD-1 retention_in_days");
    expect(logs(30, 90)).toEqual([]);
  });

  test("a log retention changed to 0 or unset (forever) is refused: the provider calls DeleteRetentionPolicy, denied in production", () => {
    const logs = (to: unknown) =>
      refused(plan([update("aws_cloudwatch_log_group.L", { retention_in_days: 30 }, { retention_in_days: to })]));
    expect(logs(0)).toEqual(["PR-PROD-1 retention_in_days"]);
    expect(logs(null)).toEqual(["PR-PROD-1 retention_in_days"]);
  });

  test("an SSM parameter is inert only as the front-end contract's String under /frontend/; a SecureString or other path is judged", () => {
    const param = (before: Json, after: Json) => refused(plan([update("aws_ssm_parameter.P", before, after)]));
    const contract = { name: "/road-warrior/prod/frontend/api/base-url", type: "String", value: "https://a" };
    expect(param(contract, { ...contract, value: "https://b" })).toEqual([]);
    expect(param({ ...contract, type: "SecureString" }, { ...contract, type: "SecureString", value: "b" })).toEqual(["PR-PROD-1 value"]);
    const other = { ...contract, name: "/road-warrior/prod/db/url" };
    expect(param(other, { ...other, value: "b" })).toEqual(["PR-PROD-1 value"]);
    expect(param(contract, { ...contract, type: "SecureString" })).toEqual(["PR-PROD-1 type"]);
  });

  test("a secret's description change is refused (the production deploy role may not call UpdateSecret); a key's passes", () => {
    expect(refused(plan([update("aws_secretsmanager_secret.S", { description: "a" }, { description: "b" })]))).toEqual([
      "PR-PROD-1 description",
    ]);
    expect(refused(plan([update("aws_kms_key.K", { description: "a" }, { description: "b" })]))).toEqual([]);
  });

  test("an attribute not on the list is refused, whatever its value: a new inline lifecycle_rule on the bucket", () => {
    const bucket = update(
      "aws_s3_bucket.Assets",
      { bucket: "live", lifecycle_rule: [] },
      { bucket: "live", lifecycle_rule: [{ id: "expire", enabled: true, expiration: [{ days: 365 }] }] },
    );
    expect(refused(plan([bucket]))).toEqual(["PR-PROD-1 lifecycle_rule[0]"]);
  });

  test("the cluster's delete_automated_backups turned on is refused by PR-RDS-4 and the default-deny; turned off passes", () => {
    const flip = (from: boolean, to: boolean) =>
      refused(plan([update("aws_rds_cluster.A", { delete_automated_backups: from }, { delete_automated_backups: to })]));
    expect(flip(false, true)).toEqual(["PR-RDS-4 delete_automated_backups", "PR-PROD-1 delete_automated_backups"]);
    expect(flip(true, false)).toEqual([]);
  });

  test("an update whose plan shows no before or after cannot be shown safe", () => {
    const bare = {
      address: "aws_rds_cluster.A",
      mode: "managed",
      type: "aws_rds_cluster",
      change: { actions: ["update"] },
    } as ResourceChange;
    expect(refused(plan([bare]))).toEqual(["PR-PROD-1 (every attribute)"]);
  });

  test("only inert types are not the default-deny's business: an alarm threshold passes, a role rename does not", () => {
    expect(refused(plan([update("aws_cloudwatch_metric_alarm.A", { threshold: 1 }, { threshold: 9 })]))).toEqual([]);
    expect(refused(plan([update("aws_iam_role.R", { name: "a" }, { name: "b" })]))).toEqual(["PR-PROD-1 name"]);
  });

  // Hand-written plan JSON: no-data types whose update exposes data or admits someone, which a deny-list of
  // data-bearing and governing types let through.
  test.each([
    [
      "a bucket's encryption moved to another account's key",
      "aws_s3_bucket_server_side_encryption_configuration.E",
      { bucket: "b", rule: [{ apply_server_side_encryption_by_default: [{ sse_algorithm: "aws:kms", kms_master_key_id: "k1" }] }] },
      {
        bucket: "b",
        rule: [
          {
            apply_server_side_encryption_by_default: [
              { sse_algorithm: "aws:kms", kms_master_key_id: "arn:aws:kms:eu-central-1:444455556666:key/x" },
            ],
          },
        ],
      },
    ],
    [
      "a listener losing its Cognito sign-in",
      "aws_lb_listener.Https",
      {
        port: 443,
        default_action: [
          { type: "authenticate-cognito", order: 1 },
          { type: "forward", order: 2 },
        ],
      },
      { port: 443, default_action: [{ type: "forward", order: 1 }] },
    ],
    [
      "a user pool client's callback URL to another host",
      "aws_cognito_user_pool_client.Web",
      { callback_urls: ["https://app.example.com/cb"] },
      { callback_urls: ["https://evil.example.net/cb"] },
    ],
    [
      "a topic subscription to another account's queue",
      "aws_sns_topic_subscription.S",
      { protocol: "sqs", endpoint: "arn:aws:sqs:eu-central-1:222222222222:q" },
      { protocol: "sqs", endpoint: "arn:aws:sqs:eu-central-1:444455556666:q" },
    ],
  ])("%s is refused in production (PR-PROD-1)", (_what, address, before, after) => {
    expect(refused(plan([update(address, before, after)])).some((f) => f.startsWith("PR-PROD-1"))).toBe(true);
  });

  test("a node group's scaling numbers and tags pass; a delete of a judged no-data type needs an allow line", () => {
    const group = { scaling_config: [{ desired_size: 2, min_size: 2, max_size: 4 }], tags: {} };
    const scaled = { scaling_config: [{ desired_size: 5, min_size: 3, max_size: 10 }], tags: { team: "x" } };
    expect(refused(plan([update("aws_eks_node_group.G", group, scaled)]))).toEqual([]);
    const deleted = change("aws_lb_listener.Https", ["delete"], { port: 443 }, null) as ResourceChange;
    expect(refused(plan([deleted]))).toEqual(["delete aws_lb_listener.Https"]);
    expect(refused(plan([deleted]), { environmentTypes: { "prod-data": "non-production" } })).toEqual([]);
  });

  test("an ECR lifecycle policy passes when the same rules keep at least as many images", () => {
    const policy = (count: number, tagStatus = "any") =>
      JSON.stringify({
        rules: [
          { rulePriority: 1, selection: { tagStatus, countType: "imageCountMoreThan", countNumber: count }, action: { type: "expire" } },
        ],
      });
    const ecr = (from: string, to: string) =>
      refused(plan([update("aws_ecr_lifecycle_policy.P", { repository: "api", policy: from }, { repository: "api", policy: to })])).filter(
        (f) => f.startsWith("PR-PROD"),
      );
    expect(ecr(policy(30), policy(50))).toEqual([]);
    expect(ecr(policy(30), policy(10))).toEqual(["PR-PROD-1 policy"]);
    expect(ecr(policy(30, "tagged"), policy(50, "any"))).toEqual(["PR-PROD-1 policy"]);
    expect(ecr(policy(30), "not json")).toEqual(["PR-PROD-1 policy"]);
  });

  test("a Helm release passes a new image tag and routine scaling; any other value is judged (hand-written plan JSON)", () => {
    const values = (tag: string, replicas = 2) =>
      JSON.stringify({ image: { repository: "111111111111.dkr.ecr.eu-central-1.amazonaws.com/trips-api", tag }, replicas });
    const release = (before: string, after: string) =>
      update(
        "helm_release.Service-trips-api_Release",
        { name: "trips-api", values: [before], metadata: [{ revision: 3 }] },
        { name: "trips-api", values: [after], metadata: null },
        { metadata: true },
      );
    expect(refused(plan([release(values("1.4.0"), values("1.5.0"))]))).toEqual([]);
    expect(refused(plan([release(values("1.4.0"), values("1.5.0", 3))]))).toEqual([]);
    expect(refused(plan([release(values("1.4.0"), values("1.4.0", -1))]))).toEqual(["PR-PROD-1 values[0]"]);
    const otherRepository = JSON.stringify({
      image: { repository: "222222222222.dkr.ecr.eu-central-1.amazonaws.com/x", tag: "1.5.0" },
      replicas: 2,
    });
    expect(refused(plan([release(values("1.4.0"), otherRepository)]))).toEqual(["PR-PROD-1 values[0]"]);
  });

  test("routine scaling in chart values passes in production: replicas, autoscaling, requests and limits, a PDB, a dated AMI alias", () => {
    const service = (scale: Json) =>
      JSON.stringify({
        image: { repository: "111111111111.dkr.ecr.eu-central-1.amazonaws.com/trips-api", tag: "1.4.0" },
        env: { LOG_LEVEL: "info" },
        ingress: { annotations: { "alb.ingress.kubernetes.io/scheme": "internal" } },
        ...scale,
      });
    const release = (before: string, after: string) =>
      update("helm_release.R", { name: "r", values: [before], metadata: null }, { name: "r", values: [after], metadata: null });
    const small = {
      replicaCount: 2,
      autoscaling: { enabled: true, minReplicas: 2, maxReplicas: 4, targetCPUUtilizationPercentage: 70 },
      resources: { requests: { cpu: "250m", memory: "256Mi" }, limits: { cpu: "1", memory: "512Mi" } },
      podDisruptionBudget: { minAvailable: 1 },
    };
    const large = {
      replicaCount: 3,
      autoscaling: { enabled: true, minReplicas: 3, maxReplicas: 10, targetCPUUtilizationPercentage: 60 },
      resources: { requests: { cpu: "500m", memory: "1Gi" }, limits: { cpu: "2", memory: "2Gi" } },
      podDisruptionBudget: { minAvailable: 2 },
    };
    expect(refused(plan([release(service(small), service(large))]))).toEqual([]);
    const pools = (amiAlias: string) => JSON.stringify({ amiAlias, instanceProfile: "p", nodePools: [{ name: "default" }] });
    expect(refused(plan([release(pools("al2023@v20260930"), pools("al2023@v20261030"))]))).toEqual([]);
    // Failing cases: what runs, who may reach it, or a scaling switch (not a number), is judged.
    expect(refused(plan([release(pools("al2023@v20260930"), pools("al2023@latest"))]))).toEqual(["PR-PROD-1 values[0]"]);
    const envChanged = service(small).replace('"LOG_LEVEL":"info"', '"LOG_LEVEL":"debug"');
    expect(refused(plan([release(service(small), envChanged)]))).toEqual(["PR-PROD-1 values[0]"]);
    const exposed = service(small).replace('"internal"', '"internet-facing"');
    expect(refused(plan([release(service(small), exposed)]))).toEqual(["PR-PROD-1 values[0]"]);
    const off = service({ ...small, autoscaling: { ...small.autoscaling, enabled: false } });
    expect(refused(plan([release(service(small), off)]))).toEqual(["PR-PROD-1 values[0]"]);
    const gpu = service({ ...small, resources: { ...small.resources, limits: { ...small.resources.limits, "nvidia.com/gpu": "1" } } });
    expect(refused(plan([release(service(small), gpu)]))).toEqual(["PR-PROD-1 values[0]"]);
  });

  test("a value known after apply counts only where the configuration sets it: what AWS reports back is no change", () => {
    const cluster = update(
      "aws_rds_cluster.A",
      { cluster_members: null, backup_retention_period: 7 },
      { cluster_members: null, backup_retention_period: null },
      { cluster_members: true, backup_retention_period: true },
    );
    const configured = {
      root_module: { resources: [{ address: "aws_rds_cluster.A", expressions: { backup_retention_period: { references: ["var.x"] } } }] },
    };
    expect(refused(plan([cluster], configured)).filter((f) => f.startsWith("PR-PROD"))).toEqual(["PR-PROD-1 backup_retention_period"]);
    // A block written by a `dynamic` block is not in the configuration: unknown content there counts, as does a block that was there.
    const dynamic = update(
      "aws_s3_bucket.B",
      { lifecycle_rule: [], website: null },
      { lifecycle_rule: null, website: [{ index_document: null }] },
      { lifecycle_rule: true, website: [{ index_document: true }] },
    );
    const bucketConfig = { root_module: { resources: [{ address: "aws_s3_bucket.B", expressions: { bucket: { constant_value: "b" } } }] } };
    expect(refused(plan([dynamic], bucketConfig))).toEqual(["PR-PROD-1 lifecycle_rule", "PR-PROD-1 website"]);
    // Without the configuration the review cannot tell them apart: both count.
    expect(refused(plan([cluster])).filter((f) => f.startsWith("PR-PROD"))).toEqual([
      "PR-PROD-1 cluster_members",
      "PR-PROD-1 backup_retention_period",
    ]);
  });

  test("the diff matches named blocks by name, treats null and a zero value alike, and reports a new block once", () => {
    const before = {
      rule: [
        { rule_name: "a", lifecycle: [{ delete_after: 35 }] },
        { rule_name: "b", schedule: "x" },
      ],
      years: null,
    };
    const after = {
      rule: [
        { rule_name: "b", schedule: "x" },
        { rule_name: "a", lifecycle: [{ delete_after: 60 }] },
      ],
      years: 0,
    };
    const changes = changedAttributes("aws_backup_plan", before, after, {});
    expect(changes.map((c) => `${formatPath(c.path)} ${c.before} ${c.after}`)).toEqual(['rule["a"].lifecycle[0].delete_after 35 60']);
    const added = changedAttributes("aws_backup_plan", { rule: [] }, { rule: [{ rule_name: "c", schedule: "y" }] }, {});
    expect(added.map((c) => formatPath(c.path))).toEqual([`rule["c"]`]);
    expect(changedAttributes("x", { a: 1 }, { a: null }, { a: true })[0].after).toBe(UNKNOWN);
  });
});

describe("destroys, replacements and forgets of governing types", () => {
  const pab = (actions: ResourceChange["change"]["actions"]) =>
    change(
      "aws_s3_bucket_public_access_block.Assets",
      actions,
      { bucket: "live", block_public_acls: true },
      actions.includes("create") ? { bucket: "live", block_public_acls: true } : null,
    ) as ResourceChange;

  test("deleted or forgotten in production: refused, allowed by the bare address; in non-production: passes as before", () => {
    expect(refused(plan([pab(["delete"])]))).toEqual(["delete aws_s3_bucket_public_access_block.Assets"]);
    expect(refused(plan([pab(["forget"])]))).toEqual(["forget aws_s3_bucket_public_access_block.Assets"]);
    expect(refused(plan([pab(["delete"])]), { environmentTypes: { "prod-data": "non-production" } })).toEqual([]);
    const allowed = reviewPlans([{ stack: "prod-data", plan: plan([pab(["delete"])]) }], {
      allow: parseAllowFile("prod-data:aws_s3_bucket_public_access_block.Assets -- the bucket is retired with it next week\n", "a").allows,
    });
    expect(allowed.blocked).toEqual([]);
  });

  test("replaced with the same values: checked like an update, so it passes", () => {
    expect(refused(plan([pab(["delete", "create"])]))).toEqual([]);
  });
});

describe("new governing resources: provably on a resource created in the same plan, or live data", () => {
  const bucket = (actions: ResourceChange["change"]["actions"] = ["create"]) =>
    change("aws_s3_bucket.New", actions, actions[0] === "create" ? null : { bucket: "new" }, { bucket: "new" }) as ResourceChange;
  const lifecycle = change("aws_s3_bucket_lifecycle_configuration.L", ["create"], null, { rule: [] }, { bucket: true }) as ResourceChange;
  const configured = (text: unknown, references = ["aws_s3_bucket.New.id", "aws_s3_bucket.New"]) => ({
    root_module: {
      resources: [{ address: "aws_s3_bucket_lifecycle_configuration.L", expressions: { bucket: { constant_value: text, references } } }],
    },
  });
  const target = (p: TerraformPlan) => newTargetOf(lifecycle, p);

  test("exactly the new bucket's id or name: its own", () => {
    expect(target(plan([bucket(), lifecycle], configured("${aws_s3_bucket.New.id}")))).toBe("aws_s3_bucket.New");
    expect(
      target(plan([bucket(), lifecycle], configured("${aws_s3_bucket.New.bucket}", ["aws_s3_bucket.New.bucket", "aws_s3_bucket.New"]))),
    ).toBe("aws_s3_bucket.New");
    expect(refused(plan([bucket(), lifecycle], configured("${aws_s3_bucket.New.id}")))).toEqual([]);
  });

  test.each([
    ["a decoy replace() of the new bucket's id", '${replace(aws_s3_bucket.New.id, "x", "")}live-bucket'],
    ["a join() of the new bucket's id and a literal", '${join("", [aws_s3_bucket.New.id, "-live"])}'],
    ["another attribute of the new bucket", "${aws_s3_bucket.New.arn}"],
    ["a literal name", "live-bucket"],
    ["no expression text (a configuration in HCL)", undefined],
  ])("%s: may be live data, refused (PR-PROD-2)", (_what, text) => {
    expect(target(plan([bucket(), lifecycle], configured(text)))).toBeUndefined();
    expect(refused(plan([bucket(), lifecycle], configured(text)))).toEqual(["PR-PROD-2 bucket"]);
  });

  test("a bucket that exists already (updated, replaced or untouched), or a plan without its configuration: refused", () => {
    for (const actions of [["update"], ["delete", "create"]] as ResourceChange["change"]["actions"][])
      expect(target(plan([bucket(actions), lifecycle], configured("${aws_s3_bucket.New.id}")))).toBeUndefined();
    expect(target(plan([lifecycle], configured("${aws_s3_bucket.New.id}")))).toBeUndefined();
    expect(target(plan([bucket(), lifecycle]))).toBeUndefined();
  });
});

describe("the tables", () => {
  test("every safe-list entry says why; every governing type says what it governs, and those on the no-data list are governed", () => {
    for (const entry of SAFE_CHANGES) expect(entry.why.length).toBeGreaterThan(10);
    for (const [type, governing] of Object.entries(GOVERNING_TYPES)) {
      expect(governing.reason.length).toBeGreaterThan(10);
      if (governing.target) expect(Object.keys(governing.target.parents).length).toBeGreaterThan(0);
      expect(type).toMatch(/^aws_/);
    }
    // The types the no-data list lets go without a review of destruction, but which govern data, are in the table.
    for (const type of [
      "aws_s3_bucket_policy",
      "aws_s3_bucket_public_access_block",
      "aws_s3_bucket_lifecycle_configuration",
      "aws_kms_alias",
      "aws_ecr_lifecycle_policy",
    ]) {
      expect(NO_DATA_TYPES[type]).toBeDefined();
      expect(GOVERNING_TYPES[type]).toBeDefined();
    }
  });

  test("the allow file accepts the default-deny's rule ids", () => {
    for (const { id } of PRODUCTION_RULES)
      expect(parseAllowFile(`prod-data:aws_kms_alias.Key ${id} -- moved to the new key on purpose\n`, "a").allows[0].rule).toBe(id);
  });

  test("docs/plan-review.md lists every governing type, every safe-list entry and the default-deny's rules", () => {
    const docs = fs.readFileSync(path.join(__dirname, "..", "docs", "plan-review.md"), "utf8");
    for (const type of Object.keys(GOVERNING_TYPES)) expect(docs).toContain(`\`${type}\``);
    for (const entry of SAFE_CHANGES) expect(docs).toContain(`\`${entry.path}\``);
    for (const { id } of PRODUCTION_RULES) expect(docs).toContain(id);
  });
});

describe("node code and pod roles in production (hand-written plan JSON)", () => {
  const association = (roleArn: string, references: string[], account = { namespace: "evil", service_account: "evil" }) => {
    const create = change("aws_eks_pod_identity_association.A", ["create"], null, {
      cluster_name: "c",
      ...account,
      role_arn: roleArn,
    }) as ResourceChange;
    const configuration = {
      root_module: {
        resources: [{ address: "aws_eks_pod_identity_association.A", expressions: { role_arn: { constant_value: roleArn, references } } }],
      },
    };
    return { create, configuration };
  };

  test("a new pod identity association of an existing role (say the backup role) is refused; of a new role it passes", () => {
    const existing = association("arn:aws:iam::222222222222:role/road-warrior-prod-backup", []);
    expect(refused(plan([existing.create], existing.configuration))).toEqual(["PR-PROD-2 role_arn"]);
    const fresh = association("${aws_iam_role.R.arn}", ["aws_iam_role.R.arn", "aws_iam_role.R"]);
    const role = change("aws_iam_role.R", ["create"], null, { name: "r" }) as ResourceChange;
    expect(refused(plan([role, fresh.create], fresh.configuration))).toEqual([]);
  });

  test("a new service's association as the apps stack makes it (own role, namespace, account) passes; another pairing is refused", () => {
    const trips = { namespace: "trips-api", service_account: "trips-api" };
    const own = association("arn:aws:iam::222222222222:role/road-warrior-prod.trips-api", ["data.terraform_remote_state.data"], trips);
    expect(refused(plan([own.create], own.configuration))).toEqual([]);
    // Another service's role, or its own role for another service account or namespace: a data role handed to other pods.
    for (const [roleArn, account] of [
      ["arn:aws:iam::222222222222:role/road-warrior-prod.payments", trips],
      ["arn:aws:iam::222222222222:role/road-warrior-prod.trips-api", { namespace: "tools", service_account: "trips-api" }],
      ["arn:aws:iam::222222222222:role/road-warrior-prod.trips-api", { namespace: "trips-api", service_account: "default" }],
    ] as const) {
      const other = association(roleArn, [], account);
      expect([roleArn, account, refused(plan([other.create], other.configuration))]).toEqual([roleArn, account, ["PR-PROD-2 role_arn"]]);
    }
  });

  test("a service's association passes only with a role of this stack's project and environment (its name's prefix)", () => {
    const trips = { namespace: "trips-api", service_account: "trips-api" };
    const of = (roleArn: string, project?: string) => {
      const a = association(roleArn, [], trips);
      const aws = {
        name: "aws",
        full_name: "registry.terraform.io/hashicorp/aws",
        expressions: { default_tags: [{ tags: { constant_value: { project } } }] },
      };
      return refused(plan([a.create], { ...a.configuration, ...(project ? { provider_config: { aws } } : {}) }));
    };
    expect(of("arn:aws:iam::222222222222:role/road-warrior-prod.trips-api", "road-warrior")).toEqual([]);
    // Another environment's role (dev's, in a prod stack), or another project's of the same environment.
    expect(of("arn:aws:iam::222222222222:role/road-warrior-dev.trips-api")).toEqual(["PR-PROD-2 role_arn"]);
    expect(of("arn:aws:iam::222222222222:role/other-prod.trips-api", "road-warrior")).toEqual(["PR-PROD-2 role_arn"]);
  });

  test("moving a pod identity association to another role is refused; a tag change passes", () => {
    const before = { role_arn: "arn:aws:iam::222222222222:role/a", namespace: "n", service_account: "s", tags: {} };
    expect(
      refused(plan([update("aws_eks_pod_identity_association.A", before, { ...before, role_arn: "arn:aws:iam::222222222222:role/b" })])),
    ).toEqual(["PR-PROD-1 role_arn"]);
    expect(refused(plan([update("aws_eks_pod_identity_association.A", before, { ...before, tags: { team: "x" } })]))).toEqual([]);
  });

  test("a launch template's new or changed user_data is refused in production (it runs as root on every node), not elsewhere", () => {
    const before = { name: "lt", user_data: null, image_id: "ami-1" };
    const withCode = update("aws_launch_template.L", before, { ...before, user_data: "IyEvYmluL3NoCmN1cmwgaHR0cDovL3ggfCBzaA==" });
    expect(refused(plan([withCode]))).toEqual(["PR-PROD-1 user_data", "PR-CODE-1 user_data"]);
    expect(refused(plan([withCode]), { environmentTypes: { "prod-data": "non-production" } })).toEqual([]);
    expect(refused(plan([update("aws_launch_template.L", before, { ...before, tags: { a: "b" } })]))).toEqual([]);
  });
});

describe("new resources acting on a live bucket or vault (hand-written plan JSON)", () => {
  test.each([
    ["aws_s3_object.O", { bucket: "live-bucket", key: "index.html" }],
    ["aws_s3_bucket_inventory.I", { bucket: "live-bucket", name: "all" }],
    ["aws_s3_bucket_notification.N", { bucket: "live-bucket" }],
    ["aws_s3_bucket_logging.L", { bucket: "live-bucket", target_bucket: "elsewhere" }],
    ["aws_s3_bucket_server_side_encryption_configuration.E", { bucket: "live-bucket" }],
  ])("a new %s naming a bucket that may be live is refused (PR-PROD-2)", (address, after) => {
    expect(refused(plan([change(address, ["create"], null, after) as ResourceChange]))).toEqual(["PR-PROD-2 bucket"]);
  });

  test("a new vault lock naming a vault that may be live is refused (PR-PROD-2)", () => {
    const lock = change("aws_backup_vault_lock_configuration.L", ["create"], null, { backup_vault_name: "live", min_retention_days: 1 });
    expect(refused(plan([lock as ResourceChange]))).toEqual(["PR-PROD-2 backup_vault_name"]);
  });
});
