import { CiPolicyContext, Statement, environmentPrefix, iamArn } from "./ci-policy-context";

/** The stack role AWS Backup runs as (`Naming.role("backup")`): the one role that expires the snapshots AWS Backup made. */
export function backupRoleArn(context: CiPolicyContext): string {
  return iamArn(context, "role", `${environmentPrefix(context)}.backup`);
}

/**
 * The production data denies of the permissions boundary: whatever policy a role under the boundary is
 * given (even `Action: *`, put there by a compromised deploy job), it never deletes or shares the database,
 * its snapshots or backups, the environment's buckets and object versions, never unprotects a key, never
 * deletes a secret or reads the database's master password, never stops the audit trail or deletes the
 * cluster's audit log, never deletes images. Explicit denies: they win over any allow (IAM's evaluation),
 * and hold even if a later allow-list row grew too wide.
 */
export function productionBoundaryDenies(context: CiPolicyContext): Statement[] {
  const { partition, accountId } = context;
  const prefix = environmentPrefix(context);
  const arn = (service: string, resource: string) => `arn:${partition}:${service}:*:${accountId}:${resource}`;
  const backupSnapshots = arn("rds", "*snapshot:awsbackup:*");
  return [
    {
      sid: "ProdNeverDeletes",
      effect: "Deny",
      actions: [
        "rds:DeleteDBCluster",
        // Sharing a snapshot with another account hands it the data.
        "rds:ModifyDB*SnapshotAttribute",
        // Recovery points, their retention, the vault, its lock and access policy, plans and selections.
        "backup:Delete*",
        "backup:UpdateRecoveryPointLifecycle",
        "backup:PutBackupVaultAccessPolicy",
        // Key ids are not known when the boundary is made: every alias of the account. A key without its alias
        // loses the deploy role's policy-edit deny; deletion and policy edits are denied in every environment.
        "kms:DeleteAlias",
        "kms:UpdateAlias",
        // The service secrets are set outside Terraform and kept in no backup.
        "secretsmanager:DeleteSecret",
        "ecr:BatchDeleteImage",
        "ecr:DeleteRepository",
        // The audit trail and every log group (the cluster's audit log, flow logs, WAF logs).
        "cloudtrail:StopLogging",
        "cloudtrail:DeleteTrail",
        "logs:DeleteLogGroup",
        "logs:DeleteLogStream",
      ],
      resources: ["*"],
    },
    // AWS Backup names its RDS recovery points `awsbackup:job-<id>` and deletes them with its service role when
    // they expire; every other snapshot stays, and no other role deletes one.
    { sid: "ProdKeepsSnapshots", effect: "Deny", actions: ["rds:DeleteDB*Snapshot"], notResources: [backupSnapshots] },
    {
      // Modifying the cluster can reset the master password (then the data is the caller's), and retained automated
      // backups are the data of a cluster: AWS Backup's role only. So are the grants only AWS Backup needs (the
      // allow-list's backup row): restoring a copy of the database, the S3 backups' inventory, notifications and rules.
      sid: "ProdOnlyBackup",
      effect: "Deny",
      actions: [
        "rds:DeleteDB*Snapshot",
        "rds:DeleteDB*AutomatedBackup",
        "rds:ModifyDBCluster",
        "rds:ModifyDBInstance",
        "rds:RestoreDB*",
        "s3:PutInventoryConfiguration",
        "s3:PutBucketNotification",
        "events:*Rule",
        "events:*Targets",
      ],
      resources: ["*"],
      condition: [{ test: "ArnNotEquals", variable: "aws:PrincipalArn", values: [backupRoleArn(context)] }],
    },
    {
      sid: "ProdKeepsBuckets",
      effect: "Deny",
      // Ownership controls stay BucketOwnerEnforced: with ACLs back on, an object ACL could grant another account.
      actions: [
        "s3:DeleteBucket",
        "s3:DeleteObjectVersion",
        "s3:PutBucketVersioning",
        "s3:PutLifecycleConfiguration",
        "s3:PutBucketPolicy",
        "s3:PutBucketOwnershipControls",
      ],
      resources: [`arn:${partition}:s3:::${prefix}-*`],
    },
    // A one-day retention on the cluster's audit log, the database's log, the flow logs or the WAF logs deletes
    // them as surely as DeleteLogGroup (denied above).
    {
      sid: "ProdKeepsLogs",
      effect: "Deny",
      actions: ["logs:PutRetentionPolicy"],
      resources: [
        arn("logs", "log-group:/aws/eks/*"),
        arn("logs", "log-group:/aws/rds/*"),
        arn("logs", `log-group:/${context.project}/${context.environmentName}/vpc-flow-logs*`),
        arn("logs", "log-group:aws-waf-logs-*"),
      ],
    },
    // RDS names the master user's secret it manages `rds!cluster-<id>`.
    {
      sid: "ProdNoMasterPassword",
      effect: "Deny",
      actions: ["secretsmanager:GetSecretValue"],
      resources: [arn("secretsmanager", "secret:rds!*")],
    },
  ];
}
