/**
 * `npm run check-images -- <environment>`: before the apps stack applies, checks that every
 * service's imageTag exists in its ECR repository (`aws ecr describe-images`, with the caller's
 * credentials). Exit 0 all found, 1 an image is missing or cannot be checked, 2 usage error.
 */
import { spawn } from "child_process";
import * as path from "path";
import { checkImages, DescribeImage, formatImageCheck, readDescribeImagesResult } from "../src/ci/image-check";
import { ConfigError } from "../src/config/issues";
import { loadEnvironments } from "../src/config/load";

export const USAGE = `Usage: npm run check-images -- <environment>

Checks that the imageTag of every service of <environment> exists in its ECR repository, with the
AWS CLI and the current credentials (ecr:DescribeImages). Environment files are read from
environments/ or $ENVIRONMENTS_DIR. Exit codes: 0 every image exists, 1 an image is missing or
cannot be checked, 2 usage error.`;

const awsDescribeImages: DescribeImage = ({ repository, tag, accountId, region }) =>
  new Promise((resolve) => {
    const args = [
      "ecr",
      "describe-images",
      "--registry-id",
      accountId,
      "--region",
      region,
      "--repository-name",
      repository,
      "--image-ids",
      `imageTag=${tag}`,
      "--output",
      "json",
    ];
    const child = spawn("aws", args, { stdio: ["ignore", "ignore", "pipe"] });
    let stderr = "";
    child.stderr.on("data", (chunk) => (stderr += chunk));
    child.on("error", (error) => resolve({ status: "error", reason: `cannot run the AWS CLI: ${error.message}` }));
    child.on("close", (code) => resolve(readDescribeImagesResult(code ?? 1, stderr)));
  });

async function main(argv: string[]): Promise<number> {
  if (argv.length !== 1 || argv[0].startsWith("-")) {
    console.error(USAGE);
    return argv[0] === "--help" ? 0 : 2;
  }
  const dir = process.env.ENVIRONMENTS_DIR ?? path.join(__dirname, "..", "environments");
  try {
    const env = loadEnvironments(dir).find((e) => e.config.name === argv[0]);
    if (!env) {
      console.error(`check-images: no environment named ${argv[0]} in ${dir}`);
      return 2;
    }
    const results = await checkImages(env.config, awsDescribeImages);
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

main(process.argv.slice(2)).then((code) => (process.exitCode = code));
