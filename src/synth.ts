import * as fs from "fs";
import * as path from "path";
import { App } from "cdktf";
import { buildStacks } from "./app";
import { ConfigError } from "./config/issues";
import { loadEnvironments } from "./config/load";
import { CheckResult, checkStacks, formatFinding } from "./rules/check";
import { securityRulesDoc } from "./rules/docs";
import { validateStacks } from "./stack-validation";
import { RULES } from "./rules/pack";
import { Rule } from "./rules/types";

export interface SynthOptions {
  /** Folder of `<env>.yaml` files. */
  readonly environmentsDir: string;
  /** cdktf's output folder (`cdktf.out`, or `CDKTF_OUTDIR` when the cdktf CLI runs us). */
  readonly outdir: string;
  /** Where messages go. @default console */
  readonly log?: Pick<Console, "log" | "error">;
  /** The security rules every stack must pass. @default RULES (the whole pack) */
  readonly rules?: readonly Rule[];
  /**
   * Remove the folders of stacks that no longer exist (an environment was removed). The cdktf CLI
   * does this itself: it lists `<outdir>/stacks/*` before running the app and afterwards deletes
   * every folder not in the manifest, with an `rmSync` that fails on a folder already gone. Under
   * the CLI (`npx cdktf synth|diff|deploy`) this must be false, or the CLI fails once with ENOENT.
   * @default true
   */
  readonly removeOrphanedStacks?: boolean;
  /** List every suppression in force, not only the count per stack. @default false */
  readonly verbose?: boolean;
  /**
   * Write the security rules table (rules and the suppressions of these environments) here after a
   * successful synth, so a new environment's suppressions are documented by the synth itself.
   * @default - not written (tests and other folders of environments)
   */
  readonly securityRulesDoc?: string;
}

/**
 * Validates every environment, synthesizes every stack into a staging folder, runs the security
 * rule pack over it, and only then moves the result into `outdir`. A bad environment file or a
 * security finding exits 1 with every problem listed and leaves the previous `outdir` exactly as
 * it was. Returns the process exit code.
 */
export function synthesize(options: SynthOptions): number {
  const log = options.log ?? console;
  let environments;
  try {
    environments = loadEnvironments(options.environmentsDir);
  } catch (error) {
    if (error instanceof ConfigError) {
      log.error(error.message);
      return 1;
    }
    throw error;
  }

  const outdir = path.resolve(options.outdir);
  fs.mkdirSync(path.dirname(outdir), { recursive: true });
  const staging = fs.mkdtempSync(`${outdir}.staging-`);
  try {
    // cdktf's own validations would run `terraform version` per stack: src/stack-validation.ts.
    const app = new App({ outdir: staging, skipValidation: true });
    buildStacks(
      app,
      environments.map((e) => e.config),
    );
    const invalid = validateStacks(app);
    if (invalid.length > 0) throw new Error(`Stack validation failed:\n  ${invalid.join("\n  ")}`);
    app.synth();
    const rules = options.rules ?? RULES;
    // One read of the staged stacks and one pass of the rules serve both the verdict and the doc.
    const stacks = synthesizedStacks(staging);
    const checked = checkStacks(stacks, rules);
    if (!passesSecurityRules(stacks, checked, rules, log, options.verbose ?? false)) return 1;
    if (options.securityRulesDoc)
      writeSecurityRulesDoc(
        checked,
        rules,
        environments.map((e) => e.config.name),
        options.securityRulesDoc,
      );
    const names = publish(staging, outdir, options.removeOrphanedStacks ?? true);
    log.log(
      `Synthesized ${names.length} stacks from ${environments.length} environments into ${path.relative(process.cwd(), outdir) || "."}: ` +
        `${names.join(", ")}`,
    );
    return 0;
  } finally {
    // Also on Ctrl-C: the synth is synchronous, so a signal is only handled after this (main.ts).
    fs.rmSync(staging, { recursive: true, force: true });
  }
}

/** Rewrites the security rules doc when its content changed (`checked`: the rules' result on the staged stacks). */
function writeSecurityRulesDoc(checked: CheckResult, rules: readonly Rule[], environments: readonly string[], file: string): void {
  const text = securityRulesDoc(rules, checked, environments);
  const current = fs.existsSync(file) ? fs.readFileSync(file, "utf8") : undefined;
  if (current === text) return;
  fs.mkdirSync(path.dirname(file), { recursive: true });
  fs.writeFileSync(file, text);
}

/** Prints the security rules' findings on the staged stacks (and fails), or the suppressions in force. */
function passesSecurityRules(
  stacks: readonly { name: string }[],
  checked: CheckResult,
  rules: readonly Rule[],
  log: Pick<Console, "log" | "error">,
  verbose: boolean,
): boolean {
  const { findings, suppressed, unknownSuppressions } = checked;
  const failures = [...findings, ...unknownSuppressions];
  if (failures.length > 0) {
    log.error(
      [
        `Security rules: ${failures.length} finding${failures.length === 1 ? "" : "s"}; ` +
          `nothing was synthesized (see docs/security-rules.md):`,
        ...failures.map((f) => `  - ${formatFinding(f)}`),
      ].join("\n"),
    );
    return false;
  }
  const perStack = stacks
    .map((s) => s.name)
    .flatMap((name) => {
      const count = suppressed.filter((f) => f.stack === name).length;
      return count > 0 ? [`${name} ${count}`] : [];
    });
  log.log(
    verbose
      ? [
          `Security rules: ${rules.length} rules, no findings in ${stacks.length} stacks; ${suppressed.length} suppressed:`,
          ...suppressed.map((f) => `  - ${f.stack}: ${f.address}: ${f.rule}: ${f.reason}`),
        ].join("\n")
      : `Security rules: ${rules.length} rules, no findings in ${stacks.length} stacks; ` +
          `${suppressed.length} suppressed (${perStack.join(", ") || "none"}); ` +
          "list them with --verbose (SYNTH_VERBOSE=1 for npx cdktf) or see docs/security-rules.md",
  );
  return true;
}

/** Each synthesized stack's Terraform JSON, by stack name, from an output folder. */
export function synthesizedStacks(outdir: string): { name: string; json: Record<string, unknown> }[] {
  const manifest = JSON.parse(fs.readFileSync(path.join(outdir, "manifest.json"), "utf8")) as {
    stacks: Record<string, { synthesizedStackPath: string }>;
  };
  return Object.entries(manifest.stacks).map(([name, stack]) => ({
    name,
    json: JSON.parse(fs.readFileSync(path.join(outdir, stack.synthesizedStackPath), "utf8")),
  }));
}

/**
 * Moves the synthesized files of each stack into `outdir`, keeping what Terraform left in the
 * stack folders (`.terraform/`, lock files, plans), and removes folders of stacks that no longer exist.
 */
function publish(staging: string, outdir: string, removeOrphans: boolean): string[] {
  const manifest = JSON.parse(fs.readFileSync(path.join(staging, "manifest.json"), "utf8")) as { stacks: Record<string, unknown> };
  const stacks = Object.keys(manifest.stacks);
  const stacksDir = path.join(outdir, "stacks");
  fs.mkdirSync(stacksDir, { recursive: true });
  for (const stack of stacks) {
    const from = path.join(staging, "stacks", stack);
    const to = path.join(stacksDir, stack);
    fs.mkdirSync(to, { recursive: true });
    for (const entry of fs.readdirSync(from)) {
      fs.rmSync(path.join(to, entry), { recursive: true, force: true });
      fs.renameSync(path.join(from, entry), path.join(to, entry));
    }
  }
  for (const orphan of removeOrphans ? fs.readdirSync(stacksDir) : []) {
    if (!stacks.includes(orphan)) fs.rmSync(path.join(stacksDir, orphan), { recursive: true, force: true });
  }
  fs.renameSync(path.join(staging, "manifest.json"), path.join(outdir, "manifest.json"));
  return stacks;
}
