/**
 * The configurations the plan-review tests plan with the real provider (see `prior-state-plan.ts`):
 * one baseline of data-bearing resources with their protection on, then
 * - `harmful`: every change the review must refuse, each on its own resource or attribute;
 * - `harmless`: tags, new resources, in-place changes to non-data attributes, protection raised,
 *   and destroys, replacements and forgets of types that hold no data only; a new service with its
 *   own bucket, repository and their configuration, and a scaling number: what production may do;
 * - `production`: what only the default-deny of production stacks refuses: configuration aimed at
 *   live data through a decoy expression, governing resources deleted or forgotten, an inline
 *   expiry on a bucket, a backup schedule that never fires, an alias moved to another key.
 * Literal names in the baseline (no references), so its planned values are complete.
 */
import { Configuration } from "./prior-state-plan";

type Json = Record<string, any>;

const ROOT_ARN = "arn:aws:iam::123456789012:root";

function keyPolicy(withRoot: boolean): string {
  const statements: Json[] = [];
  if (withRoot) statements.push({ Sid: "AccountRoot", Effect: "Allow", Principal: { AWS: ROOT_ARN }, Action: "kms:*", Resource: "*" });
  statements.push({
    Sid: "Admins",
    Effect: "Allow",
    Principal: { AWS: "arn:aws:iam::123456789012:role/admin" },
    Action: ["kms:Describe*", "kms:Enable*", "kms:Put*"],
    Resource: "*",
  });
  return JSON.stringify({ Version: "2012-10-17", Statement: statements });
}

/** The TLS-only bucket policy (RW-S3-4) of a bucket. */
function tlsOnly(bucket: string): string {
  return JSON.stringify({
    Version: "2012-10-17",
    Statement: [
      {
        Sid: "TlsOnly",
        Effect: "Deny",
        Principal: "*",
        Action: "s3:*",
        Resource: [`arn:aws:s3:::${bucket}`, `arn:aws:s3:::${bucket}/*`],
        Condition: { Bool: { "aws:SecureTransport": "false" } },
      },
    ],
  });
}

function ecrPolicy(keep: number): string {
  return JSON.stringify({
    rules: [
      {
        rulePriority: 1,
        description: `keep ${keep} images`,
        selection: { tagStatus: "any", countType: "imageCountMoreThan", countNumber: keep },
        action: { type: "expire" },
      },
    ],
  });
}

export interface Variant {
  readonly auroraRetention: number;
  readonly auroraDeletionProtection: boolean;
  readonly auroraSkipFinalSnapshot: boolean;
  readonly auroraDeleteAutomatedBackups: boolean;
  readonly auroraMaxCapacity: number;
  readonly backupSchedule: string;
  /** An inline `lifecycle_rule` expiring the assets bucket's objects after this many days (the bucket's deprecated block). */
  readonly assetsInlineExpiryDays?: number;
  readonly dbRetention: number;
  readonly dbClass: string;
  readonly forceDestroy: boolean;
  readonly versioning: string;
  readonly lifecycleRules: Json[];
  readonly objectLockDays: number;
  readonly keyEnabled: boolean;
  readonly keyRoot: boolean;
  readonly keyBypass: boolean;
  readonly keyWindow: number;
  readonly keyDescription: string;
  readonly secretWindow: number;
  readonly ecrForceDelete: boolean;
  readonly ecrKeep: number;
  readonly auditRetention: number;
  readonly pitr: boolean;
  readonly tableProtection: boolean;
  readonly backupDeleteAfter: number;
  readonly userPoolProtection: string;
  readonly publicAccessBlock: boolean;
  readonly ecrMutability: string;
  readonly secretValue: string;
  readonly lockMinRetention: number;
  readonly vaultForceDestroy: boolean;
  readonly dbDeleteAutomatedBackups: boolean;
  readonly sessionsTtl: boolean;
  readonly efsBackup: string;
  readonly cacheSnapshots: number;
  readonly tags: Record<string, string>;
  /** The secret's `environment-type` tag (the stacks set it as a default tag), read by the review from the prior state. */
  readonly environmentType: string;
}

const BASE: Variant = {
  auroraRetention: 14,
  auroraDeletionProtection: true,
  auroraSkipFinalSnapshot: false,
  auroraDeleteAutomatedBackups: false,
  auroraMaxCapacity: 4,
  backupSchedule: "cron(0 3 * * ? *)",
  dbRetention: 7,
  dbClass: "db.t4g.micro",
  forceDestroy: false,
  versioning: "Enabled",
  lifecycleRules: [
    { id: "abort-uploads", status: "Enabled", filter: [{}], abort_incomplete_multipart_upload: [{ days_after_initiation: 7 }] },
    { id: "old-versions", status: "Enabled", filter: [{}], noncurrent_version_expiration: [{ noncurrent_days: 90 }] },
  ],
  objectLockDays: 30,
  keyEnabled: true,
  keyRoot: true,
  keyBypass: false,
  keyWindow: 30,
  keyDescription: "data key",
  secretWindow: 30,
  ecrForceDelete: false,
  ecrKeep: 30,
  auditRetention: 365,
  pitr: true,
  tableProtection: true,
  backupDeleteAfter: 35,
  userPoolProtection: "ACTIVE",
  publicAccessBlock: true,
  ecrMutability: "IMMUTABLE",
  secretValue: "first",
  lockMinRetention: 7,
  vaultForceDestroy: false,
  dbDeleteAutomatedBackups: false,
  sessionsTtl: false,
  efsBackup: "ENABLED",
  cacheSnapshots: 7,
  tags: { team: "data" },
  environmentType: "production",
};

/** The resources every variant has, with the variant's values. */
function resources(v: Variant): Json {
  const tags = v.tags;
  return {
    aws_rds_cluster: {
      Aurora: {
        cluster_identifier: "rw-aurora",
        engine: "aurora-postgresql",
        engine_version: "16.4",
        master_username: "app",
        manage_master_user_password: true,
        storage_encrypted: true,
        backup_retention_period: v.auroraRetention,
        deletion_protection: v.auroraDeletionProtection,
        skip_final_snapshot: v.auroraSkipFinalSnapshot,
        final_snapshot_identifier: "rw-aurora-final",
        delete_automated_backups: v.auroraDeleteAutomatedBackups,
        serverlessv2_scaling_configuration: [{ min_capacity: 0.5, max_capacity: v.auroraMaxCapacity }],
        tags,
      },
    },
    aws_db_instance: {
      Reporting: {
        identifier: "rw-reporting",
        engine: "postgres",
        engine_version: "16.4",
        instance_class: v.dbClass,
        allocated_storage: 20,
        username: "app",
        manage_master_user_password: true,
        storage_encrypted: true,
        backup_retention_period: v.dbRetention,
        delete_automated_backups: v.dbDeleteAutomatedBackups,
        deletion_protection: true,
        skip_final_snapshot: false,
        final_snapshot_identifier: "rw-reporting-final",
        tags,
      },
    },
    aws_s3_bucket: {
      Assets: {
        bucket: "rw-assets",
        force_destroy: v.forceDestroy,
        tags,
        ...(v.assetsInlineExpiryDays === undefined
          ? {}
          : { lifecycle_rule: [{ id: "expire", enabled: true, expiration: [{ days: v.assetsInlineExpiryDays }] }] }),
      },
      Locked: { bucket: "rw-locked", object_lock_enabled: true, tags },
    },
    aws_s3_bucket_public_access_block: {
      Assets: {
        bucket: "rw-assets",
        block_public_acls: v.publicAccessBlock,
        block_public_policy: v.publicAccessBlock,
        ignore_public_acls: v.publicAccessBlock,
        restrict_public_buckets: v.publicAccessBlock,
      },
    },
    aws_s3_bucket_policy: { Assets: { bucket: "rw-assets", policy: tlsOnly("rw-assets") } },
    aws_s3_bucket_versioning: { Assets: { bucket: "rw-assets", versioning_configuration: [{ status: v.versioning }] } },
    aws_s3_bucket_lifecycle_configuration: { Assets: { bucket: "rw-assets", rule: v.lifecycleRules } },
    aws_s3_bucket_object_lock_configuration: {
      Locked: { bucket: "rw-locked", rule: [{ default_retention: [{ mode: "COMPLIANCE", days: v.objectLockDays }] }] },
    },
    aws_kms_key: {
      Key: {
        description: v.keyDescription,
        is_enabled: v.keyEnabled,
        enable_key_rotation: true,
        deletion_window_in_days: v.keyWindow,
        bypass_policy_lockout_safety_check: v.keyBypass,
        policy: keyPolicy(v.keyRoot),
        tags,
      },
    },
    aws_kms_alias: { Key: { name: "alias/rw-data", target_key_id: "0b5d6e4f-1111-4a2b-9c3d-0123456789ab" } },
    aws_secretsmanager_secret: {
      Secret: { name: "rw/service", recovery_window_in_days: v.secretWindow, tags: { ...tags, "environment-type": v.environmentType } },
    },
    aws_secretsmanager_secret_version: { Secret: { secret_id: "rw/service", secret_string: v.secretValue } },
    aws_ecr_repository: { Repo: { name: "rw-api", force_delete: v.ecrForceDelete, image_tag_mutability: v.ecrMutability, tags } },
    aws_ecr_lifecycle_policy: { Repo: { repository: "rw-api", policy: ecrPolicy(v.ecrKeep) } },
    aws_cloudwatch_log_group: { Audit: { name: "/rw/audit", retention_in_days: v.auditRetention, tags } },
    aws_dynamodb_table: {
      Sessions: {
        name: "rw-sessions",
        billing_mode: "PAY_PER_REQUEST",
        hash_key: "id",
        attribute: [{ name: "id", type: "S" }],
        point_in_time_recovery: [{ enabled: v.pitr }],
        ttl: [{ enabled: v.sessionsTtl, attribute_name: v.sessionsTtl ? "expires_at" : "" }],
        deletion_protection_enabled: v.tableProtection,
        tags,
      },
    },
    aws_efs_file_system: { Shared: { creation_token: "rw-shared", encrypted: true, tags } },
    aws_efs_backup_policy: { Shared: { file_system_id: "fs-0123456789abcdef0", backup_policy: [{ status: v.efsBackup }] } },
    aws_elasticache_cluster: {
      Sessions: {
        cluster_id: "rw-sessions",
        engine: "redis",
        node_type: "cache.t4g.micro",
        num_cache_nodes: 1,
        snapshot_retention_limit: v.cacheSnapshots,
      },
    },
    aws_backup_vault: { Vault: { name: "rw-vault", force_destroy: v.vaultForceDestroy, tags }, Locked: { name: "rw-locked-vault", tags } },
    aws_backup_vault_lock_configuration: {
      Locked: {
        backup_vault_name: "rw-locked-vault",
        min_retention_days: v.lockMinRetention,
        max_retention_days: 365,
        changeable_for_days: 3,
      },
    },
    aws_cognito_user_pool: { Users: { name: "rw-users", deletion_protection: v.userPoolProtection, tags } },
    aws_backup_plan: {
      Plan: {
        name: "rw-daily",
        rule: [
          {
            rule_name: "daily",
            target_vault_name: "rw-vault",
            schedule: v.backupSchedule,
            lifecycle: [{ delete_after: v.backupDeleteAfter }],
          },
        ],
        tags,
      },
    },
    aws_cloudwatch_metric_alarm: {
      Errors: {
        alarm_name: "rw-errors",
        namespace: "AWS/ApplicationELB",
        metric_name: "HTTPCode_ELB_5XX_Count",
        statistic: "Sum",
        period: 60,
        evaluation_periods: 1,
        threshold: 5,
        comparison_operator: "GreaterThanThreshold",
      },
    },
  };
}

/** Resources only the baseline (and the harmless variant) has: the harmful variant deletes, replaces or forgets them. */
function doomed(replaced: { bucket: string; logs: string; table: string }): Json {
  return {
    aws_s3_object: { Config: { bucket: "rw-assets", key: "config.json", content: "{}" } },
    aws_elasticache_cluster: { Cache: { cluster_id: "rw-cache", engine: "redis", node_type: "cache.t4g.micro", num_cache_nodes: 1 } },
    aws_backup_vault: { OldVault: { name: "rw-old-vault" } },
    aws_backup_vault_lock_configuration: { Vault: { backup_vault_name: "rw-vault", min_retention_days: 7, max_retention_days: 365 } },
    aws_cloudwatch_log_group: { OldLogs: { name: "/rw/old" } },
    aws_s3_bucket: { Scratch: { bucket: replaced.bucket } },
    aws_cloudwatch_log_group_cbd: { Events: { name: replaced.logs, lifecycle: { create_before_destroy: true } } },
    aws_dynamodb_table: {
      Archive: { name: replaced.table, billing_mode: "PAY_PER_REQUEST", hash_key: "id", attribute: [{ name: "id", type: "S" }] },
    },
  };
}

/** Types that hold no data: the harmless variant deletes one and forgets the other. */
const alarm = (name: string): Json => ({
  alarm_name: name,
  namespace: "AWS/RDS",
  metric_name: "CPUUtilization",
  statistic: "Average",
  period: 300,
  evaluation_periods: 1,
  threshold: 90,
  comparison_operator: "GreaterThanThreshold",
});
const NO_DATA: Json = { aws_cloudwatch_metric_alarm: { Old: alarm("rw-old"), Forgotten: alarm("rw-forgotten") } };

/** Deep-merges resource maps by type. */
function merge(...maps: Json[]): Json {
  const out: Json = {};
  for (const map of maps) for (const [type, byName] of Object.entries(map)) out[type] = { ...(out[type] ?? {}), ...byName };
  // The create-before-destroy log group lives under its real type.
  if (out.aws_cloudwatch_log_group_cbd) {
    out.aws_cloudwatch_log_group = { ...(out.aws_cloudwatch_log_group ?? {}), ...out.aws_cloudwatch_log_group_cbd };
    delete out.aws_cloudwatch_log_group_cbd;
  }
  return out;
}

function moduleFiles(kind: "baseline" | "harmful" | "harmless"): Record<string, Json> {
  const logsRetention = kind === "harmful" ? 1 : 365;
  const storage: Json = {
    module: { logs: { source: "./logs" } },
    resource: { aws_cloudwatch_log_group: { Keep: { name: "/rw/module/keep", tags: { team: "data" } } } },
  };
  if (kind !== "harmful")
    storage.resource.aws_s3_bucket = {
      Bucket: { bucket: "rw-module-bucket", tags: kind === "harmless" ? { team: "data", cost: "b" } : { team: "data" } },
    };
  return {
    storage,
    "storage/logs": { resource: { aws_cloudwatch_log_group: { Nested: { name: "/rw/module/nested", retention_in_days: logsRetention } } } },
  };
}

export const BASELINE: Configuration = {
  root: {
    module: { storage: { source: "./storage" } },
    resource: merge(resources(BASE), doomed({ bucket: "rw-scratch", logs: "/rw/events", table: "rw-archive" }), NO_DATA),
  },
  modules: moduleFiles("baseline"),
};

export const HARMFUL_VARIANT: Variant = {
  ...BASE,
  auroraRetention: 1,
  auroraDeletionProtection: false,
  auroraSkipFinalSnapshot: true,
  dbRetention: 0,
  forceDestroy: true,
  versioning: "Suspended",
  lifecycleRules: [
    BASE.lifecycleRules[0],
    { id: "old-versions", status: "Enabled", filter: [{}], noncurrent_version_expiration: [{ noncurrent_days: 1 }] },
    { id: "expire-all", status: "Enabled", filter: [{}], expiration: [{ days: 1 }] },
  ],
  objectLockDays: 1,
  keyEnabled: false,
  keyRoot: false,
  keyBypass: true,
  keyWindow: 7,
  secretWindow: 0,
  ecrForceDelete: true,
  ecrKeep: 3,
  auditRetention: 1,
  pitr: false,
  tableProtection: false,
  backupDeleteAfter: 1,
  userPoolProtection: "INACTIVE",
  publicAccessBlock: false,
  ecrMutability: "MUTABLE",
  secretValue: "second",
  lockMinRetention: 1,
  vaultForceDestroy: true,
  dbDeleteAutomatedBackups: true,
  auroraDeleteAutomatedBackups: true,
  sessionsTtl: true,
  efsBackup: "DISABLED",
  cacheSnapshots: 0,
  environmentType: "non-production",
};

export const HARMFUL: Configuration = {
  root: {
    module: { storage: { source: "./storage" } },
    resource: merge(resources(HARMFUL_VARIANT), NO_DATA, {
      // Replaced (delete,create): a new bucket name; create,delete: a new log group name with create_before_destroy.
      aws_s3_bucket: { Scratch: { bucket: "rw-scratch-2" } },
      aws_cloudwatch_log_group_cbd: { Events: { name: "/rw/events-2", lifecycle: { create_before_destroy: true } } },
    }),
    // Forgotten: Terraform lets go of the table, which then has no protection from this project.
    removed: [{ from: "aws_dynamodb_table.Archive", lifecycle: { destroy: false } }],
  },
  modules: moduleFiles("harmful"),
};

export const HARMLESS_VARIANT: Variant = {
  ...BASE,
  auroraRetention: 21,
  dbRetention: 14,
  dbClass: "db.t4g.small",
  lifecycleRules: [
    { ...BASE.lifecycleRules[0], abort_incomplete_multipart_upload: [{ days_after_initiation: 3 }] },
    { id: "old-versions", status: "Enabled", filter: [{}], noncurrent_version_expiration: [{ noncurrent_days: 180 }] },
  ],
  objectLockDays: 60,
  keyDescription: "data key (Aurora, S3)",
  ecrKeep: 50,
  auditRetention: 731,
  backupDeleteAfter: 90,
  auroraMaxCapacity: 8,
  tags: { team: "data", cost: "b" },
};

/** A new service's own bucket and repository, each configured by exactly its name or id: new data, nothing live. */
const NEW_SERVICE: Json = {
  aws_s3_bucket: { Svc: { bucket: "rw-svc", tags: { team: "svc" } } },
  aws_s3_bucket_versioning: { Svc: { bucket: "${aws_s3_bucket.Svc.id}", versioning_configuration: [{ status: "Enabled" }] } },
  aws_s3_bucket_lifecycle_configuration: {
    Svc: { bucket: "${aws_s3_bucket.Svc.bucket}", rule: [{ id: "expire", status: "Enabled", filter: [{}], expiration: [{ days: 30 }] }] },
  },
  aws_s3_bucket_public_access_block: {
    Svc: {
      bucket: "${aws_s3_bucket.Svc.id}",
      block_public_acls: true,
      block_public_policy: true,
      ignore_public_acls: true,
      restrict_public_buckets: true,
    },
  },
  aws_s3_bucket_policy: { Svc: { bucket: "${aws_s3_bucket.Svc.id}", policy: tlsOnly("rw-svc") } },
  aws_ecr_repository: { Svc: { name: "rw-svc", image_tag_mutability: "IMMUTABLE" } },
  aws_ecr_lifecycle_policy: { Svc: { repository: "${aws_ecr_repository.Svc.name}", policy: ecrPolicy(10) } },
};

export const HARMLESS: Configuration = {
  root: {
    module: { storage: { source: "./storage" } },
    resource: merge(resources(HARMLESS_VARIANT), doomed({ bucket: "rw-scratch", logs: "/rw/events", table: "rw-archive" }), NEW_SERVICE, {
      // New resources.
      aws_s3_bucket: { New: { bucket: "rw-new", tags: { team: "data" } } },
      aws_sns_topic: { Alerts: { name: "rw-alerts" } },
      // A type that holds no data, replaced (a new alarm name forces it).
      aws_cloudwatch_metric_alarm: {
        Errors: {
          alarm_name: "rw-errors-5xx",
          namespace: "AWS/ApplicationELB",
          metric_name: "HTTPCode_ELB_5XX_Count",
          statistic: "Sum",
          period: 60,
          evaluation_periods: 1,
          threshold: 5,
          comparison_operator: "GreaterThanThreshold",
        },
      },
    }),
    removed: [{ from: "aws_cloudwatch_metric_alarm.Forgotten", lifecycle: { destroy: false } }],
  },
  modules: moduleFiles("harmless"),
};

/** One expiry rule for every object after a day. */
const EXPIRE_ALL = [{ id: "expire", status: "Enabled", filter: [{}], expiration: [{ days: 1 }] }];

/** The live resources of the baseline, changed only in ways the update rules do not see, and new resources aimed at them. */
function productionAttacks(): Json {
  const live = merge(resources({ ...BASE, backupSchedule: "cron(0 3 1 1 ? 2099)", assetsInlineExpiryDays: 1 }), {
    // A new bucket and repository whose names the decoy expressions below turn into the live ones.
    aws_s3_bucket: { Decoy: { bucket: "rw-decoy" } },
    aws_ecr_repository: { Decoy: { name: "rw-decoy" } },
    aws_s3_bucket_lifecycle_configuration: {
      Decoy: { bucket: '${replace(aws_s3_bucket.Decoy.id, "rw-decoy", "")}rw-assets', rule: EXPIRE_ALL },
    },
    aws_s3_bucket_versioning: {
      Decoy: {
        bucket: '${trimsuffix(join("", ["rw-assets", aws_s3_bucket.Decoy.id]), aws_s3_bucket.Decoy.id)}',
        versioning_configuration: [{ status: "Suspended" }],
      },
    },
    aws_ecr_lifecycle_policy: {
      Decoy: { repository: '${replace(aws_ecr_repository.Decoy.id, "rw-decoy", "rw-api")}', policy: ecrPolicy(1) },
    },
    // The data key's alias, moved to a new key.
    aws_kms_key: { Other: { description: "another key" } },
    aws_kms_alias: { Key: { name: "alias/rw-data", target_key_id: "${aws_kms_key.Other.key_id}" } },
  });
  // Deleted: the bucket's public access block and its TLS-only policy. Forgotten: the repository's lifecycle policy.
  delete live.aws_s3_bucket_public_access_block;
  delete live.aws_s3_bucket_policy;
  delete live.aws_ecr_lifecycle_policy.Repo;
  return live;
}

export const PRODUCTION: Configuration = {
  root: {
    module: { storage: { source: "./storage" } },
    resource: merge(productionAttacks(), doomed({ bucket: "rw-scratch", logs: "/rw/events", table: "rw-archive" }), NO_DATA),
    removed: [{ from: "aws_ecr_lifecycle_policy.Repo", lifecycle: { destroy: false } }],
  },
  modules: moduleFiles("baseline"),
};
