/**
 * Which Terraform resource types hold data, for `plan-review` (a plan that deletes, replaces or
 * forgets one is refused unless allowed) and for the rule pack (RW-DATA-1: in a production
 * environment every one carries `lifecycle.prevent_destroy`). One source for both.
 *
 * Deny by default: every type holds data unless it is on {@link NO_DATA_TYPES}, a short list of
 * types known to hold none (rules, attachments, associations, alarms, dashboards, network
 * plumbing), each with the reason. A type nobody classified counts as data-bearing: a new type
 * gets protected first and listed here only after someone checked what destroying it loses.
 *
 * Not listed on purpose (they count as data-bearing although they hold no bytes themselves):
 * - `aws_s3_bucket_versioning`: destroying it suspends versioning on the bucket;
 * - `aws_s3_bucket_object_lock_configuration`, `aws_backup_vault_lock_configuration`,
 *   `aws_backup_plan`, `aws_backup_selection`: destroying them strips a protection of the data;
 * - `aws_instance`, `helm_release`, `kubernetes_namespace_v1`: a root volume, a chart's
 *   StatefulSet or everything in a namespace may hold data; a resource of these types that holds
 *   none says so with a reasoned suppression of RW-DATA-1.
 */

/**
 * Types known to hold no data: destroying one loses configuration that Terraform re-creates, never data.
 * Each reason completes "holds no data: ...".
 */
export const NO_DATA_TYPES: Readonly<Record<string, string>> = {
  // Certificates, DNS, edge
  aws_acm_certificate: "a public certificate is re-issued on create (DNS validation records stay)",
  aws_acm_certificate_validation: "a wait for validation, nothing in AWS",
  aws_route53_record: "a DNS record, re-created from the configuration",
  aws_cognito_user_pool_client: "an app client (id and secret), re-created and handed to the ALB by Terraform; the users are in the pool",
  aws_cognito_user_pool_domain: "the hosted sign-in domain prefix; the users are in the pool",
  aws_wafv2_web_acl: "firewall rules, re-created from the configuration",
  aws_wafv2_web_acl_logging_configuration: "where WAF logs go; the logs stay in their log group or bucket",
  // Monitoring
  aws_cloudwatch_dashboard: "a dashboard layout; the metrics stay in CloudWatch",
  aws_cloudwatch_metric_alarm: "an alarm definition; the metrics stay in CloudWatch",
  aws_cloudwatch_composite_alarm: "an alarm definition over other alarms",
  aws_synthetics_canary:
    "a synthetic check's schedule and script, re-created from the configuration; its run artifacts stay in the logs bucket " +
    "and its metrics in CloudWatch",
  aws_cloudwatch_event_rule: "an event pattern or schedule",
  aws_cloudwatch_event_target: "where an event rule sends events",
  aws_flow_log: "where VPC flow logs go; the logs stay in their log group or bucket",
  aws_sns_topic: "SNS keeps no messages; subscribers are re-created from the configuration",
  aws_sns_topic_policy: "who may publish to a topic",
  aws_sns_topic_subscription: "a delivery target of a topic",
  aws_chatbot_slack_channel_configuration: "which Slack channel shows which topics; the workspace's authorisation stays in the account",
  aws_sqs_queue_policy: "who may send to a queue; the messages stay in the queue",
  // Identity and keys (names and permissions, not the keys)
  aws_iam_role: "a role and its trust policy, re-created from the configuration",
  aws_iam_role_policy: "an inline policy",
  aws_iam_role_policy_attachment: "an attachment of a managed policy",
  aws_iam_policy: "a managed policy document",
  aws_iam_instance_profile: "a container for a role",
  aws_iam_openid_connect_provider: "a trust anchor (issuer URL and thumbprints)",
  aws_kms_alias: "a name pointing at a key; the key and what it encrypts stay",
  // Network plumbing
  aws_vpc: "an address space; its replacement fails anyway while anything still uses it",
  aws_subnet: "an address range; its replacement fails anyway while anything still uses it",
  aws_internet_gateway: "a route to the internet",
  aws_nat_gateway: "a route out for private subnets",
  aws_eip: "a public address (not used for allow-listing in this project)",
  aws_route: "a route",
  aws_route_table: "a set of routes",
  aws_route_table_association: "an association of a subnet with a route table",
  aws_vpc_endpoint: "a private path to an AWS service",
  aws_security_group: "firewall rules",
  aws_default_security_group: "the default group's rules (closed in this project)",
  aws_security_group_rule: "a firewall rule",
  aws_vpc_security_group_ingress_rule: "a firewall rule",
  aws_vpc_security_group_egress_rule: "a firewall rule",
  aws_network_interface: "a network interface",
  aws_lb: "a load balancer; its access logs stay in their bucket",
  aws_lb_listener: "a listener of a load balancer",
  aws_lb_listener_rule: "a routing rule of a load balancer",
  aws_lb_target_group: "a set of targets",
  aws_lb_target_group_attachment: "an attachment of a target",
  // Compute that keeps nothing
  aws_launch_template: "a template for instances",
  aws_eks_cluster:
    "in this project everything on the cluster is re-created by Terraform and no workload keeps state on it: " +
    "a replacement is an outage of every workload, not lost data (the review still lists it)",
  aws_eks_node_group: "nodes are replaceable; their root volumes hold only images and logs already shipped",
  aws_eks_addon: "an add-on's installation, re-created from the configuration",
  aws_eks_access_entry: "who may use the cluster",
  aws_eks_access_policy_association: "a permission of an access entry",
  aws_eks_pod_identity_association: "which role a service account gets",
  aws_lambda_permission: "who may invoke a function",
  // CI
  aws_codebuild_project: "a build definition (the CI runner); its builds keep nothing, their logs stay in their log group",
  aws_codebuild_webhook: "which GitHub events start a build",
  aws_codeconnections_connection:
    "a link to the GitHub App installation; a new one needs one approval in the console (the environments' files then name its ARN)",
  // Configuration of data stores (the data sits in the store)
  aws_db_subnet_group: "where a database's instances may run",
  aws_db_parameter_group: "database settings",
  aws_rds_cluster_parameter_group: "database settings",
  aws_elasticache_subnet_group: "where a cache's nodes may run",
  aws_ecr_lifecycle_policy: "destroying it expires nothing (fewer images kept is an update rule)",
  aws_ecr_repository_policy: "who may pull or push",
  aws_s3_bucket_lifecycle_configuration: "destroying it expires nothing (expiration added or shortened is an update rule)",
  aws_s3_bucket_logging: "where access logs go; the logs stay in their bucket",
  aws_s3_bucket_ownership_controls: "object ownership setting",
  aws_s3_bucket_policy:
    "who may access the bucket; " +
    "losing it exposes nothing by itself (the public access block stays) and the synth rules RW-S3-2/RW-S3-4 require it",
  aws_s3_bucket_public_access_block: "a confidentiality setting, not data; the synth rule RW-S3-2 requires it on every bucket",
  aws_s3_bucket_server_side_encryption_configuration:
    "the default encryption of new objects; S3 keeps encrypting with SSE-S3 and existing objects keep theirs",
  aws_s3_bucket_notification: "where bucket events go",
  aws_secretsmanager_secret_version:
    "a version Terraform wrote from its own configuration; " +
    "the secret keeps its other versions (values set outside Terraform are not in a Terraform version)",
  // Steps of the apply (no state of their own beyond their trigger values)
  terraform_data: "a step run at apply time (a wait, a CRD apply); it stores only its trigger values",
  // Kubernetes objects this project re-creates from the configuration
  kubernetes_deployment_v1: "Pods are re-created from the configuration",
  kubernetes_service_v1: "a name and ports",
  kubernetes_ingress_v1: "routing rules (the load balancer is re-created by its controller)",
  kubernetes_horizontal_pod_autoscaler_v2: "a scaling rule",
  kubernetes_pod_disruption_budget_v1: "a disruption budget",
  kubernetes_service_account_v1: "a name for Pod identity",
};

/**
 * Why destroying some common data-bearing types loses data, in words a reviewer understands;
 * each completes "destroying it ...". A data-bearing type not here gets {@link UNCLASSIFIED_REASON}.
 */
export const DATA_BEARING_TYPES: Readonly<Record<string, string>> = {
  aws_rds_cluster:
    "deletes the Aurora cluster volume, i.e. the database; automated backups go with it, only a final snapshot (if enabled) remains",
  aws_rds_cluster_instance:
    "stops an Aurora instance: " +
    "replacing the writer fails over and drops every connection, and with no instance left the database is unreachable",
  aws_db_instance: "deletes the RDS database and its automated backups; only a final snapshot (if enabled) remains",
  aws_s3_bucket: "deletes the bucket's objects and every version of them (a state bucket holds the Terraform state of every stack)",
  aws_s3_object: "deletes the object (and, in an unversioned bucket, every trace of it)",
  aws_s3_bucket_versioning: "suspends versioning on the bucket: overwritten and deleted objects are no longer kept",
  aws_kms_key:
    "schedules the key for deletion: " +
    "once its window ends, everything encrypted with it (database, buckets, secrets, state) is unreadable for good",
  aws_ecr_repository: "deletes every image in the repository: running Deployments can no longer pull their (immutable) tags",
  aws_secretsmanager_secret:
    "deletes a secret whose values were put outside Terraform (they are not in the state): " +
    "the new secret starts empty, and the old name stays taken until its recovery window ends",
  aws_cloudwatch_log_group: "deletes every log event in the group (audit, flow and database logs)",
  aws_ebs_volume: "deletes the volume's blocks; only snapshots taken before remain",
  aws_efs_file_system: "deletes every file in the file system",
  aws_dynamodb_table: "deletes every item in the table; point-in-time recovery goes with it",
  aws_elasticache_cluster: "deletes the cache's data (sessions, queues) and, unless a final snapshot is named, its snapshots",
  aws_elasticache_replication_group: "deletes the cache's data (sessions, queues) and, unless a final snapshot is named, its snapshots",
  aws_backup_vault: "deletes the vault; its recovery points must be gone first, and its protection of them with it",
  aws_backup_vault_lock_configuration: "removes the vault lock: recovery points can then be deleted before their retention ends",
  aws_backup_plan: "stops taking backups",
  aws_cognito_user_pool:
    "deletes every user and their password: users cannot be exported with their passwords, so everyone must sign up again",
};

/** What the review says of a data-bearing type nobody described. */
export const UNCLASSIFIED_REASON =
  "may lose data: the type is not on the list of types known to hold none (src/synthesized/data-bearing.ts)";

const has = (map: Readonly<Record<string, string>>, type: string) => Object.prototype.hasOwnProperty.call(map, type);

/** Whether destroying a resource of this type may lose data or its protection (deny by default). */
export function isDataBearing(type: string): boolean {
  return !has(NO_DATA_TYPES, type);
}

/** Why destroying a resource of this type loses data, or undefined when the type is known to hold none. */
export function dataBearingReason(type: string): string | undefined {
  if (!isDataBearing(type)) return undefined;
  return has(DATA_BEARING_TYPES, type) ? DATA_BEARING_TYPES[type] : UNCLASSIFIED_REASON;
}
