/**
 * What the plan role may call: the Describe/Get/List calls the AWS provider makes to refresh the
 * resource types this project creates, and nothing that returns data. Deliberately absent (and
 * tested): log events and queries (`logs:GetLogEvents`, `FilterLogEvents`, `StartQuery`), objects
 * (`s3:GetObject*`, granted only on the state bucket), image layers (`ecr:BatchGetImage`,
 * `GetDownloadUrlForLayer`), secret values (`secretsmanager:GetSecretValue`), WAF's sampled requests
 * (headers), Cognito users, metric data. No wildcard here may match one of those.
 *
 * A new resource type in a stack needs its read calls added here (the offline plan cannot tell:
 * an AccessDenied on the first pull request after the change does).
 */
export const PLAN_READ_ACTIONS = [
  "sts:GetCallerIdentity",
  // network
  "ec2:Describe*",
  "ec2:GetEbsEncryptionByDefault",
  "ec2:GetLaunchTemplateData",
  // data
  "rds:Describe*",
  "rds:ListTagsForResource",
  "kms:DescribeKey",
  "kms:GetKeyPolicy",
  "kms:GetKeyRotationStatus",
  "kms:ListAliases",
  "kms:ListResourceTags",
  "kms:ListKeys",
  "secretsmanager:DescribeSecret",
  "secretsmanager:GetResourcePolicy",
  "secretsmanager:ListSecrets",
  "ecr:DescribeRepositories",
  "ecr:DescribeRegistry",
  "ecr:GetLifecyclePolicy",
  "ecr:GetRepositoryPolicy",
  "ecr:ListTagsForResource",
  "s3:ListAllMyBuckets",
  "s3:GetBucket*",
  "s3:GetAccelerateConfiguration",
  "s3:GetAnalyticsConfiguration",
  "s3:GetEncryptionConfiguration",
  "s3:GetIntelligentTieringConfiguration",
  "s3:GetInventoryConfiguration",
  "s3:GetLifecycleConfiguration",
  "s3:GetMetricsConfiguration",
  "s3:GetReplicationConfiguration",
  // cluster
  "eks:Describe*",
  "eks:List*",
  "logs:DescribeLogGroups",
  "logs:DescribeMetricFilters",
  "logs:DescribeSubscriptionFilters",
  "logs:DescribeResourcePolicies",
  "logs:ListTagsForResource",
  "logs:ListTagsLogGroup",
  "cloudwatch:DescribeAlarms",
  "cloudwatch:GetDashboard",
  "cloudwatch:ListDashboards",
  "cloudwatch:ListTagsForResource",
  // apps: synthetic checks (the canary's configuration; its run results are metric data and artifacts, not read)
  "synthetics:GetCanary",
  "synthetics:ListTagsForResource",
  "sns:GetTopicAttributes",
  "sns:GetSubscriptionAttributes",
  "sns:ListSubscriptionsByTopic",
  "sns:ListTagsForResource",
  // the optional Slack channel of the SLO alerts (AWS Chatbot)
  "chatbot:DescribeSlackChannelConfigurations",
  "chatbot:ListTagsForResource",
  "acm:DescribeCertificate",
  "acm:ListCertificates",
  "acm:ListTagsForCertificate",
  "route53:GetHostedZone",
  "route53:GetChange",
  "route53:ListResourceRecordSets",
  "route53:ListTagsForResource",
  "wafv2:GetWebACL",
  "wafv2:GetWebACLForResource",
  "wafv2:GetLoggingConfiguration",
  "wafv2:ListTagsForResource",
  "wafv2:ListWebACLs",
  "cognito-idp:DescribeUserPool",
  "cognito-idp:DescribeUserPoolClient",
  "cognito-idp:DescribeUserPoolDomain",
  "cognito-idp:GetUserPoolMfaConfig",
  "cognito-idp:ListTagsForResource",
  // The front-end contract's parameters (apps stack): their metadata and tags, never a value (GetParameter* stays
  // scoped to the public AWS parameters: the account's other parameters may be SecureStrings).
  "ssm:DescribeParameters",
  "ssm:ListTagsForResource",
  "elasticloadbalancing:Describe*",
  // Karpenter's interruption queue and the rules that feed it; the pull-through cache of a NAT-less cluster
  "sqs:GetQueueAttributes",
  "sqs:GetQueueUrl",
  "sqs:ListQueueTags",
  "events:DescribeRule",
  "events:ListTargetsByRule",
  "events:ListTagsForResource",
  "ecr:DescribePullThroughCacheRules",
  // the CI runner (project and webhook are read together) and the account's GitHub connection
  "codebuild:BatchGetProjects",
  "codeconnections:GetConnection",
  "codeconnections:ListTagsForResource",
  // bootstrap and the boundary
  "iam:Get*",
  "iam:List*",
  // AWS Backup (vaults, plans, selections): configuration, not recovery points' contents
  "backup:DescribeBackupVault",
  "backup:GetBackupPlan",
  "backup:GetBackupSelection",
  "backup:GetBackupVaultAccessPolicy",
  "backup:GetBackupVaultNotifications",
  "backup:ListBackupPlans",
  "backup:ListBackupSelections",
  "backup:ListTags",
] as const;
