import { EnvironmentConfig } from "../config/schema";
import { BOOTSTRAP_STACK, ciRoleName, Naming, partitionOf, planGithubEnvironment, stackName, stateKeyAlias } from "../naming";

/** The GitHub-hosted runner image of every job that needs no network path into a VPC. */
export const HOSTED_RUNNER = "ubuntu-24.04";

/**
 * One environment as the workflows see it: everything a job needs, derived from the environment
 * file and the naming convention, so adding an environment file adds it to CI without a
 * repository variable or a workflow edit.
 */
export interface CiEnvironment {
  readonly name: string;
  readonly production: boolean;
  /** GitHub environment of the apply jobs (`ci.githubEnvironment`, default the name): approvals live here. */
  readonly githubEnvironment: string;
  /** GitHub environment of production pull-request plans (`<githubEnvironment>-plan`); empty for non-production. */
  readonly planGithubEnvironment: string;
  readonly accountId: string;
  readonly region: string;
  readonly planRoleArn: string;
  readonly deployRoleArn: string;
  /** The bootstrap stack of the environment's account, `bootstrap-<accountId>`. */
  readonly bootstrapStack: string;
  /** Space-separated, in dependency order. */
  readonly stacks: { readonly network: string; readonly data: string; readonly cluster: string; readonly apps: string };
  /** Where saved plans and an errored state are kept (SSE-KMS with the state key). */
  readonly stateBucket: string;
  readonly stateKeyArn: string;
  /**
   * The CodeBuild project of the runner the cluster stack creates: the apps jobs ask for
   * `codebuild-<project>-<run id>-<attempt>`. Empty when the environment names its own runner.
   */
  readonly appsRunnerProject: string;
  /** `runs-on` of the apps jobs on the team's own runner (`ci.appsRunnerLabel`), as JSON; `null` with the CodeBuild runner. */
  readonly appsRunsOn: string;
}

export interface CiMatrix {
  readonly all: CiEnvironment[];
  readonly nonProduction: CiEnvironment[];
  readonly production: CiEnvironment[];
  /** Environments without a `ci` section: deployed by hand, not by the workflows. */
  readonly skipped: string[];
}

/** The bootstrap stack of an account (one per account, own state). */
export function bootstrapStackName(accountId: string): string {
  return `${BOOTSTRAP_STACK}-${accountId}`;
}

/** Problems that keep an environment out of CI, each naming file field and rule. */
export class CiMatrixError extends Error {}

export function ciEnvironment(config: EnvironmentConfig): CiEnvironment {
  const ci = config.ci!;
  const partition = partitionOf(config.region);
  const role = (purpose: "plan" | "deploy") =>
    `arn:${partition}:iam::${config.accountId}:role/${ciRoleName(config.project, config.name, purpose)}`;
  const githubEnvironment = ci.githubEnvironment ?? config.name;
  const production = config.environmentType === "production";
  if (config.backend.type !== "s3") {
    throw new CiMatrixError(
      `${config.name}: backend.type is ${config.backend.type}, but an environment with a ci section needs backend.type s3: ` +
        `the workflows keep saved plans and an errored state in the state bucket`,
    );
  }
  const stateRegion = config.backend.region ?? config.region;
  // The apps jobs reach the cluster's API from inside the VPC, on one of the two runners.
  if (!ci.appsRunnerLabel && !ci.githubConnectionArn) {
    throw new CiMatrixError(
      `${config.name}: ci.githubConnectionArn is required unless ci.appsRunnerLabel names your own runner: ` +
        `the apps jobs run on the CodeBuild runner of ${stackName(config.name, "cluster")}, which registers through the account's ` +
        `GitHub connection (output github-connection of ${bootstrapStackName(config.accountId)}, approved in the console: docs/ci.md)`,
    );
  }
  return {
    name: config.name,
    production,
    githubEnvironment,
    planGithubEnvironment: production ? planGithubEnvironment(githubEnvironment) : "",
    accountId: config.accountId,
    region: config.region,
    planRoleArn: role("plan"),
    deployRoleArn: role("deploy"),
    bootstrapStack: bootstrapStackName(config.accountId),
    stacks: {
      network: stackName(config.name, "network"),
      data: stackName(config.name, "data"),
      cluster: stackName(config.name, "cluster"),
      apps: stackName(config.name, "apps"),
    },
    stateBucket: config.backend.bucket,
    stateKeyArn: `arn:${partitionOf(stateRegion)}:kms:${stateRegion}:${config.accountId}:alias/${stateKeyAlias(config.backend.bucket)}`,
    appsRunnerProject: ci.appsRunnerLabel ? "" : new Naming(config).appsRunnerProject,
    appsRunsOn: JSON.stringify(ci.appsRunnerLabel ? ["self-hosted", ci.appsRunnerLabel] : null),
  };
}

/** The matrix of every environment with a `ci` section; every problem of every file at once. */
export function ciMatrix(configs: readonly EnvironmentConfig[]): CiMatrix {
  const problems: string[] = [];
  const all: CiEnvironment[] = [];
  for (const config of configs.filter((c) => c.ci)) {
    try {
      all.push(ciEnvironment(config));
    } catch (error) {
      if (!(error instanceof CiMatrixError)) throw error;
      problems.push(error.message);
    }
  }
  if (problems.length > 0) throw new CiMatrixError(problems.join("\n"));
  return {
    all,
    nonProduction: all.filter((e) => !e.production),
    production: all.filter((e) => e.production),
    skipped: configs.filter((c) => !c.ci).map((c) => c.name),
  };
}

/** `name=value` lines for `$GITHUB_OUTPUT` (values are single-line JSON). */
export function githubOutputs(matrix: CiMatrix): string {
  return (
    [
      `all=${JSON.stringify(matrix.all)}`,
      `non-production=${JSON.stringify(matrix.nonProduction)}`,
      `production=${JSON.stringify(matrix.production)}`,
    ].join("\n") + "\n"
  );
}
