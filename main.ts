import * as path from "path";
import { synthesize } from "./src/synth";

export const SYNTH_USAGE = `Usage: npm run synth [-- --verbose]

Validates every environments/<name>.yaml (or $ENVIRONMENTS_DIR), synthesizes every stack into cdktf.out
(or $CDKTF_OUTDIR) and checks the security rules. --verbose (or SYNTH_VERBOSE=1, e.g. for npx cdktf synth)
lists every suppression. Exit codes: 0 done, 1 an environment file or a stack is refused (nothing written),
2 usage error, 130/143 interrupted.`;

/** The synth's options from its arguments, or the usage error (exit 2): an option it does not know is never ignored. */
export function synthArguments(argv: readonly string[]): { verbose: boolean; help: boolean } | { usageError: string } {
  const unknown = argv.filter((arg) => arg !== "--verbose" && arg !== "--help");
  if (unknown.length > 0) return { usageError: `unknown argument${unknown.length === 1 ? "" : "s"} ${unknown.join(" ")}` };
  return { verbose: argv.includes("--verbose"), help: argv.includes("--help") };
}

if (require.main === module) {
  // Validate every environments/<name>.yaml (or $ENVIRONMENTS_DIR), then synthesize all stacks.
  const environmentsDir = process.env.ENVIRONMENTS_DIR ?? "environments";
  // Ctrl-C or a CI cancel: the synth runs synchronously, so a signal is handled once it returns (it
  // either published everything or left cdktf.out as it was, and removed its staging folder); then
  // the process ends with the signal's exit code instead of 0.
  for (const [signal, code] of [
    ["SIGINT", 130],
    ["SIGTERM", 143],
    ["SIGHUP", 129],
  ] as const)
    process.on(signal, () => process.exit(code));
  setImmediate(() => undefined);
  const args = synthArguments(process.argv.slice(2));
  if ("usageError" in args) {
    console.error(`synth: ${args.usageError}\n\n${SYNTH_USAGE}`);
    process.exitCode = 2;
  } else if (args.help) console.log(SYNTH_USAGE);
  else
    process.exitCode = synthesize({
      environmentsDir,
      outdir: process.env.CDKTF_OUTDIR ?? "cdktf.out",
      // The cdktf CLI (which always passes CDKTF_CONTEXT_JSON) removes orphaned stack folders itself.
      removeOrphanedStacks: process.env.CDKTF_CONTEXT_JSON === undefined,
      verbose: args.verbose || process.env.SYNTH_VERBOSE === "1",
      // The project's own environments keep docs/security-rules.md current; another folder never writes it.
      securityRulesDoc: process.env.ENVIRONMENTS_DIR === undefined ? path.join(__dirname, "docs", "security-rules.md") : undefined,
    });
}
