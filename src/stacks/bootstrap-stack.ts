import { CodeconnectionsConnection } from "@cdktf/provider-aws/lib/codeconnections-connection";
import { DataAwsPartition } from "@cdktf/provider-aws/lib/data-aws-partition";
import { IamOpenidConnectProvider } from "@cdktf/provider-aws/lib/iam-openid-connect-provider";
import { AwsProvider } from "@cdktf/provider-aws/lib/provider";
import { TerraformOutput, TerraformStack } from "cdktf";
import { Construct } from "constructs";
import { EnvironmentConfig } from "../config/schema";
import { FrontendReadRole } from "../constructs/ci/frontend-read-role";
import { EncryptionKey } from "../constructs/security/kms-key";
import { SecureBucket } from "../constructs/storage/secure-bucket";
import { GITHUB_OIDC_HOST, GithubCiRoles } from "../constructs/ci/github-ci-roles";
import {
  Naming,
  BOOTSTRAP_STACK,
  bootstrapProviderAlias,
  bootstrapStackName,
  githubConnectionName,
  keyPolicyEditorsDenied,
  stateKeyAlias,
} from "../naming";
import { AwsEnvironment } from "../aws-environment";
import { markEnvironmentType } from "../rules/environment-type";
import { configureBackend } from "./backend";

/** One state bucket to create: its name, and the account and region it lives in. */
export interface StateBucketSpec {
  readonly bucket: string;
  readonly accountId: string;
  readonly region: string;
  /** Environments keeping their state in it. */
  readonly environments: readonly string[];
}

/** The distinct state buckets that environments with `backend: s3` name. */
export function stateBuckets(configs: readonly EnvironmentConfig[]): StateBucketSpec[] {
  const specs = new Map<string, StateBucketSpec>();
  for (const config of configs) {
    if (config.backend.type !== "s3") continue;
    const region = config.backend.region ?? config.region;
    // The environment validation refuses a bucket shared across accounts or regions.
    const existing = specs.get(config.backend.bucket);
    specs.set(config.backend.bucket, {
      bucket: config.backend.bucket,
      accountId: config.accountId,
      region,
      environments: [...(existing?.environments ?? []), config.name],
    });
  }
  return [...specs.values()];
}

/** The accounts that need a bootstrap stack (a state bucket or CI roles), in the order the environments name them. */
export function bootstrapAccounts(configs: readonly EnvironmentConfig[]): string[] {
  return [...new Set(configs.filter((c) => c.backend.type === "s3" || c.ci).map((c) => c.accountId))];
}

/**
 * `bootstrap-<accountId>`: what must exist in one AWS account before the other stacks can run.
 * The S3 buckets the account's environments keep their state in, and for environments with a
 * `ci` section the GitHub OIDC provider and the roles CI assumes. One stack per account because
 * every provider block is pinned to its account (`allowed_account_ids`) and one apply runs with
 * one account's credentials: a stack spanning two accounts fails for one of them. It keeps its
 * own state in a local file (`.terraform-state/bootstrap-<accountId>.tfstate`) because its bucket
 * cannot hold the state of the apply that creates it; docs/bootstrap.md shows how to move it into
 * the bucket afterwards. One provider per region of the account, aliased
 * `account_<accountId>_<region>` (the aliases of the former single bootstrap stack, so its state
 * can be split per account without a replacement).
 */
export class BootstrapStack extends TerraformStack {
  public readonly accountId: string;
  public readonly buckets: Record<string, SecureBucket> = {};
  public readonly ciRoles: Record<string, GithubCiRoles> = {};
  /** The front end's read role of each environment with a `frontend` section. */
  public readonly frontendReadRoles: Record<string, FrontendReadRole> = {};
  /**
   * The account's GitHub connection (a GitHub App installation through CodeConnections), when an
   * environment of the account runs its apps jobs on the CodeBuild runner (a `ci` section without
   * `appsRunnerLabel`). Created PENDING: an administrator approves it once in the console.
   */
  public readonly githubConnection?: CodeconnectionsConnection;
  private readonly accounts = new Map<string, { provider: AwsProvider; environment: AwsEnvironment }>();

  /** `configs`: every environment; only those in `accountId` contribute. */
  constructor(scope: Construct, project: string, accountId: string, allConfigs: readonly EnvironmentConfig[]) {
    const name = bootstrapStackName(accountId);
    super(scope, name);
    this.accountId = accountId;
    const configs = allConfigs.filter((c) => c.accountId === accountId);
    const specs = stateBuckets(configs);
    configureBackend(this, { type: "local" }, { stackName: name, region: specs[0]?.region ?? configs[0]?.region ?? "us-east-1", project });
    // The state buckets hold the state of every environment, production included.
    markEnvironmentType(this, "production");

    const stateKeys: Record<string, EncryptionKey> = {};
    for (const spec of specs) {
      const { provider, environment } = this.account(project, spec.accountId, spec.region);
      const { partition } = environment;
      // The state of production is no easier to destroy than its data: the first production
      // environment's break-glass role is the only exception; no CI or stack role of any of the
      // bucket's environments edits the key policy.
      const bucketConfigs = configs.filter((c) => spec.environments.includes(c.name));
      const breakGlassRoleArn = bucketConfigs.find((c) => c.environmentType === "production" && c.kms.breakGlassRoleArn)?.kms
        .breakGlassRoleArn;
      const key = new EncryptionKey(this, `StateKey-${spec.bucket}`, {
        provider,
        environment,
        alias: stateKeyAlias(spec.bucket),
        description: `Terraform state in s3://${spec.bucket} (${spec.environments.join(", ")})`,
        deletionWindowDays: 30,
        preventDestroy: true,
        destructionGuard: {
          breakGlassRoleArn,
          // Created and changed by an administrator: every CI role, the deploy roles included, is denied policy edits.
          ciPrincipalArns: bucketConfigs.flatMap((c) => {
            const denied = keyPolicyEditorsDenied(partition, c.accountId, new Naming(c).prefix);
            return [denied.deploy, ...denied.others];
          }),
        },
      });
      stateKeys[spec.bucket] = key;
      const logs = new SecureBucket(this, `StateLogsBucket-${spec.bucket}`, {
        provider,
        logDeliveryTarget: true,
        bucketName: `${spec.bucket}-logs`,
        expirationDays: 365,
        noncurrentVersionExpirationDays: 90,
        forceDestroy: false,
        preventDestroy: true,
        extraPolicyStatements: [
          {
            sid: "S3ServerAccessLogDelivery",
            principals: [{ type: "Service", identifiers: ["logging.s3.amazonaws.com"] }],
            actions: ["s3:PutObject"],
            resources: [`arn:${partition}:s3:::${spec.bucket}-logs/s3-access/*`],
            condition: [{ test: "StringEquals", variable: "aws:SourceAccount", values: [spec.accountId] }],
          },
        ],
      });
      this.buckets[spec.bucket] = new SecureBucket(this, `StateBucket-${spec.bucket}`, {
        provider,
        bucketName: spec.bucket,
        kmsKeyArn: key.arn,
        noncurrentVersionExpirationDays: 365,
        accessLogs: { bucketName: logs.bucket.id, prefix: `s3-access/${spec.bucket}/` },
        forceDestroy: false,
        preventDestroy: true,
      });
      new TerraformOutput(this, `state-bucket-${spec.bucket}`, { value: this.buckets[spec.bucket].bucket.arn });
    }

    const oidcProviders = new Map<string, IamOpenidConnectProvider>();
    for (const config of configs) {
      if (!config.ci) continue;
      const { provider, environment } = this.account(project, config.accountId, config.region);
      let oidc = oidcProviders.get(config.accountId);
      if (!oidc) {
        oidc = new IamOpenidConnectProvider(this, `GithubOidc-${config.accountId}`, {
          provider,
          url: `https://${GITHUB_OIDC_HOST}`,
          clientIdList: ["sts.amazonaws.com"],
        });
        oidcProviders.set(config.accountId, oidc);
      }
      const bucket = config.backend.type === "s3" ? config.backend.bucket : undefined;
      const roles = new GithubCiRoles(this, `CiRoles-${config.name}`, {
        provider,
        environment,
        oidcProviderArn: oidc.arn,
        repository: config.ci.githubRepository,
        githubEnvironment: config.ci.githubEnvironment ?? config.name,
        branch: config.ci.branch,
        project: config.project,
        environmentName: config.name,
        production: config.environmentType === "production",
        // Karpenter's nodes: the cluster stack creates their instance profile, named like their role.
        instanceProfileRoleNames: config.cluster.karpenter ? [new Naming(config).role("karpenter-nodes")] : [],
        // The CodeBuild runner of the apps jobs (cluster stack), unless the environment names its own runner.
        runnerRoleNames: config.ci.appsRunnerLabel ? [] : [new Naming(config).role("apps-runner")],
        clusterAdminRoleArns: config.cluster.adminRoleArns,
        state: bucket
          ? { bucketArn: this.buckets[bucket].bucket.arn, keyArn: stateKeys[bucket].arn, keyAlias: stateKeyAlias(bucket) }
          : undefined,
      });
      this.ciRoles[config.name] = roles;
      if (config.frontend) {
        // Beside the environment's CI roles, through the same OIDC provider, under the same boundary.
        this.frontendReadRoles[config.name] = new FrontendReadRole(this, `FrontendReadRole-${config.name}`, {
          provider,
          environment,
          oidcProviderArn: oidc.arn,
          repository: config.frontend.githubRepository,
          branch: config.frontend.branch,
          project: config.project,
          environmentName: config.name,
          boundary: roles.boundary,
        });
        new TerraformOutput(this, `frontend-read-role-${config.name}`, {
          description: `The role the front end's CI assumes to read the ${config.name} front-end contract (docs/frontend-contract.md)`,
          value: this.frontendReadRoles[config.name].role.arn,
        });
      }
      new TerraformOutput(this, `ci-roles-${config.name}`, {
        description: `CI roles of ${config.name} (the workflows derive these ARNs from the naming convention: docs/ci.md)`,
        value: { plan: roles.planRole.arn, deploy: roles.deployRole.arn, imagePush: roles.imagePushRole.arn },
      });
    }

    // One per account (CodeBuild may use a connection of another region): in the region of the first environment that needs it.
    const runnerConfig = configs.find((c) => c.ci && !c.ci.appsRunnerLabel);
    if (runnerConfig) {
      const { provider } = this.account(project, accountId, runnerConfig.region);
      this.githubConnection = new CodeconnectionsConnection(this, `GithubConnection-${accountId}`, {
        provider,
        name: githubConnectionName(project),
        providerType: "GitHub",
      });
      new TerraformOutput(this, "github-connection", {
        description:
          "The GitHub connection of the CodeBuild runners: approve it once in the console (Developer Tools > Settings > Connections), " +
          "then set ci.githubConnectionArn of the account's environment files to this ARN (docs/ci.md)",
        value: this.githubConnection.arn,
      });
    }
  }

  /** The provider (and partition) for one account and region, created on first use. */
  private account(project: string, accountId: string, region: string): { provider: AwsProvider; environment: AwsEnvironment } {
    const target = `${accountId}-${region}`;
    let account = this.accounts.get(target);
    if (!account) {
      const provider = new AwsProvider(this, `aws-${target}`, {
        alias: bootstrapProviderAlias(accountId, region),
        region,
        allowedAccountIds: [accountId],
        defaultTags: [{ tags: { project, environment: BOOTSTRAP_STACK, stack: bootstrapStackName(accountId), "managed-by": "cdktf" } }],
      });
      const partition = new DataAwsPartition(this, `partition-${target}`, { provider }).partition;
      account = { provider, environment: { accountId, region, partition } };
      this.accounts.set(target, account);
    }
    return account;
  }
}
