import { spawnSync, SpawnSyncReturns } from "child_process";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { CostSnapshot, diffEnvironment } from "../cost/diff";
import { CostDiffReport } from "../cost/diff-format";
import { EnvironmentEstimate } from "../cost/model";

/** Input the diff cannot start from; `exitCode` follows the commands' contract (2 usage, 1 refused). */
export class CostDiffInputError extends Error {
  constructor(
    message: string,
    public readonly exitCode: 1 | 2,
  ) {
    super(message);
    this.name = "CostDiffInputError";
  }
}

/** Ctrl-C or SIGTERM reached a child (npm ci, a synth): the temporary worktree is removed, then the command exits 128 + signal. */
export class CostDiffInterrupted extends Error {
  constructor(public readonly signal: "SIGINT" | "SIGTERM") {
    super(`interrupted (${signal}): the base's temporary worktree is removed`);
    this.name = "CostDiffInterrupted";
  }
}

/** A child stopped by Ctrl-C (the terminal signals the whole process group) or SIGTERM stops the diff, never reads as a broken base. */
function stopIfInterrupted(run: SpawnSyncReturns<string>): void {
  if (run.signal === "SIGINT" || run.signal === "SIGTERM") throw new CostDiffInterrupted(run.signal);
}

export interface CostDiffOptions {
  /** A folder of the head's git checkout (the working tree is the head). */
  readonly cwd: string;
  /** What the head is compared against: a branch, tag or commit (e.g. origin/main). */
  readonly baseRef: string;
  /** The environment files' folder, relative to `cwd` or absolute; the base's are at the same place in the base. */
  readonly environmentsDir: string;
  readonly environments: readonly string[];
  /** The day both sides are priced on. */
  readonly date: Date;
  /** `scripts/cost-snapshot.ts`, run in each checkout with that checkout's own loader. */
  readonly snapshotScript: string;
  /** Progress (which step runs), for stderr. @default - quiet */
  readonly progress?: (line: string) => void;
}

interface SnapshotFile {
  readonly snapshots: readonly CostSnapshot[];
  readonly missing: readonly string[];
  readonly thresholds: Readonly<Record<string, number>>;
}

function git(cwd: string, args: readonly string[]): SpawnSyncReturns<string> {
  return spawnSync("git", args, { cwd, encoding: "utf8", maxBuffer: 64 * 1024 * 1024 });
}

const firstLine = (text: string): string =>
  text
    .trim()
    .split("\n")
    .find((l) => l.trim() !== "") ?? "(no message)";

/**
 * The commit `ref` names. An unknown ref is a usage error (exit 2), like an unknown environment
 * name; in a shallow clone the commit may just not have been fetched, which is said, with the fetch
 * that fixes it (exit 1: the command cannot run in this checkout as it is).
 */
export function resolveBase(cwd: string, ref: string): string {
  if (ref.startsWith("-") || ref.trim() === "") throw new CostDiffInputError(`--diff ${ref}: a base ref is a branch, tag or commit`, 2);
  const resolved = git(cwd, ["rev-parse", "--verify", "--quiet", `${ref}^{commit}`]);
  if (resolved.status === 0) return resolved.stdout.trim();
  if (git(cwd, ["rev-parse", "--is-shallow-repository"]).stdout.trim() === "true")
    throw new CostDiffInputError(
      `base ref ${ref} is not in this shallow clone: fetch it first (git fetch --depth=1 origin ${ref.replace(/^origin\//, "")}), ` +
        `or check out with fetch-depth: 0 in the workflow`,
      1,
    );
  throw new CostDiffInputError(`unknown base ref ${ref}: no branch, tag or commit of that name (git fetch origin, then retry)`, 2);
}

function runSnapshot(checkout: string, options: CostDiffOptions, environmentsDir: string, out: string): SnapshotFile {
  const run = spawnSync(
    process.execPath,
    [
      "--require",
      path.join(checkout, "scripts", "register.js"),
      options.snapshotScript,
      checkout,
      environmentsDir,
      options.date.toISOString().slice(0, 10),
      out,
      ...options.environments,
    ],
    { cwd: checkout, encoding: "utf8", maxBuffer: 64 * 1024 * 1024 },
  );
  stopIfInterrupted(run);
  if (run.status !== 0) throw new Error(firstLine(`${run.stderr ?? ""}\n${run.error?.message ?? ""}`));
  return JSON.parse(fs.readFileSync(out, "utf8")) as SnapshotFile;
}

/**
 * A temporary worktree of `commit` under the OS temp folder, detached (no branch is created or
 * moved), with the head's node_modules when package-lock.json is the same, else its own `npm ci`.
 * Removed afterwards whatever happens; the head's working tree is never touched.
 */
export function withBaseWorktree<T>(top: string, commit: string, progress: (line: string) => void, use: (checkout: string) => T): T {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "road-warrior-cost-base-"));
  const checkout = path.join(dir, "base");
  try {
    const added = git(top, ["worktree", "add", "--detach", checkout, commit]);
    if (added.status !== 0) throw new Error(`git worktree add failed: ${firstLine(added.stderr)}`);
    const baseLock = git(top, ["show", `${commit}:package-lock.json`]);
    const headLock = path.join(top, "package-lock.json");
    const modules = path.join(top, "node_modules");
    if (baseLock.status === 0 && fs.existsSync(headLock) && fs.readFileSync(headLock, "utf8") === baseLock.stdout && fs.existsSync(modules))
      fs.symlinkSync(fs.realpathSync(modules), path.join(checkout, "node_modules"), "dir");
    else {
      progress(`package-lock.json differs at the base: npm ci in ${checkout}`);
      const ci = spawnSync("npm", ["ci", "--ignore-scripts", "--no-audit", "--no-fund"], { cwd: checkout, encoding: "utf8" });
      stopIfInterrupted(ci);
      if (ci.status !== 0) throw new Error(`npm ci failed: ${firstLine(`${ci.stderr ?? ""}${ci.error?.message ?? ""}`)}`);
    }
    return use(checkout);
  } finally {
    // The link first, so nothing can follow it into the head's node_modules.
    const link = path.join(checkout, "node_modules");
    if (fs.lstatSync(link, { throwIfNoEntry: false })?.isSymbolicLink()) fs.unlinkSync(link);
    git(top, ["worktree", "remove", "--force", checkout]);
    fs.rmSync(dir, { recursive: true, force: true });
    git(top, ["worktree", "prune"]);
  }
}

/**
 * `npm run cost -- <env>... --diff <base-ref>`: snapshots the head (the working tree) and the base (a
 * temporary worktree) with each one's own code and prices, and compares them per environment. A base
 * that does not synthesize is reported in `baseError`, with the head's estimates alone. Throws
 * {@link CostDiffInputError} for a ref it cannot use and Error when the head itself does not synthesize.
 */
export function costDiff(options: CostDiffOptions): CostDiffReport {
  // While it runs, Ctrl-C must not kill this process before the worktree is removed: the children
  // get the signal too, and their end (stopIfInterrupted) unwinds through the clean-ups.
  const stay = () => undefined;
  process.on("SIGINT", stay);
  process.on("SIGTERM", stay);
  try {
    return diffWithBase(options);
  } finally {
    process.off("SIGINT", stay);
    process.off("SIGTERM", stay);
  }
}

function diffWithBase(options: CostDiffOptions): CostDiffReport {
  const progress = options.progress ?? (() => undefined);
  const shown = git(options.cwd, ["rev-parse", "--show-toplevel"]);
  if (shown.status !== 0) throw new CostDiffInputError(`--diff needs a git checkout: ${firstLine(shown.stderr)}`, 1);
  const top = fs.realpathSync(shown.stdout.trim());
  const commit = resolveBase(top, options.baseRef);
  const absoluteEnvironments = fs.realpathSync(path.resolve(options.cwd, options.environmentsDir));
  const relative = path.relative(top, absoluteEnvironments);
  // Environment files outside the checkout are the same files on both sides; inside, each side has its own.
  const environmentsDir = relative.startsWith("..") || path.isAbsolute(relative) ? absoluteEnvironments : relative || ".";
  const work = fs.mkdtempSync(path.join(os.tmpdir(), "road-warrior-cost-diff-"));
  try {
    progress("synthesizing the head");
    let head: SnapshotFile;
    try {
      head = runSnapshot(top, options, environmentsDir, path.join(work, "head.json"));
    } catch (error) {
      if (error instanceof CostDiffInterrupted) throw error;
      throw new CostDiffInputError(`the working tree does not synthesize: ${error instanceof Error ? error.message : String(error)}`, 1);
    }
    const base = { ref: options.baseRef, commit };
    let baseFile: SnapshotFile;
    try {
      progress(`synthesizing the base ${options.baseRef} (${commit.slice(0, 12)}) in a temporary worktree`);
      baseFile = withBaseWorktree(top, commit, progress, (checkout) =>
        runSnapshot(checkout, options, environmentsDir, path.join(work, "base.json")),
      );
    } catch (error) {
      if (error instanceof CostDiffInterrupted) throw error;
      const headOnly: EnvironmentEstimate[] = head.snapshots.map((s) => s.estimate);
      const reason = error instanceof Error ? error.message : String(error);
      return {
        base,
        baseError: `The base ${options.baseRef} (${commit.slice(0, 12)}) does not synthesize: ${reason}.`,
        environments: [],
        headOnly,
      };
    }
    const environments = head.snapshots.map((snapshot) =>
      diffEnvironment(
        baseFile.snapshots.find((s) => s.estimate.environment === snapshot.estimate.environment),
        snapshot,
        head.thresholds[snapshot.estimate.environment],
      ),
    );
    return { base, environments };
  } finally {
    fs.rmSync(work, { recursive: true, force: true });
  }
}
