import { DbSubnetGroup } from "@cdktf/provider-aws/lib/db-subnet-group";
import { EcrRepository } from "@cdktf/provider-aws/lib/ecr-repository";
import { KmsKey } from "@cdktf/provider-aws/lib/kms-key";
import { RdsCluster } from "@cdktf/provider-aws/lib/rds-cluster";
import { RdsClusterParameterGroup } from "@cdktf/provider-aws/lib/rds-cluster-parameter-group";
import { S3BucketOwnershipControls } from "@cdktf/provider-aws/lib/s3-bucket-ownership-controls";
import { S3BucketPublicAccessBlock } from "@cdktf/provider-aws/lib/s3-bucket-public-access-block";
import { LockedBackups } from "../src/constructs/data/locked-backups";
import { Testing, TerraformStack } from "cdktf";
import { builtIn } from "./support/environments";
import { builtInStacks, resourceNamed, resourcesOf, synthApp, synthOf } from "./support/stacks";

const dev = synthOf(builtInStacks().environments.dev.data);
const prod = synthOf(builtInStacks().environments.prod.data);
const values = (json: Record<string, any>, type: string) => Object.values(resourcesOf(json, type));
const cluster = (json: Record<string, any>) => resourceNamed(json, "aws_rds_cluster", /Aurora/);

describe("data stack: KMS", () => {
  test("the data key rotates yearly and its deletion window is the environment's", () => {
    expect(prod.text).toHaveResourceWithProperties(KmsKey, {
      enable_key_rotation: true,
      rotation_period_in_days: 365,
      deletion_window_in_days: 30,
    });
    expect(dev.text).toHaveResourceWithProperties(KmsKey, { deletion_window_in_days: 7 });
  });

  test("the key policy always keeps the account root", () => {
    const policy = Object.entries(prod.json.data.aws_iam_policy_document).find(([k]) => k.startsWith("Key_Policy"))![1] as any;
    expect(policy.statement[0]).toMatchObject({
      actions: ["kms:*"],
      principals: [{ type: "AWS", identifiers: ["arn:${data.aws_partition.partition.partition}:iam::222222222222:root"] }],
    });
  });
});

describe("data stack: Aurora PostgreSQL", () => {
  test("engine and version are explicit and pinned; no automatic upgrades", () => {
    expect(cluster(prod.json)).toMatchObject({
      engine: "aurora-postgresql",
      engine_mode: "provisioned",
      engine_version: "16.8",
      allow_major_version_upgrade: false,
    });
    expect(values(prod.json, "aws_rds_cluster_instance").every((i) => i.auto_minor_version_upgrade === false)).toBe(true);
  });

  test("the master password is managed by RDS in Secrets Manager with our key, never in the JSON", () => {
    expect(cluster(prod.json)).toMatchObject({
      manage_master_user_password: true,
      master_user_secret_kms_key_id: "${aws_kms_key.Key.arn}",
    });
    expect(prod.text).not.toMatch(/master_password/);
  });

  test("storage is encrypted with our key; IAM authentication is on", () => {
    expect(prod.text).toHaveResourceWithProperties(RdsCluster, {
      storage_encrypted: true,
      kms_key_id: "${aws_kms_key.Key.arn}",
      iam_database_authentication_enabled: true,
      copy_tags_to_snapshot: true,
      enabled_cloudwatch_logs_exports: ["postgresql"],
      database_insights_mode: "standard",
    });
  });

  test("prod: deletion protection, a final snapshot and two weeks of backups that outlive a destroyed cluster", () => {
    expect(cluster(prod.json)).toMatchObject({
      deletion_protection: true,
      skip_final_snapshot: false,
      final_snapshot_identifier: "road-warrior-prod-aurora-final",
      backup_retention_period: 14,
      // The provider's default (true) would delete the point-in-time backups with the cluster.
      delete_automated_backups: false,
    });
  });

  test("dev: relaxes only what costs money (protection, final snapshot), not encryption", () => {
    expect(cluster(dev.json)).toMatchObject({
      deletion_protection: false,
      skip_final_snapshot: true,
      delete_automated_backups: true,
      storage_encrypted: true,
    });
    expect(cluster(dev.json).final_snapshot_identifier).toBeUndefined();
  });

  test("dev scales to 0 ACU and pauses when idle; prod keeps 0.5 ACU warm", () => {
    expect(cluster(dev.json).serverlessv2_scaling_configuration).toEqual({
      min_capacity: 0,
      max_capacity: 4,
      seconds_until_auto_pause: 900,
    });
    expect(cluster(prod.json).serverlessv2_scaling_configuration).toEqual({ min_capacity: 0.5, max_capacity: 16 });
  });

  test("prod has a writer and a reader in another AZ; instances are serverless, private, with Performance Insights on our key", () => {
    const instances = values(prod.json, "aws_rds_cluster_instance");
    expect(instances.map((i) => [i.identifier, i.availability_zone, i.promotion_tier]).sort()).toEqual([
      ["road-warrior-prod-aurora-1", "eu-central-1a", 0],
      ["road-warrior-prod-aurora-2", "eu-central-1b", 1],
    ]);
    for (const instance of instances) {
      expect(instance).toMatchObject({
        instance_class: "db.serverless",
        publicly_accessible: false,
        performance_insights_enabled: true,
        performance_insights_kms_key_id: "${aws_kms_key.Key.arn}",
      });
    }
    expect(values(dev.json, "aws_rds_cluster_instance")).toHaveLength(1);
  });

  test("the parameter group forces SSL and logs slow statements", () => {
    expect(prod.text).toHaveResourceWithProperties(RdsClusterParameterGroup, {
      family: "aurora-postgresql16",
      parameter: expect.arrayContaining([
        expect.objectContaining({ name: "rds.force_ssl", value: "1" }),
        expect.objectContaining({ name: "log_min_duration_statement", value: "250" }),
      ]),
    });
  });

  test("the database lives in the isolated subnets behind its own security group that admits nobody yet", () => {
    const group = resourceNamed(prod.json, "aws_db_subnet_group", /Aurora/);
    expect(group.subnet_ids).toHaveLength(3);
    expect(group.subnet_ids.every((id: string) => /IsolatedSubnet/.test(id))).toBe(true);
    expect(prod.text).toHaveResourceWithProperties(DbSubnetGroup, { name: "road-warrior-prod-aurora" });
    const sg = resourceNamed(prod.json, "aws_security_group", /Aurora/);
    expect(sg.ingress).toBeUndefined();
    expect(sg.egress).toEqual([]);
    expect(cluster(prod.json).vpc_security_group_ids).toEqual([
      expect.stringMatching(/^\$\{aws_security_group\.Aurora_SecurityGroup_\w+\.id\}$/),
    ]);
  });
});

describe("data stack: S3 buckets", () => {
  const buckets = (json: Record<string, any>) =>
    values(json, "aws_s3_bucket")
      .map((b) => b.bucket)
      .sort();

  test("assets and logs buckets, named with the account id", () => {
    expect(buckets(prod.json)).toEqual(["road-warrior-prod-assets-222222222222", "road-warrior-prod-logs-222222222222"]);
  });

  test("public access is fully blocked and ACLs are disabled on every bucket", () => {
    expect(values(prod.json, "aws_s3_bucket_public_access_block")).toHaveLength(2);
    expect(prod.text).toHaveResourceWithProperties(S3BucketPublicAccessBlock, {
      block_public_acls: true,
      block_public_policy: true,
      ignore_public_acls: true,
      restrict_public_buckets: true,
    });
    expect(values(prod.json, "aws_s3_bucket_public_access_block").every((p) => p.block_public_policy && p.restrict_public_buckets)).toBe(
      true,
    );
    expect(prod.text).toHaveResourceWithProperties(S3BucketOwnershipControls, { rule: { object_ownership: "BucketOwnerEnforced" } });
  });

  test("assets are encrypted with our key (bucket key on); logs with SSE-S3, which log delivery requires", () => {
    const sse = values(prod.json, "aws_s3_bucket_server_side_encryption_configuration").map(
      (c) => c.rule[0].apply_server_side_encryption_by_default,
    );
    expect(sse).toEqual(
      expect.arrayContaining([{ sse_algorithm: "aws:kms", kms_master_key_id: "${aws_kms_key.Key.arn}" }, { sse_algorithm: "AES256" }]),
    );
  });

  test("every bucket is versioned, denies non-TLS and TLS < 1.2, and aborts incomplete uploads", () => {
    expect(values(prod.json, "aws_s3_bucket_versioning").every((v) => v.versioning_configuration.status === "Enabled")).toBe(true);
    const policies = Object.entries(prod.json.data.aws_iam_policy_document).filter(([k]) => /Bucket_PolicyDocument/.test(k));
    expect(policies).toHaveLength(2);
    for (const [, policy] of policies as [string, any][]) {
      expect(policy.statement).toEqual(
        expect.arrayContaining([
          expect.objectContaining({ effect: "Deny", condition: [{ test: "Bool", variable: "aws:SecureTransport", values: ["false"] }] }),
          expect.objectContaining({ effect: "Deny", condition: [{ test: "NumericLessThan", variable: "s3:TlsVersion", values: ["1.2"] }] }),
        ]),
      );
    }
    for (const lifecycle of values(prod.json, "aws_s3_bucket_lifecycle_configuration")) {
      expect(lifecycle.rule).toEqual(
        expect.arrayContaining([expect.objectContaining({ abort_incomplete_multipart_upload: [{ days_after_initiation: 7 }] })]),
      );
    }
  });

  test("the assets bucket logs its access to the logs bucket, which admits only S3 log delivery of this account", () => {
    const logging = values(prod.json, "aws_s3_bucket_logging");
    expect(logging).toEqual([
      expect.objectContaining({
        target_bucket: "${aws_s3_bucket.LogsBucket.id}",
        target_prefix: "s3-access/road-warrior-prod-assets-222222222222/",
      }),
    ]);
    const logsPolicy = Object.entries(prod.json.data.aws_iam_policy_document).find(([k]) =>
      k.startsWith("LogsBucket_PolicyDocument"),
    )![1] as any;
    expect(logsPolicy.statement).toContainEqual(
      expect.objectContaining({
        principals: [{ type: "Service", identifiers: ["logging.s3.amazonaws.com"] }],
        condition: [expect.objectContaining({ values: ["222222222222"] })],
      }),
    );
  });

  test("prod buckets cannot be force-destroyed; dev's can", () => {
    expect(values(prod.json, "aws_s3_bucket").every((b) => b.force_destroy === false)).toBe(true);
    expect(values(dev.json, "aws_s3_bucket").every((b) => b.force_destroy === true)).toBe(true);
  });
});

describe("data stack: ECR", () => {
  test("one repository per service: immutable tags, scan on push, our key", () => {
    expect(
      values(prod.json, "aws_ecr_repository")
        .map((r) => r.name)
        .sort(),
    ).toEqual(["road-warrior/prod/notifications", "road-warrior/prod/reservation-sync", "road-warrior/prod/trips-api"]);
    expect(prod.text).toHaveResourceWithProperties(EcrRepository, {
      image_tag_mutability: "IMMUTABLE",
      image_scanning_configuration: { scan_on_push: true },
      encryption_configuration: [{ encryption_type: "KMS", kms_key: "${aws_kms_key.Key.arn}" }],
      force_delete: false,
    });
  });

  test("the lifecycle policy expires untagged images and throwaway prefixes only, one rule per prefix", () => {
    const policy = JSON.parse(values(prod.json, "aws_ecr_lifecycle_policy")[0].policy);
    expect(policy.rules).toEqual([
      expect.objectContaining({
        rulePriority: 1,
        selection: { tagStatus: "untagged", countType: "sinceImagePushed", countUnit: "days", countNumber: 7 },
      }),
      expect.objectContaining({
        rulePriority: 2,
        selection: { tagStatus: "tagged", tagPrefixList: ["pr-"], countType: "sinceImagePushed", countUnit: "days", countNumber: 14 },
      }),
      expect.objectContaining({
        rulePriority: 3,
        selection: { tagStatus: "tagged", tagPrefixList: ["tmp-"], countType: "sinceImagePushed", countUnit: "days", countNumber: 14 },
      }),
    ]);
  });

  // ECR's documented selection: tagStatus any selects every image; tagged with a tagPrefixList
  // selects images having a tag for every prefix listed; untagged selects images with no tag.
  const selects = (rule: any, tags: string[]) => {
    const { tagStatus, tagPrefixList = [] } = rule.selection;
    if (tagStatus === "any") return true;
    if (tagStatus === "untagged") return tags.length === 0;
    if (tagPrefixList.length === 0) return tags.length > 0;
    return tags.length > 0 && tagPrefixList.every((p: string) => tags.some((t) => t.startsWith(p)));
  };

  test.each([
    ["dev", dev],
    ["prod", prod],
  ])("%s: no rule can ever select a release tag, so a Deployment's image never expires", (_env, stack) => {
    for (const lifecycle of values(stack.json, "aws_ecr_lifecycle_policy")) {
      const rules = JSON.parse(lifecycle.policy).rules;
      for (const release of [["0.1.0"], ["1.4.2"], ["v2026.11.30"], ["main-3f2a9c1"], ["prod-1.2.0"], ["1.0.0", "stable"]]) {
        expect(rules.filter((r: any) => selects(r, release))).toEqual([]);
      }
      expect(rules.some((r: any) => r.selection.tagStatus === "any")).toBe(false);
      expect(rules.filter((r: any) => selects(r, ["pr-412"]))).toHaveLength(1);
      expect(rules.filter((r: any) => selects(r, ["tmp-spike"]))).toHaveLength(1);
      expect(rules.filter((r: any) => selects(r, []))).toHaveLength(1);
    }
  });

  test("an empty prefix list expires untagged images only; the prefixes and days come from the environment file", () => {
    const json = synthApp([
      { ...builtIn("dev"), registry: { untaggedExpirationDays: 5, throwawayTagPrefixes: [], throwawayExpirationDays: 3 } },
    ])["dev-data"];
    const rules = JSON.parse(values(json, "aws_ecr_lifecycle_policy")[0].policy).rules;
    expect(rules).toEqual([expect.objectContaining({ selection: expect.objectContaining({ tagStatus: "untagged", countNumber: 5 }) })]);
    const custom = synthApp([
      { ...builtIn("dev"), registry: { untaggedExpirationDays: 5, throwawayTagPrefixes: ["feature-"], throwawayExpirationDays: 3 } },
    ])["dev-data"];
    expect(JSON.parse(values(custom, "aws_ecr_lifecycle_policy")[0].policy).rules[1].selection).toMatchObject({
      tagPrefixList: ["feature-"],
      countNumber: 3,
    });
  });
});

describe("data stack: who may reach the data", () => {
  const policyDocument = (json: Record<string, any>, prefix: string) =>
    Object.entries(json.data.aws_iam_policy_document).find(([k]) => k.startsWith(prefix))![1] as any;

  test("the database admits PostgreSQL from the EKS nodes' security group (network stack) and nothing else", () => {
    const rules = values(prod.json, "aws_vpc_security_group_ingress_rule");
    expect(rules).toEqual([
      expect.objectContaining({ from_port: 5432, to_port: 5432, ip_protocol: "tcp", description: expect.stringMatching(/EKS nodes/) }),
    ]);
    expect(rules[0].cidr_ipv4).toBeUndefined();
    const full = synthApp([builtIn("prod")])["prod-data"].resource.aws_vpc_security_group_ingress_rule.DatabaseFromNodes;
    expect(full.referenced_security_group_id).toBe(
      "${data.terraform_remote_state.cross-stack-reference-input-prod-network.outputs." +
        "cross-stack-output-aws_security_groupNodeSecurityGroupid}",
    );
    expect(full.security_group_id).toMatch(/^\$\{aws_security_group\.Aurora_SecurityGroup_\w+\.id\}$/);
  });

  test("the exported postgresql log goes to a group created first, with retention and the data key", () => {
    const group = values(prod.json, "aws_cloudwatch_log_group").find(
      (g) => g.name === "/aws/rds/cluster/road-warrior-prod-aurora/postgresql",
    );
    expect(group).toMatchObject({ retention_in_days: 90, kms_key_id: "${aws_kms_key.Key.arn}" });
    expect(cluster(prod.json).depends_on).toEqual([expect.stringMatching(/^aws_cloudwatch_log_group\.Aurora_PostgresqlLogGroup/)]);
  });

  test("each service's role trusts Pod Identity for its own namespace and service account of this environment's cluster", () => {
    const trust = policyDocument(prod.json, "ServiceRole-trips-api_Trust");
    expect(trust.statement[0].condition).toEqual(
      expect.arrayContaining([
        { test: "StringEquals", variable: "aws:RequestTag/eks-cluster-name", values: ["road-warrior-prod"] },
        { test: "StringEquals", variable: "aws:RequestTag/kubernetes-namespace", values: ["trips-api"] },
        { test: "StringEquals", variable: "aws:RequestTag/kubernetes-service-account", values: ["trips-api"] },
      ]),
    );
  });

  test("a service may use its own S3 prefix, its database user and its own secret, nothing else", () => {
    const statements: any[] = policyDocument(prod.json, "ServiceRole-trips-api_Permissions").statement;
    const bySid = Object.fromEntries(statements.map((s) => [s.sid, s]));
    expect(Object.keys(bySid).sort()).toEqual([
      "ConnectAsOwnDatabaseUser",
      "ListOwnPrefix",
      "ObjectsUnderOwnPrefix",
      "ReadOwnSecret",
      "UseDataKeyThroughS3AndSecretsManager",
    ]);
    expect(bySid.ListOwnPrefix.condition).toEqual([{ test: "StringLike", variable: "s3:prefix", values: ["trips-api/*"] }]);
    expect(bySid.ObjectsUnderOwnPrefix.resources).toEqual(["${aws_s3_bucket.AssetsBucket.arn}/trips-api/*"]);
    expect(bySid.ConnectAsOwnDatabaseUser.resources).toEqual([
      "arn:${data.aws_partition.partition.partition}:rds-db:eu-central-1:222222222222:dbuser:" +
        "${aws_rds_cluster.Aurora.cluster_resource_id}/trips_api",
    ]);
    expect(bySid.ReadOwnSecret.resources).toEqual(["${aws_secretsmanager_secret.Secret-trips-api.arn}"]);
    expect(bySid.UseDataKeyThroughS3AndSecretsManager.condition[0].variable).toBe("kms:ViaService");
    const notifications: any[] = policyDocument(prod.json, "ServiceRole-notifications_Permissions").statement;
    expect(notifications.map((s) => s.sid)).not.toContain("ConnectAsOwnDatabaseUser");
  });

  test("one KMS-encrypted secret per service, values never in Terraform", () => {
    const secrets = values(prod.json, "aws_secretsmanager_secret");
    expect(secrets.map((s) => s.name).sort()).toEqual([
      "road-warrior/prod/notifications",
      "road-warrior/prod/reservation-sync",
      "road-warrior/prod/trips-api",
    ]);
    expect(secrets.every((s) => s.kms_key_id === "${aws_kms_key.Key.arn}" && s.recovery_window_in_days === 30)).toBe(true);
    expect(prod.json.resource.aws_secretsmanager_secret_version).toBeUndefined();
  });
});

describe("data stack: backups no single credential can erase", () => {
  const one = (json: Record<string, any>, type: string) => {
    const all = values(json, type);
    expect(all).toHaveLength(1);
    return all[0];
  };

  test("production: its own vault with its own KMS key (not the data key), protected from destroy", () => {
    const vault = one(prod.json, "aws_backup_vault");
    expect(vault).toMatchObject({ name: "road-warrior-prod-backup", force_destroy: false, lifecycle: { prevent_destroy: true } });
    const [key] = Object.entries(resourcesOf(prod.json, "aws_kms_key")).filter(([k]) => k.startsWith("Backups_Key"));
    expect(vault.kms_key_arn).toBe(`\${aws_kms_key.${key[0]}.arn}`);
    expect(key[1]).toMatchObject({ enable_key_rotation: true, deletion_window_in_days: 30, lifecycle: { prevent_destroy: true } });
  });

  test("production: the lock, the plan and the selection are protected from destroy too; the service role is a stack role", () => {
    // A stack role: the deploy role may create it.
    for (const type of ["aws_backup_vault_lock_configuration", "aws_backup_plan", "aws_backup_selection"]) {
      expect(one(prod.json, type).lifecycle).toEqual({ prevent_destroy: true });
    }
    expect(Object.values(resourcesOf(prod.json, "aws_iam_role")).map((r: any) => r.name)).toContain("road-warrior-prod.backup");
  });

  test("production: the vault lock is in compliance mode (changeable_for_days set) with a minimum retention", () => {
    const lock = one(prod.json, "aws_backup_vault_lock_configuration");
    expect(lock.backup_vault_name).toMatch(/aws_backup_vault\.Backups_Vault.*\.name/);
    expect(lock.changeable_for_days).toBeGreaterThanOrEqual(3);
    expect(lock).toMatchObject({ min_retention_days: 7, max_retention_days: 3650 });
  });

  test("production: a daily plan that keeps each recovery point at least the locked minimum, created after the lock", () => {
    const plan = one(prod.json, "aws_backup_plan");
    const lock = one(prod.json, "aws_backup_vault_lock_configuration");
    expect(plan.rule).toEqual([
      expect.objectContaining({
        schedule: "cron(0 3 * * ? *)",
        lifecycle: { delete_after: 35 },
        target_vault_name: expect.stringMatching(/Backups_Vault/),
      }),
    ]);
    expect(plan.rule[0].lifecycle.delete_after).toBeGreaterThanOrEqual(lock.min_retention_days);
    expect(plan.rule[0].copy_action).toBeUndefined();
    expect(plan.depends_on).toEqual([expect.stringMatching(/^aws_backup_vault_lock_configuration\./)]);
  });

  test("production: the selection covers the Aurora cluster and the assets bucket (versioned, as S3 backup requires)", () => {
    const selection = one(prod.json, "aws_backup_selection");
    expect(selection.resources).toEqual(["${aws_rds_cluster.Aurora.arn}", "${aws_s3_bucket.AssetsBucket.arn}"]);
    expect(selection.iam_role_arn).toMatch(/aws_iam_role\.Backups_Role/);
    const versioning = values(prod.json, "aws_s3_bucket_versioning").find((v) => v.bucket === "${aws_s3_bucket.AssetsBucket.id}");
    expect(versioning!.versioning_configuration).toEqual({ status: "Enabled" });
  });

  test("the Backup service role: trusted by backup.amazonaws.com, the managed backup and restore policies and the keys", () => {
    // The managed policies cover RDS and S3.
    const trust = Object.entries(prod.json.data.aws_iam_policy_document).find(([k]) => k.startsWith("Backups_Trust"))![1] as any;
    // Only for this account's own backup jobs: AWS Backup acting for another account cannot assume it (confused deputy).
    expect(trust.statement).toEqual([
      expect.objectContaining({
        principals: [{ type: "Service", identifiers: ["backup.amazonaws.com"] }],
        actions: ["sts:AssumeRole"],
        condition: [{ test: "StringEquals", variable: "aws:SourceAccount", values: [builtIn("prod").accountId] }],
      }),
    ]);
    const attached = values(prod.json, "aws_iam_role_policy_attachment")
      .filter((a) => String(a.role).includes("Backups_Role"))
      .map((a) => a.policy_arn.split(":policy/")[1]);
    expect(attached.sort()).toEqual([
      "AWSBackupServiceRolePolicyForS3Backup",
      "AWSBackupServiceRolePolicyForS3Restore",
      "service-role/AWSBackupServiceRolePolicyForBackup",
      "service-role/AWSBackupServiceRolePolicyForRestores",
    ]);
  });

  test("dev: no backups unless its file asks; with backup.enabled and a copy vault, the plan copies to the other account", () => {
    expect(values(dev.json, "aws_backup_vault")).toEqual([]);
    const copyVault = "arn:aws:backup:eu-central-1:444444444444:backup-vault:road-warrior-copies";
    const json = synthApp([
      { ...builtIn("dev"), backup: { ...builtIn("dev").backup, enabled: true, copyToVaultArn: copyVault, copyRetentionDays: 60 } },
    ])["dev-data"];
    const plan = one(json, "aws_backup_plan");
    expect(plan.rule[0].copy_action).toEqual([{ destination_vault_arn: copyVault, lifecycle: { delete_after: 60 } }]);
    expect(one(json, "aws_backup_vault").lifecycle).toBeUndefined();
  });

  test("the construct refuses a retention shorter than the lock's minimum and a grace time under 3 days, naming each", () => {
    const stack = new TerraformStack(Testing.app(), "t");
    const environment = { accountId: "111111111111", region: "eu-central-1", partition: "aws" };
    expect(
      () =>
        new LockedBackups(stack, "B", {
          environment,
          prefix: "x",
          roleName: "x.backup",
          resourceArns: ["arn"],
          sourceKeyArns: [],
          retentionDays: 5,
          minRetentionDays: 7,
          changeableForDays: 1,
          schedule: "cron(0 3 * * ? *)",
          keyDeletionWindowDays: 30,
        }),
    ).toThrow(/retentionDays = 5: must be at least minRetentionDays \(7\).*changeableForDays = 1: must be 3 or more/);
  });
});
