import * as fs from "fs";
import * as path from "path";
import { parse, stringify } from "yaml";
import { ConfigError, ConfigIssue } from "../../src/config/issues";
import { validateEnvironments } from "../../src/config/load";
import { EnvironmentConfig } from "../../src/config/schema";

/**
 * The environments the tests check: a fixed dev (non-production) and prod (production) in
 * `__tests__/fixtures/environments/`, copies of the built-in files kept apart so that adding,
 * editing or removing a file in `environments/` never changes what a test expects.
 */
export const ENVIRONMENTS_DIR = path.join(__dirname, "..", "fixtures", "environments");

/** The project's own `environments/` folder: tests of the built-in files iterate whatever is in it ({@link builtInFiles}). */
export const BUILT_IN_DIR = path.join(__dirname, "..", "..", "environments");

/** The names of the environment files in `environments/`, whatever they are. */
export function builtInFiles(dir: string = BUILT_IN_DIR): string[] {
  return fs
    .readdirSync(dir)
    .filter((f) => /\.ya?ml$/.test(f))
    .sort();
}

/** The raw (unvalidated) content of a fixture environment file, for tests to break. */
export function builtInRaw(name: "dev" | "prod"): Record<string, any> {
  return parse(fs.readFileSync(path.join(ENVIRONMENTS_DIR, `${name}.yaml`), "utf8"));
}

/** A fixture environment, validated. */
export function builtIn(name: "dev" | "prod"): EnvironmentConfig {
  return validateEnvironments([{ file: `${name}.yaml`, text: stringify(builtInRaw(name)) }])[0].config;
}

/** Validates files given as objects or text; returns the issues ([] when valid). */
export function issuesOf(files: Record<string, Record<string, unknown> | string>): ConfigIssue[] {
  try {
    validateEnvironments(
      Object.entries(files).map(([file, content]) => ({ file, text: typeof content === "string" ? content : stringify(content) })),
    );
    return [];
  } catch (error) {
    if (error instanceof ConfigError) return [...error.issues];
    throw error;
  }
}

/** A fixture environment file under `__tests__/fixtures/<dir>/<name>.yaml`, as the loader takes it. */
export function fixtureFile(dir: string, name: string): { file: string; text: string } {
  return { file: `${name}.yaml`, text: fs.readFileSync(path.join(__dirname, "..", "fixtures", dir, `${name}.yaml`), "utf8") };
}

/**
 * The environments whose services the chart tests render: the built-in two and the fixtures with
 * other service shapes (mesh: internal callers; lean: the smallest). They validate together.
 */
export function serviceFixtureConfigs(): EnvironmentConfig[] {
  return validateEnvironments([
    { file: "dev.yaml", text: stringify(builtInRaw("dev")) },
    { file: "prod.yaml", text: stringify(builtInRaw("prod")) },
    fixtureFile("helm", "mesh"),
    fixtureFile("cost", "lean"),
  ]).map((e) => e.config);
}
