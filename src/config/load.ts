import * as fs from "fs";
import * as path from "path";
import { parseDocument } from "yaml";
import { core as zcore } from "zod";
import { ConfigError, ConfigIssue, formatPath } from "./issues";
import { checkAcrossEnvironments, checkEnvironment } from "./rules";
import { closest } from "./suggest";
import { EnvironmentConfig, environmentSchema } from "./schema";

/** A validated environment and the file it came from. */
export interface LoadedEnvironment {
  readonly file: string;
  readonly config: EnvironmentConfig;
}

const ENVIRONMENT_FILE = /\.ya?ml$/;

/** A file larger than this is not an environment file (the built-in ones are about 4 KB). */
export const MAX_ENVIRONMENT_FILE_BYTES = 256 * 1024;
/** More YAML errors than this in one file: ask whether it is YAML at all (only the first is reported). */
const MAX_YAML_ERRORS = 5;

/**
 * Reads and validates every `*.yaml` / `*.yml` in `dir`. Either every file is valid and all are
 * returned, or a {@link ConfigError} lists every problem of every file (one short line each, never
 * a stack trace); nothing is returned half-checked.
 */
export function loadEnvironments(dir: string): LoadedEnvironment[] {
  let entries: string[];
  try {
    if (!fs.statSync(dir).isDirectory()) throw Object.assign(new Error("not a folder"), { code: "ENOTDIR" });
    entries = fs.readdirSync(dir);
  } catch (error) {
    const rule = "must be a folder holding environment files (<name>.yaml)";
    throw new ConfigError([
      { file: dir, path: "", value: undefined, rule: isNotFound(error) ? rule : `${rule}; it cannot be read (${describeFsError(error)})` },
    ]);
  }
  const files = entries
    .filter((f) => ENVIRONMENT_FILE.test(f))
    .sort()
    .map((f) => path.join(dir, f));
  if (files.length === 0) {
    throw new ConfigError([{ file: dir, path: "", value: undefined, rule: "holds no environment files (<name>.yaml)" }]);
  }
  const issues: ConfigIssue[] = [];
  // dev.yaml and dev.yml would both define the stacks of dev.
  const byStem = new Map<string, string[]>();
  for (const file of files) {
    const stem = path.basename(file).replace(ENVIRONMENT_FILE, "");
    byStem.set(stem, [...(byStem.get(stem) ?? []), file]);
  }
  for (const [stem, same] of byStem) {
    if (same.length < 2) continue;
    for (const file of same) {
      const others = same.filter((f) => f !== file).map((f) => path.basename(f));
      issues.push({
        file,
        path: "",
        value: undefined,
        rule: `defines environment ${stem} a second time (also ${others.join(", ")}): keep one file per environment`,
      });
    }
  }
  const sources: { file: string; text: string }[] = [];
  for (const file of files) {
    const read = readEnvironmentFile(file);
    if (typeof read === "string") sources.push({ file, text: read });
    else issues.push(read);
  }
  if (issues.length > 0) throw new ConfigError(issues);
  return validateEnvironments(sources);
}

/** The text of one environment file, or the issue that says why it cannot be used. */
function readEnvironmentFile(file: string): string | ConfigIssue {
  const problem = (rule: string): ConfigIssue => ({ file, path: "", value: undefined, rule });
  let bytes: Buffer;
  try {
    const stat = fs.statSync(file);
    if (stat.isDirectory())
      return problem("is a folder, not an environment file (rename or move it: every *.yaml here is read as an environment)");
    if (!stat.isFile()) return problem("is not a regular file");
    if (stat.size > MAX_ENVIRONMENT_FILE_BYTES)
      return problem(
        `is ${Math.round(stat.size / 1024)} KB: an environment file is a few KB of YAML (limit ${MAX_ENVIRONMENT_FILE_BYTES / 1024} KB)`,
      );
    bytes = fs.readFileSync(file);
  } catch (error) {
    return problem(`cannot be read (${describeFsError(error)})`);
  }
  if (bytes.includes(0)) return problem("is binary, not YAML text (it contains NUL bytes)");
  const text = bytes.toString("utf8");
  if (!Buffer.from(text, "utf8").equals(bytes)) return problem("is not UTF-8 text (YAML files must be UTF-8)");
  return text;
}

function isNotFound(error: unknown): boolean {
  return (error as NodeJS.ErrnoException)?.code === "ENOENT";
}

/** `EACCES: permission denied`, without the stack or the repeated path. */
function describeFsError(error: unknown): string {
  const e = error as NodeJS.ErrnoException;
  const reasons: Record<string, string> = {
    EACCES: "permission denied",
    EPERM: "operation not permitted",
    ENOENT: "it does not exist, or is a link to nothing",
    ELOOP: "a loop of symbolic links",
    EISDIR: "it is a folder",
    ENOTDIR: "not a folder",
  };
  return e?.code ? `${e.code}: ${reasons[e.code] ?? String(e.message).split(",")[0]}` : String(e?.message ?? error).split("\n")[0];
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
    // One syntax error makes the parser misread the lines after it, and each misreading is reported
    // as another error (one badly indented line gave four): only the first is the user's mistake.
    // A key given twice breaks nothing around it, so every one of those is its own problem.
    const reported = doc.errors.every((e) => e.code === "DUPLICATE_KEY") ? doc.errors : doc.errors.slice(0, 1);
    const issues = reported.map((e) => ({
      file,
      path: "",
      value: undefined,
      rule:
        `is not valid YAML at line ${e.linePos?.[0].line ?? "?"}, column ${e.linePos?.[0].col ?? "?"}: ` +
        `${e.message.split(" at line")[0]}` +
        `${e.code === "DUPLICATE_KEY" ? `: ${JSON.stringify(keyAt(text, e.pos[0]))} is given twice` : ""}` +
        (reported.length === 1 && doc.errors.length > MAX_YAML_ERRORS ? ` (and ${doc.errors.length - 1} more: is it YAML at all?)` : ""),
    }));
    return { partial: {}, issues };
  }
  let raw: unknown;
  try {
    // yaml refuses documents whose aliases expand beyond a limit (a "billion laughs" file).
    raw = doc.toJS({ maxAliasCount: 100 });
  } catch (error) {
    const reason = /alias/i.test(String((error as Error).message))
      ? "expands too many YAML aliases (*name): write the values out"
      : String((error as Error).message).split("\n")[0];
    return { partial: {}, issues: [{ file, path: "", value: undefined, rule: `cannot be read as YAML: ${reason}` }] };
  }
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
  return {
    config: issues.length === 0 && parsed.success ? parsed.data : undefined,
    partial,
    issues: issues.map((issue) => withServiceNames(issue, raw as Record<string, unknown>)),
  };
}

/** The key written at `offset` of the text (a duplicate key's position). */
function keyAt(text: string, offset: number): string {
  return (/^\s*("[^"]*"|'[^']*'|[^:\n]*)/.exec(text.slice(offset))?.[1] ?? "").replace(/^["']|["']$/g, "").trim();
}

function valueAt(root: unknown, at: readonly PropertyKey[]): unknown {
  return at.reduce<unknown>(
    (node, key) => (node !== null && typeof node === "object" ? (node as Record<PropertyKey, unknown>)[key] : undefined),
    root,
  );
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
        rule: unknownKeyRule(key, knownKeys(at)),
      }));
    case "invalid_type":
      // A field may say why it is required (`{ error: "is required: ..." }` in the schema).
      if (value === undefined) return [{ ...base, rule: issue.message.startsWith("is required") ? issue.message : "is required" }];
      if (issue.message !== `Invalid input: expected ${issue.expected}, received ${typeOf(value)}`)
        return [{ ...base, rule: issue.message }];
      return [
        {
          ...base,
          rule:
            `must be ${issue.expected === "array" ? "a list" : issue.expected === "object" ? "a mapping" : `a ${issue.expected}`}` +
            (issue.expected === "string" && typeof value === "number" ? " (quote it: YAML reads it as a number)" : ""),
        },
      ];
    case "invalid_value":
      // A message the schema wrote itself (e.g. the supported Kubernetes versions) says more than the list of values.
      if (!issue.message.startsWith("Invalid option"))
        return [{ ...base, rule: issue.message + (typeof value === "number" ? " (quote it: YAML reads it as a number)" : "") }];
      return [
        {
          ...base,
          rule:
            `must be one of ${issue.values.map((v) => String(v)).join(", ")}` +
            // 15.10 unquoted is the number 15.1: compare as numbers too.
            (typeof value === "number" && issue.values.some((v) => String(v) === String(value) || Number(v) === value)
              ? " (quote it: YAML reads it as a number)"
              : ""),
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

function unknownKeyRule(key: string, known: readonly string[]): string {
  const suggestion = closest(key, known);
  return (
    "is not a known field" +
    (suggestion ? ` (did you mean ${suggestion}?)` : known.length > 0 ? ` (fields allowed here: ${known.join(", ")})` : "") +
    "; see environments/environment.schema.json"
  );
}

/** The field names the schema allows in the object at `at` (array indexes step into the items). */
/** The parts of a zod definition {@link knownKeys} reads (zod types each kind's definition apart). */
interface ZodDefinition {
  readonly type: string;
  readonly innerType?: zcore.$ZodType;
  readonly in?: zcore.$ZodType;
  readonly options?: zcore.$ZodType[];
  readonly element?: zcore.$ZodType;
  readonly shape?: Readonly<Record<string, zcore.$ZodType>>;
}

function knownKeys(at: readonly PropertyKey[]): string[] {
  let schemas: zcore.$ZodType[] = [environmentSchema as unknown as zcore.$ZodType];
  const unwrap = (list: zcore.$ZodType[]): zcore.$ZodType[] =>
    list.flatMap((schema) => {
      const def = schema._zod.def as unknown as ZodDefinition;
      if (["default", "optional", "nullable", "prefault", "readonly", "catch", "nonoptional"].includes(def.type))
        return unwrap([def.innerType!]);
      if (def.type === "pipe") return unwrap([def.in!]);
      if (def.type === "union") return unwrap(def.options!);
      return [schema];
    });
  for (const key of at) {
    schemas = unwrap(schemas).flatMap((schema) => {
      const def = schema._zod.def as unknown as ZodDefinition;
      if (def.type === "array" && typeof key === "number") return [def.element!];
      if (def.type === "object" && typeof key === "string" && def.shape?.[key]) return [def.shape[key]];
      return [];
    });
  }
  return [
    ...new Set(
      unwrap(schemas).flatMap((schema) => {
        const def = schema._zod.def as unknown as ZodDefinition;
        return def.type === "object" ? Object.keys(def.shape!) : [];
      }),
    ),
  ];
}

/**
 * Names a service by its name instead of its position (`services[trips-api].port`), where the
 * name is unique in the file: a reader finds it by name, and a position changes when services are added.
 */
function withServiceNames(issue: ConfigIssue, raw: Record<string, unknown>): ConfigIssue {
  const match = /^services\[(\d+)\]/.exec(issue.path);
  // A problem with the name itself keeps the position: the name is what is wrong.
  if (!match || !Array.isArray(raw.services) || issue.path === `${match[0]}.name`) return issue;
  const names = raw.services.map((s) => (s && typeof s === "object" ? (s as Record<string, unknown>).name : undefined));
  const name = names[Number(match[1])];
  if (typeof name !== "string" || !/^[a-z0-9-]+$/.test(name) || names.filter((n) => n === name).length > 1) return issue;
  return { ...issue, path: issue.path.replace(match[0], `services[${name}]`) };
}

function typeOf(value: unknown): string {
  if (value === null) return "null";
  if (Array.isArray(value)) return "array";
  return typeof value;
}
