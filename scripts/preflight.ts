/**
 * `npm run preflight -- <environment> [--stage account|apps]`: read-only AWS checks before a deploy,
 * every problem at once with its fix (src/preflight/). Exit 0 ready, 1 problems found or no
 * credentials (one line), 2 usage error.
 */
import * as path from "path";
import { preflightCommand } from "../src/preflight/command";

// The SDK's notice that its releases after January 2027 need Node 22 (this project pins its versions and
// runs on Node 20.19): it would turn a one-line answer into ten lines.
process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= "true";

preflightCommand(process.argv.slice(2), {
  environmentsDir: process.env.ENVIRONMENTS_DIR ?? path.join(__dirname, "..", "environments"),
  out: (text) => console.log(text),
  err: (text) => console.error(text),
}).then(
  (code) => (process.exitCode = code),
  (error: unknown) => {
    console.error(`preflight: ${error instanceof Error ? error.message : String(error)}`);
    process.exitCode = 1;
  },
);
