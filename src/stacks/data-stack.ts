import { DataAwsElbServiceAccount } from "@cdktf/provider-aws/lib/data-aws-elb-service-account";
import { DataAwsIamPolicyDocumentStatement } from "@cdktf/provider-aws/lib/data-aws-iam-policy-document";
import { SecretsmanagerSecret } from "@cdktf/provider-aws/lib/secretsmanager-secret";
import { VpcSecurityGroupIngressRule } from "@cdktf/provider-aws/lib/vpc-security-group-ingress-rule";
import { Construct } from "constructs";
import { EnvironmentConfig, ServiceConfig } from "../config/schema";
import { AuroraPostgres } from "../constructs/data/aurora-postgres";
import { LockedBackups } from "../constructs/data/locked-backups";
import { PodIdentityRole } from "../constructs/identity/pod-identity-role";
import { EncryptionKey, envKeyGuard } from "../constructs/security/kms-key";
import { ImageRepository } from "../constructs/storage/ecr-repository";
import { SecureBucket } from "../constructs/storage/secure-bucket";
import { Naming, stackName } from "../naming";
import { AwsStack } from "./aws-stack";
import { nonProductionRelaxation } from "./relaxations";
import { NetworkStack } from "./network-stack";

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
  public readonly repositories: Record<string, ImageRepository>;
  /** One secret per service (third-party credentials); values are set outside Terraform, never in state. */
  public readonly serviceSecrets: Record<string, SecretsmanagerSecret>;
  /** The IAM role of each backend service (its Pod Identity association is in the apps stack). */
  public readonly serviceRoles: Record<string, PodIdentityRole>;
  /** AWS Backup of the database and the assets bucket (always in production). */
  public readonly backups?: LockedBackups;

  constructor(scope: Construct, config: EnvironmentConfig, network: NetworkStack) {
    super(scope, stackName(config.name, "data"), { ...config, environment: config.name });
    this.addDependency(network);
    const naming = new Naming(config);
    // In production, Terraform refuses any plan that would destroy what holds data.
    const preventDestroy = config.environmentType === "production";

    this.key = new EncryptionKey(this, "Key", {
      preventDestroy,
      environment: this.aws,
      alias: naming.resource("data"),
      description: `${naming.prefix}: Aurora, its secret and Performance Insights, S3 assets, ECR`,
      deletionWindowDays: config.kms.deletionWindowDays,
      destructionGuard: {
        breakGlassRoleArn: config.kms.breakGlassRoleArn,
        ...envKeyGuard(this.aws.partition, this.aws.accountId, naming.prefix),
      },
      servicePrincipals: ["logs"],
    });
    if (config.kms.deletionWindowDays < 30) {
      nonProductionRelaxation(config, this.key.key, "RW-KMS-3", `a ${config.kms.deletionWindowDays}-day KMS deletion window`);
    }

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
      referencedSecurityGroupId: network.nodeSecurityGroup.id,
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
        keyDestructionGuard: {
          breakGlassRoleArn: config.kms.breakGlassRoleArn,
          ...envKeyGuard(this.aws.partition, this.aws.accountId, naming.prefix),
        },
      });
    }

    this.repositories = Object.fromEntries(
      config.services.map((service) => [
        service.name,
        new ImageRepository(this, `Repository-${service.name}`, {
          repositoryName: naming.ecrRepository(service.name),
          kmsKeyArn: this.key.arn,
          untaggedExpirationDays: config.registry.untaggedExpirationDays,
          throwawayTagPrefixes: config.registry.throwawayTagPrefixes,
          throwawayExpirationDays: config.registry.throwawayExpirationDays,
          forceDelete: storage.forceDestroy,
          preventDestroy,
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
          // Its values are set outside Terraform: a destroyed secret cannot be re-created from here.
          lifecycle: preventDestroy ? { preventDestroy: true } : undefined,
        }),
      ]),
    );

    this.serviceRoles = Object.fromEntries(
      config.services.map((service) => [
        service.name,
        new PodIdentityRole(this, `ServiceRole-${service.name}`, {
          environment: this.aws,
          roleName: naming.role(service.name),
          clusterName: naming.eksCluster,
          namespace: service.name,
          serviceAccount: service.name,
          statements: this.serviceStatements(service),
          associate: false,
        }),
      ]),
    );
  }

  /** A service may use its own S3 prefix, connect to the database as its own user, and read its own secret. */
  private serviceStatements(service: ServiceConfig): DataAwsIamPolicyDocumentStatement[] {
    const { partition, region, accountId } = this.aws;
    const bucketArn = this.assetsBucket.bucket.arn;
    const statements: DataAwsIamPolicyDocumentStatement[] = [
      {
        sid: "ListOwnPrefix",
        actions: ["s3:ListBucket"],
        resources: [bucketArn],
        condition: [{ test: "StringLike", variable: "s3:prefix", values: [`${service.name}/*`] }],
      },
      {
        sid: "ObjectsUnderOwnPrefix",
        actions: ["s3:GetObject", "s3:PutObject", "s3:DeleteObject"],
        resources: [`${bucketArn}/${service.name}/*`],
      },
      {
        sid: "ReadOwnSecret",
        actions: ["secretsmanager:GetSecretValue", "secretsmanager:DescribeSecret"],
        resources: [this.serviceSecrets[service.name].arn],
      },
      {
        sid: "UseDataKeyThroughS3AndSecretsManager",
        actions: ["kms:Decrypt", "kms:GenerateDataKey"],
        resources: [this.key.arn],
        condition: [
          {
            test: "StringEquals",
            variable: "kms:ViaService",
            values: [`s3.${region}.amazonaws.com`, `secretsmanager.${region}.amazonaws.com`],
          },
        ],
      },
    ];
    if (service.databaseUser) {
      statements.push({
        sid: "ConnectAsOwnDatabaseUser",
        actions: ["rds-db:connect"],
        resources: [
          `arn:${partition}:rds-db:${region}:${accountId}:dbuser:${this.database.cluster.clusterResourceId}/${service.databaseUser}`,
        ],
      });
    }
    return statements;
  }
}
