/**
 * Every update rule of the plan review, one file each. To add a rule: add a file `pr-<area>-<n>-<what>.ts` exporting
 * `rule: UpdateRule` (its id, title, the types it checks, why it exists, and its check), then one line below;
 * the review, the allow file (which names rule ids), the command's help and docs/plan-review.md read this list.
 */
import type { UpdateRule } from "./types";
import { rule as rds1BackupRetention } from "./pr-rds-1-backup-retention";
import { rule as rds2DeletionProtection } from "./pr-rds-2-deletion-protection";
import { rule as rds3FinalSnapshot } from "./pr-rds-3-final-snapshot";
import { rule as rds4AutomatedBackupsKept } from "./pr-rds-4-automated-backups-kept";
import { rule as s31ForceDestroy } from "./pr-s3-1-force-destroy";
import { rule as s32Versioning } from "./pr-s3-2-versioning";
import { rule as s33LifecycleExpiry } from "./pr-s3-3-lifecycle-expiry";
import { rule as s35PublicAccessBlock } from "./pr-s3-5-public-access-block";
import { rule as s34ObjectLock } from "./pr-s3-4-object-lock";
import { rule as kms1KeyEnabled } from "./pr-kms-1-key-enabled";
import { rule as kms2DeletionWindow } from "./pr-kms-2-deletion-window";
import { rule as kms3KeyPolicyRoot } from "./pr-kms-3-key-policy-root";
import { rule as kms4LockoutSafetyCheck } from "./pr-kms-4-lockout-safety-check";
import { rule as sm1RecoveryWindow } from "./pr-sm-1-recovery-window";
import { rule as ecr1ForceDelete } from "./pr-ecr-1-force-delete";
import { rule as ecr2LifecycleKeepsImages } from "./pr-ecr-2-lifecycle-keeps-images";
import { rule as ecr3ImmutableTags } from "./pr-ecr-3-immutable-tags";
import { rule as sm2SecretValueKept } from "./pr-sm-2-secret-value-kept";
import { rule as log1LogRetention } from "./pr-log-1-log-retention";
import { rule as ddb1PointInTimeRecovery } from "./pr-ddb-1-point-in-time-recovery";
import { rule as ddb2DeletionProtection } from "./pr-ddb-2-deletion-protection";
import { rule as ddb3Ttl } from "./pr-ddb-3-ttl";
import { rule as efs1AutomaticBackups } from "./pr-efs-1-automatic-backups";
import { rule as cache1SnapshotRetention } from "./pr-cache-1-snapshot-retention";
import { rule as cognito1DeletionProtection } from "./pr-cognito-1-deletion-protection";
import { rule as backup1Retention } from "./pr-backup-1-retention";
import { rule as backup2VaultLock } from "./pr-backup-2-vault-lock";
import { rule as backup3VaultForceDestroy } from "./pr-backup-3-vault-force-destroy";
import { rule as env1ProductionTagKept } from "./pr-env-1-production-tag-kept";

/** In the order the review runs them, and lists their findings. */
export const UPDATE_RULES: readonly UpdateRule[] = [
  rds1BackupRetention,
  rds2DeletionProtection,
  rds3FinalSnapshot,
  rds4AutomatedBackupsKept,
  s31ForceDestroy,
  s32Versioning,
  s33LifecycleExpiry,
  s35PublicAccessBlock,
  s34ObjectLock,
  kms1KeyEnabled,
  kms2DeletionWindow,
  kms3KeyPolicyRoot,
  kms4LockoutSafetyCheck,
  sm1RecoveryWindow,
  ecr1ForceDelete,
  ecr2LifecycleKeepsImages,
  ecr3ImmutableTags,
  sm2SecretValueKept,
  log1LogRetention,
  ddb1PointInTimeRecovery,
  ddb2DeletionProtection,
  ddb3Ttl,
  efs1AutomaticBackups,
  cache1SnapshotRetention,
  cognito1DeletionProtection,
  backup1Retention,
  backup2VaultLock,
  backup3VaultForceDestroy,
  env1ProductionTagKept,
];
