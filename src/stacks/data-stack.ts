import { DataAwsElbServiceAccount } from "@cdktf/provider-aws/lib/data-aws-elb-service-account";
import { SecretsmanagerSecret } from "@cdktf/provider-aws/lib/secretsmanager-secret";
import { Construct } from "constructs";
import { EnvironmentConfig } from "../config/schema";
import { AuroraPostgres } from "../constructs/data/aurora-postgres";
import { EncryptionKey } from "../constructs/security/kms-key";
import { ImageRepository } from "../constructs/storage/ecr-repository";
import { SecureBucket } from "../constructs/storage/secure-bucket";
import { Naming, stackName } from "../naming";
import { AwsStack } from "./aws-stack";
import { NetworkStack } from "./network-stack";

/** Prefix of ALB access logs in the logs bucket. */
export const ALB_LOG_PREFIX = "alb";

/**
 * `<env>-data`: everything that holds data. Its construct ids are a contract
 * (`__tests__/stateful-addresses.test.ts`): renaming one replaces a database or a bucket.
 */
export class DataStack extends AwsStack {
  public readonly key: EncryptionKey;
  public readonly database: AuroraPostgres;
  public readonly logsBucket: SecureBucket;
  public readonly assetsBucket: SecureBucket;
  public readonly repositories: Record<string, ImageRepository>;
  /** One secret per service (third-party credentials); values are set outside Terraform, never in state. */
  public readonly serviceSecrets: Record<string, SecretsmanagerSecret>;

  constructor(scope: Construct, config: EnvironmentConfig, network: NetworkStack) {
    super(scope, stackName(config.name, "data"), { ...config, environment: config.name });
    this.addDependency(network);
    const naming = new Naming(config);

    this.key = new EncryptionKey(this, "Key", {
      environment: this.aws,
      alias: naming.resource("data"),
      description: `${naming.prefix}: Aurora, its secret and Performance Insights, S3 assets, ECR`,
      deletionWindowDays: config.kms.deletionWindowDays,
    });

    const db = config.database;
    this.database = new AuroraPostgres(this, "Aurora", {
      identifier: naming.auroraCluster,
      engineVersion: db.engineVersion,
      vpcId: network.vpc.vpc.id,
      subnetIds: network.vpc.isolatedSubnets.map((s) => s.id),
      availabilityZones: config.availabilityZones,
      kmsKeyArn: this.key.arn,
      databaseName: db.databaseName,
      masterUsername: db.masterUsername,
      minCapacityAcu: db.minCapacityAcu,
      maxCapacityAcu: db.maxCapacityAcu,
      secondsUntilAutoPause: db.secondsUntilAutoPause,
      readers: db.readers,
      backupRetentionDays: db.backupRetentionDays,
      deletionProtection: db.deletionProtection,
      finalSnapshot: db.finalSnapshot,
      performanceInsightsRetentionDays: db.performanceInsightsRetentionDays,
      slowQueryThresholdMs: db.slowQueryThresholdMs,
    });

    const storage = config.storage;
    const logsBucketName = naming.bucket("logs");
    const elbAccount = new DataAwsElbServiceAccount(this, "ElbAccount");
    // S3 server access logs and ALB access logs can only be delivered to SSE-S3 buckets.
    this.logsBucket = new SecureBucket(this, "LogsBucket", {
      bucketName: logsBucketName,
      expirationDays: storage.logsExpirationDays,
      noncurrentVersionExpirationDays: storage.noncurrentVersionExpirationDays,
      forceDestroy: storage.forceDestroy,
      extraPolicyStatements: [
        {
          // Regions older than August 2022 deliver ALB logs as the regional ELB account; newer ones as the log delivery service.
          sid: "AlbAccessLogDelivery",
          principals: [
            { type: "AWS", identifiers: [elbAccount.arn] },
            { type: "Service", identifiers: ["logdelivery.elasticloadbalancing.amazonaws.com"] },
          ],
          actions: ["s3:PutObject"],
          resources: [`arn:${this.aws.partition}:s3:::${logsBucketName}/${ALB_LOG_PREFIX}/AWSLogs/${config.accountId}/*`],
        },
        {
          sid: "S3ServerAccessLogDelivery",
          principals: [{ type: "Service", identifiers: ["logging.s3.amazonaws.com"] }],
          actions: ["s3:PutObject"],
          resources: [`arn:${this.aws.partition}:s3:::${logsBucketName}/s3-access/*`],
          condition: [{ test: "StringEquals", variable: "aws:SourceAccount", values: [config.accountId] }],
        },
      ],
    });
    this.assetsBucket = new SecureBucket(this, "AssetsBucket", {
      bucketName: naming.bucket("assets"),
      kmsKeyArn: this.key.arn,
      noncurrentVersionExpirationDays: storage.noncurrentVersionExpirationDays,
      forceDestroy: storage.forceDestroy,
      accessLogs: { bucketName: this.logsBucket.bucket.id, prefix: `s3-access/${naming.bucket("assets")}/` },
    });

    this.repositories = Object.fromEntries(
      config.services.map((service) => [
        service.name,
        new ImageRepository(this, `Repository-${service.name}`, {
          repositoryName: naming.ecrRepository(service.name),
          kmsKeyArn: this.key.arn,
          keepImages: config.registry.keepImages,
          untaggedExpirationDays: config.registry.untaggedExpirationDays,
          forceDelete: storage.forceDestroy,
        }),
      ]),
    );

    this.serviceSecrets = Object.fromEntries(
      config.services.map((service) => [
        service.name,
        new SecretsmanagerSecret(this, `Secret-${service.name}`, {
          name: naming.serviceSecret(service.name),
          description: `Credentials of ${service.name} (set with aws secretsmanager put-secret-value; never in Terraform state)`,
          kmsKeyId: this.key.arn,
          recoveryWindowInDays: storage.secretRecoveryDays,
        }),
      ]),
    );
  }
}
