import { spawnSync } from "child_process";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { synthesize } from "../src/synth";
import { ENVIRONMENTS_DIR } from "./support/environments";
import { snapshotTree } from "./support/files";

const ROOT = path.join(__dirname, "..");
const quiet = { log: () => undefined, error: () => undefined };

function tempDir(): string {
  return fs.mkdtempSync(path.join(os.tmpdir(), "rw-synth-test-"));
}

describe("synth", () => {
  test("synthesizes one bootstrap stack per account and the stacks of every built-in environment, in dependency order", () => {
    const outdir = path.join(tempDir(), "cdktf.out");
    expect(synthesize({ environmentsDir: ENVIRONMENTS_DIR, outdir, log: quiet })).toBe(0);
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
    const outdir = path.join(dir, "cdktf.out");
    expect(synthesize({ environmentsDir: ENVIRONMENTS_DIR, outdir, log: quiet })).toBe(0);
    fs.mkdirSync(path.join(outdir, "stacks", "dev-network", ".terraform"));
    fs.writeFileSync(path.join(outdir, "stacks", "dev-network", ".terraform.lock.hcl"), "# lock");

    expect(synthesize({ environmentsDir: envs, outdir, log: quiet })).toBe(0);
    expect(fs.readdirSync(path.join(outdir, "stacks")).sort()).toEqual(["bootstrap-111111111111", "dev-apps", "dev-cluster", "dev-data", "dev-network"]);
    expect(fs.existsSync(path.join(outdir, "stacks", "dev-network", ".terraform.lock.hcl"))).toBe(true);
  });

  test("a bad environment file exits 1, lists every problem and leaves the previous output untouched", () => {
    const dir = tempDir();
    const envs = path.join(dir, "envs");
    fs.mkdirSync(envs);
    const outdir = path.join(dir, "cdktf.out");
    expect(synthesize({ environmentsDir: ENVIRONMENTS_DIR, outdir, log: quiet })).toBe(0);
    const before = snapshotTree(outdir);

    const broken = fs.readFileSync(path.join(ENVIRONMENTS_DIR, "dev.yaml"), "utf8").replace("10.10.0.0/16", "10.10.0.0/33").replace("minSize: 1", "minSize: 7");
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
});
