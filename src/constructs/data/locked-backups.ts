import { BackupPlan } from "@cdktf/provider-aws/lib/backup-plan";
import { BackupSelection } from "@cdktf/provider-aws/lib/backup-selection";
import { BackupVault } from "@cdktf/provider-aws/lib/backup-vault";
import { BackupVaultLockConfiguration } from "@cdktf/provider-aws/lib/backup-vault-lock-configuration";
import { DataAwsIamPolicyDocument } from "@cdktf/provider-aws/lib/data-aws-iam-policy-document";
import { IamRole } from "@cdktf/provider-aws/lib/iam-role";
import { IamRolePolicy } from "@cdktf/provider-aws/lib/iam-role-policy";
import { IamRolePolicyAttachment } from "@cdktf/provider-aws/lib/iam-role-policy-attachment";
import { Construct } from "constructs";
import { AwsEnvironment } from "../../aws-environment";
import { EncryptionKey, EncryptionKeyProps } from "../security/kms-key";

/** AWS managed policies of the AWS Backup service role: back up and restore, RDS/Aurora and S3. */
export const BACKUP_ROLE_POLICIES = [
  "service-role/AWSBackupServiceRolePolicyForBackup",
  "service-role/AWSBackupServiceRolePolicyForRestores",
  "AWSBackupServiceRolePolicyForS3Backup",
  "AWSBackupServiceRolePolicyForS3Restore",
];

/** AWS Backup refuses a compliance-mode lock whose grace time is under 3 days. */
export const MIN_CHANGEABLE_FOR_DAYS = 3;

export interface LockedBackupsProps {
  readonly environment: AwsEnvironment;
  /** `<project>-<env>`: the vault, plan, role and key alias are named after it. */
  readonly prefix: string;
  /** ARNs of the resources backed up (the Aurora cluster, the assets bucket). */
  readonly resourceArns: readonly string[];
  /** Keys the protected resources are encrypted with: the service role must read through them. */
  readonly sourceKeyArns: readonly string[];
  /** Days each recovery point is kept. The environment file owns the default (`backup.retentionDays`). */
  readonly retentionDays: number;
  /**
   * The vault lock's minimum retention: no one, root included, can delete a recovery point younger.
   * The environment file owns the default (`backup.minRetentionDays`).
   */
  readonly minRetentionDays: number;
  /** The vault lock's maximum retention. @default 3650 */
  readonly maxRetentionDays?: number;
  /**
   * Grace time in days before the compliance-mode lock becomes immutable (until then it can be
   * removed); at least 3. The environment file owns the default (`backup.changeableForDays`).
   */
  readonly changeableForDays: number;
  /** When the plan runs (AWS Backup cron, UTC). The environment file owns the default (`backup.schedule`). */
  readonly schedule: string;
  /** Copy every recovery point to this vault of another account. @default - no copy */
  readonly copyTo?: { readonly vaultArn: string; readonly retentionDays: number };
  /** Name of the Backup service role: a stack role name (`Naming.role`), the only names the deploy role may create. */
  readonly roleName: string;
  /** Make Terraform refuse any plan that destroys the vault, its key, its lock, the plan or the selection. @default false */
  readonly preventDestroy?: boolean;
  /** KMS deletion window of the vault key in days. The environment file owns the default (`kms.deletionWindowDays`). */
  readonly keyDeletionWindowDays: number;
  /** The vault key's destruction guard (see EncryptionKeyProps.destructionGuard). @default - no guard */
  readonly keyDestructionGuard?: EncryptionKeyProps["destructionGuard"];
}

/**
 * AWS Backup that no single credential can erase: a vault of its own with its own KMS key, a
 * vault lock in compliance mode (once its grace time has passed, no one, the account root
 * included, can delete a recovery point before the minimum retention, shorten retention or
 * delete the vault), a daily plan, a selection of the given resources, the service role it runs
 * as, and optionally a copy of every recovery point to a vault in another account.
 */
export class LockedBackups extends Construct {
  public readonly key: EncryptionKey;
  public readonly vault: BackupVault;
  public readonly lock: BackupVaultLockConfiguration;
  public readonly plan: BackupPlan;
  public readonly selection: BackupSelection;
  public readonly role: IamRole;

  constructor(scope: Construct, id: string, props: LockedBackupsProps) {
    super(scope, id);
    const { partition } = props.environment;
    const { retentionDays, minRetentionDays, changeableForDays } = props;
    const maxRetentionDays = props.maxRetentionDays ?? 3650;
    const problems: string[] = [];
    if (minRetentionDays < 1) problems.push(`minRetentionDays = ${minRetentionDays}: must be 1 or more`);
    if (retentionDays < minRetentionDays)
      problems.push(
        `retentionDays = ${retentionDays}: must be at least minRetentionDays (${minRetentionDays}), ` +
          "or the locked vault refuses every recovery point",
      );
    if (retentionDays > maxRetentionDays)
      problems.push(`retentionDays = ${retentionDays}: must be at most maxRetentionDays (${maxRetentionDays})`);
    if (changeableForDays < MIN_CHANGEABLE_FOR_DAYS)
      problems.push(`changeableForDays = ${changeableForDays}: must be ${MIN_CHANGEABLE_FOR_DAYS} or more (compliance mode)`);
    if (props.resourceArns.length === 0) problems.push("resourceArns: must name at least one resource");
    if (problems.length > 0) throw new Error(`LockedBackups ${id}: ${problems.join("; ")}`);

    this.key = new EncryptionKey(this, "Key", {
      environment: props.environment,
      alias: `${props.prefix}-backup`,
      description: `${props.prefix}: AWS Backup vault`,
      deletionWindowDays: props.keyDeletionWindowDays,
      preventDestroy: props.preventDestroy,
      destructionGuard: props.keyDestructionGuard,
    });
    this.vault = new BackupVault(this, "Vault", {
      name: `${props.prefix}-backup`,
      kmsKeyArn: this.key.arn,
      forceDestroy: false,
      lifecycle: props.preventDestroy ? { preventDestroy: true } : undefined,
    });
    // Removing the lock, the plan or the selection strips the data of its protection: production refuses it too.
    const lifecycle = props.preventDestroy ? { preventDestroy: true } : undefined;
    // changeable_for_days set = compliance mode (without it, governance mode, which a privileged user can lift).
    this.lock = new BackupVaultLockConfiguration(this, "Lock", {
      backupVaultName: this.vault.name,
      changeableForDays,
      minRetentionDays,
      maxRetentionDays,
      lifecycle,
    });

    const trust = new DataAwsIamPolicyDocument(this, "Trust", {
      // Only on behalf of this account's own backup jobs (the confused-deputy guard AWS recommends for service roles).
      statement: [
        {
          principals: [{ type: "Service", identifiers: ["backup.amazonaws.com"] }],
          actions: ["sts:AssumeRole"],
          condition: [{ test: "StringEquals", variable: "aws:SourceAccount", values: [props.environment.accountId] }],
        },
      ],
    });
    this.role = new IamRole(this, "Role", { name: props.roleName, assumeRolePolicy: trust.json });
    BACKUP_ROLE_POLICIES.forEach(
      (policy) =>
        new IamRolePolicyAttachment(this, policy.split("/").pop()!, {
          role: this.role.name,
          policyArn: `arn:${partition}:iam::aws:policy/${policy}`,
        }),
    );
    // Encrypted sources: Backup reads (and restores) through the data key, and writes with the vault key.
    const keys = new DataAwsIamPolicyDocument(this, "KeyPolicy", {
      statement: [
        {
          sid: "UseTheDataAndVaultKeys",
          actions: ["kms:Decrypt", "kms:Encrypt", "kms:GenerateDataKey", "kms:ReEncryptFrom", "kms:ReEncryptTo", "kms:DescribeKey"],
          resources: [...props.sourceKeyArns, this.key.arn],
        },
        {
          sid: "GrantsForAwsResourcesOnly",
          actions: ["kms:CreateGrant"],
          resources: [...props.sourceKeyArns, this.key.arn],
          condition: [{ test: "Bool", variable: "kms:GrantIsForAWSResource", values: ["true"] }],
        },
      ],
    });
    new IamRolePolicy(this, "Keys", { role: this.role.name, name: "encryption-keys", policy: keys.json });

    this.plan = new BackupPlan(this, "Plan", {
      name: `${props.prefix}-daily`,
      rule: [
        {
          ruleName: "daily",
          targetVaultName: this.vault.name,
          schedule: props.schedule,
          startWindow: 60,
          completionWindow: 480,
          lifecycle: { deleteAfter: retentionDays },
          copyAction: props.copyTo
            ? [{ destinationVaultArn: props.copyTo.vaultArn, lifecycle: { deleteAfter: props.copyTo.retentionDays } }]
            : undefined,
        },
      ],
      // The lock must be in place before the first recovery point lands.
      dependsOn: [this.lock],
      lifecycle,
    });
    this.selection = new BackupSelection(this, "Selection", {
      name: `${props.prefix}-data`,
      planId: this.plan.id,
      iamRoleArn: this.role.arn,
      resources: [...props.resourceArns],
      lifecycle,
    });
  }
}
