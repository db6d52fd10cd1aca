/**
 * `npm run ci-matrix [-- --github-output <file>]`: the environments CI plans and deploys, derived
 * from environments/ (or $ENVIRONMENTS_DIR), as JSON on stdout or as `all`, `non-production` and
 * `production` outputs appended to <file> ($GITHUB_OUTPUT in a workflow). See docs/ci.md.
 */
import * as fs from "fs";
import * as path from "path";
import { ciMatrix, CiMatrixError, githubOutputs } from "../src/ci/matrix";
import { ConfigError } from "../src/config/issues";
import { loadEnvironments } from "../src/config/load";

export const USAGE = `Usage: npm run ci-matrix [-- --github-output <file>]

Prints the environments the workflows plan and deploy (every environment file with a ci section),
with the GitHub environments, roles, stacks and runners derived from the naming convention
(docs/ci.md). With --github-output, appends all=, non-production= and production= lines to <file>.
Exit codes: 0 done, 1 an environment file is invalid or cannot be deployed by CI, 2 usage error.`;

/** Runs the command with `argv` (without `node` and the script); returns the exit code. */
export function main(argv: readonly string[], dir = process.env.ENVIRONMENTS_DIR ?? path.join(__dirname, "..", "environments")): number {
  let output: string | undefined;
  for (let i = 0; i < argv.length; i++) {
    if (argv[i] === "--help") {
      console.log(USAGE);
      return 0;
    } else if (argv[i] === "--github-output" && argv[i + 1]) {
      output = argv[++i];
    } else {
      console.error(`ci-matrix: unknown argument ${argv[i]}\n\n${USAGE}`);
      return 2;
    }
  }
  try {
    const matrix = ciMatrix(loadEnvironments(dir).map((e) => e.config));
    for (const name of matrix.skipped) console.error(`ci-matrix: ${name} has no ci section: not deployed by the workflows`);
    if (output) fs.appendFileSync(output, githubOutputs(matrix));
    else console.log(JSON.stringify(matrix, null, 2));
    return 0;
  } catch (error) {
    if (error instanceof ConfigError || error instanceof CiMatrixError) {
      console.error(error.message);
      return 1;
    }
    throw error;
  }
}

if (require.main === module) process.exitCode = main(process.argv.slice(2));
