import { AURORA_POSTGRES_VERSIONS } from "../../src/config/catalog";
import { AuroraPostgres, AuroraPostgresProps } from "../../src/constructs/data/aurora-postgres";
import { all, Json, nameOf, one, synthConstruct } from "../support/constructs";

const KEY = "arn:aws:kms:eu-central-1:111111111111:key/data";
const BASE: AuroraPostgresProps = {
  identifier: "rw-dev-aurora",
  engineVersion: "16.8",
  vpcId: "vpc-1",
  subnetIds: ["subnet-isolated-a", "subnet-isolated-b"],
  availabilityZones: ["eu-central-1a", "eu-central-1b", "eu-central-1c"],
  kmsKeyArn: KEY,
  databaseName: "roadwarrior",
  masterUsername: "rw_admin",
  minCapacityAcu: 0.5,
  maxCapacityAcu: 4,
  secondsUntilAutoPause: 900,
  readers: 0,
  backupRetentionDays: 7,
  deletionProtection: true,
  finalSnapshot: true,
  performanceInsightsRetentionDays: 7,
  slowQueryThresholdMs: 500,
  logRetentionDays: 90,
  logsKmsKeyArn: "arn:aws:kms:eu-central-1:111111111111:key/logs",
};

function aurora(props: Partial<AuroraPostgresProps> = {}): Json {
  return synthConstruct((scope) => {
    new AuroraPostgres(scope, "Aurora", { ...BASE, ...props });
  });
}

describe("AuroraPostgres", () => {
  const json = aurora();
  const cluster = one(json, "aws_rds_cluster");

  describe("validation", () => {
    test("refuses an engine version outside the catalog, naming the value and the supported versions", () => {
      expect(() => aurora({ engineVersion: "14.3" })).toThrow(
        `AuroraPostgres Aurora: engineVersion "14.3" is not supported; use one of ${Object.keys(AURORA_POSTGRES_VERSIONS).join(", ")}`,
      );
    });
  });

  test("encryption at rest with our key: storage, the RDS-managed master secret and Performance Insights", () => {
    expect(cluster).toMatchObject({
      storage_encrypted: true,
      kms_key_id: KEY,
      manage_master_user_password: true,
      master_user_secret_kms_key_id: KEY,
    });
    expect(cluster.master_password).toBeUndefined();
    expect(one(json, "aws_rds_cluster_instance")).toMatchObject({
      performance_insights_enabled: true,
      performance_insights_kms_key_id: KEY,
    });
  });

  test("in transit: SSL forced by the parameter group; the RSA 2048 CA", () => {
    expect(one(json, "aws_rds_cluster_parameter_group").parameter).toContainEqual({
      name: "rds.force_ssl",
      value: "1",
      apply_method: "immediate",
    });
    expect(one(json, "aws_rds_cluster_instance").ca_cert_identifier).toBe("rds-ca-rsa2048-g1");
  });

  test("IAM database authentication on; the master user as given", () => {
    expect(cluster).toMatchObject({ iam_database_authentication_enabled: true, master_username: "rw_admin", database_name: "roadwarrior" });
  });

  test("not reachable: no public access, isolated subnets, a security group with no rules until a client stack adds one", () => {
    expect(all(json, "aws_rds_cluster_instance").every((i) => i.publicly_accessible === false)).toBe(true);
    expect(one(json, "aws_db_subnet_group").subnet_ids).toEqual(BASE.subnetIds);
    const group = one(json, "aws_security_group");
    expect(group.egress).toEqual([]);
    expect(group.ingress).toBeUndefined();
    expect(cluster.vpc_security_group_ids).toEqual([`\${aws_security_group.${nameOf(json, "aws_security_group", "SecurityGroup")}.id}`]);
  });

  test("data safety as given: deletion protection, final snapshot, backup retention", () => {
    expect(cluster).toMatchObject({
      deletion_protection: true,
      skip_final_snapshot: false,
      final_snapshot_identifier: "rw-dev-aurora-final",
      backup_retention_period: 7,
      copy_tags_to_snapshot: true,
    });
    const relaxed = one(aurora({ deletionProtection: false, finalSnapshot: false, backupRetentionDays: 1 }), "aws_rds_cluster");
    expect(relaxed).toMatchObject({ deletion_protection: false, skip_final_snapshot: true, backup_retention_period: 1 });
    expect(relaxed.final_snapshot_identifier).toBeUndefined();
  });

  test("preventDestroy guards the cluster, every instance and the log group; off by default", () => {
    expect(cluster.lifecycle).toBeUndefined();
    const guarded = aurora({ preventDestroy: true, readers: 1 });
    for (const type of ["aws_rds_cluster", "aws_rds_cluster_instance", "aws_cloudwatch_log_group"]) {
      expect(all(guarded, type).map((r) => r.lifecycle)).toEqual(all(guarded, type).map(() => ({ prevent_destroy: true })));
    }
  });

  test("the version is pinned: no automatic minor or major upgrades", () => {
    expect(cluster).toMatchObject({ engine: "aurora-postgresql", engine_version: "16.8", allow_major_version_upgrade: false });
    expect(one(json, "aws_rds_cluster_instance").auto_minor_version_upgrade).toBe(false);
  });

  test.each(Object.entries(AURORA_POSTGRES_VERSIONS))("%s: the parameter group of its family", (version, spec) => {
    expect(one(aurora({ engineVersion: version }), "aws_rds_cluster_parameter_group").family).toBe(spec.parameterGroupFamily);
  });

  test("slow statements logged at the given threshold, exported to a log group created first with retention and the logs key", () => {
    expect(one(aurora({ slowQueryThresholdMs: 250 }), "aws_rds_cluster_parameter_group").parameter).toContainEqual({
      name: "log_min_duration_statement",
      value: "250",
      apply_method: "immediate",
    });
    expect(one(json, "aws_cloudwatch_log_group")).toMatchObject({
      name: "/aws/rds/cluster/rw-dev-aurora/postgresql",
      retention_in_days: 90,
      kms_key_id: BASE.logsKmsKeyArn,
    });
    expect(cluster.enabled_cloudwatch_logs_exports).toEqual(["postgresql"]);
    expect(cluster.depends_on).toEqual([`aws_cloudwatch_log_group.${nameOf(json, "aws_cloudwatch_log_group", "PostgresqlLogGroup")}`]);
  });

  test("cost: Serverless v2 within the given ACU; auto-pause only at 0 ACU, after the given idle time", () => {
    expect(cluster.serverlessv2_scaling_configuration).toEqual({ min_capacity: 0.5, max_capacity: 4 });
    expect(one(aurora({ minCapacityAcu: 0, secondsUntilAutoPause: 600 }), "aws_rds_cluster").serverlessv2_scaling_configuration).toEqual({
      min_capacity: 0,
      max_capacity: 4,
      seconds_until_auto_pause: 600,
    });
    expect(one(json, "aws_rds_cluster_instance").instance_class).toBe("db.serverless");
    expect(one(json, "aws_rds_cluster_instance").performance_insights_retention_period).toBe(7);
  });

  test("the writer in the first AZ, readers in the other AZs in turn, each a failover target after the writer", () => {
    const instances = all(aurora({ readers: 3 }), "aws_rds_cluster_instance");
    expect(instances.map((i) => [i.identifier, i.availability_zone, i.promotion_tier]).sort()).toEqual([
      ["rw-dev-aurora-1", "eu-central-1a", 0],
      ["rw-dev-aurora-2", "eu-central-1b", 1],
      ["rw-dev-aurora-3", "eu-central-1c", 1],
      ["rw-dev-aurora-4", "eu-central-1b", 1],
    ]);
  });
});
