/**
 * `npm run plan-review -- [--allow <address>]... [--output <file.md>] <plan.json>...`: the review
 * of a pull request's Terraform plans (`terraform show -json <planfile>`), as Markdown for a PR
 * comment. Exits 1 when a plan destroys or replaces a data-bearing resource that no `--allow`
 * names, 2 on a usage error or a file that is not a readable plan.
 */
import * as fs from "fs";
import * as path from "path";
import { parsePlan, reviewPlans, TerraformPlan } from "../src/review/plan-review";

export const USAGE = `Usage: npm run plan-review -- [--allow <address>]... [--cost <cost.md>] [--output <file.md>] <plan.json>...

Reviews Terraform plans in JSON (terraform show -json <planfile> > <stack>.plan.json) and prints
Markdown for a pull-request comment: per stack the counts, a table of changes and the attributes
forcing each replacement.

Each file is one stack, named after the file: dev-data.plan.json and dev-data.json are stack
dev-data; a file named plan.json takes the name of its folder.

Options:
  --allow <stack>:<address>  accept destroying or replacing this data-bearing resource in that stack
  --allow <address>          ... in every stack reviewed (repeat --allow for several resources)
  --cost <cost.md>           append this cost estimate (npm run cost -- --all --format markdown --output cost.md)
  --output <file.md>         also write the Markdown to this file
  --help                     print this help

Exit codes: 0 nothing data-bearing is destroyed or replaced (or all of it is allowed),
1 a data-bearing resource would be destroyed or replaced and is not allowed,
2 usage error, or a file that cannot be read or is not a plan in JSON.`;

/** Where the command writes: the Markdown goes to `log`, problems to `error`. */
export type Io = Pick<Console, "log" | "error">;

interface Arguments {
  readonly allow: string[];
  readonly cost?: string;
  readonly output?: string;
  readonly files: string[];
  readonly help: boolean;
}

class UsageError extends Error {}

function parseArguments(argv: readonly string[]): Arguments {
  const allow: string[] = [];
  const files: string[] = [];
  let output: string | undefined;
  let cost: string | undefined;
  let help = false;
  let optionsEnded = false;
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    if (optionsEnded || !arg.startsWith("-")) {
      files.push(arg);
      continue;
    }
    const [flag, inline] = arg.startsWith("--") && arg.includes("=") ? [arg.slice(0, arg.indexOf("=")), arg.slice(arg.indexOf("=") + 1)] : [arg, undefined];
    const value = (): string => {
      const v = inline ?? argv[++i];
      if (v === undefined || v === "") throw new UsageError(`${flag} needs a value`);
      return v;
    };
    if (flag === "--") optionsEnded = true;
    else if (flag === "--help" || flag === "-h") help = true;
    else if (flag === "--allow") allow.push(value());
    else if (flag === "--cost") {
      if (cost !== undefined) throw new UsageError("--cost is given twice");
      cost = value();
    } else if (flag === "--output") {
      if (output !== undefined) throw new UsageError("--output is given twice");
      output = value();
    } else throw new UsageError(`unknown option ${arg}`);
  }
  return { allow, cost, output, files, help };
}

/** `dev-data.plan.json` and `dev-data.json` → `dev-data`; `<folder>/plan.json` → `<folder>`. */
export function stackNameOf(file: string): string {
  const base = path.basename(file);
  if (base === "plan.json") return path.basename(path.dirname(path.resolve(file)));
  return base.replace(/\.json$/, "").replace(/\.plan$/, "");
}

const SYSTEM_ERRORS: Readonly<Record<string, string>> = {
  ENOENT: "no such file or folder",
  EACCES: "permission denied",
  EISDIR: "it is a folder",
  ENOTDIR: "a part of the path is not a folder",
};

/** A file system error in words, without a stack trace. */
function systemError(error: unknown): string {
  const code = (error as NodeJS.ErrnoException).code;
  return code !== undefined && SYSTEM_ERRORS[code] ? `${SYSTEM_ERRORS[code]} (${code})` : (error as Error).message;
}

/** Runs the command with `argv` (without `node` and the script) and returns the exit code. */
export function main(argv: readonly string[], io: Io = console): number {
  let args: Arguments;
  try {
    args = parseArguments(argv);
  } catch (error) {
    if (!(error instanceof UsageError)) throw error;
    io.error(`plan-review: ${error.message}\n\n${USAGE}`);
    return 2;
  }
  if (args.help) {
    io.log(USAGE);
    return 0;
  }
  if (args.files.length === 0) {
    io.error(`plan-review: no plan file given\n\n${USAGE}`);
    return 2;
  }

  const plans: { stack: string; plan: TerraformPlan }[] = [];
  const fileOfStack = new Map<string, string>();
  for (const file of args.files) {
    const stack = stackNameOf(file);
    const other = fileOfStack.get(stack);
    if (other !== undefined) {
      io.error(`plan-review: ${other} and ${file} are both stack "${stack}"; give each stack one plan file`);
      return 2;
    }
    fileOfStack.set(stack, file);
    let text: string;
    try {
      text = fs.readFileSync(file, "utf8");
    } catch (error) {
      io.error(`plan-review: cannot read ${file}: ${systemError(error)}`);
      return 2;
    }
    try {
      plans.push({ stack, plan: parsePlan(text) });
    } catch (error) {
      io.error(`plan-review: ${file}: ${(error as Error).message}`);
      return 2;
    }
  }

  let costSection = "";
  if (args.cost !== undefined) {
    try {
      costSection = `\n## Monthly cost before usage\n\n${fs.readFileSync(args.cost, "utf8").trim()}\n`;
    } catch (error) {
      io.error(`plan-review: cannot read ${args.cost}: ${systemError(error)}`);
      return 2;
    }
  }
  const review = reviewPlans(plans, { allow: args.allow });
  const markdown = `${review.markdown}${costSection}`;
  io.log(markdown);
  if (args.output !== undefined) {
    try {
      fs.writeFileSync(args.output, markdown);
    } catch (error) {
      io.error(`plan-review: cannot write ${args.output}: ${systemError(error)}`);
      return 2;
    }
  }
  if (review.blocked.length === 0) return 0;
  // Also on stderr, so a CI log that sends stdout to a file still says why the job failed.
  io.error(`plan-review: blocked: ${review.blocked.length} data-bearing resource(s) would be destroyed or replaced:`);
  for (const blocked of review.blocked) io.error(`  - ${blocked.message}`);
  return 1;
}

if (require.main === module) {
  process.exitCode = main(process.argv.slice(2));
}
