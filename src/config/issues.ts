/** One problem in one environment file: where it is, what was there, and the rule it breaks. */
export interface ConfigIssue {
  /** The file, as given to the loader (relative paths stay relative). */
  readonly file: string;
  /** Dotted field path such as `network.vpcCidr` or `services[1].name`; empty for the whole file. */
  readonly path: string;
  /** The value found, or undefined when the field is missing. */
  readonly value: unknown;
  /** What is allowed, phrased to complete "<path> <rule>". */
  readonly rule: string;
}

/** Thrown once with every problem of every environment file, before anything is synthesized. */
export class ConfigError extends Error {
  constructor(public readonly issues: readonly ConfigIssue[]) {
    super(formatIssues(issues));
    this.name = "ConfigError";
  }
}

export function formatPath(path: readonly PropertyKey[]): string {
  return path.map((part, i) => (typeof part === "number" ? `[${part}]` : i === 0 ? String(part) : `.${String(part)}`)).join("");
}

export function formatValue(value: unknown): string {
  if (value === undefined) return "(missing)";
  const json = JSON.stringify(value);
  return json.length > 80 ? `${json.slice(0, 77)}...` : json;
}

export function formatIssue(issue: ConfigIssue): string {
  const where = issue.path ? `${issue.path} = ${formatValue(issue.value)}` : "(whole file)";
  return `${issue.file}: ${where}: ${issue.rule}`;
}

export function formatIssues(issues: readonly ConfigIssue[]): string {
  const count = issues.length === 1 ? "1 problem" : `${issues.length} problems`;
  return [
    `Invalid environment configuration (${count}); nothing was synthesized:`,
    ...issues.map((issue) => `  - ${formatIssue(issue)}`),
  ].join("\n");
}
