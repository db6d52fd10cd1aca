/**
 * `npm run cost -- <env>... | --all [--format table|markdown|json] [--output <file>]`: the monthly
 * cost of environments before usage, from their synthesized stacks. See src/cost/.
 */
import * as fs from "fs";
import * as path from "path";
import { ConfigError } from "../src/config/issues";
import { loadEnvironments } from "../src/config/load";
import { synthesizeEnvironmentStacks } from "../src/cost/environment-stacks";
import { estimateEnvironment } from "../src/cost/estimate";
import { COST_FORMATS, CostFormat, formatEstimates } from "../src/cost/format";
import { CostError } from "../src/cost/model";
import { CostDiffInputError, CostDiffInterrupted, costDiff } from "../src/ci/cost-diff";
import { formatDiff } from "../src/cost/diff-format";

export const USAGE = `Usage: npm run cost -- <environment>... | --all [--diff <base-ref>] [--format table|markdown|json] [--output <file>]

Estimates what each environment costs per month before usage, per stack and per line, from its
synthesized stacks (including the ALB the Load Balancer Controller creates from the ingresses).
Usage-based prices (data processed, requests, storage growth) are listed apart, not in the total.
Prices: src/cost/prices/<region>.ts (dated, with sources). Environment files are read from
environments/ or $ENVIRONMENTS_DIR.

Options:
  --all               every environment
  --diff <base-ref>   the monthly change against a branch, tag or commit (e.g. origin/main): synthesizes
                      the base in a temporary git worktree and the working tree, and lists per touched
                      environment the floor and ceiling before, after and the difference, and each changed
                      line (added, removed, resized, repriced) with its reason (docs/cost.md)
  --format <format>   table (default, for the terminal), markdown (PR comments, README) or json
  --output <file>     write the report to this file instead of the terminal
  --help              print this help

Exit codes: 0 estimated; 3 the report is written, but something could not be priced (an instance
type, region or resource type without a price): those lines are flagged in the report and left out
of the total; 1 an environment file is invalid (nothing written); 2 usage error.
With --diff: 3 also when the base does not synthesize (the head alone is written); 2 an unknown base
ref; 1 a base commit missing from a shallow clone (fetch it), or a head that does not synthesize.`;

/** Exit code when the report was written but is incomplete: CI still posts it (see docs/ci-contract.md). */
export const EXIT_INCOMPLETE = 3;

class UsageError extends Error {}

interface Arguments {
  readonly environments: string[];
  readonly all: boolean;
  readonly format: CostFormat;
  readonly output?: string;
  /** Compare with this git ref instead of estimating alone. @default - no comparison */
  readonly diff?: string;
  readonly help: boolean;
}

export function parseArguments(argv: readonly string[]): Arguments {
  const environments: string[] = [];
  let all = false;
  let help = false;
  let format: CostFormat = "table";
  let output: string | undefined;
  let diff: string | undefined;
  for (let i = 0; i < argv.length; i++) {
    const [flag, inline] =
      argv[i].startsWith("--") && argv[i].includes("=")
        ? [argv[i].slice(0, argv[i].indexOf("=")), argv[i].slice(argv[i].indexOf("=") + 1)]
        : [argv[i], undefined];
    const value = (): string => {
      const v = inline ?? argv[++i];
      if (v === undefined || v === "") throw new UsageError(`${flag} needs a value`);
      return v;
    };
    if (flag === "--help" || flag === "-h") help = true;
    else if (flag === "--all") all = true;
    else if (flag === "--format") {
      const v = value();
      if (!(COST_FORMATS as readonly string[]).includes(v)) throw new UsageError(`--format ${v}: use one of ${COST_FORMATS.join(", ")}`);
      format = v as CostFormat;
    } else if (flag === "--output") output = value();
    else if (flag === "--diff") {
      diff = value();
      // Never handed to git as an option (--upload-pack=...).
      if (diff.startsWith("-")) throw new UsageError(`--diff ${diff}: give a base ref (a branch, tag or commit such as origin/main)`);
    } else if (flag.startsWith("-")) throw new UsageError(`unknown option ${flag}`);
    else environments.push(flag);
  }
  if (!help && all === environments.length > 0)
    throw new UsageError(all ? "give --all or environment names, not both" : "name an environment, or give --all");
  return { environments, all, format, output, diff, help };
}

export interface CostIo {
  readonly log: (text: string) => void;
  readonly error: (text: string) => void;
  readonly environmentsDir: string;
  readonly date?: Date;
  /** The folder `--diff` runs git in. @default process.cwd() */
  readonly cwd?: string;
}

export function runCost(argv: readonly string[], io: CostIo): number {
  let args: Arguments;
  try {
    args = parseArguments(argv);
  } catch (error) {
    if (!(error instanceof UsageError)) throw error;
    io.error(`${error.message}\n\n${USAGE}`);
    return 2;
  }
  if (args.help) {
    io.log(USAGE);
    return 0;
  }
  try {
    const loaded = loadEnvironments(io.environmentsDir).map((e) => e.config);
    const unknown = args.environments.filter((name) => !loaded.some((c) => c.name === name));
    if (unknown.length > 0) {
      // A name that is not there is a usage error (exit 2), like an unknown option: the files themselves are valid.
      io.error(`no environment named ${unknown.join(", ")} in ${io.environmentsDir}; there are: ${loaded.map((c) => c.name).join(", ")}`);
      return 2;
    }
    const chosen = args.all ? loaded : args.environments.map((name) => loaded.find((c) => c.name === name)!);
    if (args.diff !== undefined)
      return runDiff(
        args,
        args.diff,
        chosen.map((c) => c.name),
        io,
      );
    const estimates = synthesizeEnvironmentStacks(chosen).map(({ config, stacks }) =>
      estimateEnvironment({ environment: config.name, region: config.region, stacks, date: io.date, allowUnpriced: true, config }),
    );
    const report = formatEstimates(estimates, args.format);
    if (args.output) {
      fs.writeFileSync(args.output, report.endsWith("\n") ? report : `${report}\n`);
      io.log(`Wrote ${args.output}`);
    } else io.log(report);
    const unpriced = estimates.flatMap((e) => e.unpriced.map((u) => `${e.environment}: ${u}`));
    if (unpriced.length > 0) {
      io.error(
        `Cost estimate incomplete: ${unpriced.length} item${unpriced.length === 1 ? "" : "s"} not priced ` +
          `(flagged in the report, left out of the total):\n${unpriced.map((u) => `  - ${u}`).join("\n")}`,
      );
      return EXIT_INCOMPLETE;
    }
    return 0;
  } catch (error) {
    if (error instanceof ConfigError || error instanceof CostError) {
      io.error(error.message);
      return 1;
    }
    throw error;
  }
}

/** Writes the report where the arguments say: a file (and a line saying so), or the terminal. */
function write(args: Arguments, report: string, io: CostIo): void {
  if (args.output) {
    fs.writeFileSync(args.output, report.endsWith("\n") ? report : `${report}\n`);
    io.log(`Wrote ${args.output}`);
  } else io.log(report);
}

function runDiff(args: Arguments, baseRef: string, environments: readonly string[], io: CostIo): number {
  let report;
  try {
    report = costDiff({
      cwd: io.cwd ?? process.cwd(),
      baseRef,
      environmentsDir: io.environmentsDir,
      environments,
      date: io.date ?? new Date(),
      snapshotScript: path.join(__dirname, "cost-snapshot.ts"),
      progress: (line) => io.error(line),
    });
  } catch (error) {
    if (error instanceof CostDiffInterrupted) {
      io.error(error.message);
      return 128 + (error.signal === "SIGINT" ? 2 : 15);
    }
    if (!(error instanceof CostDiffInputError)) throw error;
    io.error(error.message);
    return error.exitCode;
  }
  write(args, formatDiff(report, args.format), io);
  if (report.baseError !== undefined) {
    io.error(report.baseError);
    return EXIT_INCOMPLETE;
  }
  const unpriced = report.environments.flatMap((d) => [...d.unpriced.head, ...d.unpriced.base].map((u) => `${d.environment}: ${u}`));
  if (unpriced.length > 0) {
    io.error(
      `Cost diff incomplete: not priced (flagged in the report, left out of the totals):\n${unpriced.map((u) => `  - ${u}`).join("\n")}`,
    );
    return EXIT_INCOMPLETE;
  }
  return 0;
}

if (require.main === module) {
  process.exitCode = runCost(process.argv.slice(2), {
    log: (text) => console.log(text),
    error: (text) => console.error(text),
    environmentsDir: process.env.ENVIRONMENTS_DIR ?? "environments",
  });
}
