/**
 * `plan-review`: the pull-request review of Terraform plans. The command runs in-process
 * (`main` returns the exit code) on hand-written plan JSON under `fixtures/plans/`.
 */
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { main, stackNameOf } from "../scripts/plan-review";
import { DATA_BEARING_TYPES } from "../src/review/data-bearing";
import { formatAttributePath, parsePlan, ResourceChange, REVIEW_MARKER, reviewPlans, TerraformPlan } from "../src/review/plan-review";

const FIXTURES = path.join(__dirname, "fixtures", "plans");
const fixture = (name: string) => path.join(FIXTURES, name);
const work = fs.mkdtempSync(path.join(os.tmpdir(), "rw-plan-review-"));
afterAll(() => fs.rmSync(work, { recursive: true, force: true }));

function run(...argv: string[]): { code: number; out: string; err: string } {
  const out: string[] = [];
  const err: string[] = [];
  const code = main(argv, { log: (...parts: unknown[]) => out.push(parts.join(" ")), error: (...parts: unknown[]) => err.push(parts.join(" ")) });
  return { code, out: out.join("\n"), err: err.join("\n") };
}

function writeTemp(name: string, content: string): string {
  const file = path.join(work, name);
  fs.mkdirSync(path.dirname(file), { recursive: true });
  fs.writeFileSync(file, content);
  return file;
}

const plan = (...resource_changes: ResourceChange[]): TerraformPlan => ({ format_version: "1.2", terraform_version: "1.11.4", resource_changes });
const managed = (address: string, actions: ResourceChange["change"]["actions"], extra: Partial<ResourceChange> = {}): ResourceChange => ({
  address,
  mode: "managed",
  type: address.split(".").slice(-2)[0],
  change: { actions },
  ...extra,
});

/** One fixture per data-bearing type, each with a delete and a replace (stack = file name). */
const DATA_BEARING = [
  { type: "aws_rds_cluster", stack: "aurora-cluster", deleted: "aws_rds_cluster.Legacy", replaced: "aws_rds_cluster.Aurora", forcedBy: "`engine`" },
  {
    type: "aws_rds_cluster_instance",
    stack: "aurora-instance",
    deleted: "aws_rds_cluster_instance.Aurora_Reader1_E28FCFF4",
    replaced: "aws_rds_cluster_instance.Aurora_Writer_CBC05E4D",
    forcedBy: "`identifier`",
  },
  { type: "aws_db_instance", stack: "rds-instance", deleted: "aws_db_instance.Reporting", replaced: "aws_db_instance.Legacy", forcedBy: "`storage_encrypted`" },
  {
    type: "aws_s3_bucket",
    stack: "bootstrap",
    deleted: "aws_s3_bucket.StateLogsBucket-road-warrior-tfstate-111111111111",
    replaced: "aws_s3_bucket.StateBucket-road-warrior-tfstate-111111111111",
    forcedBy: "`bucket`",
  },
  { type: "aws_kms_key", stack: "kms-key", deleted: "aws_kms_key.Key", replaced: "aws_kms_key.LogsKey", forcedBy: "`customer_master_key_spec`" },
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
  { type: "aws_ebs_volume", stack: "ebs-volume", deleted: "aws_ebs_volume.Scratch", replaced: "aws_ebs_volume.Data", forcedBy: "`availability_zone`" },
  { type: "aws_efs_file_system", stack: "efs", deleted: "aws_efs_file_system.Old", replaced: "aws_efs_file_system.Shared", forcedBy: "`performance_mode`" },
  { type: "aws_dynamodb_table", stack: "dynamodb", deleted: "aws_dynamodb_table.Locks", replaced: "aws_dynamodb_table.Sessions", forcedBy: "`hash_key`, `attribute[0].type`" },
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
    expect(lines[1]).toBe("✅ No data-bearing resource is destroyed or replaced.");
    expect(out).toContain("### `create-only`");
    expect(out).toContain("5 to add, 0 to change, 0 to destroy, 0 to replace.");
    expect(out).toContain("| `aws_rds_cluster.Aurora` | `aws_rds_cluster` | create |");
    expect(out).not.toContain("Replaced resources");
  });

  test("in-place update: listed as update, no-ops (even moved ones) omitted, a move annotated", () => {
    const { code, out } = run(fixture("in-place-update.plan.json"));
    expect(code).toBe(0);
    expect(out.split("\n")[1]).toBe("✅ No data-bearing resource is destroyed or replaced.");
    expect(out).toContain("0 to add, 3 to change, 0 to destroy, 0 to replace.");
    expect(out).toContain("| `aws_rds_cluster.Aurora` | `aws_rds_cluster` | update |");
    expect(out).toContain("(moved from `aws_ecr_lifecycle_policy.RepositoryLifecycle-trips-api`)");
    expect(out).not.toContain("aws_kms_key.Key");
    expect(out).not.toContain("aws_s3_bucket.LogsBucket");
  });

  test("stateless replace: passes and names the attributes forcing each replacement", () => {
    const { code, out } = run(fixture("replace-stateless.plan.json"));
    expect(code).toBe(0);
    expect(out.split("\n")[1]).toBe("✅ No data-bearing resource is destroyed or replaced.");
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
    const review = reviewPlans([{ stack: "dev-data", plan: plan({ ...managed("data.aws_s3_bucket.Existing", ["read"]), mode: "data" }) }], { allow: [] });
    expect(review.blocked).toEqual([]);
    expect(review.markdown).toContain("No changes.");
  });

  test("several plans give one section per stack, in the order given", () => {
    const { code, out } = run(fixture("replace-stateless.plan.json"), fixture("create-only.plan.json"));
    expect(code).toBe(0);
    expect(out.indexOf("### `replace-stateless`")).toBeGreaterThan(0);
    expect(out.indexOf("### `create-only`")).toBeGreaterThan(out.indexOf("### `replace-stateless`"));
  });
});

describe("data-bearing resources destroyed or replaced are blocked", () => {
  test("every data-bearing type has a fixture here", () => {
    expect(DATA_BEARING.map((c) => c.type).sort()).toEqual(Object.keys(DATA_BEARING_TYPES).sort());
    for (const { type, stack } of DATA_BEARING) {
      const changes = parsePlan(fs.readFileSync(dataBearingFile(stack), "utf8")).resource_changes ?? [];
      expect(changes.map((c) => [c.type, c.change.actions.join(",")])).toEqual([
        [type, "delete"],
        [type, "delete,create"],
      ]);
    }
  });

  test("the Aurora cluster fixture is replaced because of its engine", () => {
    const changes = parsePlan(fs.readFileSync(dataBearingFile("aurora-cluster"), "utf8")).resource_changes ?? [];
    expect(changes[1].change.replace_paths).toEqual([["engine"]]);
  });

  test.each(DATA_BEARING)("$type: destroy and replace exit 1, naming resource, reason and allow flag", ({ type, stack, deleted, replaced, forcedBy }) => {
    const { code, out, err } = run(dataBearingFile(stack));
    expect(code).toBe(1);
    expect(out.split("\n")[1]).toBe("⛔ 2 data-bearing resources would be destroyed or replaced.");
    const reason = DATA_BEARING_TYPES[type];
    const destroyed = `\`${stack}\`: \`${deleted}\` would be destroyed (it is no longer in the configuration`;
    const replacedBy = `\`${stack}\`: \`${replaced}\` would be replaced (forced by ${forcedBy}). Destroying this \`${type}\` ${reason}. To allow it, add \`--allow ${stack}:${replaced}\`.`;
    for (const text of [out, err]) {
      expect(text).toContain(destroyed);
      expect(text).toContain(`To allow it, add \`--allow ${stack}:${deleted}\`.`);
      expect(text).toContain(replacedBy);
    }
    expect(out).toContain(`| \`${deleted}\` | \`${type}\` | delete ⛔ blocked |`);
    expect(out).toContain(`| \`${replaced}\` | \`${type}\` | replace ⛔ blocked |`);

    const review = reviewPlans([{ stack, plan: parsePlan(fs.readFileSync(dataBearingFile(stack), "utf8")) }], { allow: [] });
    expect(review.blocked.map((b) => [b.address, b.action, b.reason])).toEqual([
      [deleted, "delete", reason],
      [replaced, "replace", reason],
    ]);
    expect(review.blocked.map((b) => b.allowFlag)).toEqual([`--allow ${stack}:${deleted}`, `--allow ${stack}:${replaced}`]);
    expect(review.allowed).toEqual([]);
  });

  test.each(DATA_BEARING)("$type: --allow <stack>:<address> and a bare --allow <address> let both pass", ({ stack, deleted, replaced }) => {
    const { code, out, err } = run("--allow", `${stack}:${deleted}`, "--allow", replaced, dataBearingFile(stack));
    expect(code).toBe(0);
    expect(err).toBe("");
    expect(out.split("\n")[1]).toBe("⚠️ 2 data-bearing resources would be destroyed or replaced, allowed explicitly with --allow.");
    expect(out).toContain(`Allowed by \`--allow ${stack}:${deleted}\`.`);
    expect(out).toContain(`Allowed by \`--allow ${replaced}\`.`);
    expect(out).not.toContain("⛔");
  });

  test.each(DATA_BEARING)("$type: allowing the destroy alone leaves the replace blocked", ({ stack, deleted, replaced }) => {
    const { code, out, err } = run(`--allow=${stack}:${deleted}`, dataBearingFile(stack));
    expect(code).toBe(1);
    expect(out.split("\n")[1]).toBe("⛔ 1 data-bearing resource would be destroyed or replaced. (1 more allowed with --allow.)");
    expect(err).toContain(replaced);
    expect(err).not.toContain(deleted);
  });

  test("an unrelated --allow (another address, another stack) does not pass, and is reported unused", () => {
    const { code, out } = run("--allow", "aws_rds_cluster.Other", "--allow", "dev-data:aws_rds_cluster.Aurora", dataBearingFile("aurora-cluster"));
    expect(code).toBe(1);
    expect(out.split("\n")[1]).toBe("⛔ 2 data-bearing resources would be destroyed or replaced.");
    expect(out).toContain("Unused --allow entries (no destroyed or replaced data-bearing resource matches them): `aws_rds_cluster.Other`, `dev-data:aws_rds_cluster.Aurora`");
  });

  test("a bare --allow <address> applies to every stack reviewed; <stack>:<address> to its stack only", () => {
    const twice = (allow: string[]) =>
      reviewPlans(
        ["dev-data", "prod-data"].map((stack) => ({ stack, plan: plan(managed("aws_s3_bucket.AssetsBucket", ["delete"])) })),
        { allow },
      );
    expect(twice(["aws_s3_bucket.AssetsBucket"]).blocked).toEqual([]);
    const scoped = twice(["dev-data:aws_s3_bucket.AssetsBucket"]);
    expect(scoped.allowed.map((a) => a.stack)).toEqual(["dev-data"]);
    expect(scoped.blocked.map((b) => b.stack)).toEqual(["prod-data"]);
  });

  test("create-before-destroy replacement of a data-bearing resource is blocked too", () => {
    const review = reviewPlans([{ stack: "dev-data", plan: plan(managed("aws_kms_key.Key", ["create", "delete"], { action_reason: "replace_by_request" })) }], { allow: [] });
    expect(review.blocked.map((b) => [b.address, b.action])).toEqual([["aws_kms_key.Key", "replace"]]);
    expect(review.blocked[0].message).toContain("would be replaced (replacement requested with -replace)");
  });

  test("removed from state without destroying (forget, destroy = false) is not blocked", () => {
    const review = reviewPlans(
      [{ stack: "dev-data", plan: plan(managed("aws_s3_bucket.AssetsBucket", ["forget"]), managed("aws_rds_cluster.Aurora", ["create", "forget"], { change: { actions: ["create", "forget"], replace_paths: [["engine"]] } })) }],
      { allow: [] },
    );
    expect(review.blocked).toEqual([]);
    expect(review.markdown).toContain("0 to add, 0 to change, 0 to destroy, 1 to replace, 1 to forget.");
    expect(review.markdown).toContain("| `aws_rds_cluster.Aurora` | `aws_rds_cluster` | replace, old object kept |");
    expect(review.markdown).toContain("- `aws_rds_cluster.Aurora`: forced by `engine` (the existing object is kept: destroy = false)");
  });

  test("an address that needs shell quoting gets a quoted allow flag, and the unquoted entry allows it", () => {
    const address = 'module.legacy.aws_s3_bucket.this["logs"]';
    const input = [{ stack: "dev-data", plan: plan({ ...managed(address, ["delete"]), type: "aws_s3_bucket" }) }];
    expect(reviewPlans(input, { allow: [] }).blocked[0].allowFlag).toBe(`--allow 'dev-data:${address}'`);
    expect(reviewPlans(input, { allow: [`dev-data:${address}`] }).blocked).toEqual([]);
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
    const { markdown } = reviewPlans([{ stack: "dev-apps", plan: plan(...creates, managed("aws_security_group_rule.Rule", ["delete", "create"])) }], { allow: [] });
    expect(markdown).toContain("<details><summary>121 changes</summary>");
    const rows = markdown.split("\n").filter((l) => l.startsWith("| `"));
    expect(rows).toHaveLength(100);
    expect(rows[0]).toBe("| `aws_security_group_rule.Rule` | `aws_security_group_rule` | replace |");
    expect(markdown).toContain("…and 21 more changes not shown");
    expect(markdown).toContain("120 to add, 0 to change, 0 to destroy, 1 to replace.");
  });

  test("a pipe in an address does not break the table", () => {
    const { markdown } = reviewPlans([{ stack: "dev", plan: plan({ ...managed('aws_ssm_parameter.p["a|b"]', ["create"]), type: "aws_ssm_parameter" }) }], { allow: [] });
    expect(markdown).toContain('| `aws_ssm_parameter.p["a\\|b"]` | `aws_ssm_parameter` | create |');
  });

  test("a plan with no changes (Terraform omits resource_changes) says so", () => {
    const file = writeTemp("empty/dev-network.plan.json", JSON.stringify({ format_version: "1.2", terraform_version: "1.11.4", planned_values: {} }));
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
    expect(out).toContain("--allow <stack>:<address>");
  });

  test("--output writes the Markdown printed on stdout, also when blocked", () => {
    const ok = path.join(work, "ok.md");
    expect(run("--output", ok, fixture("create-only.plan.json")).code).toBe(0);
    expect(fs.readFileSync(ok, "utf8").startsWith(`${REVIEW_MARKER}\n✅`)).toBe(true);

    const blocked = path.join(work, "blocked.md");
    const { code, out } = run(`--output=${blocked}`, dataBearingFile("kms-key"));
    expect(code).toBe(1);
    expect(fs.readFileSync(blocked, "utf8")).toBe(`${out}`);
  });

  test("--cost appends the cost estimate after the review; an unreadable one exits 2 naming it", () => {
    const cost = writeTemp("cost.md", "### dev (eu-central-1): $145.17 per month before usage\n");
    const output = path.join(work, "with-cost.md");
    const { code, out } = run("--cost", cost, "--output", output, fixture("create-only.plan.json"));
    expect(code).toBe(0);
    expect(out).toMatch(/\n## Monthly cost before usage\n\n### dev \(eu-central-1\): \$145\.17 per month before usage\n$/);
    expect(out.startsWith(`${REVIEW_MARKER}\n✅`)).toBe(true);
    expect(fs.readFileSync(output, "utf8")).toBe(out);
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
    ["--allow without a value", ["x.plan.json", "--allow"], /--allow needs a value/],
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
    ["invalid JSON", "{ \"format_version\": ", /: not valid JSON \(/],
    ["the log of terraform plan -json", '{"@level":"info","@message":"Terraform 1.11.4"}\n{"@level":"info"}\n', /looks like the log of `terraform plan -json`/],
    ["cdk.tf.json instead of a plan", '{"resource": {}}', /: not a Terraform plan: expected the output of `terraform show -json <planfile>`/],
    ["a state instead of a plan", '{"format_version": "1.0", "values": {}}', /not a Terraform plan \(no resource_changes, no planned_values: a state\?\)/],
    ["resource_changes not a list", '{"format_version": "1.2", "resource_changes": {}}', /: resource_changes is not a list/],
    [
      "an unknown action sequence",
      '{"format_version": "1.2", "resource_changes": [{"address": "aws_s3_bucket.B", "mode": "managed", "type": "aws_s3_bucket", "change": {"actions": ["delete", "delete"]}}]}',
      /resource_changes\[0\] \(aws_s3_bucket\.B\): unknown action sequence \["delete","delete"\]/,
    ],
    ["a change without actions", '{"format_version": "1.2", "resource_changes": [{"address": "a.b", "mode": "managed", "type": "a", "change": {}}]}', /change\.actions is missing/],
  ])("%s exits 2 naming the file", (name, content, message) => {
    const file = writeTemp(`${name.replace(/\W+/g, "-")}.plan.json`, content);
    const { code, out, err } = run(file);
    expect(code).toBe(2);
    expect(out).toBe("");
    expect(err.startsWith(`plan-review: ${file}: `)).toBe(true);
    expect(err).toMatch(message);
    noStackTrace(err);
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
