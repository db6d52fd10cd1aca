/**
 * `npm run check-images -- <environment>`: before the apps stack applies, checks that every
 * service's imageTag exists in its ECR repository (ECR DescribeImages through the AWS SDK, with the
 * caller's credentials: environment, profile or role, as the AWS CLI finds them). Exit 0 all found,
 * 1 an image is missing or cannot be checked, 2 usage error.
 */
import { ECRClient } from "@aws-sdk/client-ecr";
import * as path from "path";
import { checkImages, ecrDescribeImage, formatImageCheck } from "../src/ci/image-check";
import { ConfigError } from "../src/config/issues";
import { loadEnvironments } from "../src/config/load";

// The SDK's notice that its releases after January 2027 need Node 22 (this project pins its versions and
// runs on Node 20.19): it would turn a one-line answer into ten lines.
process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= "true";

export const USAGE = `Usage: npm run check-images -- <environment>

Checks that the imageTag of every service of <environment> exists in its ECR repository, with the
current AWS credentials (ecr:DescribeImages; found as the AWS CLI finds them). Environment files are read from
environments/ or $ENVIRONMENTS_DIR. Exit codes: 0 every image exists, 1 an image is missing or
cannot be checked, 2 usage error.`;

/** Runs the command with `argv` (without `node` and the script); returns the exit code. */
export async function main(
  argv: readonly string[],
  dir = process.env.ENVIRONMENTS_DIR ?? path.join(__dirname, "..", "environments"),
): Promise<number> {
  if (argv.length === 1 && argv[0] === "--help") {
    console.log(USAGE);
    return 0;
  }
  if (argv.length !== 1 || argv[0].startsWith("-")) {
    console.error(USAGE);
    return 2;
  }
  try {
    const env = loadEnvironments(dir).find((e) => e.config.name === argv[0]);
    if (!env) {
      console.error(`check-images: no environment named ${argv[0]} in ${dir}`);
      return 2;
    }
    const client = new ECRClient({ region: env.config.region, maxAttempts: 3 });
    const results = await checkImages(env.config, ecrDescribeImage(client)).finally(() => client.destroy());
    console.log(formatImageCheck(env.config.name, results));
    return results.every((r) => r.lookup.status === "found") ? 0 : 1;
  } catch (error) {
    if (error instanceof ConfigError) {
      console.error(error.message);
      return 1;
    }
    throw error;
  }
}

if (require.main === module) main(process.argv.slice(2)).then((code) => (process.exitCode = code));
