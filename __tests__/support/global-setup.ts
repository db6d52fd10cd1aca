import * as crypto from "crypto";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { builtIn } from "./environments";
import { SYNTH_CACHE_ENV, synthAppDir } from "./stacks";

const ROOT = path.join(__dirname, "..", "..");

/**
 * Everything a synthesized app can depend on: the sources, the charts copied into it as assets,
 * the installed packages (through the lock file), the environment files and fixtures, and the
 * synth procedure of the tests. A change to any of them is a new cache folder.
 */
const SYNTH_INPUTS = [
  "src",
  "charts",
  "main.ts",
  "package.json",
  "package-lock.json",
  "tsconfig.json",
  "environments",
  "__tests__/fixtures",
  "__tests__/support/stacks.ts",
];

/** Synthesized apps of other sources older than this are removed (a folder in use is touched by every run). */
const STALE_AFTER_MS = 60 * 60 * 1000;

/** The apps most suites synthesize: both fixture environments together, and production alone. */
const WARM = [() => [builtIn("dev"), builtIn("prod")], () => [builtIn("prod")]];

/**
 * Jest globalSetup: every temporary folder of this run (the tests', cdktf's `cdktf.outdir.*` from
 * its Testing API, Terraform's working folders and plugin cache) goes under one folder, which
 * global-teardown.ts removes; workers inherit TMPDIR. Terraform's checkpoint call is switched off.
 *
 * Jest loads every suite's modules afresh, so a synthesized app cannot be shared in memory: it is
 * shared on disk instead (`synthApp` in support/stacks.ts), under
 * `node_modules/.cache/road-warrior-synth/<hash of SYNTH_INPUTS>/`, and the apps most suites read
 * are synthesized here, once, before the workers start.
 */
export default function globalSetup(): void {
  const base = process.env.TMPDIR ?? os.tmpdir();
  const run = fs.mkdtempSync(path.join(base, "rw-jest-"));
  process.env.RW_JEST_TMPDIR = run;
  process.env.RW_JEST_ORIGINAL_TMPDIR = base;
  process.env.TMPDIR = run;
  process.env.CHECKPOINT_DISABLE = "1";

  const caches = path.join(ROOT, "node_modules", ".cache", "road-warrior-synth");
  const cache = path.join(caches, sourcesHash());
  fs.mkdirSync(cache, { recursive: true });
  const now = new Date();
  fs.utimesSync(cache, now, now);
  for (const other of fs.readdirSync(caches)) {
    const dir = path.join(caches, other);
    if (dir !== cache && now.getTime() - fs.statSync(dir).mtimeMs > STALE_AFTER_MS) fs.rmSync(dir, { recursive: true, force: true });
  }
  process.env[SYNTH_CACHE_ENV] = cache;
  for (const configs of WARM) {
    try {
      synthAppDir(configs());
    } catch {
      // A synth that fails here (a broken construct) fails again, with its message, in each suite that reads it;
      // the suites that need no synth still run.
    }
  }
}

/** sha256 over the path and content of every file of {@link SYNTH_INPUTS}, in a fixed order. */
export function sourcesHash(): string {
  const hash = crypto.createHash("sha256");
  const add = (relative: string): void => {
    const full = path.join(ROOT, relative);
    if (!fs.existsSync(full)) return;
    if (fs.statSync(full).isDirectory()) {
      for (const entry of fs.readdirSync(full).sort()) add(path.join(relative, entry));
      return;
    }
    hash.update(`${relative}\0`);
    hash.update(fs.readFileSync(full));
    hash.update("\0");
  };
  SYNTH_INPUTS.forEach(add);
  return hash.digest("hex").slice(0, 24);
}
