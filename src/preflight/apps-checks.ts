import { GetConnectionCommand, ResourceNotFoundException } from "@aws-sdk/client-codestar-connections";
import { checkImages, ecrDescribeImage } from "../ci/image-check";
import { EnvironmentConfig } from "../config/schema";
import { bootstrapStackName } from "../naming";
import { AwsClients } from "./aws-clients";
import { Caller, principalOf } from "./caller";
import { describeError, Findings } from "./findings";

/**
 * Every service's imageTag is in its ECR repository (the check of `npm run check-images`): a Deployment
 * whose image is missing never becomes ready, and the apps apply waits for it until it times out.
 */
export async function checkServiceImages(config: EnvironmentConfig, clients: AwsClients, findings: Findings): Promise<void> {
  const check = "image";
  const results = await checkImages(config, ecrDescribeImage(clients.ecr));
  for (const r of results) {
    const image = `${r.repository}:${r.tag}`;
    if (r.lookup.status === "found") findings.pass(check, `${r.service}: ${image}`);
    else if (r.lookup.status === "missing") {
      findings.problem(
        check,
        `${r.service}: ${image} is not in the registry (${r.lookup.reason})`,
        `push the image (the image-push role of CI, docs/ci.md), or set the imageTag of service ${r.service} to a tag that exists`,
      );
    } else {
      findings.problem(
        check,
        `${r.service}: ${image} cannot be checked: ${r.lookup.reason}`,
        "run the preflight with credentials that may call ecr:DescribeImages",
      );
    }
  }
}

/** The connection's ARN when the environment file names one (`ci.githubConnectionArn`). */
export function githubConnectionArn(config: EnvironmentConfig): string | undefined {
  return config.ci?.githubConnectionArn;
}

/**
 * The GitHub connection is approved (status AVAILABLE): CodeBuild's runner registers with GitHub through
 * it, and until someone approves it once in the console it stays PENDING and the apps jobs never start.
 */
export async function checkGithubConnection(config: EnvironmentConfig, clients: AwsClients, findings: Findings): Promise<void> {
  const check = "GitHub connection";
  const arn = githubConnectionArn(config);
  // The cluster stack creates the CodeBuild runner only without a runner of the team's own (ci.appsRunnerLabel).
  if (config.ci?.appsRunnerLabel) {
    findings.notice(check, `not checked: the apps jobs run on your own runner (ci.appsRunnerLabel ${config.ci.appsRunnerLabel})`);
    return;
  }
  if (!arn) {
    findings.notice(check, "ci.githubConnectionArn is not set: no CodeBuild runner, no connection to check");
    return;
  }
  const approve =
    `approve it once: AWS console, Developer Tools > Settings > Connections (region ${arn.split(":")[3]}), ` +
    "select the connection, Update pending connection, and install or choose the GitHub app";
  try {
    const { Connection } = await clients.connections.send(new GetConnectionCommand({ ConnectionArn: arn }));
    const status = Connection?.ConnectionStatus ?? "unknown";
    if (status === "AVAILABLE") findings.pass(check, `${arn} is AVAILABLE`);
    else if (status === "PENDING") findings.problem(check, `${arn} (ci.githubConnectionArn) is PENDING: it was never approved`, approve);
    else {
      findings.problem(
        check,
        `${arn} (ci.githubConnectionArn) is ${status}`,
        `${approve}; if it stays ${status}, check the GitHub app's installation and repository access`,
      );
    }
  } catch (error) {
    if (error instanceof ResourceNotFoundException) {
      findings.problem(
        check,
        `${arn} (ci.githubConnectionArn) does not exist`,
        `deploy ${bootstrapStackName(config.accountId)} (it creates the connection), or correct ci.githubConnectionArn`,
      );
    } else
      findings.problem(
        check,
        `${arn} cannot be read: ${describeError(error)}`,
        "run the preflight with credentials that may call codeconnections:GetConnection",
      );
  }
}

/**
 * The caller is one of `cluster.adminRoleArns`: the apps stack talks to the Kubernetes API with these
 * credentials, and the cluster admits only its access entries (authentication mode API, no admin rights
 * for its creator), so anyone else gets Unauthorized on the first Helm release.
 */
export async function checkClusterAccess(
  caller: Caller,
  config: EnvironmentConfig,
  clients: AwsClients,
  findings: Findings,
): Promise<void> {
  const check = "cluster access";
  try {
    const principal = await principalOf(caller, clients);
    if (principal !== undefined && principal !== "root" && config.cluster.adminRoleArns.includes(principal)) {
      findings.pass(check, `${principal} is in cluster.adminRoleArns`);
      return;
    }
    findings.problem(
      check,
      `${principal === undefined || principal === "root" ? caller.arn : principal} is not in cluster.adminRoleArns: ` +
        "the cluster admits only those roles, so the apps stack's first Helm release fails with Unauthorized",
      `run the apps stack as one of ${config.cluster.adminRoleArns.join(", ")} (assume it), or add the role to cluster.adminRoleArns ` +
        "and apply the cluster stack first",
    );
  } catch (error) {
    findings.problem(
      check,
      `the role behind ${caller.arn} cannot be read: ${describeError(error)}`,
      "run the preflight with credentials that may call iam:GetRole",
    );
  }
}
