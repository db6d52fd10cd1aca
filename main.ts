import { synthesize } from "./src/synth";

// Validate every environments/<name>.yaml (or $ENVIRONMENTS_DIR), then synthesize all stacks.
process.exitCode = synthesize({
  environmentsDir: process.env.ENVIRONMENTS_DIR ?? "environments",
  outdir: process.env.CDKTF_OUTDIR ?? "cdktf.out",
});
