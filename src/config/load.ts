import * as fs from "fs";
import * as path from "path";
import { parseDocument } from "yaml";
import { core as zcore } from "zod";
import { ConfigError, ConfigIssue, formatPath } from "./issues";
import { checkAcrossEnvironments, checkEnvironment } from "./rules";
import { EnvironmentConfig, environmentSchema } from "./schema";

/** A validated environment and the file it came from. */
export interface LoadedEnvironment {
  readonly file: string;
  readonly config: EnvironmentConfig;
}

const ENVIRONMENT_FILE = /\.ya?ml$/;

/**
 * Reads and validates every `*.yaml` in `dir`. Either every file is valid and all are returned,
 * or a {@link ConfigError} lists every problem of every file; nothing is returned half-checked.
 */
export function loadEnvironments(dir: string): LoadedEnvironment[] {
  if (!fs.existsSync(dir) || !fs.statSync(dir).isDirectory()) {
    throw new ConfigError([{ file: dir, path: "", value: undefined, rule: "must be a folder holding environment files (<name>.yaml)" }]);
  }
  const files = fs
    .readdirSync(dir)
    .filter((f) => ENVIRONMENT_FILE.test(f))
    .sort()
    .map((f) => path.join(dir, f));
  if (files.length === 0) {
    throw new ConfigError([{ file: dir, path: "", value: undefined, rule: "holds no environment files (<name>.yaml)" }]);
  }
  return validateEnvironments(files.map((file) => ({ file, text: fs.readFileSync(file, "utf8") })));
}

/** Validates environment files given as text; the unit of {@link loadEnvironments} that tests call directly. */
export function validateEnvironments(sources: readonly { file: string; text: string }[]): LoadedEnvironment[] {
  const issues: ConfigIssue[] = [];
  const checked = sources.map(({ file, text }) => {
    const result = checkEnvironmentText(file, text);
    issues.push(...result.issues);
    return { file, ...result };
  });
  for (const { file, finding } of checkAcrossEnvironments(checked.map((c) => ({ file: c.file, config: c.partial })))) {
    issues.push({ file, ...finding });
  }
  if (issues.length > 0) throw new ConfigError(issues);
  return checked.map(({ file, config }) => ({ file, config: config! }));
}

interface CheckedText {
  readonly config?: EnvironmentConfig;
  /** The top-level sections that parsed, for rules across fields and files. */
  readonly partial: Partial<EnvironmentConfig>;
  readonly issues: ConfigIssue[];
}

function checkEnvironmentText(file: string, text: string): CheckedText {
  const stem = path.basename(file).replace(ENVIRONMENT_FILE, "");
  const doc = parseDocument(text, { uniqueKeys: true, prettyErrors: true });
  if (doc.errors.length > 0) {
    return {
      partial: {},
      issues: doc.errors.map((e) => ({
        file,
        path: "",
        value: undefined,
        rule: `is not valid YAML at line ${e.linePos?.[0].line ?? "?"}, column ${e.linePos?.[0].col ?? "?"}: ${e.message.split(" at line")[0]}`,
      })),
    };
  }
  const raw: unknown = doc.toJS();
  if (raw === null || typeof raw !== "object" || Array.isArray(raw)) {
    return { partial: {}, issues: [{ file, path: "", value: raw, rule: "must be a YAML mapping of environment fields" }] };
  }

  const parsed = environmentSchema.safeParse(raw);
  const issues: ConfigIssue[] = parsed.success ? [] : parsed.error.issues.flatMap((issue) => toConfigIssues(file, raw, issue));

  // Parse each section on its own so that cross-field rules still run on the sections that are valid.
  const partial: Record<string, unknown> = {};
  for (const [key, schema] of Object.entries(environmentSchema.shape)) {
    const section = schema.safeParse((raw as Record<string, unknown>)[key]);
    if (section.success && section.data !== undefined) partial[key] = section.data;
  }
  for (const finding of checkEnvironment(partial as Partial<EnvironmentConfig>, stem)) {
    issues.push({ file, ...finding });
  }
  return { config: issues.length === 0 && parsed.success ? parsed.data : undefined, partial, issues };
}

function valueAt(root: unknown, at: readonly PropertyKey[]): unknown {
  return at.reduce<unknown>((node, key) => (node !== null && typeof node === "object" ? (node as Record<PropertyKey, unknown>)[key] : undefined), root);
}

function toConfigIssues(file: string, raw: unknown, issue: zcore.$ZodIssue): ConfigIssue[] {
  const at = issue.path;
  const value = valueAt(raw, at);
  const base = { file, path: formatPath(at), value };
  switch (issue.code) {
    case "unrecognized_keys":
      return issue.keys.map((key) => ({
        file,
        path: formatPath([...at, key]),
        value: valueAt(raw, [...at, key]),
        rule: "is not a known field (see environments/environment.schema.json for the fields allowed here)",
      }));
    case "invalid_type":
      if (value === undefined) return [{ ...base, rule: "is required" }];
      if (issue.message !== `Invalid input: expected ${issue.expected}, received ${typeOf(value)}`) return [{ ...base, rule: issue.message }];
      return [
        {
          ...base,
          rule: `must be ${issue.expected === "array" ? "a list" : issue.expected === "object" ? "a mapping" : `a ${issue.expected}`}` +
            (issue.expected === "string" && typeof value === "number" ? " (quote it: YAML reads it as a number)" : ""),
        },
      ];
    case "invalid_value":
      return [
        {
          ...base,
          rule:
            `must be one of ${issue.values.map((v) => String(v)).join(", ")}` +
            // 15.10 unquoted is the number 15.1: compare as numbers too.
            (typeof value === "number" && issue.values.some((v) => String(v) === String(value) || Number(v) === value) ? " (quote it: YAML reads it as a number)" : ""),
        },
      ];
    case "invalid_key":
      // A record key (tag key) that breaks its rule: the rule is in the nested issue.
      return [{ ...base, rule: `key ${issue.issues.map((i) => i.message).join("; ")}` }];
    case "invalid_union":
      // A discriminated union (backend) with an unknown `type`: zod reports it at the discriminator.
      return [{ ...base, rule: "must be one of s3, cloud, local" }];
    default:
      return [{ ...base, rule: issue.message }];
  }
}

function typeOf(value: unknown): string {
  if (value === null) return "null";
  if (Array.isArray(value)) return "array";
  return typeof value;
}
