import * as fs from "fs";
import * as os from "os";
import * as path from "path";

/**
 * Jest globalSetup: every temporary folder of this run (the tests', cdktf's `cdktf.outdir.*` from
 * its Testing API, Terraform's working folders and plugin cache) goes under one folder, which
 * global-teardown.ts removes; workers inherit TMPDIR. Terraform's checkpoint call is switched off.
 */
export default function globalSetup(): void {
  const base = process.env.TMPDIR ?? os.tmpdir();
  const run = fs.mkdtempSync(path.join(base, "rw-jest-"));
  process.env.RW_JEST_TMPDIR = run;
  process.env.RW_JEST_ORIGINAL_TMPDIR = base;
  process.env.TMPDIR = run;
  process.env.CHECKPOINT_DISABLE = "1";
}
