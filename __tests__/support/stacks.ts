import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { App, Testing } from "cdktf";
import { buildStacks, RoadWarriorStacks } from "../../src/app";
import { EnvironmentConfig } from "../../src/config/schema";
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
 * remote state only then) and returns each stack's Terraform JSON by stack name.
 */
export function synthApp(configs: EnvironmentConfig[]): Record<string, Json> {
  const outdir = fs.mkdtempSync(path.join(os.tmpdir(), "rw-synth-"));
  try {
    const app = new App({ outdir });
    buildStacks(app, configs);
    app.synth();
    const stacksDir = path.join(outdir, "stacks");
    return Object.fromEntries(
      fs.readdirSync(stacksDir).map((name) => [name, JSON.parse(fs.readFileSync(path.join(stacksDir, name, "cdk.tf.json"), "utf8"))]),
    );
  } finally {
    fs.rmSync(outdir, { recursive: true, force: true });
  }
}
