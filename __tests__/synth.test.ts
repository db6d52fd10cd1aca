import { spawn, spawnSync } from "child_process";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { synthesize } from "../src/synth";
import { ENVIRONMENTS_DIR } from "./support/environments";
import { snapshotTree } from "./support/files";

/** The stacks of the dev environment alone (its account's bootstrap stack included), as cdktf.out/stacks lists them. */
const DEV_ONLY_STACKS = ["bootstrap-111111111111", "dev-apps", "dev-cluster", "dev-data", "dev-network"];

const ROOT = path.join(__dirname, "..");
const quiet = { log: () => undefined, error: () => undefined };

const made: string[] = [];
function tempDir(): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "rw-synth-test-"));
  made.push(dir);
  return dir;
}
afterAll(() => made.forEach((dir) => fs.rmSync(dir, { recursive: true, force: true })));

/** main.ts in a child process, as npm run synth runs it. */
function mainTs(env: Record<string, string>, args: string[] = []) {
  return spawnSync(process.execPath, ["--require", "./scripts/register.js", "main.ts", ...args], {
    cwd: ROOT,
    env: { ...process.env, CHECKPOINT_DISABLE: "1", ...env },
    encoding: "utf8",
  });
}

/**
 * The synth, in-process where a test reads what it wrote (the `synthesize` function main.ts calls), and
 * in a child process only for what needs one: main.ts's exit codes and output, a PATH holding only
 * node, the cdktf CLI's own `cdktf synth`, and Ctrl-C. One in-process synth of the built-in
 * environments (beforeAll) is the "previous output" the tests copy instead of synthesizing it again.
 */
let built: string;
beforeAll(() => {
  built = path.join(tempDir(), "cdktf.out");
  expect(synthesize({ environmentsDir: ENVIRONMENTS_DIR, outdir: built, log: quiet })).toBe(0);
});

/** A copy of the built-in environments' synth in a new folder, as a previous run would have left it. */
function previousOutput(dir: string): string {
  const outdir = path.join(dir, "cdktf.out");
  fs.cpSync(built, outdir, { recursive: true });
  return outdir;
}

describe("synth", () => {
  test(
    "needs no Terraform: with only node on the PATH, main.ts synthesizes every stack (Terraform checks its version at init) " +
      "and prints two lines, one about suppressions",
    () => {
      const bin = tempDir();
      fs.symlinkSync(process.execPath, path.join(bin, "node"));
      const outdir = path.join(tempDir(), "cdktf.out");
      const result = mainTs({ PATH: bin, CDKTF_OUTDIR: outdir, ENVIRONMENTS_DIR });
      expect([result.status, result.stderr]).toEqual([0, ""]);
      expect(fs.readdirSync(path.join(outdir, "stacks"))).toHaveLength(10);
      expect(result.stdout.trim().split("\n")).toHaveLength(2);
      expect(result.stdout).toMatch(
        /\d+ suppressed \(bootstrap-111111111111 \d+, bootstrap-222222222222 \d+, dev-apps \d+, .*\); list them with --verbose/,
      );
    },
  );

  test("synthesizes one bootstrap stack per account and the stacks of every built-in environment, in dependency order", () => {
    const outdir = built;
    expect(fs.readdirSync(path.join(outdir, "stacks")).sort()).toEqual([
      "bootstrap-111111111111",
      "bootstrap-222222222222",
      "dev-apps",
      "dev-cluster",
      "dev-data",
      "dev-network",
      "prod-apps",
      "prod-cluster",
      "prod-data",
      "prod-network",
    ]);
    const manifest = JSON.parse(fs.readFileSync(path.join(outdir, "manifest.json"), "utf8"));
    expect(manifest.stacks["dev-data"].dependencies).toEqual(["dev-network"]);
    // network, then data and cluster in parallel, then apps
    expect(manifest.stacks["dev-cluster"].dependencies).toEqual(["dev-network"]);
    expect(manifest.stacks["dev-apps"].dependencies.sort()).toEqual(["dev-cluster", "dev-data", "dev-network"]);
  });

  test("reads another folder of environments, and keeps what Terraform left in stack folders", () => {
    const dir = tempDir();
    const envs = path.join(dir, "envs");
    fs.mkdirSync(envs);
    fs.copyFileSync(path.join(ENVIRONMENTS_DIR, "dev.yaml"), path.join(envs, "dev.yaml"));
    const outdir = previousOutput(dir);
    fs.mkdirSync(path.join(outdir, "stacks", "dev-network", ".terraform"));
    fs.writeFileSync(path.join(outdir, "stacks", "dev-network", ".terraform.lock.hcl"), "# lock");

    expect(synthesize({ environmentsDir: envs, outdir, log: quiet })).toBe(0);
    expect(fs.readdirSync(path.join(outdir, "stacks")).sort()).toEqual(DEV_ONLY_STACKS);
    expect(fs.existsSync(path.join(outdir, "stacks", "dev-network", ".terraform.lock.hcl"))).toBe(true);
  });

  test("a bad environment file exits 1, lists every problem and leaves the previous output untouched", () => {
    const dir = tempDir();
    const envs = path.join(dir, "envs");
    fs.mkdirSync(envs);
    const outdir = previousOutput(dir);
    const before = snapshotTree(outdir);

    const broken = fs
      .readFileSync(path.join(ENVIRONMENTS_DIR, "dev.yaml"), "utf8")
      .replace("10.10.0.0/16", "10.10.0.0/33")
      .replace("minSize: 1", "minSize: 7");
    fs.writeFileSync(path.join(envs, "dev.yaml"), broken);
    const errors: string[] = [];
    expect(synthesize({ environmentsDir: envs, outdir, log: { log: () => undefined, error: (m: string) => errors.push(m) } })).toBe(1);
    expect(errors.join("\n")).toMatch(/dev\.yaml: network\.vpcCidr = "10\.10\.0\.0\/33": has a prefix length above 32/);
    expect(errors.join("\n")).toMatch(/dev\.yaml: cluster\.nodeGroups\[0\]\.minSize = 7: must not exceed maxSize/);
    expect(snapshotTree(outdir)).toEqual(before);
    expect(fs.readdirSync(dir).filter((f) => f.includes("staging"))).toEqual([]);
  });

  test("an empty or missing environments folder is an error, not an empty synth", () => {
    const dir = tempDir();
    const errors: string[] = [];
    const log = { log: () => undefined, error: (m: string) => errors.push(m) };
    expect(synthesize({ environmentsDir: dir, outdir: path.join(dir, "out"), log })).toBe(1);
    expect(synthesize({ environmentsDir: path.join(dir, "nope"), outdir: path.join(dir, "out"), log })).toBe(1);
    expect(errors.join("\n")).toMatch(/holds no environment files/);
    expect(errors.join("\n")).toMatch(/must be a folder holding environment files/);
    expect(fs.existsSync(path.join(dir, "out"))).toBe(false);
  });

  test("main.ts: ENVIRONMENTS_DIR is honoured and a bad file makes the process exit non-zero with the message, no stack trace", () => {
    const dir = tempDir();
    fs.writeFileSync(path.join(dir, "dev.yaml"), "name: dev\nregion: eu-central-1\n");
    const result = spawnSync(process.execPath, ["--require", "./scripts/register.js", "main.ts"], {
      cwd: ROOT,
      env: { ...process.env, ENVIRONMENTS_DIR: dir, CDKTF_OUTDIR: path.join(dir, "out") },
      encoding: "utf8",
    });
    expect(result.status).toBe(1);
    expect(result.stderr).toMatch(/dev\.yaml: accountId = \(missing\): is required/);
    expect(result.stderr).not.toMatch(/\n\s+at /);
    expect(fs.existsSync(path.join(dir, "out"))).toBe(false);
  });

  test(
    "after an environment is removed, cdktf synth succeeds at once (the CLI, not the app, removes the orphaned stack folders); " +
      "SYNTH_VERBOSE=1 lists the suppressions through the CLI",
    () => {
      const dir = tempDir();
      const one = path.join(dir, "one");
      fs.mkdirSync(one);
      fs.copyFileSync(path.join(ENVIRONMENTS_DIR, "dev.yaml"), path.join(one, "dev.yaml"));
      // The output of a synth of both environments (the CLI's own first run leaves the same folders and manifest).
      const outdir = previousOutput(dir);
      expect(fs.readdirSync(path.join(outdir, "stacks"))).toContain("prod-apps");
      const second = spawnSync(path.join(ROOT, "node_modules", ".bin", "cdktf"), ["synth", "--output", outdir], {
        cwd: ROOT,
        env: { ...process.env, CHECKPOINT_DISABLE: "1", ENVIRONMENTS_DIR: one, SYNTH_VERBOSE: "1" },
        encoding: "utf8",
      });
      expect({ status: second.status, stderr: second.stderr }).toEqual({ status: 0, stderr: expect.not.stringMatching(/ENOENT/) });
      expect(second.stdout).toMatch(/ - dev-data: aws_rds_cluster\.Aurora: RW-RDS-4: /);
      expect(fs.readdirSync(path.join(outdir, "stacks")).sort()).toEqual(DEV_ONLY_STACKS);
    },
    120_000,
  );

  test("Ctrl-C during a synth leaves no staging folder and exits 130; --verbose lists the suppressions", async () => {
    const dir = tempDir();
    const outdir = path.join(dir, "cdktf.out");
    const child = spawn(process.execPath, ["--require", "./scripts/register.js", "main.ts", "--verbose"], {
      cwd: ROOT,
      env: { ...process.env, ENVIRONMENTS_DIR, CDKTF_OUTDIR: outdir },
      stdio: ["ignore", "pipe", "ignore"],
    });
    let stdout = "";
    child.stdout!.on("data", (chunk: Buffer) => (stdout += chunk.toString("utf8")));
    // "close": the exit code once stdout is read to its end.
    const exited = new Promise<number | null>((resolve) => child.on("close", (code) => resolve(code)));
    // Wait (by polling, no clock) until the staging folder exists, then interrupt.
    let interrupted = false;
    await new Promise<void>((resolve) => {
      const poll = () => {
        if (child.exitCode !== null) return resolve();
        if (fs.readdirSync(dir).some((f) => f.startsWith("cdktf.out.staging-"))) {
          interrupted = child.kill("SIGINT");
          return resolve();
        }
        setImmediate(poll);
      };
      poll();
    });
    const code = await exited;
    expect(interrupted).toBe(true);
    // The synth finishes or rolls back (it is synchronous), then the signal ends the process.
    expect(code).toBe(130);
    expect(fs.readdirSync(dir).filter((f) => f.includes("staging"))).toEqual([]);
    // The synth ran to its end before the signal was handled: its --verbose list is out.
    expect(stdout).toMatch(/ - dev-data: aws_rds_cluster\.Aurora: RW-RDS-4: /);
  }, 60_000);
});
