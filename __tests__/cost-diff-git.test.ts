/*
 * `npm run cost -- dev --diff <base-ref>` on a real git repository: a copy of the project's sources
 * with two commits, the second raising a service's replicas, changing the system nodes' type and
 * adding a bucket. Both sides are synthesized by scripts/cost-snapshot.ts in their own checkout (the
 * base in a temporary worktree that must be gone afterwards, the working tree untouched). Integration
 * tier: it runs git and node.
 *
 * Several diffs below have a side whose committed tree an earlier diff already snapshotted (a revert
 * restores the head of the first diff): each diff still runs a snapshot child per side, but a side
 * whose clean checkout has a tree already snapshotted (same environments and day) reads that
 * snapshot instead of synthesizing it again ({@link SNAPSHOT_ONCE_PER_TREE}).
 */
import { spawnSync } from "child_process";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { parse, stringify } from "yaml";
import { runCost } from "../scripts/cost";
import { costDiff, CostDiffInterrupted } from "../src/ci/cost-diff";
import { EnvironmentCostDiff } from "../src/cost/diff";
import { CostDiffReport } from "../src/cost/diff-format";
import { ENVIRONMENTS_DIR } from "./support/environments";

const ROOT = path.join(__dirname, "..");
const DAY = new Date("2026-12-07T12:00:00Z");
const IDENTITY = {
  GIT_AUTHOR_NAME: "cost diff test",
  GIT_AUTHOR_EMAIL: "test@example.invalid",
  GIT_COMMITTER_NAME: "cost diff test",
  GIT_COMMITTER_EMAIL: "test@example.invalid",
};

/** A resource type the cost tool has no price rule for (DynamoDB is not used by the project). */
const TABLE = { name: "trips", hashKey: "id", billingMode: "PAY_PER_REQUEST", attribute: [{ name: "id", type: "S" }] };

let work: string;
let repo: string;

/**
 * scripts/cost-snapshot.ts, run as the diff runs it, except that a clean checkout whose tree (with
 * the same arguments) was already snapshotted in this suite gets a copy of that snapshot. A checkout
 * with uncommitted changes is always synthesized.
 */
const SNAPSHOT_ONCE_PER_TREE = (cacheDir: string) => `"use strict";
const { execFileSync } = require("child_process");
const crypto = require("crypto");
const fs = require("fs");
const path = require("path");
const args = process.argv.slice(2);
const [checkout, , , output] = args;
const git = (...a) => execFileSync("git", a, { cwd: checkout, encoding: "utf8" }).trim();
// The tree, the environments folder, the day and the environments: not the checkout's path nor the output's.
const inputs = [git("rev-parse", "HEAD^{tree}"), ...args.slice(1, 3), ...args.slice(4)];
const key = git("status", "--porcelain") === "" ? crypto.createHash("sha256").update(JSON.stringify(inputs)).digest("hex") : undefined;
const cached = key && path.join(${JSON.stringify(cacheDir)}, key + ".json");
if (cached && fs.existsSync(cached)) fs.copyFileSync(cached, output);
else {
  // The script's own command line, so its error reporting is what the diff reads.
  process.exitCode = require(${JSON.stringify(path.join(ROOT, "scripts", "cost-snapshot.ts"))}).main(args);
  if (process.exitCode === 0 && cached) fs.copyFileSync(output, cached);
}
`;
/** The snapshot script every diff of this suite runs (the mock of costDiff below): {@link SNAPSHOT_ONCE_PER_TREE}. */
let mockSnapshotScript: string | undefined;
jest.mock("../src/ci/cost-diff", () => {
  const actual = jest.requireActual("../src/ci/cost-diff");
  return {
    ...actual,
    costDiff: (options: { snapshotScript: string }) =>
      actual.costDiff(
        mockSnapshotScript && options.snapshotScript.endsWith("cost-snapshot.ts")
          ? { ...options, snapshotScript: mockSnapshotScript }
          : options,
      ),
  };
});

function git(cwd: string, ...args: string[]): string {
  const run = spawnSync("git", args, { cwd, encoding: "utf8", env: { ...process.env, ...IDENTITY } });
  if (run.status !== 0) throw new Error(`git ${args.join(" ")}: ${run.stderr}`);
  return run.stdout.trim();
}

function editFile(file: string, change: (text: string) => string): void {
  const before = fs.readFileSync(file, "utf8");
  const after = change(before);
  if (after === before) throw new Error(`${file}: the edit changed nothing (has the anchor text moved?)`);
  fs.writeFileSync(file, after);
}

function editDev(change: (raw: Record<string, any>) => void): void {
  const file = path.join(repo, "environments", "dev.yaml");
  const raw = parse(fs.readFileSync(file, "utf8"));
  change(raw);
  fs.writeFileSync(file, stringify(raw));
}

/** Adds a resource to the data stack, before the assets bucket (a construct id that never moves). */
function addToDataStack(importLine: string, statement: string): void {
  editFile(path.join(repo, "src", "stacks", "data-stack.ts"), (text) =>
    `${importLine}\n${text}`.replace(
      '    this.assetsBucket = new SecureBucket(this, "AssetsBucket", {',
      `    ${statement}\n    this.assetsBucket = new SecureBucket(this, "AssetsBucket", {`,
    ),
  );
}

function diff(...args: string[]): { code: number; errors: string; report?: CostDiffReport } {
  const output = path.join(work, `report-${Math.random().toString(36).slice(2)}.json`);
  const errors: string[] = [];
  const code = runCost(["dev", "--format", "json", "--output", output, ...args], {
    log: () => undefined,
    error: (text) => errors.push(text),
    environmentsDir: path.join(repo, "environments"),
    cwd: repo,
    date: DAY,
  });
  return { code, errors: errors.join("\n"), report: fs.existsSync(output) ? JSON.parse(fs.readFileSync(output, "utf8")) : undefined };
}

const change = (d: EnvironmentCostDiff, item: string) => {
  const found = d.changes.filter((c) => c.item === item);
  if (found.length !== 1) throw new Error(`${found.length} changes named ${item}: ${d.changes.map((c) => c.item).join(" | ")}`);
  return found[0];
};

let sigintListeners: number;

beforeAll(() => {
  sigintListeners = process.listenerCount("SIGINT");
  work = fs.mkdtempSync(path.join(os.tmpdir(), "rw-cost-diff-git-"));
  repo = path.join(work, "repo");
  fs.mkdirSync(path.join(work, "snapshots"));
  mockSnapshotScript = path.join(work, "snapshot-once-per-tree.js");
  fs.writeFileSync(mockSnapshotScript, SNAPSHOT_ONCE_PER_TREE(path.join(work, "snapshots")));
  fs.mkdirSync(path.join(repo, "environments"), { recursive: true });
  for (const entry of ["src", "charts", "scripts/register.js", "package.json", "package-lock.json", "tsconfig.json"])
    fs.cpSync(path.join(ROOT, entry), path.join(repo, entry), { recursive: true });
  fs.copyFileSync(path.join(ENVIRONMENTS_DIR, "dev.yaml"), path.join(repo, "environments", "dev.yaml"));
  fs.writeFileSync(path.join(repo, ".gitignore"), "node_modules\n");
  fs.symlinkSync(fs.realpathSync(path.join(ROOT, "node_modules")), path.join(repo, "node_modules"), "dir");
  git(repo, "init", "--quiet", "--initial-branch=main");
  git(repo, "add", "-A");
  git(repo, "commit", "--quiet", "-m", "base");

  editDev((raw) => {
    Object.assign(
      raw.services.find((s: { name: string }) => s.name === "trips-api"),
      { minReplicas: 8, maxReplicas: 8 },
    );
    raw.cluster.nodeGroups[0].instanceTypes = ["t4g.large"];
  });
  addToDataStack(
    'import { S3Bucket } from "@cdktf/provider-aws/lib/s3-bucket";',
    'new S3Bucket(this, "ReportsBucket", { bucket: "road-warrior-dev-reports" });',
  );
  git(repo, "commit", "--quiet", "-am", "more replicas, larger nodes, a reports bucket");
});

afterAll(() => fs.rmSync(work, { recursive: true, force: true }));

describe("two commits: a service's replicas, the system nodes' type and a new bucket", () => {
  let result: ReturnType<typeof diff>;
  let dev: EnvironmentCostDiff;
  beforeAll(() => {
    result = diff("--diff", "main~1");
    dev = result.report!.environments[0];
  });

  test("the diff is complete (exit 0) and dev is touched", () => {
    expect(result.errors).not.toMatch(/does not synthesize/);
    expect(result.code).toBe(0);
    expect(result.report!.base).toEqual({ ref: "main~1", commit: git(repo, "rev-parse", "main~1") });
    expect(dev).toMatchObject({ environment: "dev", touched: true, newEnvironment: false, needsApproval: false });
  });

  test("the system nodes are resized from t4g.medium to t4g.large: twice the hourly price (rounded per line)", () => {
    const nodes = change(dev, 'Nodes "general" (Spot)');
    expect(nodes).toMatchObject({
      kind: "resized",
      before: { low: 11.21 },
      after: { low: 22.43 },
      difference: { low: 11.22, high: 11.22 },
    });
    expect(nodes.reason).toMatch(/t4g\.large/);
    expect(nodes.was).toMatch(/t4g\.medium/);
  });

  test("the data stack's buckets line is resized from 2 to 3 buckets", () => {
    const buckets = dev.changes.find((c) => c.stack === "dev-data" && c.item === "S3 buckets (baseline)")!;
    expect(buckets).toMatchObject({ kind: "resized", before: { low: 0.05 }, after: { low: 0.07 } });
    expect(buckets.reason).toMatch(/^3 buckets/);
  });

  test("seven more trips-api replicas raise Karpenter's floor, not its ceiling (the pool limits)", () => {
    const karpenter = change(dev, "Karpenter nodes (range)");
    expect(karpenter.kind).toBe("resized");
    expect(karpenter.difference.low).toBeGreaterThan(0);
    expect(karpenter.difference.high).toBe(0);
    expect(karpenter.reason).toMatch(/request 2350m CPU/);
  });

  test("nothing else changed, and the totals are the base's plus the lines' differences", () => {
    expect(dev.changes.map((c) => c.item).sort()).toEqual(["Karpenter nodes (range)", 'Nodes "general" (Spot)', "S3 buckets (baseline)"]);
    const sum = (end: "low" | "high") => Math.round(dev.changes.reduce((t, c) => t + c.difference[end], 0) * 100) / 100;
    expect(dev.difference.low).toBe(sum("low"));
    expect(dev.difference.high).toBe(sum("high"));
    expect(Math.round((dev.before.low + dev.difference.low) * 100) / 100).toBe(dev.after.low);
    expect(dev.before).toMatchObject({ low: 149.76, high: 448.58, complete: true });
  });

  test("the base's worktree is gone and the working tree is untouched", () => {
    expect(git(repo, "worktree", "list", "--porcelain").match(/^worktree /gm)).toHaveLength(1);
    expect(git(repo, "status", "--porcelain")).toBe("");
  });
});

describe("bad input: one clear line each, with the commands' exit codes", () => {
  test("an unknown base ref is a usage error (2)", () => {
    const { code, errors, report } = diff("--diff", "no-such-branch");
    expect(code).toBe(2);
    expect(errors).toBe("unknown base ref no-such-branch: no branch, tag or commit of that name (git fetch origin, then retry)");
    expect(report).toBeUndefined();
  });

  test("a shallow clone without the base commit says how to fetch it (1)", () => {
    const shallow = path.join(work, "shallow");
    git(work, "clone", "--quiet", "--depth=1", `file://${repo}`, shallow);
    const errors: string[] = [];
    const code = runCost(["dev", "--diff", "main~1"], {
      log: () => undefined,
      error: (text) => errors.push(text),
      environmentsDir: path.join(shallow, "environments"),
      cwd: shallow,
    });
    expect(code).toBe(1);
    expect(errors.join("\n")).toMatch(
      /^base ref main~1 is not in this shallow clone: fetch it first \(git fetch --depth=1 origin main~1\), or check out with fetch-depth: 0/,
    );
  });

  test("a base that does not synthesize: said in one line, then the head alone (3, incomplete)", () => {
    fs.writeFileSync(
      path.join(repo, "src", "app.ts"),
      fs.readFileSync(path.join(repo, "src", "app.ts"), "utf8") + "\nthrow new Error('broken at the base');\n",
    );
    git(repo, "commit", "--quiet", "-am", "a broken app");
    git(repo, "revert", "--no-edit", "HEAD");
    const { code, errors, report } = diff("--diff", "main~1");
    expect(code).toBe(3);
    expect(report!.baseError).toMatch(/^The base main~1 \([0-9a-f]{12}\) does not synthesize: broken at the base\.$/);
    expect(report!.headOnly!.map((e) => e.environment)).toEqual(["dev"]);
    expect(errors).toContain(report!.baseError);
    expect(git(repo, "worktree", "list", "--porcelain").match(/^worktree /gm)).toHaveLength(1);
  });

  test("Ctrl-C during the base's synth: the worktree is still removed, and the diff stops (not a broken base)", () => {
    // A snapshot script that synthesizes the head, and is interrupted in the base as Ctrl-C would (the terminal signals the group).
    const script = path.join(work, "interrupted-snapshot.js");
    fs.writeFileSync(
      script,
      `if (process.argv[2].includes("road-warrior-cost-base-")) process.kill(process.pid, "SIGINT");\n` +
        `else require(${JSON.stringify(mockSnapshotScript)});\n`,
    );
    const options = {
      cwd: repo,
      baseRef: "main~1",
      environmentsDir: "environments",
      environments: ["dev"],
      date: DAY,
      snapshotScript: script,
    };
    expect(() => costDiff(options)).toThrow(CostDiffInterrupted);
    expect(git(repo, "worktree", "list", "--porcelain").match(/^worktree /gm)).toHaveLength(1);
    expect(process.listenerCount("SIGINT")).toBe(sigintListeners);
  });

  test("an unpriced resource type is flagged in the diff, never priced at $0 (3, incomplete)", () => {
    addToDataStack(
      'import { DynamodbTable } from "@cdktf/provider-aws/lib/dynamodb-table";',
      `new DynamodbTable(this, "Trips", ${JSON.stringify(TABLE)});`,
    );
    git(repo, "commit", "--quiet", "-am", "a table the cost tool has no price for");
    const { code, report } = diff("--diff", "main~1");
    expect(code).toBe(3);
    const d = report!.environments[0];
    expect(d.unpriced.head).toEqual([expect.stringMatching(/^dev-data: resource type aws_dynamodb_table has no price rule/)]);
    expect(d.after.complete).toBe(false);
    expect(d.difference.complete).toBe(false);
    expect(d.changes).toEqual([]);
  });
});
