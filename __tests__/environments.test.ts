/**
 * The project's own environments/ folder, whatever it holds: every file is valid, points editors
 * at the schema, synthesizes and passes the security rules, and can be priced. And adding an
 * environment (built-ins + a generated one, as the README checklist makes it) breaks none of that.
 */
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { loadEnvironments } from "../src/config/load";
import { checkStacks } from "../src/rules/check";
import { bootstrapAccounts } from "../src/stacks/bootstrap-stack";
import { synthesize, synthesizedStacks } from "../src/synth";
import { runCost } from "../scripts/cost";
import { environmentNames } from "../src/preview/preview";
import { BUILT_IN_DIR, builtInFiles } from "./support/environments";
import { copyEnvironment } from "./support/new-environment";

const DAY = new Date("2026-11-24T12:00:00Z");
const work = fs.mkdtempSync(path.join(os.tmpdir(), "rw-environments-"));
afterAll(() => fs.rmSync(work, { recursive: true, force: true }));

/** What the suites that iterate the project's environments check, for any folder of them. */
function checkFolder(dir: string) {
  const files = builtInFiles(dir);
  const loaded = loadEnvironments(dir);
  expect(loaded.map((e) => path.basename(e.file))).toEqual(files);

  // schema: every file points editors at the generated JSON Schema
  for (const file of files)
    expect(fs.readFileSync(path.join(dir, file), "utf8")).toMatch(/^# yaml-language-server: \$schema=\.\/environment\.schema\.json/);

  // synth: bootstrap plus four stacks per environment, and the rule pack finds nothing
  const outdir = path.join(fs.mkdtempSync(path.join(work, "out-")), "cdktf.out");
  const doc = path.join(outdir, "..", "security-rules.md");
  const errors: string[] = [];
  const log = { log: () => undefined, error: (m: string) => errors.push(m) };
  expect(synthesize({ environmentsDir: dir, outdir, log, securityRulesDoc: doc })).toBe(0);
  expect(errors).toEqual([]);
  const names = loaded.map((e) => e.config.name);
  const bootstraps = bootstrapAccounts(loaded.map((e) => e.config)).map((account) => `bootstrap-${account}`);
  expect(fs.readdirSync(path.join(outdir, "stacks")).sort()).toEqual(
    [...bootstraps, ...names.flatMap((n) => ["apps", "cluster", "data", "network"].map((k) => `${n}-${k}`))].sort(),
  );
  const rules = checkStacks(synthesizedStacks(outdir));
  expect([...rules.findings, ...rules.unknownSuppressions]).toEqual([]);

  // docs: the suppression table the synth writes (as `npm run synth` does) lists every environment
  expect(fs.readFileSync(doc, "utf8")).toContain(`## Suppressions in the built-in environments (${names.join(", ")})`);

  // cost: every environment is priced completely (exit 0, not 3)
  const out: string[] = [];
  const err: string[] = [];
  expect({
    code: runCost(["--all", "--format", "json"], { log: (t) => out.push(t), error: (t) => err.push(t), environmentsDir: dir, date: DAY }),
    err,
  }).toEqual({ code: 0, err: [] });
  const estimates = JSON.parse(out.join("\n")) as { environment: string; unpriced: string[]; total: { low: number } }[];
  expect(estimates.map((e) => e.environment)).toEqual(names);
  for (const e of estimates) expect([e.environment, e.unpriced, e.total.low > 0]).toEqual([e.environment, [], true]);

  // preview: every environment is a name it accepts
  expect(environmentNames(dir)).toEqual([...names].sort());
  return names;
}

describe("the project's environments (whatever files environments/ holds), and adding one", () => {
  // One folder for both: every file of environments/ as it is, beside dev.yaml copied for another account and region and
  // edited per the README checklist. What is checked of each environment (its stacks, rules, prices) does not depend on
  // the others, and the checks across environments (shared names, overlapping VPCs) only get stricter with one more.
  test("the project's environments, and one added per the README checklist: valid, synthesized, passing the rules, priced", () => {
    // The folder itself loads as it is (nothing in it but environment files).
    expect(loadEnvironments(BUILT_IN_DIR).map((e) => path.basename(e.file))).toEqual(builtInFiles());
    const dir = path.join(work, "with-added");
    fs.mkdirSync(dir);
    for (const file of builtInFiles()) fs.copyFileSync(path.join(BUILT_IN_DIR, file), path.join(dir, file));
    const source = fs.readFileSync(path.join(BUILT_IN_DIR, builtInFiles().includes("dev.yaml") ? "dev.yaml" : builtInFiles()[0]), "utf8");
    fs.writeFileSync(
      path.join(dir, "zz-added.yaml"),
      copyEnvironment(source, { name: "zz-added", accountId: "999999999999", region: "us-east-1", vpcCidr: "10.99.0.0/16" }),
    );
    const names = checkFolder(dir);
    expect(names).toContain("zz-added");
    expect(names).toHaveLength(builtInFiles().length + 1);
  }, 180_000);

  test("a copy that keeps what must change is refused, naming each leftover", () => {
    const dir = path.join(work, "leftovers");
    fs.mkdirSync(dir);
    const dev = fs.readFileSync(path.join(__dirname, "fixtures", "environments", "dev.yaml"), "utf8");
    fs.writeFileSync(path.join(dir, "dev.yaml"), dev);
    // Only name, account and region changed: the GitHub environment, the admin roles, the state bucket's region,
    // the AZs and the VPC are dev's.
    fs.writeFileSync(
      path.join(dir, "staging.yaml"),
      dev
        .replace(/^name: dev$/m, "name: staging")
        .replace('accountId: "111111111111"', 'accountId: "333333333333"')
        .replace(/^region: eu-central-1$/m, "region: eu-west-1"),
    );
    const errors: string[] = [];
    expect(
      synthesize({
        environmentsDir: dir,
        outdir: path.join(dir, "cdktf.out"),
        log: { log: () => undefined, error: (m: string) => errors.push(m) },
      }),
    ).toBe(1);
    const text = errors.join("\n");
    for (const leftover of [
      /staging\.yaml: availabilityZones\[0\] = "eu-central-1a": must be an availability zone of eu-west-1/,
      /staging\.yaml: cluster\.adminRoleArns\[0\] = "arn:aws:iam::111111111111:role\/road-warrior-dev-admin": must be a role in this environment's account 333333333333/,
      /staging\.yaml: backend\.region = "eu-central-1": must be the environment's region eu-west-1/,
      /staging\.yaml: ci\.githubEnvironment = "dev": must not be shared with .*dev\.yaml/,
      /staging\.yaml: network\.vpcCidr = "10\.10\.0\.0\/16": must not overlap the VPC of/,
      /staging\.yaml: backend\.bucket = "road-warrior-tfstate-111111111111": must not be shared with/,
    ]) {
      expect(text).toMatch(leftover);
    }
    expect(fs.existsSync(path.join(dir, "cdktf.out"))).toBe(false);
  });
});
