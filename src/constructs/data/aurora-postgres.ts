import { CloudwatchLogGroup } from "@cdktf/provider-aws/lib/cloudwatch-log-group";
import { DbSubnetGroup } from "@cdktf/provider-aws/lib/db-subnet-group";
import { RdsCluster } from "@cdktf/provider-aws/lib/rds-cluster";
import { RdsClusterInstance } from "@cdktf/provider-aws/lib/rds-cluster-instance";
import { RdsClusterParameterGroup } from "@cdktf/provider-aws/lib/rds-cluster-parameter-group";
import { SecurityGroup } from "@cdktf/provider-aws/lib/security-group";
import { Construct } from "constructs";
import { AURORA_POSTGRES_VERSIONS } from "../../config/catalog";

export interface AuroraPostgresProps {
  /** Cluster identifier; instances are `<identifier>-<n>`. */
  readonly identifier: string;
  /** Pinned engine version, one of `AURORA_POSTGRES_VERSIONS`. */
  readonly engineVersion: string;
  readonly vpcId: string;
  /** Isolated subnets (no route out of the VPC). */
  readonly subnetIds: string[];
  /** AZs in order: the writer goes to the first, readers to the others in turn. */
  readonly availabilityZones: readonly string[];
  /** Key for storage, the managed master secret and Performance Insights. */
  readonly kmsKeyArn: string;
  readonly databaseName: string;
  /** Never `postgres`: the schema rejects default names. */
  readonly masterUsername: string;
  /** 0 lets the cluster pause when idle (versions that support it). */
  readonly minCapacityAcu: number;
  readonly maxCapacityAcu: number;
  /**
   * Idle seconds before a 0-ACU cluster pauses; only used when `minCapacityAcu` is 0.
   * The environment file owns the default (`database.secondsUntilAutoPause`).
   */
  readonly secondsUntilAutoPause: number;
  /** Reader instances besides the writer, in the AZs after the writer's. The environment file owns the default (`database.readers`). */
  readonly readers: number;
  /** Days of automated backups. The environment file owns the default (`database.backupRetentionDays`). */
  readonly backupRetentionDays: number;
  /** RDS refuses to delete the cluster while on. The environment file owns the default (`database.deletionProtection`). */
  readonly deletionProtection: boolean;
  /**
   * Take a final snapshot (`<identifier>-final`) when the cluster is destroyed.
   * The environment file owns the default (`database.finalSnapshot`).
   */
  readonly finalSnapshot: boolean;
  /**
   * Performance Insights retention in days: 7 is free, 465 is paid long-term retention.
   * The environment file owns the default (`database.performanceInsightsRetentionDays`).
   */
  readonly performanceInsightsRetentionDays: number;
  /**
   * `log_min_duration_statement` in milliseconds: slower statements are logged.
   * The environment file owns the default (`database.slowQueryThresholdMs`).
   */
  readonly slowQueryThresholdMs: number;
  /**
   * Make Terraform refuse any plan that destroys the cluster, its instances (replacing the writer
   * drops every connection; removing a reader takes two changes: this flag off, then the reader)
   * or its log group. @default false
   */
  readonly preventDestroy?: boolean;
  /** Retention of the exported `postgresql` log in days. The environment file owns the default (`database.logRetentionDays`). */
  readonly logRetentionDays: number;
  /** Key of the exported log's group; its policy must admit CloudWatch Logs. */
  readonly logsKmsKeyArn: string;
}

/**
 * Aurora PostgreSQL Serverless v2 in isolated subnets behind its own security group (which
 * admits nobody until a client stack adds a rule). Safe by default: encrypted with our key, the
 * master password managed by RDS in Secrets Manager (never in state), IAM authentication, SSL
 * forced, slow statements logged and exported, Performance Insights on, deletion protection and
 * a final snapshot unless explicitly turned off, no automatic minor upgrades (the version is pinned).
 */
export class AuroraPostgres extends Construct {
  public readonly cluster: RdsCluster;
  public readonly instances: RdsClusterInstance[];
  public readonly securityGroup: SecurityGroup;
  public static readonly PORT = 5432;

  constructor(scope: Construct, id: string, props: AuroraPostgresProps) {
    super(scope, id);
    const version = AURORA_POSTGRES_VERSIONS[props.engineVersion];
    if (!version) {
      throw new Error(
        `AuroraPostgres ${id}: engineVersion "${props.engineVersion}" is not supported; ` +
          `use one of ${Object.keys(AURORA_POSTGRES_VERSIONS).join(", ")}`,
      );
    }

    this.securityGroup = new SecurityGroup(this, "SecurityGroup", {
      name: `${props.identifier}-db`,
      description: `Aurora PostgreSQL ${props.identifier}: PostgreSQL from allowed clients only`,
      vpcId: props.vpcId,
      egress: [],
      tags: { Name: `${props.identifier}-db` },
    });
    const subnetGroup = new DbSubnetGroup(this, "SubnetGroup", {
      name: props.identifier,
      description: `Isolated subnets of ${props.identifier}`,
      subnetIds: props.subnetIds,
    });
    const parameters = new RdsClusterParameterGroup(this, "ParameterGroup", {
      name: `${props.identifier}-${version.parameterGroupFamily}`,
      family: version.parameterGroupFamily,
      description: `${props.identifier}: SSL only, slow statement logging`,
      parameter: [
        { name: "rds.force_ssl", value: "1", applyMethod: "immediate" },
        { name: "log_min_duration_statement", value: String(props.slowQueryThresholdMs), applyMethod: "immediate" },
      ],
      lifecycle: { createBeforeDestroy: true },
    });

    // Created before the cluster exports to it, or RDS creates it without retention or key.
    const logGroup = new CloudwatchLogGroup(this, "PostgresqlLogGroup", {
      name: `/aws/rds/cluster/${props.identifier}/postgresql`,
      retentionInDays: props.logRetentionDays,
      kmsKeyId: props.logsKmsKeyArn,
      lifecycle: props.preventDestroy ? { preventDestroy: true } : undefined,
    });

    const finalSnapshot = props.finalSnapshot;
    const pauses = props.minCapacityAcu === 0;
    this.cluster = new RdsCluster(this, "Default", {
      clusterIdentifier: props.identifier,
      engine: "aurora-postgresql",
      engineMode: "provisioned",
      engineVersion: props.engineVersion,
      allowMajorVersionUpgrade: false,
      databaseName: props.databaseName,
      masterUsername: props.masterUsername,
      manageMasterUserPassword: true,
      masterUserSecretKmsKeyId: props.kmsKeyArn,
      iamDatabaseAuthenticationEnabled: true,
      storageEncrypted: true,
      kmsKeyId: props.kmsKeyArn,
      port: AuroraPostgres.PORT,
      dbSubnetGroupName: subnetGroup.name,
      vpcSecurityGroupIds: [this.securityGroup.id],
      dbClusterParameterGroupName: parameters.name,
      backupRetentionPeriod: props.backupRetentionDays,
      preferredBackupWindow: "02:00-03:00",
      preferredMaintenanceWindow: "sun:04:00-sun:05:00",
      copyTagsToSnapshot: true,
      deletionProtection: props.deletionProtection,
      skipFinalSnapshot: !finalSnapshot,
      finalSnapshotIdentifier: finalSnapshot ? `${props.identifier}-final` : undefined,
      // The provider's default deletes the automated backups with the cluster. An environment that keeps a
      // final snapshot keeps them too, so a mistaken destroy can still be restored to any point in the window.
      deleteAutomatedBackups: !finalSnapshot,
      enabledCloudwatchLogsExports: ["postgresql"],
      databaseInsightsMode: "standard",
      lifecycle: props.preventDestroy ? { preventDestroy: true } : undefined,
      dependsOn: [logGroup],
      serverlessv2ScalingConfiguration: {
        minCapacity: props.minCapacityAcu,
        maxCapacity: props.maxCapacityAcu,
        secondsUntilAutoPause: pauses ? props.secondsUntilAutoPause : undefined,
      },
    });

    const readers = props.readers;
    const others = props.availabilityZones.slice(1);
    this.instances = Array.from({ length: readers + 1 }, (_, n) => {
      const writer = n === 0;
      return new RdsClusterInstance(this, writer ? "Writer" : `Reader${n}`, {
        identifier: `${props.identifier}-${n + 1}`,
        clusterIdentifier: this.cluster.id,
        instanceClass: "db.serverless",
        engine: this.cluster.engine,
        engineVersion: this.cluster.engineVersion,
        availabilityZone: writer ? props.availabilityZones[0] : others[(n - 1) % others.length],
        promotionTier: writer ? 0 : 1,
        publiclyAccessible: false,
        autoMinorVersionUpgrade: false,
        dbSubnetGroupName: subnetGroup.name,
        performanceInsightsEnabled: true,
        performanceInsightsKmsKeyId: props.kmsKeyArn,
        performanceInsightsRetentionPeriod: props.performanceInsightsRetentionDays,
        caCertIdentifier: "rds-ca-rsa2048-g1",
        copyTagsToSnapshot: true,
        lifecycle: props.preventDestroy ? { preventDestroy: true } : undefined,
      });
    });
  }
}
