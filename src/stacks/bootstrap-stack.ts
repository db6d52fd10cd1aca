import { DataAwsPartition } from "@cdktf/provider-aws/lib/data-aws-partition";
import { AwsProvider } from "@cdktf/provider-aws/lib/provider";
import { TerraformOutput, TerraformStack } from "cdktf";
import { Construct } from "constructs";
import { EnvironmentConfig } from "../config/schema";
import { EncryptionKey } from "../constructs/security/kms-key";
import { SecureBucket } from "../constructs/storage/secure-bucket";
import { BOOTSTRAP_STACK } from "../naming";
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
    const existing = specs.get(config.backend.bucket);
    if (existing && (existing.accountId !== config.accountId || existing.region !== region)) {
      throw new Error(
        `state bucket ${config.backend.bucket} is named by environments in different accounts or regions (${existing.environments.join(", ")} and ${config.name}); give each account its own bucket`,
      );
    }
    specs.set(config.backend.bucket, {
      bucket: config.backend.bucket,
      accountId: config.accountId,
      region,
      environments: [...(existing?.environments ?? []), config.name],
    });
  }
  return [...specs.values()];
}

/**
 * `bootstrap`: creates the S3 buckets every other stack keeps its state in. It keeps its own
 * state in a local file (`.terraform-state/bootstrap.tfstate`) because its bucket cannot hold
 * the state of the apply that creates it; the README shows how to move it into the bucket
 * afterwards. One provider per account and region, so environments in separate accounts each
 * get their bucket in their own account.
 */
export class BootstrapStack extends TerraformStack {
  public readonly buckets: Record<string, SecureBucket> = {};

  constructor(scope: Construct, project: string, specs: readonly StateBucketSpec[]) {
    super(scope, BOOTSTRAP_STACK);
    configureBackend(this, { type: "local" }, { stackName: BOOTSTRAP_STACK, region: specs[0]?.region ?? "us-east-1", project });

    const providers = new Map<string, { provider: AwsProvider; partition: string }>();
    for (const spec of specs) {
      const target = `${spec.accountId}-${spec.region}`;
      let account = providers.get(target);
      if (!account) {
        const provider = new AwsProvider(this, `aws-${target}`, {
          alias: `account_${spec.accountId}_${spec.region.replace(/-/g, "_")}`,
          region: spec.region,
          allowedAccountIds: [spec.accountId],
          defaultTags: [{ tags: { project, environment: BOOTSTRAP_STACK, stack: BOOTSTRAP_STACK, "managed-by": "cdktf" } }],
        });
        account = { provider, partition: new DataAwsPartition(this, `partition-${target}`, { provider }).partition };
        providers.set(target, account);
      }
      const { provider, partition } = account;
      const key = new EncryptionKey(this, `StateKey-${spec.bucket}`, {
        provider,
        environment: { accountId: spec.accountId, region: spec.region, partition },
        alias: `${spec.bucket}-state`,
        description: `Terraform state in s3://${spec.bucket} (${spec.environments.join(", ")})`,
        preventDestroy: true,
      });
      const logs = new SecureBucket(this, `StateLogsBucket-${spec.bucket}`, {
        provider,
        bucketName: `${spec.bucket}-logs`,
        expirationDays: 365,
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
        preventDestroy: true,
      });
      new TerraformOutput(this, `state-bucket-${spec.bucket}`, { value: this.buckets[spec.bucket].bucket.arn });
    }
  }
}
