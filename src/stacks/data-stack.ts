import { DataAwsElbServiceAccount } from "@cdktf/provider-aws/lib/data-aws-elb-service-account";
import { VpcSecurityGroupIngressRule } from "@cdktf/provider-aws/lib/vpc-security-group-ingress-rule";
import { Construct } from "constructs";
import { EnvironmentConfig } from "../config/schema";
import { AuroraPostgres } from "../constructs/data/aurora-postgres";
import { LockedBackups } from "../constructs/data/locked-backups";
import { EncryptionKey } from "../constructs/security/kms-key";
import { SecureBucket } from "../constructs/storage/secure-bucket";
import { CANARY_ARTIFACTS_PREFIX } from "../constructs/monitoring/synthetic-check";
import { environmentKeyGuard } from "./key-guard";
import { Naming, stackName } from "../naming";
import { AwsStack } from "./aws-stack";
import { nonProductionRelaxation } from "./relaxations";
import { BackendServiceData } from "../constructs/apps/backend-service/data";
import { DataOutputs, NetworkOutputs } from "./contracts";

/** Prefix of ALB access logs in the logs bucket. */
export const ALB_LOG_PREFIX = "alb";

/**
 * `<env>-data`: everything that holds data, and who may reach it: the database admits
 * PostgreSQL from the EKS nodes' security group only, and each backend service has an IAM role
 * (assumed through EKS Pod Identity, associated in the apps stack) scoped to its own S3 prefix,
 * database user and secret. Its construct ids are a contract
 * (`__tests__/stateful-addresses.test.ts`): renaming one replaces a database or a bucket.
 */
export class DataStack extends AwsStack {
  public readonly key: EncryptionKey;
  public readonly database: AuroraPostgres;
  public readonly logsBucket: SecureBucket;
  public readonly assetsBucket: SecureBucket;
  /** Each backend service's repository, secret, IAM role and grants, by service name. */
  public readonly services: Record<string, BackendServiceData>;
  /** What the apps stack reads of this stack. */
  public readonly outputs: DataOutputs;
  /** AWS Backup of the database and the assets bucket (always in production). */
  public readonly backups?: LockedBackups;

  constructor(scope: Construct, config: EnvironmentConfig, network: NetworkOutputs) {
    super(scope, stackName(config.name, "data"), { ...config, environment: config.name });
    const naming = new Naming(config);
    // In production, Terraform refuses any plan that would destroy what holds data.
    const preventDestroy = config.environmentType === "production";

    this.key = new EncryptionKey(this, "Key", {
      preventDestroy,
      environment: this.aws,
      alias: naming.resource("data"),
      description: `${naming.prefix}: Aurora, its secret and Performance Insights, S3 assets, ECR`,
      deletionWindowDays: config.kms.deletionWindowDays,
      destructionGuard: environmentKeyGuard(config, this.aws, naming),
      servicePrincipals: ["logs"],
    });
    if (config.kms.deletionWindowDays < 30) {
      nonProductionRelaxation(config, this.key.key, "RW-KMS-3", `a ${config.kms.deletionWindowDays}-day KMS deletion window`);
    }

    const db = config.database;
    this.database = new AuroraPostgres(this, "Aurora", {
      identifier: naming.auroraCluster,
      engineVersion: db.engineVersion,
      vpcId: network.vpcId,
      subnetIds: [...network.isolatedSubnetIds],
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
      preventDestroy,
      logRetentionDays: db.logRetentionDays,
      logsKmsKeyArn: this.key.arn,
    });

    if (!db.deletionProtection)
      nonProductionRelaxation(config, this.database.cluster, "RW-RDS-4", "no deletion protection on the database");
    if (db.backupRetentionDays < 7) {
      nonProductionRelaxation(config, this.database.cluster, "RW-RDS-5", `${db.backupRetentionDays} days of database backups`);
    }

    // The database admits PostgreSQL from the nodes (pods use the nodes' security groups) and nothing else.
    new VpcSecurityGroupIngressRule(this, "DatabaseFromNodes", {
      securityGroupId: this.database.securityGroup.id,
      referencedSecurityGroupId: network.nodeSecurityGroupId,
      ipProtocol: "tcp",
      fromPort: AuroraPostgres.PORT,
      toPort: AuroraPostgres.PORT,
      description: `PostgreSQL from the EKS nodes of ${naming.eksCluster}`,
    });

    const storage = config.storage;
    const logsBucketName = naming.bucket("logs");
    const elbAccount = new DataAwsElbServiceAccount(this, "ElbAccount");
    // S3 server access logs and ALB access logs can only be delivered to SSE-S3 buckets.
    this.logsBucket = new SecureBucket(this, "LogsBucket", {
      bucketName: logsBucketName,
      logDeliveryTarget: true,
      preventDestroy,
      expirationDays: storage.logsExpirationDays,
      // The synthetic checks' artifacts (apps stack) expire sooner than the access logs. Always present: it costs
      // nothing, and it still clears the artifacts of canaries that were turned off.
      extraLifecycleRules: [
        {
          id: "expire-synthetic-check-artifacts",
          status: "Enabled",
          filter: [{ prefix: `${CANARY_ARTIFACTS_PREFIX}/` }],
          expiration: [{ days: config.monitoring.canaries.artifactRetentionDays }],
        },
      ],
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
      preventDestroy,
      kmsKeyArn: this.key.arn,
      noncurrentVersionExpirationDays: storage.noncurrentVersionExpirationDays,
      forceDestroy: storage.forceDestroy,
      accessLogs: { bucketName: this.logsBucket.bucket.id, prefix: `s3-access/${naming.bucket("assets")}/` },
    });

    // AWS Backup into a vault locked in compliance mode: the deploy role, or any one credential of
    // this account, cannot delete these recovery points before minRetentionDays. S3 backups need
    // versioning, which every SecureBucket has. docs/restore.md has the restore commands.
    const backup = config.backup;
    if (backup.enabled ?? config.environmentType === "production") {
      this.backups = new LockedBackups(this, "Backups", {
        environment: this.aws,
        prefix: naming.prefix,
        roleName: naming.role("backup"),
        resourceArns: [this.database.cluster.arn, this.assetsBucket.bucket.arn],
        sourceKeyArns: [this.key.arn],
        retentionDays: backup.retentionDays,
        minRetentionDays: backup.minRetentionDays,
        changeableForDays: backup.changeableForDays,
        schedule: backup.schedule,
        copyTo: backup.copyToVaultArn ? { vaultArn: backup.copyToVaultArn, retentionDays: backup.copyRetentionDays } : undefined,
        preventDestroy,
        keyDeletionWindowDays: config.kms.deletionWindowDays,
        keyDestructionGuard: environmentKeyGuard(config, this.aws, naming),
      });
    }

    this.services = Object.fromEntries(
      config.services.map((service) => [
        service.name,
        new BackendServiceData(this, {
          config,
          service,
          kmsKeyArn: this.key.arn,
          assetsBucketArn: this.assetsBucket.bucket.arn,
          databaseClusterResourceId: this.database.cluster.clusterResourceId,
          preventDestroy,
        }),
      ]),
    );

    this.outputs = {
      databaseEndpoint: this.database.cluster.endpoint,
      databaseReaderEndpoint: this.database.cluster.readerEndpoint,
      albLogsBucketName: this.logsBucket.bucket.bucket,
      albLogsPrefix: ALB_LOG_PREFIX,
      assetsBucketName: this.assetsBucket.bucket.bucket,
      services: Object.fromEntries(Object.entries(this.services).map(([name, service]) => [name, service.outputs])),
    };
  }
}
