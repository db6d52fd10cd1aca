import * as path from "path";
import { synthesize } from "./src/synth";

// Validate every environments/<name>.yaml (or $ENVIRONMENTS_DIR), then synthesize all stacks.
// `npm run synth -- --verbose` (or SYNTH_VERBOSE=1, e.g. for npx cdktf synth) lists every suppression.
const environmentsDir = process.env.ENVIRONMENTS_DIR ?? "environments";
process.exitCode = synthesize({
  environmentsDir,
  outdir: process.env.CDKTF_OUTDIR ?? "cdktf.out",
  verbose: process.argv.includes("--verbose") || process.env.SYNTH_VERBOSE === "1",
  // The project's own environments keep docs/security-rules.md current; another folder never writes it.
  securityRulesDoc: process.env.ENVIRONMENTS_DIR === undefined ? path.join(__dirname, "docs", "security-rules.md") : undefined,
});
