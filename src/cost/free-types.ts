/**
 * Resource types that cost nothing by themselves: IAM, networking plumbing, configuration of
 * priced resources, and the Kubernetes objects that run on the (priced) nodes. A type that is
 * neither here nor priced by a meter stops the estimate: a new resource is never a silent zero.
 */
export const FREE_TYPES: ReadonlySet<string> = new Set([
  "aws_acm_certificate",
  // AWS Backup charges for what it stores and restores (per GB-month, usage), not for the vault, lock, plan or selection.
  "aws_backup_plan",
  "aws_backup_selection",
  "aws_backup_vault",
  "aws_backup_vault_lock_configuration",
  "aws_acm_certificate_validation",
  // The CI runner's webhook and the account's GitHub connection cost nothing; its build minutes are priced (meters/ci-runner.ts).
  "aws_codebuild_webhook",
  "aws_codeconnections_connection",
  "aws_cognito_user_pool_client",
  "aws_cognito_user_pool_domain",
  "aws_db_subnet_group",
  "aws_default_security_group",
  "aws_ecr_lifecycle_policy",
  // The rule is free; the images it caches are billed as ECR storage (the controller's: well under 1 GB, cents a month).
  "aws_ecr_pull_through_cache_rule",
  "aws_eks_access_entry",
  "aws_eks_access_policy_association",
  "aws_eks_pod_identity_association",
  "aws_iam_openid_connect_provider",
  "aws_iam_policy",
  "aws_iam_role",
  "aws_iam_role_policy",
  "aws_iam_role_policy_attachment",
  "aws_internet_gateway",
  "aws_kms_alias",
  // A target group costs nothing by itself: the ALB's hours and LCUs are priced (meters/load-balancer.ts).
  "aws_lb_target_group",
  // AWS Chatbot bills nothing; the SNS topics it reads are priced with the alarms' e-mails.
  "aws_chatbot_slack_channel_configuration",
  "aws_network_interface",
  "aws_rds_cluster_parameter_group",
  "aws_route",
  "aws_route53_record",
  "aws_route_table",
  "aws_route_table_association",
  "aws_s3_bucket_lifecycle_configuration",
  "aws_s3_bucket_logging",
  "aws_s3_bucket_ownership_controls",
  "aws_s3_bucket_policy",
  "aws_s3_bucket_public_access_block",
  "aws_s3_bucket_server_side_encryption_configuration",
  "aws_s3_bucket_versioning",
  "aws_security_group",
  "aws_sns_topic_policy",
  "aws_sns_topic_subscription",
  "aws_subnet",
  "aws_vpc",
  "aws_vpc_security_group_egress_rule",
  "aws_vpc_security_group_ingress_rule",
  "aws_wafv2_web_acl_association",
  "aws_wafv2_web_acl_logging_configuration",
  "helm_release",
  // Karpenter: EventBridge rules on AWS service events to the default bus are free; its SQS queue
  // costs per request only (long polling, about 130,000 a month, inside SQS's 1 million free requests);
  // terraform_data is Terraform's own (the destroy-time wait).
  "aws_cloudwatch_event_rule",
  "aws_cloudwatch_event_target",
  "aws_iam_instance_profile",
  "aws_sqs_queue",
  "aws_sqs_queue_policy",
  "terraform_data",
  "kubernetes_deployment_v1",
  "kubernetes_horizontal_pod_autoscaler_v2",
  "kubernetes_namespace_v1",
  "kubernetes_pod_disruption_budget_v1",
  "kubernetes_service_account_v1",
  "kubernetes_service_v1",
  // Terraform's built-in resource: the apps stack's wait for the controller's ALB (load-balancer-wait.ts) runs the
  // AWS CLI from the machine that applies. (The controller's CRDs are a Helm release of their own, with no kubectl step.)
  "terraform_data",
]);
