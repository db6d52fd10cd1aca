/**
 * Resource types that govern data held elsewhere: changing or removing one can expire, expose or
 * stop protecting data without touching the resource that holds it. In a production stack the
 * review treats them like the data-bearing types (`synthesized/data-bearing.ts`): every update must
 * be on the safe list, every destroy or forget is refused unless allowed, and a new one must
 * provably configure a resource created in the same plan.
 */

/** Where a governing resource names what it governs, and the attributes of a parent that are that name. */
export interface GovernedTarget {
  /** The attribute naming the governed resource (`bucket`, `repository`, `key_id`). */
  readonly attribute: string;
  /** Types it can govern, each with the attributes whose value the target takes (`aws_s3_bucket`: `id`, `bucket`). */
  readonly parents: Readonly<Record<string, readonly string[]>>;
}

export interface Governing {
  /** What it governs, completing "a change of it can ...". */
  readonly reason: string;
  /** Set for types that name an existing resource they govern: a create must name one created in the same plan. */
  readonly target?: GovernedTarget;
}

const BUCKET: GovernedTarget = { attribute: "bucket", parents: { aws_s3_bucket: ["id", "bucket"] } };
const REPOSITORY: GovernedTarget = { attribute: "repository", parents: { aws_ecr_repository: ["name", "id"] } };

/** The governing types, each with why. Types that hold data themselves are data-bearing as well (both apply). */
export const GOVERNING_TYPES: Readonly<Record<string, Governing>> = {
  aws_s3_bucket_lifecycle_configuration: { reason: "expire a bucket's objects and their noncurrent versions", target: BUCKET },
  aws_s3_bucket_versioning: { reason: "stop keeping overwritten and deleted objects as noncurrent versions", target: BUCKET },
  aws_s3_bucket_replication_configuration: { reason: "stop the second copy of a bucket, or copy its objects elsewhere", target: BUCKET },
  aws_s3_bucket_object_lock_configuration: { reason: "let locked object versions be deleted sooner", target: BUCKET },
  aws_s3_bucket_policy: {
    reason: "let another principal (or account) read, overwrite or delete a bucket's objects, or drop its TLS-only rule",
    target: BUCKET,
  },
  aws_s3_bucket_public_access_block: { reason: "let a bucket policy or ACL make a bucket's objects public", target: BUCKET },
  aws_s3_bucket_acl: { reason: "grant another account or everyone access to a bucket's objects", target: BUCKET },
  aws_s3_bucket_ownership_controls: { reason: "turn ACLs back on, so objects can be shared by ACL", target: BUCKET },
  aws_s3_object: { reason: "overwrite an object of a live bucket (a new version hides the old one)", target: BUCKET },
  aws_s3_bucket_inventory: { reason: "write the list of a bucket's objects (and their metadata) to another bucket", target: BUCKET },
  aws_s3_bucket_notification: { reason: "send every new object's key to a queue, topic or function", target: BUCKET },
  aws_s3_bucket_logging: { reason: "write who read what in a bucket to another bucket, or stop the access log", target: BUCKET },
  aws_s3_bucket_server_side_encryption_configuration: {
    reason: "encrypt new objects with another key (another account's, or one that may be deleted)",
    target: BUCKET,
  },
  aws_kms_key_policy: {
    reason: "let another account decrypt the data a key protects, or lock its administrators out for good",
    target: { attribute: "key_id", parents: { aws_kms_key: ["key_id", "id", "arn"] } },
  },
  aws_kms_alias: {
    reason: "point a name that services and IAM conditions trust at another key",
    target: { attribute: "target_key_id", parents: { aws_kms_key: ["key_id", "id", "arn"] } },
  },
  aws_backup_plan: { reason: "stop taking backups (a schedule that never fires), or keep them for less time" },
  aws_backup_selection: { reason: "take resources out of the backups" },
  aws_backup_vault: { reason: "let recovery points be deleted (force_destroy) or change who may delete them" },
  aws_backup_vault_policy: {
    reason: "let a principal delete recovery points",
    target: { attribute: "backup_vault_name", parents: { aws_backup_vault: ["name", "id"] } },
  },
  aws_backup_vault_lock_configuration: {
    reason: "let recovery points be deleted before their retention ends",
    target: { attribute: "backup_vault_name", parents: { aws_backup_vault: ["name", "id"] } },
  },
  aws_rds_cluster: { reason: "shorten backups, skip the final snapshot, or delete automated backups with the cluster" },
  aws_db_instance: { reason: "shorten backups, skip the final snapshot, or delete automated backups with the instance" },
  aws_secretsmanager_secret: { reason: "shorten the window in which a deleted secret can be restored" },
  aws_ecr_lifecycle_policy: { reason: "expire images that Deployments and rollbacks pull", target: REPOSITORY },
  aws_ecr_repository_policy: { reason: "let another principal (or account) pull, push or delete images", target: REPOSITORY },
  aws_eks_pod_identity_association: {
    reason: "hand a role's rights (to data, keys, backups) to the pods of another service account",
    target: { attribute: "role_arn", parents: { aws_iam_role: ["arn"] } },
  },
  aws_efs_backup_policy: {
    reason: "stop the automatic backups of a file system",
    target: { attribute: "file_system_id", parents: { aws_efs_file_system: ["id"] } },
  },
};

/** Why a type governs data, or undefined. */
export function governingReason(type: string): string | undefined {
  return Object.prototype.hasOwnProperty.call(GOVERNING_TYPES, type) ? GOVERNING_TYPES[type].reason : undefined;
}
