/**
 * Terraform resource types whose destruction loses data (or, for the Aurora instances, takes the
 * database down), so that `plan-review` refuses a plan that deletes or replaces one unless the run
 * names it with `--allow`. Each reason completes "destroying it ..." and is printed to the
 * reviewer as is, so it says what is lost, not how the type works.
 *
 * Deliberately not listed:
 * - `aws_kms_alias`, `aws_s3_bucket_*` settings, `aws_secretsmanager_secret_version`: a name or a
 *   setting, re-created from the configuration; the data sits in the key, bucket or secret.
 * - `aws_eks_cluster`: in this project everything on the cluster (services, controller, add-ons)
 *   is re-created by Terraform, and no workload keeps state on it. A replaced cluster is an outage
 *   of every workload, not lost data; this gate stays about data, so that an `--allow` remains rare
 *   and means "I accept losing this". Reviewers see the replacement in the table and the
 *   "Replaced resources" list.
 * - `aws_vpc`, `aws_subnet`: re-creatable; their replacement fails anyway while Aurora and the
 *   nodes still use them.
 */
export const DATA_BEARING_TYPES: Readonly<Record<string, string>> = {
  aws_rds_cluster: "deletes the Aurora cluster volume, i.e. the database; automated backups go with it, only a final snapshot (if enabled) remains",
  aws_rds_cluster_instance:
    "stops an Aurora instance: replacing the writer fails over and drops every connection, and with no instance left the database is unreachable",
  aws_db_instance: "deletes the RDS database and its automated backups; only a final snapshot (if enabled) remains",
  aws_s3_bucket: "deletes the bucket's objects and every version of them (a state bucket holds the Terraform state of every stack)",
  aws_kms_key: "schedules the key for deletion: once its window ends, everything encrypted with it (database, buckets, secrets, state) is unreadable for good",
  aws_ecr_repository: "deletes every image in the repository: running Deployments can no longer pull their (immutable) tags",
  aws_secretsmanager_secret:
    "deletes a secret whose values were put outside Terraform (they are not in the state): the new secret starts empty, and the old name stays taken until its recovery window ends",
  aws_ebs_volume: "deletes the volume's blocks; only snapshots taken before remain",
  aws_efs_file_system: "deletes every file in the file system",
  aws_dynamodb_table: "deletes every item in the table; point-in-time recovery goes with it",
  aws_cognito_user_pool: "deletes every user and their password: users cannot be exported with their passwords, so everyone must sign up again",
};

/** Why destroying a resource of this type loses data, or undefined when it does not. */
export function dataBearingReason(type: string): string | undefined {
  return Object.prototype.hasOwnProperty.call(DATA_BEARING_TYPES, type) ? DATA_BEARING_TYPES[type] : undefined;
}
