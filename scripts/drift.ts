/**
 * `npm run drift -- <environment> [options] <stack>.plan.json...`: summarizes refresh-only plans
 * (addresses and attribute names, never values) and, with --issue, opens, updates or closes the
 * environment's drift issue. Called by .github/workflows/drift.yml. See src/ci/drift.ts.
 */
import * as fs from "fs";
import * as path from "path";
import { DriftInputError, driftMarkdown, driftReport } from "../src/ci/drift";
import { Fetch, syncDriftIssue } from "../src/ci/drift-issue";

export const USAGE = `Usage: npm run drift -- <environment> [--run-url <url>] [--output <file>] [--github-output <file>]
         [--failed <stack>]... [--skipped <stack>]... [--issue] <stack>.plan.json...

Reads the JSON of refresh-only plans (terraform show -json of terraform plan -refresh-only), one per
stack, named <stack>.plan.json, and writes a Markdown summary of what changed outside Terraform:
addresses and attribute names, never values.

Options:
  --run-url <url>         the workflow run, linked from the summary
  --output <file>         write the summary here instead of the terminal
  --github-output <file>  append drifted=true|false ($GITHUB_OUTPUT)
  --failed <stack>        a stack whose plan failed (nothing known: its issue is not closed)
  --skipped <stack>       a stack left out on purpose (named in the summary)
  --issue                 open, update or close the environment's GitHub issue (label drift), with
                          GITHUB_TOKEN, GITHUB_REPOSITORY and GITHUB_API_URL from the environment

Exit codes: 0 the summary is written (drift or not; drifted=true says which); 1 a plan file that is
not a refresh-only plan, or the GitHub API refused; 2 usage error.`;

class UsageError extends Error {}

interface Arguments {
  readonly environment: string;
  readonly plans: string[];
  readonly failed: string[];
  readonly skipped: string[];
  readonly runUrl: string;
  readonly output?: string;
  readonly githubOutput?: string;
  readonly issue: boolean;
}

export function parseArguments(argv: readonly string[]): Arguments | "help" {
  const positional: string[] = [];
  const failed: string[] = [];
  const skipped: string[] = [];
  let runUrl = "";
  let output: string | undefined;
  let githubOutput: string | undefined;
  let issue = false;
  for (let i = 0; i < argv.length; i++) {
    const flag = argv[i];
    const value = (): string => {
      const v = argv[++i];
      if (v === undefined || v === "" || v.startsWith("--")) throw new UsageError(`${flag} needs a value`);
      return v;
    };
    if (flag === "--help" || flag === "-h") return "help";
    else if (flag === "--run-url") runUrl = value();
    else if (flag === "--output") output = value();
    else if (flag === "--github-output") githubOutput = value();
    else if (flag === "--failed") failed.push(value());
    else if (flag === "--skipped") skipped.push(value());
    else if (flag === "--issue") issue = true;
    else if (flag.startsWith("-")) throw new UsageError(`unknown option ${flag}`);
    else positional.push(flag);
  }
  const [environment, ...plans] = positional;
  if (!environment) throw new UsageError("name the environment");
  const misnamed = plans.filter((p) => !p.endsWith(".plan.json"));
  if (misnamed.length > 0) throw new UsageError(`plan files are named <stack>.plan.json: ${misnamed.join(", ")}`);
  return { environment, plans, failed, skipped, runUrl, output, githubOutput, issue };
}

export interface DriftIo {
  readonly log: (text: string) => void;
  readonly error: (text: string) => void;
  readonly env: NodeJS.ProcessEnv;
  /** @default the global fetch */
  readonly fetch?: Fetch;
}

export async function main(argv: readonly string[], io: DriftIo): Promise<number> {
  let args: Arguments | "help";
  try {
    args = parseArguments(argv);
  } catch (error) {
    if (!(error instanceof UsageError)) throw error;
    io.error(`${error.message}\n\n${USAGE}`);
    return 2;
  }
  if (args === "help") {
    io.log(USAGE);
    return 0;
  }
  const { GITHUB_TOKEN: token, GITHUB_REPOSITORY: repository, GITHUB_API_URL: apiUrl = "https://api.github.com" } = io.env;
  if (args.issue && (!token || !repository)) {
    io.error(`--issue needs GITHUB_TOKEN and GITHUB_REPOSITORY in the environment\n\n${USAGE}`);
    return 2;
  }
  const missing = args.plans.filter((p) => !fs.existsSync(p));
  if (missing.length > 0) {
    io.error(`no such plan file: ${missing.join(", ")}`);
    return 2;
  }
  let report;
  try {
    const plans = args.plans.map((file) => ({ stack: path.basename(file, ".plan.json"), plan: JSON.parse(fs.readFileSync(file, "utf8")) }));
    report = driftReport(args.environment, plans, args.failed, args.skipped);
  } catch (error) {
    if (!(error instanceof DriftInputError || error instanceof SyntaxError)) throw error;
    io.error(error.message);
    return 1;
  }
  const markdown = driftMarkdown(report, args.runUrl || "(no run link)");
  if (args.output) fs.writeFileSync(args.output, markdown);
  else io.log(markdown);
  if (args.githubOutput) fs.appendFileSync(args.githubOutput, `drifted=${report.drifted.length > 0}\n`);
  if (args.issue) {
    try {
      const outcome = await syncDriftIssue(
        { apiUrl, repository: repository!, token: token!, fetch: io.fetch ?? (globalThis.fetch as unknown as Fetch) },
        report,
        args.runUrl,
      );
      io.log(outcome.action === "none" ? `drift issue: ${outcome.reason}` : `drift issue #${outcome.number} ${outcome.action}`);
    } catch (error) {
      io.error(error instanceof Error ? error.message : String(error));
      return 1;
    }
  }
  return 0;
}

if (require.main === module) {
  main(process.argv.slice(2), { log: (t) => console.log(t), error: (t) => console.error(t), env: process.env }).then(
    (code) => (process.exitCode = code),
  );
}
