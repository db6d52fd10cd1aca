import * as fs from "fs";
import { terraformUnavailable } from "../../src/preview/offline-plan";

/**
 * Jest globalTeardown: removes the run's temporary folder, and says loudly, after jest's summary
 * (where a full run cannot swallow it), when the real-provider tests were skipped.
 */
export default function globalTeardown(): void {
  const run = process.env.RW_JEST_TMPDIR;
  if (process.env.RW_JEST_ORIGINAL_TMPDIR) process.env.TMPDIR = process.env.RW_JEST_ORIGINAL_TMPDIR;
  if (run) fs.rmSync(run, { recursive: true, force: true });
  const unavailable = terraformUnavailable();
  if (unavailable) {
    process.stderr.write(
      [
        "",
        "*****************************************************************************************",
        `*** SKIPPED: the real-provider tests (terraform validate and offline plan): ${unavailable}.`,
        "*** A green run without them proves much less. Install Terraform 1.11 and the AWS provider",
        "*** mirror (README: Quick start, Requirements), then run npm test again.",
        "*****************************************************************************************",
        "",
      ].join("\n"),
    );
  }
}
