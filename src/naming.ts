import { createHash } from "node:crypto";

/**
 * Every name derived from an environment, in one place. Names are `<project>-<env>-<component>`;
 * the schema caps project at 20 and env at 12 characters so that every name here fits the
 * shortest AWS limit it meets (S3 buckets and RDS identifiers: 63). `naming.test.ts` checks the
 * worst case.
 */
export interface NamingInput {
  readonly project: string;
  readonly name: string;
  readonly accountId: string;
}

export type StackKind = "network" | "data" | "cluster" | "apps";
/** Every stack kind of an environment, in deploy order. */
export const STACK_KINDS: readonly StackKind[] = ["network", "data", "cluster", "apps"];

/** Prefix of the bootstrap stacks: one per AWS account, `bootstrap-<accountId>`. */
export const BOOTSTRAP_STACK = "bootstrap";

/** The bootstrap stack of one account: applied with that account's credentials, with its own state. */
export function bootstrapStackName(accountId: string): string {
  return `${BOOTSTRAP_STACK}-${accountId}`;
}

/**
 * The tag every resource of an environment's stacks carries (the provider's `default_tags`):
 * `production` or `non-production`. The plan review reads it from the prior state, where the
 * change under review cannot lower it, and refuses a plan that changes it from `production`.
 */
export const ENVIRONMENT_TYPE_TAG = "environment-type";

/** The account of a bootstrap stack's name, or undefined for any other stack. */
export function bootstrapAccountOf(stack: string): string | undefined {
  return /^bootstrap-(\d{12})$/.exec(stack)?.[1];
}

/** The AWS partition of a region, for the few places that cannot ask the provider (backend configuration). */
export function partitionOf(region: string): string {
  if (region.startsWith("cn-")) return "aws-cn";
  if (region.includes("-gov-")) return "aws-us-gov";
  return "aws";
}

/** Alias of the KMS key that encrypts a state bucket (created by the bootstrap stack). */
export function stateKeyAlias(bucket: string): string {
  return `${bucket}-state`;
}

/**
 * The alias of the bootstrap stack's provider for one account and region, `account_<accountId>_<region>`
 * (the region's hyphens as underscores); its resources name that provider as `aws.<alias>`.
 */
export function bootstrapProviderAlias(accountId: string, region: string): string {
  return `account_${accountId}_${region.replace(/-/g, "_")}`;
}

export function stackName(environment: string, kind: StackKind): string {
  return `${environment}-${kind}`;
}

/** Longest canary name that keeps the canary's Lambda function name (`cwsyn-<name>-<id>`) within 64 characters. */
export const CANARY_NAME_MAX = 21;

export class Naming {
  /** `<project>-<env>`: the prefix of every resource name of this environment. */
  public readonly prefix: string;

  constructor(private readonly input: NamingInput) {
    this.prefix = `${input.project}-${input.name}`;
  }

  /** Globally unique bucket name: the account id keeps two accounts from colliding. */
  bucket(purpose: "assets" | "logs"): string {
    return `${this.prefix}-${purpose}-${this.input.accountId}`;
  }

  get auroraCluster(): string {
    return `${this.prefix}-aurora`;
  }

  ecrRepository(service: string): string {
    return `${this.input.project}/${this.input.name}/${service}`;
  }

  serviceSecret(service: string): string {
    return `${this.input.project}/${this.input.name}/${service}`;
  }

  get eksCluster(): string {
    return this.prefix;
  }

  /** The CodeBuild project of the environment's CI runner; its jobs ask for `codebuild-<this>-<run id>-<attempt>`. */
  get appsRunnerProject(): string {
    return `${this.prefix}-apps-runner`;
  }

  logGroup(component: string): string {
    return `/${this.input.project}/${this.input.name}/${component}`;
  }

  /**
   * The name of an IAM role a stack creates: `<project>-<env>.<component>`. The dot sets these roles
   * apart from every other role of the account (humans' `<project>-<env>-admin`, the CI roles): the
   * deploy role may manage only this pattern ({@link managedRolePattern}), always under the
   * permissions boundary. Same length as {@link resource}, so the limits checked there hold.
   */
  role(component: string): string {
    return `${this.prefix}.${component}`;
  }

  /** The role names {@link role} produces, as an IAM resource pattern. */
  get managedRolePattern(): string {
    return `${this.prefix}.*`;
  }

  /**
   * The CloudWatch Synthetics canary of a public service: at most {@link CANARY_NAME_MAX} characters of lowercase
   * letters, digits and hyphens (Synthetics names the canary's Lambda function `cwsyn-<name>-<36-character id>`, which must
   * fit Lambda's 64). `<env>-<service>` cut to 16 characters, then 4 hex digits of a hash of the project, environment and
   * service, so two projects or two long service names never share a canary in one account and region.
   */
  canary(service: string): string {
    const hash = createHash("sha256").update(`${this.prefix}/${service}`).digest("hex").slice(0, 4);
    return `${`${this.input.name}-${service}`.slice(0, CANARY_NAME_MAX - 5)}-${hash}`;
  }

  /** A name for an IAM role, KMS alias, security group or parameter group of this environment. */
  resource(component: string): string {
    return `${this.prefix}-${component}`;
  }
}

/** Name of a CI role of an environment (created by the bootstrap stack): `<project>-<env>-ci-<purpose>`. */
export function ciRoleName(project: string, environment: string, purpose: "plan" | "deploy" | "imagepush" | "frontend"): string {
  return `${project}-${environment}-ci-${purpose}`;
}

/**
 * The SSM path under which the apps stack publishes the front-end contract of an environment
 * (`/<project>/<env>/frontend`, no trailing slash): the front end's read role may read under it and nowhere else.
 */
export function frontendParameterPath(project: string, environment: string): string {
  return `/${project}/${environment}/frontend`;
}

/**
 * ARNs of an environment's roles that must never change a key policy, `prefix` being `<project>-<env>`:
 * the deploy role (`<prefix>-ci-deploy`), and the patterns of the other CI roles and the stack roles
 * (`<prefix>.*`). The deploy role is apart because it creates the environment's keys: KMS refuses a
 * CreateKey whose policy would keep its caller from a later PutKeyPolicy (the lockout safety check).
 */
export function keyPolicyEditorsDenied(partition: string, accountId: string, prefix: string): { deploy: string; others: string[] } {
  const role = (name: string) => `arn:${partition}:iam::${accountId}:role/${name}`;
  return { deploy: role(`${prefix}-ci-deploy`), others: [role(`${prefix}-ci-plan`), role(`${prefix}-ci-imagepush`), role(`${prefix}.*`)] };
}

/**
 * The account's GitHub connection (CodeConnections, created by the bootstrap stack): `<project>-github`.
 * CodeConnections allows 32 characters; the schema caps project at 20.
 */
export function githubConnectionName(project: string): string {
  return `${project}-github`;
}

/** The permissions boundary every role a stack of the environment creates carries (a managed policy of the bootstrap stack). */
export function ciBoundaryPolicyName(project: string, environment: string): string {
  return `${project}-${environment}-ci-boundary`;
}

/**
 * The GitHub environment that production plans run in (pull requests): `<githubEnvironment>-plan`,
 * protected in the repository settings; the deploys themselves run in `<githubEnvironment>`.
 */
export function planGithubEnvironment(githubEnvironment: string): string {
  return `${githubEnvironment}-plan`;
}

/** The workflows the CI roles trust (paths in the repository), pinned through `job_workflow_ref`. */
export const CI_WORKFLOWS = {
  /** Plans and applies one environment; called by deploy.yml for every environment. */
  deployEnvironment: ".github/workflows/deploy-environment.yml",
  pullRequest: ".github/workflows/pull-request.yml",
  /** Daily refresh-only plans of each environment's network, data and cluster stacks, with the plan role. */
  drift: ".github/workflows/drift.yml",
} as const;

/**
 * Names a service cannot take: its IAM role (`Naming.role`), resource names or namespace would collide
 * with the platform's own components. The environment schema refuses them.
 */
export const RESERVED_SERVICE_NAMES = [
  "nodes",
  "cluster",
  "lb-controller",
  "ebs-csi-driver",
  "cloudwatch-agent",
  "vpc-flow-logs",
  "alarms",
  "users",
  "alb",
  "data",
  "network-logs",
  "default",
  "amazon-cloudwatch",
  "karpenter",
  "karpenter-nodes",
  "backup",
  "apps-runner",
  "alarms-slack",
] as const;
