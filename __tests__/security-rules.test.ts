import * as fs from "fs";
import * as path from "path";
import * as os from "os";
import { App, TerraformStack } from "cdktf";
import { Construct } from "constructs";
import { AwsProvider } from "@cdktf/provider-aws/lib/provider";
import { IamRolePolicyAttachment } from "@cdktf/provider-aws/lib/iam-role-policy-attachment";
import { S3Bucket } from "@cdktf/provider-aws/lib/s3-bucket";
import { Subnet } from "@cdktf/provider-aws/lib/subnet";
import { Vpc } from "@cdktf/provider-aws/lib/vpc";
import { checkStacks, formatFinding } from "../src/rules/check";
import { RULES } from "../src/rules/pack";
import { suppress } from "../src/rules/suppress";
import { Rule } from "../src/rules/types";
import { synthesize } from "../src/synth";
import { generateSecurityRulesDoc } from "../scripts/generate-docs";
import { BUILT_IN_DIR, builtIn, ENVIRONMENTS_DIR } from "./support/environments";
import { snapshotTree } from "./support/files";
import { synthApp } from "./support/stacks";

const ROOT = path.join(__dirname, "..");

/** The JSON cdktf writes for a stack built by `build` (Testing.synthScope drops the `//` block that carries suppressions). */
function synthStack(build: (scope: Construct) => void): Record<string, any> {
  const outdir = fs.mkdtempSync(path.join(os.tmpdir(), "rw-rules-stack-"));
  const app = new App({ outdir });
  const stack = new TerraformStack(app, "test");
  new AwsProvider(stack, "aws", { region: "eu-central-1" });
  build(stack);
  app.synth();
  try {
    return JSON.parse(fs.readFileSync(path.join(outdir, "stacks", "test", "cdk.tf.json"), "utf8"));
  } finally {
    fs.rmSync(outdir, { recursive: true, force: true });
  }
}
const synthesized = synthApp([builtIn("dev"), builtIn("prod")]);
const stacks = Object.entries(synthesized).map(([name, json]) => ({ name, json }));

/**
 * One synth of the fixture environments as `npm run synth` makes it (not verbose, rewriting a stale
 * security rules doc), made on first use: its output is the previous cdktf.out a failing synth must
 * leave alone, and its printed lines and doc are read by the tests of each.
 */
let quietSynth: { outdir: string; doc: string; lines: string[] } | undefined;
function projectSynth(): { outdir: string; doc: string; lines: string[] } {
  if (!quietSynth) {
    const work = fs.mkdtempSync(path.join(os.tmpdir(), "rw-rules-"));
    const doc = path.join(work, "security-rules.md");
    fs.writeFileSync(doc, "stale");
    const lines: string[] = [];
    const outdir = path.join(work, "cdktf.out");
    const log = { log: (l: string) => lines.push(l), error: (l: string) => lines.push(l) };
    expect(synthesize({ environmentsDir: ENVIRONMENTS_DIR, outdir, securityRulesDoc: doc, log })).toBe(0);
    quietSynth = { outdir, doc, lines };
  }
  return quietSynth;
}
afterAll(() => quietSynth && fs.rmSync(path.dirname(quietSynth.outdir), { recursive: true, force: true }));

describe("security rule pack", () => {
  test("rule ids are unique and every rule has a message, a source and a test file", () => {
    const ids = RULES.map((r) => r.id);
    expect(new Set(ids).size).toBe(ids.length);
    const tests = fs.readdirSync(path.join(__dirname, "rules"));
    for (const rule of RULES) {
      expect(rule.message.length).toBeGreaterThan(10);
      expect(rule.source.length).toBeGreaterThan(2);
      expect(tests.some((t) => t.startsWith(`${rule.id.toLowerCase()}-`))).toBe(true);
    }
  });

  test("the built-in environments pass, with reasoned suppressions only", () => {
    const result = checkStacks(stacks);
    expect(result.findings).toEqual([]);
    expect(result.unknownSuppressions).toEqual([]);
    expect(result.suppressed.every((s) => s.reason.length >= 20)).toBe(true);
  });

  test("production suppresses nothing that protects data at rest or in transit", () => {
    const encryption = /^RW-(S3-1|RDS-1|RDS-3|EKS-1|LOG-1|SNS-1|SM-1|ECR-1|EC2-3|ALB-1|ALB-2|S3-4)$/;
    const result = checkStacks(stacks.filter((s) => s.name.startsWith("prod-")));
    expect(result.suppressed.filter((s) => encryption.test(s.rule))).toEqual([]);
  });

  test("dev relaxes only what costs money, never encryption", () => {
    const result = checkStacks(stacks.filter((s) => s.name.startsWith("dev-")));
    const relaxed = new Set(result.suppressed.map((s) => s.rule));
    for (const rule of [
      "RW-S3-1",
      "RW-RDS-1",
      "RW-RDS-3",
      "RW-EKS-1",
      "RW-LOG-1",
      "RW-SNS-1",
      "RW-SM-1",
      "RW-ECR-1",
      "RW-EC2-3",
      "RW-S3-4",
    ]) {
      expect(relaxed.has(rule)).toBe(false);
    }
  });

  test("a bucket without its companions breaks the S3 rules, with resource, rule and fix", () => {
    const json = synthStack((scope) => new S3Bucket(scope, "Naked", { bucket: "naked" }));
    const result = checkStacks([{ name: "test", json }]);
    expect(result.findings.map((f) => f.rule)).toEqual(
      expect.arrayContaining(["RW-S3-1", "RW-S3-2", "RW-S3-4", "RW-S3-5", "RW-S3-6", "RW-S3-7"]),
    );
    expect(result.findings.find((f) => f.rule === "RW-S3-2")).toMatchObject({
      address: "aws_s3_bucket.Naked",
      message: expect.stringMatching(/public access block/),
    });
  });

  test("what plan accepts and AWS refuses at apply time is a finding: a misspelt managed policy, a subnet outside its VPC", () => {
    const json = synthStack((scope) => {
      new IamRolePolicyAttachment(scope, "Nodes", { role: "nodes", policyArn: "arn:aws:iam::aws:policy/AmazonEKSWorkerNodePolicyy" });
      const vpc = new Vpc(scope, "Vpc", { cidrBlock: "10.0.0.0/20" });
      new Subnet(scope, "Outside", { vpcId: vpc.id, cidrBlock: "10.1.0.0/24", mapPublicIpOnLaunch: false });
    });
    const findings = checkStacks([{ name: "test", json }]).findings.filter((f) => ["RW-IAM-4", "RW-VPC-4"].includes(f.rule));
    expect(findings.map(formatFinding)).toEqual([
      expect.stringMatching(
        /^test: aws_iam_role_policy_attachment\.Nodes: RW-IAM-4: .*AmazonEKSWorkerNodePolicyy is not an AWS managed policy/,
      ),
      expect.stringMatching(/^test: aws_subnet\.Outside: RW-VPC-4: .*10\.1\.0\.0\/24 is outside aws_vpc\.Vpc \(10\.0\.0\.0\/20\)/),
    ]);
  });

  test("a finding fails synth (exit 1), is listed, and leaves the previous cdktf.out untouched", () => {
    const { outdir } = projectSynth();
    const before = snapshotTree(outdir);
    const noVpcs: Rule = {
      id: "RW-TEST-1",
      title: "no VPCs (test rule)",
      message: "remove the VPC",
      source: "test",
      resourceTypes: ["aws_vpc"],
      check: () => ({ status: "non-compliant" }),
    };
    const errors: string[] = [];
    expect(
      synthesize({
        environmentsDir: ENVIRONMENTS_DIR,
        outdir,
        rules: [...RULES, noVpcs],
        log: { log: () => undefined, error: (m: string) => errors.push(m) },
      }),
    ).toBe(1);
    expect(errors.join("\n")).toMatch(/Security rules: 2 findings; nothing was synthesized/);
    expect(errors.join("\n")).toMatch(/ - dev-network: aws_vpc\.Vpc: RW-TEST-1: remove the VPC/);
    expect(snapshotTree(outdir)).toEqual(before);
  });

  test("a suppression needs a reason, and is reported as suppressed", () => {
    const json = synthStack((scope) => {
      const bucket = new S3Bucket(scope, "Naked", { bucket: "naked" });
      suppress(bucket, "RW-S3-2", "a test bucket that never holds data");
      expect(() => suppress(bucket, "RW-S3-5", "")).toThrow(/give a reason/);
    });
    const result = checkStacks([{ name: "test", json }]);
    expect(result.suppressed).toContainEqual(expect.objectContaining({ rule: "RW-S3-2", reason: "a test bucket that never holds data" }));
    expect(result.findings.map((f) => f.rule)).not.toContain("RW-S3-2");
  });

  test("a suppression of a rule that does not exist is an error, not a silent no-op", () => {
    const json = synthStack((scope) => suppress(new S3Bucket(scope, "B", { bucket: "b" }), "RW-NOPE-1", "typo in the rule id here"));
    expect(checkStacks([{ name: "test", json }]).unknownSuppressions).toEqual([expect.objectContaining({ rule: "RW-NOPE-1" })]);
  });

  test("synth prints the count of suppressions per stack, and lists them with verbose", () => {
    const work = fs.mkdtempSync(path.join(os.tmpdir(), "rw-rules-"));
    const { suppressed } = checkStacks(stacks);
    const quiet = projectSynth().lines.join("\n");
    expect(quiet).toMatch(
      new RegExp(
        `Security rules: ${RULES.length} rules, no findings in ${stacks.length} stacks; ` +
          `${suppressed.length} suppressed \\(.*dev-data ${suppressed.filter((s) => s.stack === "dev-data").length},.*\\); ` +
          "list them with --verbose",
      ),
    );
    expect(quiet).not.toMatch(/RW-RDS-4/);
    expect(quiet.split("\n")).toHaveLength(2);
    const lines: string[] = [];
    const log = { log: (l: string) => lines.push(l), error: (l: string) => lines.push(l) };
    expect(synthesize({ environmentsDir: ENVIRONMENTS_DIR, outdir: path.join(work, "cdktf.out"), verbose: true, log })).toBe(0);
    const verbose = lines.join("\n");
    expect(verbose).toMatch(/ - dev-data: aws_rds_cluster\.Aurora: RW-RDS-4: /);
    expect(verbose.split("\n").length).toBe(suppressed.length + 2);
    fs.rmSync(work, { recursive: true, force: true });
  });

  test("the synth of the project's environments rewrites the security rules doc, so a new environment's suppressions are listed", () => {
    // The doc held "stale" before the synth.
    expect(fs.readFileSync(projectSynth().doc, "utf8")).toBe(generateSecurityRulesDoc(ENVIRONMENTS_DIR));
  });

  test("docs/security-rules.md is the table the pack and the environments generate (npm run synth or npm run docs rewrites it)", () => {
    expect(fs.readFileSync(path.join(ROOT, "docs", "security-rules.md"), "utf8")).toBe(generateSecurityRulesDoc(BUILT_IN_DIR));
  });
});
