import * as path from "path";
import { synthesize } from "./src/synth";

// Validate every environments/<name>.yaml (or $ENVIRONMENTS_DIR), then synthesize all stacks.
// `npm run synth -- --verbose` (or SYNTH_VERBOSE=1, e.g. for npx cdktf synth) lists every suppression.
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
process.exitCode = synthesize({
  environmentsDir,
  outdir: process.env.CDKTF_OUTDIR ?? "cdktf.out",
  // The cdktf CLI (which always passes CDKTF_CONTEXT_JSON) removes orphaned stack folders itself.
  removeOrphanedStacks: process.env.CDKTF_CONTEXT_JSON === undefined,
  verbose: process.argv.includes("--verbose") || process.env.SYNTH_VERBOSE === "1",
  // The project's own environments keep docs/security-rules.md current; another folder never writes it.
  securityRulesDoc: process.env.ENVIRONMENTS_DIR === undefined ? path.join(__dirname, "docs", "security-rules.md") : undefined,
});
