/**
 * `plan-review`: the pull-request review of Terraform plans. The command runs in-process
 * (`main` returns the exit code) on hand-written plan JSON under `fixtures/plans/`, for the
 * shapes that are hard to produce for real (errored, incomplete, drift) and the command line;
 * `plan-review-real.test.ts` covers every rule on real plans.
 */
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { stringify } from "yaml";
import { main, nonProductionStacks, stackNameOf } from "../scripts/plan-review";
import { parseAllowFile } from "../src/review/allow-file";
import { DATA_BEARING_TYPES, isDataBearing, NO_DATA_TYPES, UNCLASSIFIED_REASON } from "../src/synthesized/data-bearing";
import {
  EMPTY_STATE_NOTE,
  environmentTypesOf,
  formatAttributePath,
  parsePlan,
  ResourceChange,
  REVIEW_MARKER,
  reviewPlans,
  TerraformPlan,
} from "../src/review/plan-review";
import { builtInRaw } from "./support/environments";

const FIXTURES = path.join(__dirname, "fixtures", "plans");
const fixture = (name: string) => path.join(FIXTURES, name);
const work = fs.mkdtempSync(path.join(os.tmpdir(), "rw-plan-review-"));
afterAll(() => fs.rmSync(work, { recursive: true, force: true }));

function run(...argv: string[]): { code: number; out: string; err: string } {
  const out: string[] = [];
  const err: string[] = [];
  const code = main(argv, {
    log: (...parts: unknown[]) => out.push(parts.join(" ")),
    error: (...parts: unknown[]) => err.push(parts.join(" ")),
  });
  return { code, out: out.join("\n"), err: err.join("\n") };
}

function writeTemp(name: string, content: string): string {
  const file = path.join(work, name);
  fs.mkdirSync(path.dirname(file), { recursive: true });
  fs.writeFileSync(file, content);
  return file;
}

/** A synthesized app (`cdktf.out`) whose stacks declare the given environment types, as the stacks of this project do. */
function synthesizedApp(name: string, types: Record<string, "production" | "non-production">): string {
  const dir = path.join(work, "synthesized", name);
  for (const [stack, type] of Object.entries(types)) {
    const json = {
      "//": { "road-warrior": { environmentType: type } },
      provider: { aws: [{ region: "eu-central-1", default_tags: [{ tags: { project: "road-warrior", "environment-type": type } }] }] },
    };
    writeTemp(path.relative(work, path.join(dir, "stacks", stack, "cdk.tf.json")), JSON.stringify(json));
  }
  return dir;
}

const plan = (...resource_changes: ResourceChange[]): TerraformPlan => ({
  format_version: "1.2",
  terraform_version: "1.11.4",
  errored: false,
  complete: true,
  applyable: true,
  resource_changes,
});
const allowsOf = (text: string) => parseAllowFile(text, "plan-review.allow").allows;
const PASS = "✅ No change loses data or strips its protection.";
/** Options declaring stacks non-production, as their synthesized stacks would: the update rules alone apply, not the default-deny. */
const rulesOnly = (...stacks: string[]) => ({ environmentTypes: Object.fromEntries(stacks.map((s) => [s, "non-production" as const])) });
const managed = (address: string, actions: ResourceChange["change"]["actions"], extra: Partial<ResourceChange> = {}): ResourceChange => ({
  address,
  mode: "managed",
  type: address.split(".").slice(-2)[0],
  change: { actions },
  ...extra,
});

/** One fixture per data-bearing type, each with a delete and a replace (stack = file name). */
const DATA_BEARING = [
  {
    type: "aws_rds_cluster",
    stack: "aurora-cluster",
    deleted: "aws_rds_cluster.Legacy",
    replaced: "aws_rds_cluster.Aurora",
    forcedBy: "`engine`",
  },
  {
    type: "aws_rds_cluster_instance",
    stack: "aurora-instance",
    deleted: "aws_rds_cluster_instance.Aurora_Reader1_E28FCFF4",
    replaced: "aws_rds_cluster_instance.Aurora_Writer_CBC05E4D",
    forcedBy: "`identifier`",
  },
  {
    type: "aws_db_instance",
    stack: "rds-instance",
    deleted: "aws_db_instance.Reporting",
    replaced: "aws_db_instance.Legacy",
    forcedBy: "`storage_encrypted`",
  },
  {
    type: "aws_s3_bucket",
    stack: "bootstrap",
    deleted: "aws_s3_bucket.StateLogsBucket-road-warrior-tfstate-111111111111",
    replaced: "aws_s3_bucket.StateBucket-road-warrior-tfstate-111111111111",
    forcedBy: "`bucket`",
  },
  {
    type: "aws_kms_key",
    stack: "kms-key",
    deleted: "aws_kms_key.Key",
    replaced: "aws_kms_key.LogsKey",
    forcedBy: "`customer_master_key_spec`",
  },
  {
    type: "aws_ecr_repository",
    stack: "ecr-repository",
    deleted: "aws_ecr_repository.Repository-notifications",
    replaced: "aws_ecr_repository.Repository-trips-api",
    forcedBy: "`name`",
  },
  {
    type: "aws_secretsmanager_secret",
    stack: "secret",
    deleted: "aws_secretsmanager_secret.Secret-notifications",
    replaced: "aws_secretsmanager_secret.Secret-trips-api",
    forcedBy: "`name`",
  },
  {
    type: "aws_ebs_volume",
    stack: "ebs-volume",
    deleted: "aws_ebs_volume.Scratch",
    replaced: "aws_ebs_volume.Data",
    forcedBy: "`availability_zone`",
  },
  {
    type: "aws_efs_file_system",
    stack: "efs",
    deleted: "aws_efs_file_system.Old",
    replaced: "aws_efs_file_system.Shared",
    forcedBy: "`performance_mode`",
  },
  {
    type: "aws_dynamodb_table",
    stack: "dynamodb",
    deleted: "aws_dynamodb_table.Locks",
    replaced: "aws_dynamodb_table.Sessions",
    forcedBy: "`hash_key`, `attribute[0].type`",
  },
  {
    type: "aws_cognito_user_pool",
    stack: "cognito",
    deleted: "aws_cognito_user_pool.Legacy",
    replaced: "aws_cognito_user_pool.UserPool",
    forcedBy: "`username_attributes`",
  },
];
const dataBearingFile = (stack: string) => fixture(`data-bearing/${stack}.plan.json`);

describe("plans that destroy no data pass", () => {
  test("create-only: exit 0, the hidden marker, then the verdict, counts and every create", () => {
    const { code, out, err } = run(fixture("create-only.plan.json"));
    expect(code).toBe(0);
    expect(err).toBe("");
    const lines = out.split("\n");
    expect(lines[0]).toBe("<!-- road-warrior-plan-review -->");
    expect(lines[0]).toBe(REVIEW_MARKER);
    expect(lines[1]).toBe(`${PASS} ${EMPTY_STATE_NOTE}`);
    expect(out).toContain("### `create-only`");
    expect(out).toContain("5 to add, 0 to change, 0 to destroy, 0 to replace.");
    expect(out).toContain("| `aws_rds_cluster.Aurora` | `aws_rds_cluster` | create |");
    expect(out).not.toContain("Replaced resources");
  });

  test("in-place update: listed as update, no-ops (even moved ones) omitted, a move annotated", () => {
    const { code, out } = run(fixture("in-place-update.plan.json"));
    expect(code).toBe(0);
    expect(out.split("\n")[1]).toBe(PASS);
    expect(out).toContain("0 to add, 3 to change, 0 to destroy, 0 to replace.");
    expect(out).toContain("| `aws_rds_cluster.Aurora` | `aws_rds_cluster` | update |");
    expect(out).toContain("(moved from `aws_ecr_lifecycle_policy.RepositoryLifecycle-trips-api`)");
    expect(out).not.toContain("aws_kms_key.Key");
    expect(out).not.toContain("aws_s3_bucket.LogsBucket");
  });

  test("stateless replace: passes in non-production and names the attributes forcing each replacement", () => {
    // In production a replaced node group or security group rule is judged (neither is inert): it needs an allow line.
    expect(run(fixture("replace-stateless.plan.json")).code).toBe(1);
    const synthesized = synthesizedApp("stateless", { "replace-stateless": "non-production", "create-only": "non-production" });
    const { code, out } = run("--synthesized", synthesized, fixture("replace-stateless.plan.json"));
    expect(code).toBe(0);
    expect(out.split("\n")[1]).toBe(PASS);
    expect(out).toContain("0 to add, 1 to change, 0 to destroy, 3 to replace.");
    expect(out).toContain("| `aws_eks_node_group.NodeGroup-general` | `aws_eks_node_group` | replace |");
    expect(out).toContain("- `aws_eks_node_group.NodeGroup-general`: forced by `instance_types`");
    expect(out).toContain("- `aws_security_group_rule.NodesWebhookFromCluster`: forced by `from_port`, `to_port`");
    expect(out).toContain("- `aws_eks_addon.Addon-coredns`: the object is tainted");
  });

  test("data-source reads are ignored, also with an action reason", () => {
    for (const file of ["create-only.plan.json", "in-place-update.plan.json", "replace-stateless.plan.json"]) {
      expect(fs.readFileSync(fixture(file), "utf8")).toContain('"mode": "data"');
      expect(run(fixture(file)).out).not.toMatch(/data\.aws_|\bread\b/);
    }
    const review = reviewPlans([{ stack: "dev-data", plan: plan({ ...managed("data.aws_s3_bucket.Existing", ["read"]), mode: "data" }) }], {
      allow: [],
    });
    expect(review.blocked).toEqual([]);
    expect(review.markdown).toContain("No changes.");
  });

  test("several plans give one section per stack, in the order given", () => {
    const synthesized = synthesizedApp("sections", { "replace-stateless": "non-production", "create-only": "non-production" });
    const { code, out } = run("--synthesized", synthesized, fixture("replace-stateless.plan.json"), fixture("create-only.plan.json"));
    expect(code).toBe(0);
    expect(out.indexOf("### `replace-stateless`")).toBeGreaterThan(0);
    expect(out.indexOf("### `create-only`")).toBeGreaterThan(out.indexOf("### `replace-stateless`"));
  });
});

describe("data-bearing resources destroyed, replaced or forgotten are refused", () => {
  test("every fixture type is data-bearing and has its reason; the no-data list and the reasons do not overlap", () => {
    for (const { type, stack } of DATA_BEARING) {
      expect(isDataBearing(type)).toBe(true);
      expect(DATA_BEARING_TYPES[type]).toBeDefined();
      const changes = parsePlan(fs.readFileSync(dataBearingFile(stack), "utf8")).resource_changes ?? [];
      expect(changes.map((c) => [c.type, c.change.actions.join(",")])).toEqual([
        [type, "delete"],
        [type, "delete,create"],
      ]);
    }
    expect(Object.keys(DATA_BEARING_TYPES).filter((t) => NO_DATA_TYPES[t] !== undefined)).toEqual([]);
    for (const reason of Object.values(NO_DATA_TYPES)) expect(reason.length).toBeGreaterThan(5);
  });

  test("the Aurora cluster fixture is replaced because of its engine", () => {
    const changes = parsePlan(fs.readFileSync(dataBearingFile("aurora-cluster"), "utf8")).resource_changes ?? [];
    expect(changes[1].change.replace_paths).toEqual([["engine"]]);
  });

  test.each(DATA_BEARING)(
    "$type: destroy and replace exit 1, naming resource, reason and allow line",
    ({ type, stack, deleted, replaced, forcedBy }) => {
      const { code, out, err } = run(dataBearingFile(stack));
      expect(code).toBe(1);
      expect(out.split("\n")[1]).toBe("⛔ Refused: 2 findings (data lost, its protection stripped, or a plan that is not complete).");
      const reason = DATA_BEARING_TYPES[type];
      const destroyed = `\`${stack}\`: \`${deleted}\` would be destroyed (it is no longer in the configuration`;
      const replacedBy =
        `\`${stack}\`: \`${replaced}\` would be replaced (forced by ${forcedBy}). Destroying this \`${type}\` ${reason}. ` +
        `To allow it, add \`${stack}:${replaced} -- <why losing this is intended>\`.`;
      for (const text of [out, err]) {
        expect(text).toContain(destroyed);
        expect(text).toContain(`To allow it, add \`${stack}:${deleted} -- <why losing this is intended>\`.`);
        expect(text).toContain(replacedBy);
      }
      expect(out).toContain(`| \`${deleted}\` | \`${type}\` | delete ⛔ refused |`);
      expect(out).toContain(`| \`${replaced}\` | \`${type}\` | replace ⛔ refused |`);
      const review = reviewPlans([{ stack, plan: parsePlan(fs.readFileSync(dataBearingFile(stack), "utf8")) }], { allow: [] });
      expect(review.blocked.map((b) => [b.address, b.kind, b.lost])).toEqual([
        [deleted, "delete", reason],
        [replaced, "replace", reason],
      ]);
      expect(review.allowed).toEqual([]);
    },
  );

  test.each(DATA_BEARING)(
    "$type: an allow file naming both (stack:address and a reason) lets them pass and lists the allows",
    ({ stack, deleted, replaced }) => {
      const allowFile = writeTemp(
        `allows/${stack}.allow`,
        `# deliberate\n${stack}:${deleted} -- retired, data exported first (#1)\n\n` +
          `${stack}:${replaced} -- rebuilt from the final snapshot (#2)\n`,
      );
      const { code, out, err } = run("--allow-file", allowFile, dataBearingFile(stack));
      expect(err).toBe("");
      expect(code).toBe(0);
      expect(out.split("\n")[1]).toBe(
        "⚠️ Passed with 2 findings allowed by plan-review.allow (data lost or its protection stripped on purpose).",
      );
      expect(out).toContain(`Allowed by ${stack}.allow:2: retired, data exported first (#1)`);
      expect(out).toContain(
        `**Allows used**\n\n- ${stack}.allow:2: \`${stack}:${deleted}\`: retired, data exported first (#1)\n` +
          `- ${stack}.allow:4: \`${stack}:${replaced}\`: rebuilt from the final snapshot (#2)`,
      );
      expect(out).not.toContain("⛔");
    },
  );

  test.each(DATA_BEARING)("$type: allowing the destroy alone leaves the replace refused", ({ stack, deleted, replaced }) => {
    const allowFile = writeTemp(`allows/${stack}-one.allow`, `${stack}:${deleted} -- retired, data exported first\n`);
    const { code, out, err } = run(`--allow-file=${allowFile}`, dataBearingFile(stack));
    expect(code).toBe(1);
    expect(out.split("\n")[1]).toBe(
      "⛔ Refused: 1 finding (data lost, its protection stripped, or a plan that is not complete). " +
        "(1 finding more allowed by plan-review.allow.)",
    );
    expect(err).toContain(replaced);
    expect(err).not.toContain(`\`${deleted}\``);
  });

  test("a bare address allows nothing (it would match dev and prod): refused, and the review says why", () => {
    const allowFile = writeTemp("bare.allow", "aws_rds_cluster.Aurora -- replacing the database on purpose\n");
    const { code, out, err } = run("--allow-file", allowFile, dataBearingFile("aurora-cluster"));
    expect(code).toBe(1);
    expect(out).toContain(
      '**Allows that allow nothing**\n\n- bare.allow:1: "aws_rds_cluster.Aurora" names no stack: ' +
        "a bare address would allow the same change in every stack (dev and prod alike), so it allows nothing; " +
        "write <stack>:aws_rds_cluster.Aurora",
    );
    expect(err).toContain("bare.allow:1: ");
  });

  test("an allow names its stack: dev's allow leaves prod's replacement refused, and an unmatched allow is reported unused", () => {
    const twice = (allow: string) =>
      reviewPlans(
        ["dev-data", "prod-data"].map((stack) => ({ stack, plan: plan(managed("aws_rds_cluster.Aurora", ["delete", "create"])) })),
        { allow: allowsOf(allow) },
      );
    const scoped = twice(
      "dev-data:aws_rds_cluster.Aurora -- dev is rebuilt from a snapshot\nprod-data:aws_rds_cluster.Other -- no such resource",
    );
    expect(scoped.allowed.map((a) => a.stack)).toEqual(["dev-data"]);
    expect(scoped.blocked.map((b) => b.stack)).toEqual(["prod-data"]);
    expect(scoped.unusedAllows.map((a) => a.address)).toEqual(["aws_rds_cluster.Other"]);
    expect(scoped.markdown).toContain(
      "Unused allows (nothing in these plans matches them): plan-review.allow:2 `prod-data:aws_rds_cluster.Other`",
    );
  });

  test("a destroy allow does not allow an update rule, nor an update rule allow a destroy", () => {
    const destroy = reviewPlans([{ stack: "prod-data", plan: plan(managed("aws_kms_key.Key", ["delete"])) }], {
      allow: allowsOf("prod-data:aws_kms_key.Key PR-KMS-1 -- disabling the key on purpose"),
    });
    expect(destroy.blocked.map((b) => b.kind)).toEqual(["delete"]);
    const update = reviewPlans(
      [
        {
          stack: "prod-data",
          plan: plan(
            managed("aws_kms_key.Key", ["update"], {
              change: { actions: ["update"], before: { is_enabled: true }, after: { is_enabled: false }, after_unknown: {} },
            }),
          ),
        },
      ],
      { allow: allowsOf("prod-data:aws_kms_key.Key -- the key is retired on purpose") },
    );
    // The default-deny of production refuses the same update (is_enabled is on no safe list): it has its own rule id.
    expect(update.blocked.map((b) => [b.kind, b.rule])).toEqual([
      ["update", "PR-KMS-1"],
      ["update", "PR-PROD-1"],
    ]);
  });

  test("create-before-destroy replacement of a data-bearing resource is refused too", () => {
    const review = reviewPlans(
      [{ stack: "dev-data", plan: plan(managed("aws_kms_key.Key", ["create", "delete"], { action_reason: "replace_by_request" })) }],
      { allow: [] },
    );
    expect(review.blocked.map((b) => [b.address, b.kind])).toEqual([["aws_kms_key.Key", "replace"]]);
    expect(review.blocked[0].message).toContain("would be replaced (replacement requested with -replace)");
  });

  test("forget (a removed block with destroy = false) of a data-bearing resource is refused; of a no-data type it passes", () => {
    const review = reviewPlans(
      [
        {
          stack: "dev-data",
          plan: plan(
            managed("aws_s3_bucket.AssetsBucket", ["forget"]),
            managed("aws_rds_cluster.Aurora", ["create", "forget"], {
              change: { actions: ["create", "forget"], replace_paths: [["engine"]] },
            }),
            managed("aws_cloudwatch_metric_alarm.Cpu", ["forget"]),
          ),
        },
      ],
      { allow: [] },
    );
    expect(review.blocked.map((b) => [b.address, b.kind])).toEqual([
      ["aws_s3_bucket.AssetsBucket", "forget"],
      ["aws_rds_cluster.Aurora", "forget"],
    ]);
    expect(review.blocked[0].message).toContain(
      "would be forgotten (a `removed` block with destroy = false): " +
        "the `aws_s3_bucket` stays in AWS with its data but leaves every protection of this project",
    );
    expect(review.markdown).toContain("0 to add, 0 to change, 0 to destroy, 1 to replace, 2 to forget.");
    expect(review.markdown).toContain("| `aws_rds_cluster.Aurora` | `aws_rds_cluster` | replace, old object kept ⛔ refused |");
  });

  test("deny by default: a delete of a type nobody classified is refused; a type on the no-data list passes", () => {
    const review = reviewPlans(
      [
        {
          stack: "dev-data",
          plan: plan(
            managed("aws_neptune_cluster.Graph", ["delete"]),
            managed("aws_security_group_rule.Rule", ["delete"]),
            managed("aws_iam_role.Role", ["delete", "create"]),
          ),
        },
      ],
      // Non-production: in production every type that is not inert is judged (the default-deny), whatever its data.
      { allow: [], ...rulesOnly("dev-data") },
    );
    expect(review.blocked.map((b) => [b.address, b.lost])).toEqual([["aws_neptune_cluster.Graph", UNCLASSIFIED_REASON]]);
  });

  test("an address that needs quoting in a module works end to end", () => {
    const address = 'module.legacy.aws_s3_bucket.this["logs"]';
    const input = [{ stack: "dev-data", plan: plan({ ...managed(address, ["delete"]), type: "aws_s3_bucket" }) }];
    expect(reviewPlans(input, { allow: [] }).blocked[0].allowLine).toBe(`dev-data:${address} -- <why losing this is intended>`);
    expect(reviewPlans(input, { allow: allowsOf(`dev-data:${address} -- the legacy logs bucket is retired`) }).blocked).toEqual([]);
  });
});

describe("only complete plans pass", () => {
  const base = { format_version: "1.2", terraform_version: "1.11.4", errored: false, complete: true, applyable: true };
  // An alarm (inert: not judged by the production default-deny), so the only finding is the incomplete plan.
  const change = {
    address: "aws_cloudwatch_metric_alarm.A",
    mode: "managed",
    type: "aws_cloudwatch_metric_alarm",
    change: { actions: ["update"] },
  };
  test.each([
    ["errored", { ...base, errored: true, resource_changes: [change] }, /the plan errored \(`errored: true`\)/],
    ["incomplete", { ...base, complete: false, resource_changes: [change] }, /the plan is incomplete \(`complete: false`/],
    ["not applyable with changes", { ...base, applyable: false, resource_changes: [change] }, /cannot be applied \(`applyable: false`\)/],
    [
      "silent about errors (older Terraform)",
      { format_version: "1.2", resource_changes: [change] },
      /does not say whether it errored or is complete/,
    ],
    [
      "planned values but no resource_changes",
      { ...base, planned_values: { root_module: { child_modules: [{ resources: [{ address: "module.m.aws_s3_bucket.b" }] }] } } },
      /planned values but no `resource_changes`/,
    ],
  ])("%s: exit 1, no allow can pass it", (name, json, message) => {
    const file = writeTemp(`incomplete/${name.replace(/\W+/g, "-")}.plan.json`, JSON.stringify(json));
    const allowFile = writeTemp(
      "incomplete/all.allow",
      `${name.replace(/\W+/g, "-")}:aws_cloudwatch_metric_alarm.A -- try to allow it anyway\n`,
    );
    const { code, out, err } = run("--allow-file", allowFile, file);
    expect(code).toBe(1);
    expect(out.split("\n")[1]).toMatch(/^⛔ Refused: 1 finding/);
    expect(out).toMatch(message);
    expect(err).toMatch(message);
    expect(out).toContain("No allow can pass this: make a complete plan.");
  });

  test("a complete plan with no changes (applyable: false, nothing to apply) passes", () => {
    const json = {
      ...base,
      applyable: false,
      planned_values: { root_module: {} },
      resource_changes: [{ ...change, change: { actions: ["no-op"] } }],
    };
    expect(run(writeTemp("nochange/dev-network.plan.json", JSON.stringify(json))).code).toBe(0);
  });
});

describe("drift: data-bearing resources deleted outside Terraform", () => {
  const drifted = (type: string, address: string) => ({
    format_version: "1.2",
    terraform_version: "1.11.4",
    errored: false,
    complete: true,
    applyable: true,
    resource_drift: [{ address, mode: "managed", type, change: { actions: ["delete"] } }],
    resource_changes: [{ address, mode: "managed", type, change: { actions: ["create"] } }],
  });

  test("the database vanished, then a harmless-looking create: refused, naming the drift", () => {
    const file = writeTemp("drift/prod-data.plan.json", JSON.stringify(drifted("aws_rds_cluster", "aws_rds_cluster.Aurora")));
    const { code, out } = run(file);
    expect(code).toBe(1);
    expect(out).toContain(
      "`prod-data`: `aws_rds_cluster.Aurora`: the `aws_rds_cluster` was deleted outside Terraform (`resource_drift`): " +
        "its data is gone already, and the create that follows makes a new, empty one.",
    );
    expect(out).toContain("| `aws_rds_cluster.Aurora` | `aws_rds_cluster` | create ⛔ refused |");
    const allowFile = writeTemp(
      "drift/ack.allow",
      "prod-data:aws_rds_cluster.Aurora -- restored from snapshot rds:x into the new cluster\n",
    );
    expect(run("--allow-file", allowFile, file).code).toBe(0);
  });

  test("drift of a type that holds no data, or an update drift, passes", () => {
    expect(run(writeTemp("drift/dev-network.plan.json", JSON.stringify(drifted("aws_route", "aws_route.Default")))).code).toBe(0);
    const updated = {
      ...drifted("aws_rds_cluster", "aws_rds_cluster.Aurora"),
      resource_drift: [{ address: "aws_rds_cluster.Aurora", mode: "managed", type: "aws_rds_cluster", change: { actions: ["update"] } }],
      resource_changes: [],
    };
    expect(run(writeTemp("drift/dev-data.plan.json", JSON.stringify(updated))).code).toBe(0);
  });
});

describe("creates of protection and configuration resources", () => {
  const lifecycle = (address: string, bucket: unknown, days: number, bucketUnknown = false): ResourceChange => ({
    address,
    mode: "managed",
    type: "aws_s3_bucket_lifecycle_configuration",
    change: {
      actions: ["create"],
      before: null,
      after: { bucket, rule: [{ id: "expire", status: "Enabled", filter: [{ prefix: "" }], expiration: [{ days }] }] },
      after_unknown: bucketUnknown ? { bucket: true, id: true } : { id: true },
    },
  });
  const bucket = (address: string, name: string, actions: ResourceChange["change"]["actions"] = ["create"]): ResourceChange => ({
    address,
    mode: "managed",
    type: "aws_s3_bucket",
    change: { actions, before: actions[0] === "create" ? null : { bucket: name }, after: { bucket: name } },
  });

  test("an old lifecycle replaced by a new one that expires everything after a day: refused (PR-S3-3), allowable by rule id", () => {
    const oldLifecycle = managed("aws_s3_bucket_lifecycle_configuration.Old", ["delete"]);
    const result = reviewPlans(
      [{ stack: "prod-data", plan: plan(oldLifecycle, lifecycle("aws_s3_bucket_lifecycle_configuration.New", "prod-data", 1)) }],
      { allow: [], ...rulesOnly("prod-data") },
    );
    expect(result.blocked.map((f) => `${f.rule} ${f.address} ${f.attribute} ${f.after}`)).toEqual([
      'PR-S3-3 aws_s3_bucket_lifecycle_configuration.New rule["expire"].expiration.days 1',
    ]);
    const allowed = reviewPlans(
      [{ stack: "prod-data", plan: plan(oldLifecycle, lifecycle("aws_s3_bucket_lifecycle_configuration.New", "prod-data", 1)) }],
      {
        allow: allowsOf("prod-data:aws_s3_bucket_lifecycle_configuration.New PR-S3-3 -- scratch bucket, objects are temporary\n"),
        ...rulesOnly("prod-data"),
      },
    );
    expect(allowed.blocked).toEqual([]);
    expect(allowed.allowed).toHaveLength(1);
  });

  test("a new versioning resource that suspends versioning, and a new ECR policy keeping one image, are refused", () => {
    const versioning: ResourceChange = {
      address: "aws_s3_bucket_versioning.V2",
      mode: "managed",
      type: "aws_s3_bucket_versioning",
      change: {
        actions: ["create"],
        before: null,
        after: { bucket: "prod-data", versioning_configuration: [{ status: "Suspended" }] },
        after_unknown: {},
      },
    };
    const policy = JSON.stringify({
      rules: [
        { rulePriority: 1, selection: { tagStatus: "any", countType: "imageCountMoreThan", countNumber: 1 }, action: { type: "expire" } },
      ],
    });
    const ecr: ResourceChange = {
      address: "aws_ecr_lifecycle_policy.P2",
      mode: "managed",
      type: "aws_ecr_lifecycle_policy",
      change: { actions: ["create"], before: null, after: { repository: "api", policy }, after_unknown: {} },
    };
    const result = reviewPlans([{ stack: "prod-apps", plan: plan(versioning, ecr) }], { allow: [], ...rulesOnly("prod-apps") });
    expect(result.blocked.map((f) => `${f.rule} ${f.address}`)).toEqual([
      "PR-S3-2 aws_s3_bucket_versioning.V2",
      "PR-ECR-2 aws_ecr_lifecycle_policy.P2",
    ]);
    // In production, the default-deny refuses both as well: neither names a bucket or repository created in this plan.
    const production = reviewPlans([{ stack: "prod-apps", plan: plan(versioning, ecr) }], { allow: [] });
    expect(production.blocked.map((f) => `${f.rule} ${f.address}`)).toEqual([
      "PR-S3-2 aws_s3_bucket_versioning.V2",
      "PR-PROD-2 aws_s3_bucket_versioning.V2",
      "PR-ECR-2 aws_ecr_lifecycle_policy.P2",
      "PR-PROD-2 aws_ecr_lifecycle_policy.P2",
    ]);
  });

  test("a lifecycle created with its new bucket passes (matched by name or config references); a replaced/existing one does not", () => {
    const review = (...changes: ResourceChange[]) =>
      reviewPlans([{ stack: "dev-data", plan: plan(...changes) }], { allow: [], ...rulesOnly("dev-data") }).blocked.map(
        (f) => `${f.kind} ${f.address}`,
      );
    expect(
      review(bucket("aws_s3_bucket.Logs", "dev-logs"), lifecycle("aws_s3_bucket_lifecycle_configuration.Logs", "dev-logs", 30)),
    ).toEqual([]);
    expect(
      review(bucket("aws_s3_bucket.Logs", "dev-logs"), lifecycle("aws_s3_bucket_lifecycle_configuration.Logs", "prod-data", 30)),
    ).toEqual(["update aws_s3_bucket_lifecycle_configuration.Logs"]);
    const configured = (references: string[]) => ({
      ...plan(bucket("aws_s3_bucket.Logs", "dev-logs"), lifecycle("aws_s3_bucket_lifecycle_configuration.Logs", null, 30, true)),
      configuration: {
        root_module: { resources: [{ address: "aws_s3_bucket_lifecycle_configuration.Logs", expressions: { bucket: { references } } }] },
      },
    });
    expect(
      reviewPlans([{ stack: "dev-data", plan: configured(["aws_s3_bucket.Logs.id", "aws_s3_bucket.Logs"]) }], {
        allow: [],
        ...rulesOnly("dev-data"),
      }).blocked,
    ).toEqual([]);
    expect(
      reviewPlans([{ stack: "dev-data", plan: configured(["aws_s3_bucket.Old.id", "aws_s3_bucket.Old"]) }], {
        allow: [],
        ...rulesOnly("dev-data"),
      }).blocked,
    ).toHaveLength(1);
    const withoutConfiguration = plan(
      bucket("aws_s3_bucket.Logs", "dev-logs"),
      lifecycle("aws_s3_bucket_lifecycle_configuration.Logs", null, 30, true),
    );
    expect(reviewPlans([{ stack: "dev-data", plan: withoutConfiguration }], { allow: [], ...rulesOnly("dev-data") }).blocked).toHaveLength(
      1,
    );
    expect(
      review(bucket("aws_s3_bucket.Logs", "dev-logs", ["update"]), lifecycle("aws_s3_bucket_lifecycle_configuration.Logs", "dev-logs", 30)),
    ).toEqual(["update aws_s3_bucket_lifecycle_configuration.Logs"]);
  });
});

describe("drift: protection removed outside Terraform", () => {
  test("deletion protection off, retention lowered by hand, then the config follows (a no-op): refused, allowable by rule id", () => {
    const drifted: TerraformPlan = {
      ...plan({
        address: "aws_rds_cluster.Aurora",
        mode: "managed",
        type: "aws_rds_cluster",
        change: {
          actions: ["no-op"],
          before: { deletion_protection: false, backup_retention_period: 1 },
          after: { deletion_protection: false, backup_retention_period: 1 },
        },
      }),
      resource_drift: [
        {
          address: "aws_rds_cluster.Aurora",
          mode: "managed",
          type: "aws_rds_cluster",
          change: {
            actions: ["update"],
            before: { deletion_protection: true, backup_retention_period: 35 },
            after: { deletion_protection: false, backup_retention_period: 1 },
            after_unknown: {},
          },
        },
      ],
    };
    const result = reviewPlans([{ stack: "prod-data", plan: drifted }], { allow: [] });
    expect(result.blocked.map((f) => `${f.kind} ${f.rule} ${f.attribute}`)).toEqual([
      "drift PR-RDS-1 backup_retention_period",
      "drift PR-RDS-2 deletion_protection",
    ]);
    expect(result.blocked[0].message).toContain(
      "`prod-data`: `aws_rds_cluster.Aurora` (changed outside Terraform: `resource_drift`): `backup_retention_period` 35 → 1 (PR-RDS-1, ",
    );
    const allow = allowsOf(
      "prod-data:aws_rds_cluster.Aurora PR-RDS-1 -- restored by hand\nprod-data:aws_rds_cluster.Aurora PR-RDS-2 -- restored by hand\n",
    );
    expect(reviewPlans([{ stack: "prod-data", plan: drifted }], { allow }).blocked).toEqual([]);
  });
});

describe("malformed plans are invalid input: exit 1 with a message, never a stack trace", () => {
  test.each([
    ["an output change that is null", { output_changes: { x: null } }, 'output_changes["x"] is not an object'],
    [
      "output actions that are not strings",
      { output_changes: { x: { actions: [1] } } },
      'output_changes["x"].actions is not a list of strings',
    ],
    ["output_changes a list", { output_changes: [] }, "output_changes is not an object"],
    [
      "a before that is a string",
      {
        resource_changes: [
          {
            address: "aws_rds_cluster.A",
            mode: "managed",
            type: "aws_rds_cluster",
            change: { actions: ["update"], before: "str", after: {} },
          },
        ],
      },
      "resource_changes[0] (aws_rds_cluster.A): change.before is not an object",
    ],
  ])("%s", (_name, extra, message) => {
    const file = writeTemp(`malformed/${_name.replace(/ /g, "-")}.plan.json`, JSON.stringify({ ...plan(), ...extra }));
    const { code, err } = run(file);
    expect(code).toBe(1);
    expect(err).toContain(message);
    expect(err).not.toMatch(/\n\s+at /);
  });

  test("null elements inside resource values are reviewed without a crash (the unknown rule is the worst case)", () => {
    const change = {
      address: "aws_backup_plan.P",
      mode: "managed",
      type: "aws_backup_plan",
      change: {
        actions: ["update"],
        before: { rule: [{ rule_name: "daily", target_vault_name: "v", lifecycle: [{ delete_after: 35 }], copy_action: [] }] },
        after: { rule: [null] },
        after_unknown: { rule: [true] },
      },
    };
    const { code, out, err } = run(writeTemp("malformed/prod-data.plan.json", JSON.stringify(plan(change as ResourceChange))));
    expect(err).not.toMatch(/\n\s+at /);
    expect(code).toBe(1);
    expect(out).toContain("`rule[0]` (set) → (known after apply) (PR-BACKUP-1");
  });
});

describe("a plan against an empty state says it cannot show replacements", () => {
  test("all creates: the verdict says so; any other action: it does not", () => {
    expect(
      reviewPlans([{ stack: "dev-data", plan: plan(managed("aws_s3_bucket.B", ["create"])) }], { allow: [] }).markdown.split("\n")[1],
    ).toBe(`${PASS} ${EMPTY_STATE_NOTE}`);
    const mixed = reviewPlans(
      [{ stack: "dev-data", plan: plan(managed("aws_s3_bucket.B", ["create"]), managed("aws_iam_role.R", ["update"])) }],
      { allow: [], ...rulesOnly("dev-data") },
    );
    expect(mixed.createsOnly).toBe(false);
    expect(mixed.markdown.split("\n")[1]).toBe(PASS);
    expect(EMPTY_STATE_NOTE).toMatch(/cannot show replacements.*`cdktf diff`, `terraform plan`/);
  });
});

describe("the environment type: the files of the change under review cannot lower it below the prior state's tags", () => {
  /** A folder of environment files: dev as it is, prod as given (or left out). */
  function environments(name: string, prod?: Record<string, unknown>): string {
    const dir = path.join(work, name);
    fs.mkdirSync(dir, { recursive: true });
    fs.writeFileSync(path.join(dir, "dev.yaml"), stringify(builtInRaw("dev")));
    if (prod) fs.writeFileSync(path.join(dir, "prod.yaml"), stringify(prod));
    return dir;
  }
  const prod = builtInRaw("prod");
  const flipped = { ...prod, environmentType: "non-production", storage: { ...prod.storage, secretRecoveryDays: 0 } };
  const tags = (type?: string) => ({ tags_all: { project: "road-warrior", ...(type === undefined ? {} : { "environment-type": type }) } });
  /** A secret whose recovery window goes from 30 to 0, tagged `before` in the prior state and `after` in the plan. */
  const secretTo0 = (before?: string, after?: string) =>
    managed("aws_secretsmanager_secret.Secret-trips-api", ["update"], {
      change: {
        actions: ["update"],
        before: { recovery_window_in_days: 30, ...tags(before) },
        after: { recovery_window_in_days: 0, ...tags(after) },
        after_unknown: {},
      },
    });
  const planFile = (stack: string, p: TerraformPlan) => writeTemp(`env-type/${stack}.plan.json`, JSON.stringify(p));
  const rulesOf = (err: string) => [...new Set([...err.matchAll(/\((PR-[A-Z]+-\d+), /g)].map((m) => m[1]))].sort();

  test("prod flipped to non-production in its file: a secret's window lowered to 0 is refused (PR-SM-1), and so is the tag flip", () => {
    const dir = environments("flipped", flipped);
    expect(nonProductionStacks(dir, console)).toContain("prod-data");
    const attack = run("--environments", dir, planFile("prod-data", plan(secretTo0("production", "non-production"))));
    expect(attack.code).toBe(1);
    // The default-deny of production refuses the lowered window too (PR-PROD-1): the stack is production.
    expect(rulesOf(attack.err)).toEqual(["PR-ENV-1", "PR-PROD-1", "PR-SM-1"]);
    // The same with the tag kept at production (the code that writes it changed too): the prior state still says production.
    const kept = run("--environments", dir, planFile("prod-data", plan(secretTo0("production", "production"))));
    expect(kept.code).toBe(1);
    expect(rulesOf(kept.err)).toEqual(["PR-PROD-1", "PR-SM-1"]);
    expect(kept.out).toContain("Reviewed as production: its environment file says non-production, but resources of its prior state");
  });

  test("any production tag of the prior state counts: a no-op's before, a change outside Terraform, prior_state in a module", () => {
    const key = (before: unknown): ResourceChange => ({ ...managed("aws_kms_key.Key", ["no-op"]), change: { actions: ["no-op"], before } });
    const untaggedSecret = plan(secretTo0());
    expect(environmentTypesOf(untaggedSecret)).toEqual(new Set());
    const review = (p: TerraformPlan) =>
      reviewPlans([{ stack: "prod-data", plan: p }], {
        allow: [],
        nonProductionStacks: ["prod-data"],
        ...rulesOnly("prod-data"),
      }).blocked.map((f) => f.rule);
    expect(review(untaggedSecret)).toEqual([]);
    expect(review({ ...untaggedSecret, resource_changes: [secretTo0(), key(tags("production"))] })).toEqual(["PR-SM-1", "PR-PROD-1"]);
    expect(
      review({
        ...untaggedSecret,
        resource_drift: [
          { ...key(tags("production")), change: { actions: ["update"], before: tags("production"), after: tags("production") } },
        ],
      }),
    ).toEqual(["PR-SM-1", "PR-PROD-1"]);
    const priorState = {
      values: {
        root_module: {
          resources: [{ address: "aws_kms_key.Key", mode: "managed", type: "aws_kms_key", values: tags() }],
          child_modules: [
            { resources: [{ address: "module.m.aws_s3_bucket.B", mode: "managed", type: "aws_s3_bucket", values: tags("production") }] },
          ],
        },
      },
    };
    expect(environmentTypesOf({ ...untaggedSecret, prior_state: priorState })).toEqual(new Set(["production"]));
    expect(review({ ...untaggedSecret, prior_state: priorState })).toEqual(["PR-SM-1", "PR-PROD-1"]);
    // Only exactly non-production lets the file relax a stack: any other value is treated like production.
    expect(review({ ...untaggedSecret, resource_changes: [secretTo0(), key(tags("staging"))] })).toEqual(["PR-SM-1", "PR-PROD-1"]);
  });

  test("a real non-production stack (prior state tagged non-production, untagged, or none) still passes a window of 0", () => {
    const dir = environments("real", prod);
    const synthesized = synthesizedApp("real", { "dev-data": "non-production" });
    for (const before of ["non-production", undefined]) {
      const result = run(
        "--environments",
        dir,
        "--synthesized",
        synthesized,
        planFile("dev-data", plan(secretTo0(before, "non-production"))),
      );
      expect(result.code).toBe(0);
      expect(result.out).not.toContain("Reviewed as production");
    }
    const created = managed("aws_secretsmanager_secret.Secret-new", ["create"], {
      change: { actions: ["create"], before: null, after: { recovery_window_in_days: 0, ...tags("non-production") } },
    });
    const review = reviewPlans([{ stack: "dev-data", plan: plan(created) }], {
      allow: [],
      nonProductionStacks: nonProductionStacks(dir, console),
    });
    expect(review.nonProductionStacks).toEqual(["dev-data"]);
    expect(review.blocked).toEqual([]);
  });

  test("the tag flip from production is refused in any stack, unless plan-review.allow names it with PR-ENV-1", () => {
    const dir = environments("tag-flip", prod);
    const flip = managed("aws_kms_key.Key", ["update"], {
      change: { actions: ["update"], before: tags("production"), after: tags("non-production"), after_unknown: {} },
    });
    const file = planFile("prod-cluster", plan(flip));
    const refused = run("--environments", dir, file);
    expect(refused.code).toBe(1);
    expect(refused.err).toContain(
      '`prod-cluster`: `aws_kms_key.Key`: `tags_all.environment-type` "production" → "non-production" (PR-ENV-1, ',
    );
    const allow = writeTemp(
      "env-type.allow",
      "prod-cluster:aws_kms_key.Key PR-ENV-1 -- prod becomes a test environment, agreed in the ops review\n",
    );
    expect(run("--environments", dir, "--allow-file", allow, file).code).toBe(0);
    // An allow for another stack does not cover it.
    const other = writeTemp("env-type-dev.allow", "dev-cluster:aws_kms_key.Key PR-ENV-1 -- dev becomes a test environment, agreed\n");
    expect(run("--environments", dir, "--allow-file", other, file).code).toBe(1);
  });

  test("a stack of no environment file is production, whatever its tags say", () => {
    const dir = environments("no-prod");
    expect(nonProductionStacks(dir, console)).toEqual(["dev-network", "dev-data", "dev-cluster", "dev-apps"]);
    const result = run("--environments", dir, planFile("prod-data", plan(secretTo0("non-production", "non-production"))));
    expect(result.code).toBe(1);
    expect(rulesOf(result.err)).toEqual(["PR-PROD-1", "PR-SM-1"]);
  });
});

describe("Markdown", () => {
  test("attribute paths read like Terraform's", () => {
    expect(formatAttributePath(["engine_version"])).toBe("engine_version");
    expect(formatAttributePath(["tags", "Name"])).toBe("tags.Name");
    expect(formatAttributePath(["ingress", 0, "cidr_blocks"])).toBe("ingress[0].cidr_blocks");
    expect(formatAttributePath(["tags", "kubernetes.io/role/elb"])).toBe('tags["kubernetes.io/role/elb"]');
  });

  test("a long table folds into <details>, destroys and replacements first, the rest summarised", () => {
    const creates = Array.from({ length: 120 }, (_, i) => managed(`aws_iam_role.Role${i}`, ["create"]));
    const { markdown } = reviewPlans(
      [{ stack: "dev-apps", plan: plan(...creates, managed("aws_security_group_rule.Rule", ["delete", "create"])) }],
      { allow: [], ...rulesOnly("dev-apps") },
    );
    expect(markdown).toContain("<details><summary>121 changes</summary>");
    const rows = markdown.split("\n").filter((l) => l.startsWith("| `"));
    expect(rows).toHaveLength(100);
    expect(rows[0]).toBe("| `aws_security_group_rule.Rule` | `aws_security_group_rule` | replace |");
    expect(markdown).toContain("…and 21 more changes not shown");
    expect(markdown).toContain("120 to add, 0 to change, 0 to destroy, 1 to replace.");
  });

  test("a pipe in an address does not break the table", () => {
    const { markdown } = reviewPlans(
      [{ stack: "dev", plan: plan({ ...managed('aws_ssm_parameter.p["a|b"]', ["create"]), type: "aws_ssm_parameter" }) }],
      { allow: [] },
    );
    expect(markdown).toContain('| `aws_ssm_parameter.p["a\\|b"]` | `aws_ssm_parameter` | create |');
  });

  test("a plan with no changes (Terraform omits resource_changes) says so", () => {
    const file = writeTemp(
      "empty/dev-network.plan.json",
      JSON.stringify({
        format_version: "1.2",
        terraform_version: "1.11.4",
        errored: false,
        complete: true,
        applyable: false,
        planned_values: {},
      }),
    );
    const { code, out } = run(file);
    expect(code).toBe(0);
    expect(out).toContain("### `dev-network`\n\nNo changes.");
  });
});

describe("command line", () => {
  test("--help prints the usage and exits 0", () => {
    const { code, out } = run("--help");
    expect(code).toBe(0);
    expect(out).toMatch(/^Usage: npm run plan-review -- /);
    expect(out).toContain("--allow-file <file>");
    expect(out).toContain("<stack>:<address> [<rule-id>] -- <reason>");
    expect(out).toContain("--reduced <file.json>");
    expect(out).toContain("A bare <address> (no stack) allows nothing.");
  });

  test("--output writes the Markdown to the file and prints one summary line instead of all of it, also when blocked", () => {
    const ok = path.join(work, "ok.md");
    const written = run("--output", ok, fixture("create-only.plan.json"));
    expect(written.code).toBe(0);
    expect(written.out).toBe(`plan-review: wrote ${ok}: 1 plan, nothing refused`);
    expect(fs.readFileSync(ok, "utf8")).toBe(run(fixture("create-only.plan.json")).out);
    expect(fs.readFileSync(ok, "utf8").startsWith(`${REVIEW_MARKER}\n✅`)).toBe(true);
    expect(fs.readdirSync(work).filter((f) => f.endsWith(".tmp"))).toEqual([]);

    const blocked = path.join(work, "blocked.md");
    const { code, out } = run(`--output=${blocked}`, dataBearingFile("kms-key"));
    expect(code).toBe(1);
    expect(out).toMatch(
      new RegExp(`^plan-review: wrote ${blocked.replace(/[.*+?^${}()|[\]\\]/g, "\\$&")}: 1 plan, refused \\(\\d+ findings?\\)$`),
    );
    expect(fs.readFileSync(blocked, "utf8")).toBe(run(dataBearingFile("kms-key")).out);
  });

  test("--cost appends the cost estimate after the review; an unreadable one exits 2 naming it", () => {
    const cost = writeTemp("cost.md", "### dev (eu-central-1): $145.17 per month before usage\n");
    const output = path.join(work, "with-cost.md");
    expect(run("--cost", cost, "--output", output, fixture("create-only.plan.json")).code).toBe(0);
    const out = fs.readFileSync(output, "utf8");
    expect(out).toMatch(/\n## Monthly cost before usage\n\n### dev \(eu-central-1\): \$145\.17 per month before usage\n$/);
    expect(out.startsWith(`${REVIEW_MARKER}\n✅`)).toBe(true);
    const missing = run("--cost", path.join(work, "nope.md"), fixture("create-only.plan.json"));
    expect(missing.code).toBe(2);
    expect(missing.err).toMatch(/cannot read .*nope\.md: no such file or folder/);
  });

  test.each([
    ["dev-data.plan.json", "dev-data"],
    ["plans/dev-data.json", "dev-data"],
    ["cdktf.out/stacks/dev-network/plan.json", "dev-network"],
    ["prod-cluster.plan.plan.json", "prod-cluster.plan"],
  ])("the stack of %s is %s", (file, stack) => {
    expect(stackNameOf(file)).toBe(stack);
  });

  test("a file named plan.json is named after its folder", () => {
    const file = writeTemp("stacks/dev-data/plan.json", fs.readFileSync(fixture("create-only.plan.json"), "utf8"));
    expect(run(file).out).toContain("### `dev-data`");
  });

  const noStackTrace = (err: string) => expect(err).not.toMatch(/\n\s+at /);

  test.each([
    ["no plan file", [], /no plan file given/],
    ["an unknown option", ["--force", "x.plan.json"], /unknown option --force/],
    ["--allow-file without a value", ["x.plan.json", "--allow-file"], /--allow-file needs a value/],
    ["--allow-file twice", ["--allow-file", "a", "--allow-file", "b", "x.plan.json"], /--allow-file is given twice/],
    ["--reduced twice", ["--reduced", "a", "--reduced", "b", "x.plan.json"], /--reduced is given twice/],
    [
      "the removed --allow",
      ["--allow", "prod-data:aws_rds_cluster.Aurora", "x.plan.json"],
      /--allow is gone: allows are read from a file committed with the change, --allow-file plan-review.allow/,
    ],
    ["--output twice", ["--output", "a.md", "--output", "b.md", "x.plan.json"], /--output is given twice/],
  ])("usage error, exit 2: %s", (_name, argv, message) => {
    const { code, out, err } = run(...(argv as string[]));
    expect(code).toBe(2);
    expect(out).toBe("");
    expect(err).toMatch(message);
    expect(err).toContain("Usage:");
    noStackTrace(err);
  });

  test("an unreadable file exits 2 naming it", () => {
    const missing = path.join(work, "missing.plan.json");
    const { code, out, err } = run(fixture("create-only.plan.json"), missing);
    expect(code).toBe(2);
    expect(out).toBe("");
    expect(err).toBe(`plan-review: cannot read ${missing}: no such file or folder (ENOENT)`);
  });

  test.each([
    ["invalid JSON", '{ "format_version": ', /: not valid JSON \(/],
    [
      "the log of terraform plan -json",
      '{"@level":"info","@message":"Terraform 1.11.4"}\n{"@level":"info"}\n',
      /looks like the log of `terraform plan -json`/,
    ],
    [
      "cdk.tf.json instead of a plan",
      '{"resource": {}}',
      /: not a Terraform plan: expected the output of `terraform show -json <planfile>`/,
    ],
    [
      "a state instead of a plan",
      '{"format_version": "1.0", "values": {}}',
      /not a Terraform plan \(no resource_changes, no planned_values: a state\?\)/,
    ],
    ["resource_changes not a list", '{"format_version": "1.2", "resource_changes": {}}', /: resource_changes is not a list/],
    [
      "an unknown action sequence",
      '{"format_version": "1.2", "resource_changes": [' +
        '{"address": "aws_s3_bucket.B", "mode": "managed", "type": "aws_s3_bucket", "change": {"actions": ["delete", "delete"]}}]}',
      /resource_changes\[0\] \(aws_s3_bucket\.B\): unknown action sequence \["delete","delete"\]/,
    ],
    [
      "a change without actions",
      '{"format_version": "1.2", "resource_changes": [{"address": "a.b", "mode": "managed", "type": "a", "change": {}}]}',
      /change\.actions is missing/,
    ],
  ])("%s is invalid input: exits 1 naming the file", (name, content, message) => {
    const file = writeTemp(`${name.replace(/\W+/g, "-")}.plan.json`, content);
    const { code, out, err } = run(file);
    expect(code).toBe(1);
    expect(out).toBe("");
    expect(err.startsWith(`plan-review: ${file}: `)).toBe(true);
    expect(err).toMatch(message);
    noStackTrace(err);
  });

  test.each([
    ["no reason", "prod-data:aws_rds_cluster.Aurora\n", /bad\.allow:1: no " -- <reason>"/],
    ["a short reason", "prod-data:aws_rds_cluster.Aurora -- ok\n", /bad\.allow:1: the reason "ok" is too short/],
    [
      "an unknown rule",
      "# c\nprod-data:aws_rds_cluster.Aurora PR-RDS-99 -- backups shortened on purpose\n",
      /bad\.allow:2: unknown update rule PR-RDS-99/,
    ],
    ["not an address", "prod-data:the database -- replacing it on purpose\n", /bad\.allow:1: "the database" is not a resource address/],
  ])("an allow file with %s is invalid input: exits 1 naming file, line and rule", (_name, content, message) => {
    const allowFile = writeTemp("bad.allow", content);
    const { code, out, err } = run("--allow-file", allowFile, fixture("create-only.plan.json"));
    expect(code).toBe(1);
    expect(out).toBe("");
    expect(err).toContain(`plan-review: ${allowFile} is not in the allow format (<stack>:<address> [<rule-id>] -- <reason>):`);
    expect(err).toMatch(message);
    noStackTrace(err);
  });

  test("a missing allow file exits 2 naming it", () => {
    const { code, err } = run("--allow-file", path.join(work, "nope.allow"), fixture("create-only.plan.json"));
    expect(code).toBe(2);
    expect(err).toMatch(/cannot read .*nope\.allow: no such file or folder/);
  });

  test("the repository's plan-review.allow is in the format, documents it and allows nothing", () => {
    const file = path.join(__dirname, "..", "plan-review.allow");
    const text = fs.readFileSync(file, "utf8");
    expect(parseAllowFile(text, "plan-review.allow")).toEqual({ allows: [], ignored: [] });
    expect(text).toContain("<stack>:<address> [<rule-id>] -- <reason>");
    expect(text).toMatch(/bare address \(no stack\) allows\s+#?\s*nothing/);
    expect(run("--allow-file", file, fixture("create-only.plan.json")).code).toBe(0);
  });

  test("--reduced writes only address, type, actions and replace_paths per stack, also when refused", () => {
    const reduced = path.join(work, "reduced.json");
    expect(run("--reduced", reduced, fixture("replace-stateless.plan.json"), dataBearingFile("kms-key")).code).toBe(1);
    const json = JSON.parse(fs.readFileSync(reduced, "utf8"));
    expect(Object.keys(json)).toEqual(["replace-stateless", "kms-key"]);
    expect(json["kms-key"]).toEqual([
      { address: "aws_kms_key.Key", type: "aws_kms_key", actions: ["delete"], replace_paths: [] },
      { address: "aws_kms_key.LogsKey", type: "aws_kms_key", actions: ["delete", "create"], replace_paths: [["customer_master_key_spec"]] },
    ]);
  });

  test("two files of the same stack exit 2", () => {
    const copy = writeTemp("other/create-only.json", fs.readFileSync(fixture("create-only.plan.json"), "utf8"));
    const { code, err } = run(fixture("create-only.plan.json"), copy);
    expect(code).toBe(2);
    expect(err).toContain('are both stack "create-only"');
  });

  test("an --output that cannot be written exits 2 naming it", () => {
    const target = path.join(work, "no-such-folder", "review.md");
    const { code, err } = run("--output", target, fixture("create-only.plan.json"));
    expect(code).toBe(2);
    expect(err).toContain(`cannot write ${target}: no such file or folder (ENOENT)`);
  });
});
