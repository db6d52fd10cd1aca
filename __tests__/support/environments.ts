import * as fs from "fs";
import * as path from "path";
import { parse, stringify } from "yaml";
import { ConfigError, ConfigIssue } from "../../src/config/issues";
import { validateEnvironments } from "../../src/config/load";
import { EnvironmentConfig } from "../../src/config/schema";

export const ENVIRONMENTS_DIR = path.join(__dirname, "..", "..", "environments");

/** The raw (unvalidated) content of a built-in environment file, for tests to break. */
export function builtInRaw(name: "dev" | "prod"): Record<string, any> {
  return parse(fs.readFileSync(path.join(ENVIRONMENTS_DIR, `${name}.yaml`), "utf8"));
}

/** A built-in environment, validated. */
export function builtIn(name: "dev" | "prod"): EnvironmentConfig {
  return validateEnvironments([{ file: `${name}.yaml`, text: stringify(builtInRaw(name)) }])[0].config;
}

/** Validates files given as objects or text; returns the issues ([] when valid). */
export function issuesOf(files: Record<string, Record<string, unknown> | string>): ConfigIssue[] {
  try {
    validateEnvironments(Object.entries(files).map(([file, content]) => ({ file, text: typeof content === "string" ? content : stringify(content) })));
    return [];
  } catch (error) {
    if (error instanceof ConfigError) return [...error.issues];
    throw error;
  }
}
