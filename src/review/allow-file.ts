/**
 * `plan-review.allow`: the deliberate data-losing changes a pull request allows, committed with
 * the change under review so that they are reviewed with it. One allow a line:
 *
 *     <stack>:<address> [<rule-id>] -- <reason>
 *
 * Without a rule id the allow covers the destruction of that resource (delete, replace, forget,
 * or its deletion outside Terraform); with an update rule id (`PR-RDS-1`, ...) only that rule's
 * findings on that resource. `#` starts a comment line; blank lines are ignored.
 */
import { PRODUCTION_RULES } from "./production/default-deny";
import { UPDATE_RULE_IDS } from "./update-rules";
import { PLAN_RULES } from "./plan-rules";

/** Every rule id an allow can name: the update rules, the default-deny of production stacks, and the whole-plan rules. */
const RULE_IDS: ReadonlySet<string> = new Set([...UPDATE_RULE_IDS, ...PRODUCTION_RULES.map((r) => r.id), ...PLAN_RULES.map((r) => r.id)]);

export interface Allow {
  readonly stack: string;
  readonly address: string;
  /** An update rule id; undefined allows the destruction of the resource. */
  readonly rule?: string;
  readonly reason: string;
  /** `plan-review.allow:12`, for the review output. */
  readonly source: string;
}

/** A line that allows nothing, and why. */
export interface IgnoredAllow {
  readonly source: string;
  readonly text: string;
  readonly why: string;
}

export interface AllowFile {
  readonly allows: Allow[];
  readonly ignored: IgnoredAllow[];
}

/** A file that is not in the allow format; the message lists every bad line. */
export class AllowFileError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "AllowFileError";
  }
}

export const ALLOW_FORMAT = "<stack>:<address> [<rule-id>] -- <reason>";
const MIN_REASON = 10;
const STACK = /^([A-Za-z0-9][A-Za-z0-9_-]*):(.+)$/;
const ADDRESS = /^(module\.[A-Za-z_][\w-]*(\[[^\]]+\])?\.)*[a-z][a-z0-9_]*\.[A-Za-z_][\w-]*(\[[^\]]+\])?$/;
const RULE = /^[A-Z]+-[A-Z0-9]+-\d+$/;

/** Parses the text of an allow file named `file`; throws AllowFileError naming each malformed line. */
export function parseAllowFile(text: string, file: string): AllowFile {
  const allows: Allow[] = [];
  const ignored: IgnoredAllow[] = [];
  const errors: string[] = [];
  text.split(/\r?\n/).forEach((raw, i) => {
    const line = raw.trim();
    const source = `${file}:${i + 1}`;
    if (line === "" || line.startsWith("#")) return;
    const separator = /\s--\s|\s--$/.exec(line);
    if (!separator) {
      errors.push(`${source}: no " -- <reason>" in ${JSON.stringify(line)}: write ${ALLOW_FORMAT}`);
      return;
    }
    const target = line.slice(0, separator.index).trim();
    const reason = line.slice(separator.index + separator[0].length).trim();
    const words = target.split(/\s+/);
    const rule = words.length > 1 && RULE.test(words[words.length - 1]) ? words.pop() : undefined;
    const name = words.join(" ");
    if (reason.length < MIN_REASON)
      errors.push(
        `${source}: the reason ${JSON.stringify(reason)} is too short: say why losing this is intended (at least ${MIN_REASON} characters)`,
      );
    if (rule !== undefined && !RULE_IDS.has(rule))
      errors.push(`${source}: unknown update rule ${rule}: use one of ${[...RULE_IDS].join(", ")}, or no rule id to allow a destroy`);
    const stacked = STACK.exec(name);
    if (!stacked) {
      if (ADDRESS.test(name))
        ignored.push({
          source,
          text: line,
          why:
            `${JSON.stringify(name)} names no stack: ` +
            `a bare address would allow the same change in every stack (dev and prod alike), so it allows nothing; ` +
            `write <stack>:${name}`,
        });
      else errors.push(`${source}: ${JSON.stringify(name)} is not <stack>:<address> (for example prod-data:aws_rds_cluster.Aurora)`);
      return;
    }
    if (!ADDRESS.test(stacked[2])) {
      errors.push(
        `${source}: ${JSON.stringify(stacked[2])} is not a resource address ` +
          `(for example aws_rds_cluster.Aurora or module.m.aws_s3_bucket.b["x"])`,
      );
      return;
    }
    allows.push({ stack: stacked[1], address: stacked[2], rule, reason, source });
  });
  if (errors.length > 0) throw new AllowFileError(errors.join("\n"));
  return { allows, ignored };
}

/** The allow line for a finding, for the review to suggest. */
export function allowLine(stack: string, address: string, rule?: string): string {
  return `${stack}:${address}${rule ? ` ${rule}` : ""} -- <why losing this is intended>`;
}
