/**
 * The Terraform addresses of every resource that holds data or that data depends on. An address
 * comes from construct ids: a rename or a new wrapper changes it, and Terraform then plans a
 * destroy and a create; for Aurora that is a lost database. When this test fails, do not
 * update the list alone: follow docs/day-2.md "Moving a stateful resource" (a `moved` block or
 * `terraform state mv`), then record the new address here.
 */
import { builtIn } from "./support/environments";
import { synthApp } from "./support/stacks";

const STATEFUL_TYPES = [
  "aws_rds_cluster",
  "aws_rds_cluster_instance",
  "aws_kms_key",
  "aws_s3_bucket",
  "aws_ecr_repository",
  "aws_secretsmanager_secret",
  "aws_vpc",
  "aws_subnet",
  "aws_eks_cluster",
  "aws_cognito_user_pool",
  "aws_backup_vault",
];

const services = ["notifications", "reservation-sync", "trips-api"];
const repositories = services.map((s) => `aws_ecr_repository.Repository-${s}`);
const secrets = services.map((s) => `aws_secretsmanager_secret.Secret-${s}`);
const dataStack = (instances: string[]) => [
  ...repositories,
  ...secrets,
  "aws_kms_key.Key",
  "aws_rds_cluster.Aurora",
  ...instances,
  "aws_s3_bucket.AssetsBucket",
  "aws_s3_bucket.LogsBucket",
];
const devSubnets = [
  "aws_subnet.Vpc_IsolatedSubnet-eu-central-1a_096762A8",
  "aws_subnet.Vpc_IsolatedSubnet-eu-central-1b_EAC428BD",
  "aws_subnet.Vpc_PrivateSubnet-eu-central-1a_66E846FE",
  "aws_subnet.Vpc_PrivateSubnet-eu-central-1b_9EBEC342",
  "aws_subnet.Vpc_PublicSubnet-eu-central-1a_FFD0694E",
  "aws_subnet.Vpc_PublicSubnet-eu-central-1b_DE471B02",
];
const prodSubnets = [
  ...devSubnets,
  "aws_subnet.Vpc_IsolatedSubnet-eu-central-1c_869FD44A",
  "aws_subnet.Vpc_PrivateSubnet-eu-central-1c_705EED0A",
  "aws_subnet.Vpc_PublicSubnet-eu-central-1c_903A5822",
];
// One bootstrap stack per account: the addresses inside each are those a single `bootstrap` stack
// for every account had, so such a state splits per account without a replacement
// (docs/bootstrap.md: `terraform state mv -state-out`).
const stateBuckets = (account: string) => [
  `aws_kms_key.StateKey-road-warrior-tfstate-${account}`,
  `aws_s3_bucket.StateBucket-road-warrior-tfstate-${account}`,
  `aws_s3_bucket.StateLogsBucket-road-warrior-tfstate-${account}`,
];

const RECORDED: Record<string, string[]> = {
  "bootstrap-111111111111": stateBuckets("111111111111"),
  "bootstrap-222222222222": stateBuckets("222222222222"),
  "dev-network": ["aws_kms_key.LogsKey", "aws_vpc.Vpc", ...devSubnets],
  "dev-data": dataStack(["aws_rds_cluster_instance.Aurora_Writer_CBC05E4D"]),
  "prod-network": ["aws_kms_key.LogsKey", "aws_vpc.Vpc", ...prodSubnets],
  "dev-cluster": ["aws_eks_cluster.Eks", "aws_kms_key.Key"],
  "dev-apps": [],
  "prod-apps": [],
  "prod-cluster": ["aws_eks_cluster.Eks", "aws_kms_key.Key"],
  // The AWS Backup vault and its key: their recovery points are the backups of last resort.
  "prod-data": [
    ...dataStack(["aws_rds_cluster_instance.Aurora_Reader1_E28FCFF4", "aws_rds_cluster_instance.Aurora_Writer_CBC05E4D"]),
    "aws_backup_vault.Backups_Vault_63F50EE3",
    "aws_kms_key.Backups_Key_1CF89EA6",
  ],
};

describe("stateful resource addresses are a contract", () => {
  const synthesized = synthApp([builtIn("dev"), builtIn("prod")]);

  test.each(Object.keys(RECORDED))('%s keeps the recorded addresses (see docs/day-2.md "Moving a stateful resource")', (stack) => {
    const resources = synthesized[stack].resource ?? {};
    const addresses = STATEFUL_TYPES.flatMap((type) => Object.keys(resources[type] ?? {}).map((name) => `${type}.${name}`));
    expect(addresses.sort()).toEqual([...RECORDED[stack]].sort());
  });
});

describe("no data loss by accident", () => {
  const synthesized = synthApp([builtIn("dev"), builtIn("prod")]);
  const protectedAddresses = (stack: string) =>
    Object.entries(synthesized[stack].resource as Record<string, Record<string, any>>).flatMap(([type, byName]) =>
      Object.entries(byName)
        .filter(([, config]) => config.lifecycle?.prevent_destroy === true)
        .map(([name]) => `${type}.${name}`),
    );

  // Every data-bearing resource of production (RW-DATA-1, the plan review's classification): keys,
  // the database and its instances, buckets and their versioning, repositories, secrets, log groups.
  test("production: Terraform refuses to destroy the keys, the database, the buckets and the repositories", () => {
    expect(protectedAddresses("prod-data").sort()).toEqual(
      [
        "aws_cloudwatch_log_group.Aurora_PostgresqlLogGroup_C6682EFB",
        "aws_ecr_repository.Repository-notifications",
        "aws_ecr_repository.Repository-reservation-sync",
        "aws_ecr_repository.Repository-trips-api",
        "aws_backup_plan.Backups_Plan_6D7B6ED1",
        "aws_backup_selection.Backups_Selection_8B2FAD49",
        "aws_backup_vault.Backups_Vault_63F50EE3",
        "aws_backup_vault_lock_configuration.Backups_Lock_EC23B960",
        "aws_kms_key.Backups_Key_1CF89EA6",
        "aws_kms_key.Key",
        "aws_rds_cluster.Aurora",
        "aws_rds_cluster_instance.Aurora_Reader1_E28FCFF4",
        "aws_rds_cluster_instance.Aurora_Writer_CBC05E4D",
        "aws_s3_bucket.AssetsBucket",
        "aws_s3_bucket.LogsBucket",
        "aws_s3_bucket_versioning.AssetsBucket_Versioning_0F738068",
        "aws_s3_bucket_versioning.LogsBucket_Versioning_180117FA",
        "aws_secretsmanager_secret.Secret-notifications",
        "aws_secretsmanager_secret.Secret-reservation-sync",
        "aws_secretsmanager_secret.Secret-trips-api",
      ].sort(),
    );
    expect(protectedAddresses("prod-network").sort()).toEqual([
      "aws_cloudwatch_log_group.FlowLogs_LogGroup_D4502E73",
      "aws_kms_key.LogsKey",
    ]);
    expect(protectedAddresses("prod-cluster").sort()).toEqual([
      "aws_cloudwatch_log_group.AppsRunner_LogGroup_63DE97E1",
      "aws_cloudwatch_log_group.ContainerInsights-application",
      "aws_cloudwatch_log_group.ContainerInsights-dataplane",
      "aws_cloudwatch_log_group.ContainerInsights-host",
      "aws_cloudwatch_log_group.ContainerInsights-performance",
      "aws_cloudwatch_log_group.Eks_LogGroup_565B56D4",
      "aws_cloudwatch_log_group.WebAcl_LogGroup_6DE13B4D",
      "aws_kms_key.Key",
    ]);
  });

  test("the state buckets and their keys are protected whatever the environment", () => {
    for (const account of ["111111111111", "222222222222"]) {
      expect(
        protectedAddresses(`bootstrap-${account}`).filter((a) => /^aws_(s3_bucket|kms_key)\.(StateBucket|StateKey)/.test(a)),
      ).toHaveLength(2);
      expect(protectedAddresses(`bootstrap-${account}`).filter((a) => a.startsWith("aws_s3_bucket_versioning."))).toHaveLength(2);
    }
  });

  test("production: deletion protection, a final snapshot, 30-day KMS windows; dev may relax them", () => {
    const cluster = (stack: string) => synthesized[stack].resource.aws_rds_cluster.Aurora;
    expect(cluster("prod-data")).toMatchObject({ deletion_protection: true, skip_final_snapshot: false });
    expect(synthesized["prod-data"].resource.aws_kms_key.Key.deletion_window_in_days).toBe(30);
    expect(protectedAddresses("dev-data")).toEqual([]);
    expect(cluster("dev-data")).toMatchObject({ deletion_protection: false, skip_final_snapshot: true });
  });
});
