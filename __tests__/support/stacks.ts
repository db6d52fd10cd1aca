import * as crypto from "crypto";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { App, Testing } from "cdktf";
import { buildStacks, RoadWarriorStacks } from "../../src/app";
import { EnvironmentConfig } from "../../src/config/schema";
import { validateStacks } from "../../src/stack-validation";
import { Json, resources } from "./constructs";
import { builtIn } from "./environments";

/** The stacks of the built-in environments (dev, prod), built once per test file. */
let cached: RoadWarriorStacks | undefined;
export function builtInStacks(): RoadWarriorStacks {
  cached ??= buildStacks(Testing.app(), [builtIn("dev"), builtIn("prod")]);
  return cached;
}

/** Stacks of the given configs, built fresh. */
export function stacksOf(configs: EnvironmentConfig[]): RoadWarriorStacks {
  return buildStacks(Testing.app(), configs);
}

/** Synthesized Terraform JSON of a stack, as a string (for cdktf's matchers) and parsed. */
export function synthOf(stack: Parameters<typeof Testing.synth>[0]): { text: string; json: Json } {
  const text = Testing.synth(stack);
  return { text, json: JSON.parse(text) };
}

/** All resources of a type in synthesized JSON, by their Terraform name (one helper for stack and construct tests). */
export const resourcesOf = resources;

/** The single resource of a type whose name matches `name`. */
export function resourceNamed(json: Json, type: string, name: RegExp): Json {
  const matches = Object.entries(resourcesOf(json, type)).filter(([key]) => name.test(key));
  if (matches.length !== 1) throw new Error(`expected one ${type} matching ${name}, found ${matches.map(([k]) => k).join(", ") || "none"}`);
  return matches[0][1];
}

/**
 * Synthesizes a whole app the way `cdktf synth` does (cross-stack references become outputs and
 * remote state only then) and returns each stack's Terraform JSON by stack name, parsed afresh on
 * every call (a test may change what it gets). The app is synthesized once per run and set of
 * configs: see {@link synthAppDir}.
 */
export function synthApp(configs: EnvironmentConfig[]): Record<string, Json> {
  const stacksDir = path.join(synthAppDir(configs), "stacks");
  return Object.fromEntries(
    fs.readdirSync(stacksDir).map((name) => [name, JSON.parse(fs.readFileSync(path.join(stacksDir, name, "cdk.tf.json"), "utf8"))]),
  );
}

/**
 * The output folder of a whole-app synth of `configs` (stacks and chart assets, as `cdktf synth`
 * writes them), shared by every suite of the run: read it, never write to it. With the cache of
 * the run ({@link SYNTH_CACHE_ENV}, set by global-setup.ts) the folder is
 * `<cache>/<hash of the configs>`, made by the first suite that asks (or by the global setup for
 * the fixture environments) and moved into place whole, so a reader never sees half of it.
 * Without it (a script outside Jest), a fresh temporary folder.
 */
export function synthAppDir(configs: EnvironmentConfig[]): string {
  const cache = process.env[SYNTH_CACHE_ENV];
  if (!cache) return synthInto(fs.mkdtempSync(path.join(os.tmpdir(), "rw-synth-")), configs);
  const dir = path.join(cache, crypto.createHash("sha256").update(JSON.stringify(configs)).digest("hex").slice(0, 24));
  if (fs.existsSync(dir)) return dir;
  fs.mkdirSync(cache, { recursive: true });
  const staging = synthInto(fs.mkdtempSync(`${dir}.staging-`), configs);
  try {
    fs.renameSync(staging, dir);
  } catch (error) {
    // Another worker moved the same synth into place first: its copy is as good as this one.
    if (!fs.existsSync(dir)) throw error;
    fs.rmSync(staging, { recursive: true, force: true });
  }
  return dir;
}

/** The environment variable naming the run's synthesized-app cache (a folder per hash of the sources). */
export const SYNTH_CACHE_ENV = "RW_SYNTH_CACHE";

/** `app.synth()` of the configs into `outdir`, with the synth entry's checks (src/synth.ts): no `terraform version` child processes. */
function synthInto(outdir: string, configs: EnvironmentConfig[]): string {
  const app = new App({ outdir, skipValidation: true });
  buildStacks(app, configs);
  const invalid = validateStacks(app);
  if (invalid.length > 0) throw new Error(`Stack validation failed:\n  ${invalid.join("\n  ")}`);
  app.synth();
  return outdir;
}
