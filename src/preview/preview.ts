import * as fs from "fs";
import * as path from "path";
import { AWS_PROVIDER_VERSION } from "../config/versions";
import { bootstrapAccountOf } from "../naming";
import { parsePlan, reviewPlans } from "../review/plan-review";
import { synthesizedEnvironmentType } from "../review/synthesized-environment";
import { synthesize } from "../synth";
import {
  initOffline,
  PlannedStack,
  planInitialized,
  stackAccount,
  startStsEndpoint,
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
  /** Stacks planned at once. @default 2 (the machines have two cores) */
  readonly concurrency?: number;
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
  readonly dependencies: string[];
}

/**
 * `npm run preview -- <env>`: synthesizes, then plans every AWS-only stack of one environment
 * (and the bootstrap stack of its account) offline with the real AWS provider, upstream stacks
 * first and independent stacks in parallel. Each stack is planned with credentials of its own
 * account, answered by a local STS endpoint on 127.0.0.1 that lives for the run, so
 * `allowed_account_ids` is checked as on AWS. Prints a table per stack and writes the plan JSON files and a
 * Markdown summary under `<outdir>/preview/`. Returns the exit code.
 */
export async function preview(options: PreviewOptions): Promise<number> {
  const log = options.log ?? console;
  // Refuse an unknown name before synthesizing anything: the file names are the environment names (validation enforces it).
  const known = environmentNames(options.environmentsDir);
  if (!known.includes(options.environment)) {
    log.error(
      `unknown environment "${options.environment}"; environments found: ${known.join(", ") || `none in ${options.environmentsDir}`}`,
    );
    return 2;
  }
  const unavailable = terraformUnavailable();
  if (unavailable) {
    log.error(`preview needs Terraform and the AWS provider mirror: ${unavailable}`);
    return 2;
  }
  if (synthesize({ environmentsDir: options.environmentsDir, outdir: options.outdir, log }) !== 0) return 1;

  const stacks = awsOnlyStacks(options.outdir, options.environment);
  const skipped = notPlanned(options.outdir, options.environment, stacks);

  const previewDir = path.join(options.outdir, "preview");
  fs.rmSync(previewDir, { recursive: true, force: true });
  fs.mkdirSync(previewDir, { recursive: true });
  const started = Date.now();
  // Initialised folders outlive the run (outside preview/, which is rewritten): the next run skips
  // init for every stack whose Terraform version, providers, CLI config and lock file are unchanged.
  const initDir = path.join(options.outdir, "preview-init");
  const concurrency = options.concurrency ?? 2;
  log.log(`Initializing ${stacks.length} stacks from the local provider mirror (${concurrency} at a time, reusing earlier inits)...`);
  const sts = await startStsEndpoint();
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
          concurrency,
          onReady: (stack, outcome) =>
            log.log(
              outcome.reused ? `  ✓ ${stack}: initialised folder reused` : `  ✓ ${stack}: initialised in ${outcome.seconds.toFixed(1)} s`,
            ),
        },
      );
    } catch (error) {
      log.error(`terraform init failed:\n${error instanceof TerraformError ? error.output : String(error)}`);
      return 1;
    }
    initSeconds = (Date.now() - started) / 1000;
    const dirOf = new Map(stacks.map((s, i) => [s.name, dirs[i]]));
    results = await planInOrder(
      stacks,
      (stack) => planInitialized(dirOf.get(stack.name)!, { validateOnlyOnFailure: true }),
      concurrency,
      (line) => log.log(line),
    );
  } finally {
    await sts.stop();
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
    log.log(`\n${stack.name}\n${textTable(rows)}`);
    const t = totals(rows);
    sections.push(`## ${stack.name}`, "", `${t.add} to add, ${t.change} to change, ${t.destroy} to destroy.`, "", markdownTable(rows), "");
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
  return failed === 0 ? 0 : 1;
}

function readManifest(outdir: string): { stacks: Record<string, { synthesizedStackPath: string; dependencies: string[] }> } {
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
    .map(([name, stack]) => ({ name, file: path.join(outdir, stack.synthesizedStackPath), dependencies: stack.dependencies }))
    .filter((stack) => {
      const json = JSON.parse(fs.readFileSync(stack.file, "utf8"));
      return Object.keys(json.terraform?.required_providers ?? {}).every((p) => p === "aws");
    });
  const names = chosen.map((s) => s.name);
  return chosen.map((s) => ({ ...s, dependencies: s.dependencies.filter((d) => names.includes(d)) }));
}

export type Outcome = { planned: PlannedStack } | { error: string };

/** Plans stacks once their dependencies are planned, at most `concurrency` at a time. */
export async function planInOrder(
  stacks: StackInfo[],
  plan: (stack: StackInfo) => Promise<PlannedStack>,
  concurrency: number,
  progress: (line: string) => void,
): Promise<Map<string, Outcome>> {
  const results = new Map<string, Outcome>();
  const running = new Set<string>();
  let done = 0;
  return new Promise((resolve) => {
    const next = () => {
      if (results.size === stacks.length) return resolve(results);
      for (const stack of stacks) {
        if (running.size >= concurrency) break;
        if (results.has(stack.name) || running.has(stack.name)) continue;
        const failedDependency = stack.dependencies.find((d) => results.has(d) && "error" in results.get(d)!);
        if (failedDependency) {
          results.set(stack.name, { error: `not planned: ${failedDependency} failed` });
          done++;
          continue;
        }
        if (!stack.dependencies.every((d) => results.has(d))) continue;
        running.add(stack.name);
        const started = Date.now();
        progress(`  … ${stack.name}: plan`);
        plan(stack)
          .then((planned): Outcome => {
            if (!planned.validation.valid) return { error: JSON.stringify(planned.validation.diagnostics, null, 2) };
            return { planned };
          })
          .catch((error: unknown): Outcome => ({ error: error instanceof TerraformError ? error.output : String(error) }))
          .then((outcome) => {
            running.delete(stack.name);
            results.set(stack.name, outcome);
            done++;
            const seconds = ((Date.now() - started) / 1000).toFixed(1);
            if ("error" in outcome) progress(`  ✗ [${done}/${stacks.length}] ${stack.name} failed after ${seconds} s`);
            else {
              const t = totals(countByType(outcome.planned.plan));
              progress(
                `  ✓ [${done}/${stacks.length}] ${stack.name} planned in ${seconds} s: ` +
                  `${t.add} to add, ${t.change} to change, ${t.destroy} to destroy`,
              );
            }
            next();
          });
      }
      if (results.size === stacks.length) resolve(results);
    };
    next();
  });
}
