import * as fs from "fs";
import * as path from "path";
import { AWS_PROVIDER_VERSION } from "../config/versions";
import { bootstrapAccountOf } from "../naming";
import { parsePlan, reviewPlans } from "../review/plan-review";
import { synthesizedEnvironmentType } from "../review/synthesized-environment";
import { synthesize } from "../synth";
import {
  diagnosticsText,
  initOffline,
  PlannedStack,
  planInitialized,
  stackAccount,
  startStsEndpoint,
  StsEndpoint,
  TerraformError,
  terraformUnavailable,
  writeCliConfigIn,
} from "./offline-plan";
import { countByType, markdownTable, textTable, totals } from "./plan-summary";

export interface PreviewOptions {
  /** Environment whose stacks are planned, e.g. `dev`. */
  readonly environment: string;
  readonly environmentsDir: string;
  /**
   * cdktf's output folder; the preview writes to `<outdir>/preview/`, and keeps the initialised
   * Terraform folders in `<outdir>/preview-init/` for the next run.
   */
  readonly outdir: string;
  /**
   * Plan only these of the environment's AWS-only stacks (`--stack`), e.g. the one stack being
   * changed: a name it does not plan is refused with the names it does. @default - every one
   */
  readonly stacks?: readonly string[];
  /** Stacks planned at once. @default 2 (the machines have two cores) */
  readonly concurrency?: number;
  /**
   * The loopback STS endpoint the plans are answered by; the caller keeps it running and can read
   * the calls it answered. @default - one started for this run and stopped at its end
   */
  readonly sts?: StsEndpoint;
  readonly log?: Pick<Console, "log" | "error">;
}

/** The environments a folder holds, by file name (`dev.yaml` and `dev.yml` are both `dev`); [] when it cannot be read. */
export function environmentNames(dir: string): string[] {
  try {
    return [
      ...new Set(
        fs
          .readdirSync(dir)
          .filter((f) => /\.ya?ml$/.test(f))
          .map((f) => f.replace(/\.ya?ml$/, "")),
      ),
    ].sort();
  } catch {
    return [];
  }
}

export interface StackInfo {
  readonly name: string;
  readonly file: string;
}

/**
 * `npm run preview -- <env>`: synthesizes, then plans every AWS-only stack of one environment
 * (and the bootstrap stack of its account) offline with the real AWS provider, two at a time
 * ({@link planAll}). Each stack is planned with credentials of its own
 * account, answered by a local STS endpoint on 127.0.0.1 that lives for the run, so
 * `allowed_account_ids` is checked as on AWS. Prints a table per stack and writes the plan JSON files and a
 * Markdown summary under `<outdir>/preview/`. Returns the exit code.
 */
export async function preview(options: PreviewOptions): Promise<number> {
  return (await runPreview(options)).exitCode;
}

/** What a preview did: its exit code, and each planned stack's outcome (none when it stopped before planning). */
export interface PreviewRun {
  readonly exitCode: number;
  readonly outcomes: ReadonlyMap<string, Outcome>;
}

/** {@link preview}, with each stack's plan or error for callers that read them (the real-provider tests). */
export async function runPreview(options: PreviewOptions): Promise<PreviewRun> {
  const log = options.log ?? console;
  const stopped = (exitCode: number): PreviewRun => ({ exitCode, outcomes: new Map() });
  // Refuse an unknown name before synthesizing anything: the file names are the environment names (validation enforces it).
  const known = environmentNames(options.environmentsDir);
  if (!known.includes(options.environment)) {
    log.error(
      `unknown environment "${options.environment}"; environments found: ${known.join(", ") || `none in ${options.environmentsDir}`}`,
    );
    return stopped(2);
  }
  const unavailable = terraformUnavailable();
  if (unavailable) {
    log.error(`preview needs Terraform and the AWS provider mirror: ${unavailable}`);
    return stopped(2);
  }
  if (synthesize({ environmentsDir: options.environmentsDir, outdir: options.outdir, log }) !== 0) return stopped(1);

  const planned = awsOnlyStacks(options.outdir, options.environment);
  const skipped = notPlanned(options.outdir, options.environment, planned);
  const unknownStacks = (options.stacks ?? []).filter((name) => !planned.some((s) => s.name === name));
  if (unknownStacks.length > 0) {
    const reasons = skipped.filter((line) => unknownStacks.some((name) => line.startsWith(`${name}:`)));
    log.error(
      `--stack ${unknownStacks.join(", ")}: not a stack the preview plans for ${options.environment}; ` +
        `it plans ${planned.map((s) => s.name).join(", ")}${reasons.map((r) => `\n${r}`).join("")}`,
    );
    // The stacks were synthesized again: an earlier preview's plans and summary no longer describe them.
    fs.rmSync(path.join(options.outdir, "preview"), { recursive: true, force: true });
    return stopped(2);
  }
  const stacks = options.stacks ? planned.filter((s) => options.stacks!.includes(s.name)) : planned;
  skipped.push(...planned.filter((s) => !stacks.includes(s)).map((s) => `${s.name}: not asked for (--stack)`));

  const previewDir = path.join(options.outdir, "preview");
  fs.rmSync(previewDir, { recursive: true, force: true });
  fs.mkdirSync(previewDir, { recursive: true });
  const started = Date.now();
  // Initialised folders outlive the run (outside preview/, which is rewritten): the next run skips
  // init for every stack whose Terraform version, providers, CLI config and lock file are unchanged.
  const initDir = path.join(options.outdir, "preview-init");
  const concurrency = options.concurrency ?? 2;
  log.log(`Initializing ${stacks.length} stacks from the local provider mirror (one init, copied to the others; earlier inits reused)...`);
  const sts = options.sts ?? (await startStsEndpoint());
  let results: Map<string, Outcome>;
  let initSeconds: number;
  try {
    let dirs: string[];
    try {
      dirs = await initOffline(
        stacks.map((s) => s.file),
        path.join(initDir, "stacks"),
        sts,
        {
          reuse: true,
          cliConfig: writeCliConfigIn(initDir),
          onReady: (stack, outcome) =>
            log.log(
              outcome.reused
                ? `  ✓ ${stack}: initialised folder reused`
                : outcome.copiedFrom
                  ? `  ✓ ${stack}: initialised (a copy of ${outcome.copiedFrom}'s init)`
                  : `  ✓ ${stack}: initialised in ${outcome.seconds.toFixed(1)} s`,
            ),
        },
      );
    } catch (error) {
      log.error(`terraform init failed:\n${error instanceof TerraformError ? error.output : String(error)}`);
      return stopped(1);
    }
    initSeconds = (Date.now() - started) / 1000;
    const dirOf = new Map(stacks.map((s, i) => [s.name, dirs[i]]));
    results = await planAll(
      stacks,
      (stack) => planInitialized(dirOf.get(stack.name)!),
      concurrency,
      (line) => log.log(line),
    );
  } finally {
    if (!options.sts) await sts.stop();
  }

  const sections: string[] = [`# Preview of ${options.environment} (offline plan, AWS provider ${AWS_PROVIDER_VERSION})`, ""];
  let failed = 0;
  for (const stack of stacks) {
    const result = results.get(stack.name)!;
    if ("error" in result) {
      failed++;
      log.error(`\n✗ ${stack.name} failed:\n${result.error}`);
      sections.push(`## ${stack.name}`, "", "Failed:", "", "```", result.error, "```", "");
      continue;
    }
    const rows = countByType(result.planned.plan);
    fs.writeFileSync(path.join(previewDir, `${stack.name}.plan.json`), JSON.stringify(result.planned.plan, null, 2));
    // Terraform's warnings (deprecated arguments and the like) come with the plan: shown, never dropped.
    const warnings = result.planned.validation.diagnostics;
    const warningText = warnings.length > 0 ? `\n${diagnosticsText(warnings)}` : "";
    log.log(`\n${stack.name}\n${textTable(rows)}${warningText}`);
    const t = totals(rows);
    sections.push(`## ${stack.name}`, "", `${t.add} to add, ${t.change} to change, ${t.destroy} to destroy.`, "", markdownTable(rows), "");
    if (warnings.length > 0) sections.push("Warnings:", "", "```", diagnosticsText(warnings), "```", "");
  }
  const reviewed = stacks.flatMap((stack) => {
    const result = results.get(stack.name)!;
    return "planned" in result ? [{ stack: stack.name, plan: parsePlan(JSON.stringify(result.planned.plan)) }] : [];
  });
  if (skipped.length > 0) sections.push("## Not planned", "", ...skipped.map((s) => `- ${s}`), "");
  // Each stack's environment type from its synthesized stack: the default-deny of production applies to production stacks only.
  const environmentTypes = Object.fromEntries(
    stacks.map((s) => [s.name, synthesizedEnvironmentType(JSON.parse(fs.readFileSync(s.file, "utf8")))] as const),
  );
  sections.push("## Review", "", reviewPlans(reviewed, { allow: [], environmentTypes }).markdown);
  fs.writeFileSync(path.join(previewDir, "summary.md"), sections.join("\n"));
  log.log(
    `\n${failed === 0 ? "Planned" : `${failed} of ${stacks.length} stacks failed; planned the others of`} ` +
      `${stacks.length} stacks in ${((Date.now() - started) / 1000).toFixed(1)} s (init ${initSeconds.toFixed(1)} s). ` +
      `Plans and summary: ${path.relative(process.cwd(), previewDir) || previewDir}/` +
      skipped
        .map(
          (s) => `
Not planned: ${s}`,
        )
        .join(""),
  );
  return { exitCode: failed === 0 ? 0 : 1, outcomes: results };
}

function readManifest(outdir: string): { stacks: Record<string, { synthesizedStackPath: string }> } {
  return JSON.parse(fs.readFileSync(path.join(outdir, "manifest.json"), "utf8"));
}

/**
 * The environment's stacks the preview leaves out, each with the reason: their other providers
 * (Kubernetes, Helm) need a live cluster, which an offline plan does not have.
 */
export function notPlanned(outdir: string, environment: string, planned: readonly StackInfo[]): string[] {
  return Object.entries(readManifest(outdir).stacks)
    .filter(([name]) => name.startsWith(`${environment}-`) && !planned.some((p) => p.name === name))
    .map(([name, stack]) => {
      const json = JSON.parse(fs.readFileSync(path.join(outdir, stack.synthesizedStackPath), "utf8"));
      const others = Object.keys(json.terraform?.required_providers ?? {}).filter((p) => p !== "aws");
      const list = others.length > 1 ? `${others.slice(0, -1).join(", ")} and ${others[others.length - 1]}` : others.join("");
      return `${name}: its ${list} providers need a live cluster, which an offline plan does not have; it is planned at deploy time`;
    });
}

/** The environment's stacks that only use the AWS provider, and the bootstrap stack of its account. */
export function awsOnlyStacks(outdir: string, environment: string): StackInfo[] {
  const manifest = readManifest(outdir);
  const network = manifest.stacks[`${environment}-network`];
  const account = network ? stackAccount(JSON.parse(fs.readFileSync(path.join(outdir, network.synthesizedStackPath), "utf8"))) : undefined;
  const chosen = Object.entries(manifest.stacks)
    .filter(([name]) => (account !== undefined && bootstrapAccountOf(name) === account) || name.startsWith(`${environment}-`))
    .map(([name, stack]) => ({ name, file: path.join(outdir, stack.synthesizedStackPath) }))
    .filter((stack) => {
      const json = JSON.parse(fs.readFileSync(stack.file, "utf8"));
      return Object.keys(json.terraform?.required_providers ?? {}).every((p) => p === "aws");
    });
  return chosen;
}

export type Outcome = { planned: PlannedStack } | { error: string };

/**
 * Plans every stack, at most `concurrency` at a time, the largest first (by `weight`, e.g. the stack
 * file's size) so that the last one to start is a short one. No plan waits for another: offline,
 * a stack reads its upstream stacks' outputs from stub states (src/preview/offline-plan.ts), so a
 * failed upstream plan changes nothing downstream, and every stack's own errors are worth seeing
 * in the same run. Progress lines say when each stack started and how long it took.
 */
export async function planAll(
  stacks: readonly StackInfo[],
  plan: (stack: StackInfo) => Promise<PlannedStack>,
  concurrency: number,
  progress: (line: string) => void,
  weight: (stack: StackInfo) => number = fileSize,
): Promise<Map<string, Outcome>> {
  const queue = [...stacks].sort((a, b) => weight(b) - weight(a));
  const results = new Map<string, Outcome>();
  const worker = async () => {
    for (let stack = queue.shift(); stack; stack = queue.shift()) {
      const started = Date.now();
      progress(`  … ${stack.name}: plan`);
      const outcome: Outcome = await plan(stack).then(
        (planned): Outcome => ({ planned }),
        (error: unknown): Outcome => ({ error: error instanceof TerraformError ? error.output : String(error) }),
      );
      results.set(stack.name, outcome);
      const seconds = ((Date.now() - started) / 1000).toFixed(1);
      const done = `[${results.size}/${stacks.length}] ${stack.name}`;
      if ("error" in outcome) progress(`  ✗ ${done} failed after ${seconds} s`);
      else {
        const t = totals(countByType(outcome.planned.plan));
        progress(`  ✓ ${done} planned in ${seconds} s: ${t.add} to add, ${t.change} to change, ${t.destroy} to destroy`);
      }
    }
  };
  await Promise.all(Array.from({ length: Math.max(1, concurrency) }, worker));
  return results;
}

function fileSize(stack: StackInfo): number {
  try {
    return fs.statSync(stack.file).size;
  } catch {
    return 0;
  }
}
