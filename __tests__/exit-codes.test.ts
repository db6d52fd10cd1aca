/*
 * Every command keeps the one exit-code contract of the README: 0 done; 1 refused or invalid input;
 * 2 usage (an unknown option or environment name, a missing argument); 3 an incomplete result
 * (cost); 128 + signal when interrupted (main.ts, synth.test.ts). A script that CI or a person
 * calls must never run on with an argument it did not understand, nor call a typo "invalid file".
 * In-process: each command's main function, with the parts that would reach AWS or Terraform never
 * reached.
 */
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { synthArguments } from "../main";
import { main as bench } from "../scripts/bench";
import { main as checkImages } from "../scripts/check-images";
import { main as drift } from "../scripts/drift";
import { main as ciMatrix } from "../scripts/ci-matrix";
import { runCost } from "../scripts/cost";
import { main as planReview } from "../scripts/plan-review";
import { main as previewCommand, previewArguments } from "../scripts/preview";
import { preflightCommand } from "../src/preflight/command";
import { ENVIRONMENTS_DIR } from "./support/environments";

const quiet = { log: () => undefined, error: () => undefined };
let work: string;
let broken: string;

beforeAll(() => {
  work = fs.mkdtempSync(path.join(os.tmpdir(), "rw-exit-codes-"));
  broken = path.join(work, "broken");
  fs.mkdirSync(broken);
  fs.writeFileSync(path.join(broken, "dev.yaml"), "name: dev\nregion: [\n");
  jest.spyOn(console, "log").mockImplementation(() => undefined);
  jest.spyOn(console, "error").mockImplementation(() => undefined);
});
afterAll(() => {
  jest.restoreAllMocks();
  fs.rmSync(work, { recursive: true, force: true });
});

describe("exit 2: usage, an unknown option or environment name", () => {
  test("synth refuses an option it does not know instead of synthesizing as if it was not there", () => {
    expect(synthArguments(["--bogus"])).toEqual({ usageError: "unknown argument --bogus" });
    expect(synthArguments(["--verbose"])).toEqual({ verbose: true, help: false });
    expect(synthArguments([])).toEqual({ verbose: false, help: false });
  });

  test("cost: a misspelt environment is a usage error, like an unknown option (the files are valid)", () => {
    const io = { ...quiet, environmentsDir: ENVIRONMENTS_DIR };
    expect(runCost(["stagng"], io)).toBe(2);
    expect(runCost(["--bogus", "dev"], io)).toBe(2);
    // --diff without its base ref, or with an option in its place (never handed to git as an option)
    expect(runCost(["dev", "--diff"], io)).toBe(2);
    expect(runCost(["dev", "--diff", "--upload-pack=x"], io)).toBe(2);
  });

  test("preview: an unknown option or environment", async () => {
    await expect(previewCommand(["--bogus"])).resolves.toBe(2);
    await expect(previewCommand(["dev", "prod"])).resolves.toBe(2);
    // --stack without its stack, or with an option in its place; a misspelt option
    await expect(previewCommand(["dev", "--stack"])).resolves.toBe(2);
    await expect(previewCommand(["dev", "--stack", "--bogus"])).resolves.toBe(2);
    await expect(previewCommand(["dev", "--stacks", "dev-data"])).resolves.toBe(2);
  });

  test("preview: --stack names the stacks to plan, as often as needed", () => {
    expect(previewArguments(["dev"])).toEqual({ environment: "dev" });
    expect(previewArguments(["dev", "--stack", "dev-data", "--stack", "dev-cluster"])).toEqual({
      environment: "dev",
      stacks: ["dev-data", "dev-cluster"],
    });
  });

  test("plan-review: an unknown option, no plan, a file that is not there", () => {
    expect(planReview(["--bogus"], quiet)).toBe(2);
    expect(planReview([], quiet)).toBe(2);
    expect(planReview([path.join(work, "missing.plan.json")], quiet)).toBe(2);
  });

  test("check-images, ci-matrix, preflight and bench: an unknown option or environment", async () => {
    await expect(checkImages(["--bogus"], ENVIRONMENTS_DIR)).resolves.toBe(2);
    await expect(checkImages(["stagng"], ENVIRONMENTS_DIR)).resolves.toBe(2);
    expect(ciMatrix(["--bogus"], ENVIRONMENTS_DIR)).toBe(2);
    expect(ciMatrix(["--github-output"], ENVIRONMENTS_DIR)).toBe(2);
    const deps = { environmentsDir: ENVIRONMENTS_DIR, out: () => undefined, err: () => undefined };
    await expect(preflightCommand(["stagng"], deps)).resolves.toBe(2);
    await expect(preflightCommand(["dev", "--bogus"], deps)).resolves.toBe(2);
    // Before the benchmark starts anything: an option it does not know is never ignored.
    expect(bench(["--bogus"])).toBe(2);
    expect(bench(["--runs", "2", "--skip-slow", "--quick"])).toBe(2);
    expect(bench(["--runs", "0"])).toBe(2);
    // drift: before any plan file is read or GitHub is called
    await expect(drift(["--bogus"], { ...quiet, env: {} })).resolves.toBe(2);
    await expect(drift(["dev", "--issue", "dev-network.plan.json"], { ...quiet, env: {} })).resolves.toBe(2);
  });
});

describe("exit 1: refused or invalid input", () => {
  test("an environment file that is not valid YAML", async () => {
    expect(runCost(["dev"], { ...quiet, environmentsDir: broken })).toBe(1);
    expect(ciMatrix([], broken)).toBe(1);
    await expect(checkImages(["dev"], broken)).resolves.toBe(1);
  });

  test("plan-review: a file that is not a Terraform plan is invalid input, not a usage error", () => {
    const notAPlan = path.join(work, "dev-data.plan.json");
    fs.writeFileSync(notAPlan, '{"resource": {}}');
    expect(planReview([notAPlan], quiet)).toBe(1);
    const badAllow = path.join(work, "bad.allow");
    fs.writeFileSync(badAllow, "prod-data:aws_rds_cluster.Aurora\n");
    const plan = path.join(work, "dev-network.plan.json");
    fs.writeFileSync(
      plan,
      JSON.stringify({ format_version: "1.2", complete: true, applyable: true, errored: false, resource_changes: [] }),
    );
    expect(planReview([plan], quiet)).toBe(0);
    expect(planReview(["--allow-file", badAllow, plan], quiet)).toBe(1);
  });
});

describe("exit 0: help is not an error", () => {
  test("every command's --help", async () => {
    expect(synthArguments(["--help"])).toEqual({ verbose: false, help: true });
    expect(runCost(["--help"], { ...quiet, environmentsDir: ENVIRONMENTS_DIR })).toBe(0);
    await expect(previewCommand(["--help"])).resolves.toBe(0);
    expect(planReview(["--help"], quiet)).toBe(0);
    await expect(checkImages(["--help"], ENVIRONMENTS_DIR)).resolves.toBe(0);
    expect(ciMatrix(["--help"], ENVIRONMENTS_DIR)).toBe(0);
    expect(bench(["--help"])).toBe(0);
    await expect(drift(["--help"], { ...quiet, env: {} })).resolves.toBe(0);
  });
});
