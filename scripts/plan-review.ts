/**
 * `npm run plan-review -- [--allow-file plan-review.allow] [--reduced <file.json>] [--cost <cost.md>]
 * [--output <file.md>] <plan.json>...`: the review of a pull request's Terraform plans
 * (`terraform show -json <planfile>`), as Markdown for a PR comment. Exits 1 when a change loses
 * data or strips its protection and no allow of the allow file covers it (or a plan is not
 * complete, or a file is not a plan or allow file in its format), 2 on a usage error (an unknown
 * option, a missing argument, a file that cannot be read or written).
 */
import * as fs from "fs";
import * as path from "path";
import { ALLOW_FORMAT, Allow, AllowFileError, IgnoredAllow, parseAllowFile } from "../src/review/allow-file";
import { parsePlan, reviewPlans, TerraformPlan } from "../src/review/plan-review";
import { UPDATE_RULES } from "../src/review/update-rules";
import { PLAN_RULES } from "../src/review/plan-rules";
import { loadEnvironments } from "../src/config/load";
import { EnvironmentType } from "../src/rules/environment-type";
import { synthesizedEnvironmentType } from "../src/review/synthesized-environment";
import { bootstrapStackName, STACK_KINDS, stackName } from "../src/naming";
import type { AccountScope } from "../src/review/principals";

export const USAGE =
  "Usage: npm run plan-review -- [--allow-file plan-review.allow] [--reduced <file.json>] " +
  `[--cost <cost.md>] [--output <file.md>] <plan.json>...

Reviews Terraform plans in JSON (terraform show -json <planfile> > <stack>.plan.json) and prints
Markdown for a pull-request comment: the verdict, every change that loses data or strips its
protection, and per stack the counts, a table of changes and the attributes forcing each
replacement. Refused (exit 1) unless allowed:
  - a delete, replacement (delete,create or create,delete) or forget (removed block) of a
    data-bearing resource: every type not on the no-data list in src/synthesized/data-bearing.ts;
  - a data-bearing resource deleted outside Terraform (resource_drift);
  - an update that breaks a rule (${UPDATE_RULES.map((r) => r.id).join(", ")}), also an update
    outside Terraform (resource_drift), and a create of a lifecycle, versioning, ECR lifecycle or
    KMS key policy resource for a bucket, repository or key that already exists;
  - in a production stack (default-deny): an update of a resource of any type but the inert ones
    (src/review/production/inert.ts: alarms, dashboards, ...) unless every changed attribute is on
    the safe list (PR-PROD-1), a destroy or forget of a governing or non-inert resource, and a new
    governing resource that does not name, exactly, a resource created in the same plan (PR-PROD-2);
  - a break of a whole-plan rule (${PLAN_RULES.map((r) => r.id).join(", ")}): a principal of another
    account than the environment's and its trustedAccountIds (a GitHub OIDC trust not pinned to a
    listed repository, a destination of another account), apply-time code not in
    src/review/approved-commands.ts (provisioners, Kubernetes workloads), Helm charts not pinned,
    providers and data sources off the list, and in production dropped key guardrails and a backup
    plan that does not fire every week;
  - a plan that errored, is incomplete, cannot be applied or has no resource_changes (no allow).
A plan whose every change is a create (npm run preview, against an empty state) cannot show
replacements; the verdict says so. See docs/plan-review.md.

Each file is one stack, named after the file: dev-data.plan.json and dev-data.json are stack
dev-data; a file named plan.json takes the name of its folder.

Options:
  --allow-file <file>   the allows, committed with the change (plan-review.allow); one a line:
                          ${ALLOW_FORMAT}
                        no rule id: allows destroying, replacing or forgetting the resource (or its
                        deletion outside Terraform); a rule id: only that update rule's findings.
                        A bare <address> (no stack) allows nothing. # starts a comment.
  --reduced <file.json> also write, per stack, only {address, type, actions, replace_paths} of each
                        resource change (no values): safe to upload instead of the plans
  --cost <cost.md>      append this cost estimate (npm run cost -- --all --format markdown --output cost.md)
  --output <file.md>    write the Markdown to this file instead of stdout, which gets one summary line
  --synthesized <dir>   the synthesized app (default: cdktf.out): a stack is held to the default-deny
                        of production unless cdktf.out/stacks/<stack>/cdk.tf.json declares it
                        non-production (its environment-type default tag and marker) and no resource
                        of its prior state is tagged otherwise; a stack not found there is production
  --environments <dir>  the environment files (default: environments): the stacks of a non-production
                        environment are not held to ${UPDATE_RULES.filter((r) => r.notInNonProduction)
                          .map((r) => r.id)
                          .join(", ")} (docs/deploy.md), unless a resource of the
                        plan's prior state is tagged environment-type with another value (production)
  --help                print this help

Exit codes: 0 nothing loses data or strips its protection (or all of it is allowed),
1 refused: a change above is not allowed, a plan errored or is incomplete, or a file is not a plan
(or allow file) in its format, 2 usage error: an unknown option, a missing argument, a file that
cannot be read or written.`;

/** Where the command writes: the Markdown goes to `log`, problems to `error`. */
export type Io = Pick<Console, "log" | "error">;

interface Arguments {
  readonly allowFile?: string;
  /** Folder of the environment files, for which stacks are non-production. @default environments (when it exists) */
  readonly environments?: string;
  /** Folder of the synthesized app, for each stack's environment type. @default cdktf.out (when it exists) */
  readonly synthesized?: string;
  readonly reduced?: string;
  readonly cost?: string;
  readonly output?: string;
  readonly files: string[];
  readonly help: boolean;
}

class UsageError extends Error {}

function parseArguments(argv: readonly string[]): Arguments {
  const files: string[] = [];
  const once: Record<string, string | undefined> = {};
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
    const [flag, inline] =
      arg.startsWith("--") && arg.includes("=") ? [arg.slice(0, arg.indexOf("=")), arg.slice(arg.indexOf("=") + 1)] : [arg, undefined];
    const value = (): string => {
      const v = inline ?? argv[++i];
      if (v === undefined || v === "") throw new UsageError(`${flag} needs a value`);
      return v;
    };
    if (flag === "--") optionsEnded = true;
    else if (flag === "--help" || flag === "-h") help = true;
    else if (flag === "--allow")
      throw new UsageError("--allow is gone: allows are read from a file committed with the change, --allow-file plan-review.allow");
    else if (flag === "--allow-file" || flag === "--reduced" || flag === "--environments" || flag === "--synthesized") {
      if (once[flag] !== undefined) throw new UsageError(`${flag} is given twice`);
      once[flag] = value();
    } else if (flag === "--cost") {
      if (cost !== undefined) throw new UsageError("--cost is given twice");
      cost = value();
    } else if (flag === "--output") {
      if (output !== undefined) throw new UsageError("--output is given twice");
      output = value();
    } else throw new UsageError(`unknown option ${arg}`);
  }
  return {
    allowFile: once["--allow-file"],
    reduced: once["--reduced"],
    environments: once["--environments"],
    synthesized: once["--synthesized"],
    cost,
    output,
    files,
    help,
  };
}

/**
 * The stacks (`<env>-<stage>`) of the environments whose file says `environmentType: non-production`.
 * Environment files that cannot be read leave every stack reviewed as production (the strict side), and
 * so does a stack of no file. The files come with the change under review: `reviewPlans` also asks the
 * prior state's `environment-type` tags, which that change cannot lower.
 */
export function nonProductionStacks(dir: string | undefined, io: Io): string[] {
  const folder = dir ?? "environments";
  if (dir === undefined && !fs.existsSync(folder)) return [];
  try {
    return loadEnvironments(folder)
      .filter(({ config }) => config.environmentType === "non-production")
      .flatMap(({ config }) => STACK_KINDS.map((kind) => stackName(config.name, kind)));
  } catch (error) {
    io.error(
      `plan-review: the environment files in ${folder} cannot be read, so every stack is reviewed as production: ${systemError(error)}`,
    );
    return [];
  }
}

/**
 * Per stack, the accounts its policies may name (PR-IAM-1): the environment's `accountId` and `trustedAccountIds`
 * (EKS access entries also `cluster.allowedAdminAccountIds`), and the GitHub repositories its roles may trust
 * (`ci.githubRepository`, `frontend.githubRepository`); a bootstrap stack, those of every environment in its account.
 * Files that cannot be read give none: the review then takes a stack's accounts from its plan.
 */
export function stackAccounts(dir: string | undefined, io: Io): Record<string, AccountScope> {
  const folder = dir ?? "environments";
  if (dir === undefined && !fs.existsSync(folder)) return {};
  try {
    const accounts: Record<string, AccountScope> = {};
    for (const { config } of loadEnvironments(folder)) {
      const githubRepositories = [config.ci?.githubRepository, config.frontend?.githubRepository].filter((r): r is string => !!r);
      const scope = {
        trusted: [config.accountId, ...config.trustedAccountIds],
        adminAccounts: config.cluster.allowedAdminAccountIds,
        githubRepositories,
      };
      for (const kind of STACK_KINDS) accounts[stackName(config.name, kind)] = scope;
      const bootstrap = accounts[bootstrapStackName(config.accountId)];
      accounts[bootstrapStackName(config.accountId)] = {
        trusted: [...new Set([...(bootstrap?.trusted ?? []), ...scope.trusted])],
        adminAccounts: [...new Set([...(bootstrap?.adminAccounts ?? []), ...scope.adminAccounts])],
        githubRepositories: [...new Set([...(bootstrap?.githubRepositories ?? []), ...githubRepositories])],
      };
    }
    return accounts;
  } catch (error) {
    io.error(
      `plan-review: the environment files in ${folder} cannot be read: stacks' accounts are taken from their plans: ${systemError(error)}`,
    );
    return {};
  }
}

/**
 * The environment type each stack's synthesized stack declares (`<dir>/stacks/<stack>/cdk.tf.json`). A stack
 * not found (or not readable) is left out, so the review holds it to the default-deny of production.
 */
export function synthesizedEnvironments(dir: string | undefined, stacks: readonly string[], io: Io): Record<string, EnvironmentType> {
  const folder = dir ?? "cdktf.out";
  if (dir === undefined && !fs.existsSync(folder)) return {};
  const types: Record<string, EnvironmentType> = {};
  for (const stack of stacks) {
    const file = path.join(folder, "stacks", stack, "cdk.tf.json");
    if (!fs.existsSync(file)) continue;
    try {
      types[stack] = synthesizedEnvironmentType(JSON.parse(fs.readFileSync(file, "utf8")));
    } catch (error) {
      io.error(`plan-review: cannot read ${file}, so ${stack} is reviewed as production: ${systemError(error)}`);
    }
  }
  return types;
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

const plural = (n: number, word: string): string => `${n} ${word}${n === 1 ? "" : "s"}`;

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
      return 1;
    }
  }

  let allows: Allow[] = [];
  let ignoredAllows: IgnoredAllow[] = [];
  if (args.allowFile !== undefined) {
    let text: string;
    try {
      text = fs.readFileSync(args.allowFile, "utf8");
    } catch (error) {
      io.error(`plan-review: cannot read ${args.allowFile}: ${systemError(error)}`);
      return 2;
    }
    try {
      ({ allows, ignored: ignoredAllows } = parseAllowFile(text, path.basename(args.allowFile)));
    } catch (error) {
      if (!(error instanceof AllowFileError)) throw error;
      io.error(`plan-review: ${args.allowFile} is not in the allow format (${ALLOW_FORMAT}):\n${error.message}`);
      return 1;
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
  let review: ReturnType<typeof reviewPlans>;
  try {
    review = reviewPlans(plans, {
      allow: allows,
      ignoredAllows,
      nonProductionStacks: nonProductionStacks(args.environments, io),
      accounts: stackAccounts(args.environments, io),
      environmentTypes: synthesizedEnvironments(
        args.synthesized,
        plans.map((p) => p.stack),
        io,
      ),
    });
  } catch (error) {
    // A plan whose values are not in the shape Terraform writes: refuse to judge it, without a stack trace.
    io.error(
      `plan-review: ${args.files.join(", ")}: cannot review these plans: ${(error as Error).message}; ` +
        "expected the output of `terraform show -json <planfile>`",
    );
    return 1;
  }
  const markdown = `${review.markdown}${costSection}`;
  // With --output the Markdown goes to the file (a CI log shows it there); stdout gets one line, after the write.
  if (args.output === undefined) io.log(markdown);
  const outputs: [string | undefined, string][] = [
    [args.output, markdown],
    [args.reduced, `${JSON.stringify(reducedPlans(plans), null, 2)}\n`],
  ];
  for (const [file, content] of outputs) {
    if (file === undefined) continue;
    try {
      writeWhole(file, content);
    } catch (error) {
      io.error(`plan-review: cannot write ${file}: ${systemError(error)}`);
      return 2;
    }
  }
  if (args.output !== undefined)
    io.log(
      `plan-review: wrote ${args.output}: ${plural(plans.length, "plan")}, ` +
        (review.blocked.length === 0 ? "nothing refused" : `refused (${plural(review.blocked.length, "finding")})`),
    );
  for (const ignored of ignoredAllows) io.error(`plan-review: ${ignored.source}: ${ignored.why}`);
  if (review.blocked.length === 0) return 0;
  // Also on stderr, so a CI log that sends stdout to a file still says why the job failed.
  io.error(
    `plan-review: refused: ${review.blocked.length} finding(s) (data lost, its protection stripped, or a plan that is not complete):`,
  );
  for (const blocked of review.blocked) io.error(`  - ${blocked.message}`);
  return 1;
}

/** One entry of `--reduced`: what a resource change does, never its values. */
export interface ReducedChange {
  readonly address: string;
  readonly type: string;
  readonly actions: readonly string[];
  readonly replace_paths: readonly (readonly (string | number)[])[];
}

/** Per stack, `{address, type, actions, replace_paths}` of each resource change: no values, prior state or planned values. */
export function reducedPlans(plans: readonly { stack: string; plan: TerraformPlan }[]): Record<string, ReducedChange[]> {
  return Object.fromEntries(
    plans.map(({ stack, plan }) => [
      stack,
      (plan.resource_changes ?? []).map((c) => ({
        address: c.address,
        type: c.type,
        actions: [...c.change.actions],
        replace_paths: (c.change.replace_paths ?? []).map((p) => [...p]),
      })),
    ]),
  );
}

/** Writes a file through a temporary sibling, so a failed write leaves no half-written file. */
function writeWhole(file: string, content: string): void {
  const temporary = `${file}.${process.pid}.tmp`;
  try {
    fs.writeFileSync(temporary, content);
    fs.renameSync(temporary, file);
  } finally {
    fs.rmSync(temporary, { force: true });
  }
}

if (require.main === module) {
  process.exitCode = main(process.argv.slice(2));
}
