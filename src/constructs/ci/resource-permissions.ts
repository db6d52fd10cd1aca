/**
 * What Terraform's AWS provider (5.100.0) calls for each resource type (and data source) the stacks
 * synthesize: the deploy role's permissions are generated from this table (deploy-permissions.ts),
 * and the plan role's read list must cover every `read` here (ci-permission-tables.test.ts).
 *
 * - `write`: the calls of the type's Create, Update and Delete (tags included: the provider tags
 *   with a separate call on most services), and the calls AWS makes with the caller's rights on
 *   its behalf (RDS creating its managed master secret, a service creating a KMS grant), grouped
 *   by {@link Scope}: the names the calls may reach. A call IAM authorizes only on `*` goes under `any`.
 * - `read`: the Describe/Get/List calls of the type's Read (refresh, plan and after every write).
 *
 * A new resource type fails ci-permission-tables.test.ts until it has an entry here: a missing
 * write action is an `AccessDenied` on the first deploy that creates it (docs/ci.md, "A deploy
 * that hits AccessDenied"). Destruction that CI must never do (key deletion, the production
 * database, the state bucket's settings) is listed here when Terraform calls it, and denied by the
 * deploy role's explicit denies, which win over these allows.
 */

/**
 * The names a write may reach, each a set of ARN patterns of the environment's own resources
 * (`<project>-<env>-*` and `<project>/<env>/*`), see {@link scopeArns}:
 * - `any`: the service authorizes the call on `*` only, or on generated ids (EC2, ACM, Route 53, KMS keys, WAF);
 * - `databaseSecret`: the RDS-managed master secret (`rds!*`), which RDS creates with the caller's rights;
 * - `parameters`: the environment's own SSM parameters (`/<project>/<env>/*`, e.g. the front-end contract);
 * - `canaries`: the environment's CloudWatch Synthetics canaries (`<env>-…`, cut to 16 characters) and the Lambda
 *   functions and layers Synthetics makes for them with the caller's rights (`cwsyn-<canary>-…`);
 * - `publicParameters`: AWS's public SSM parameters (`/aws/service/*`), e.g. an AMI id EC2 resolves with the caller's rights;
 * - `stackIam`: the stacks' roles, policies and instance profiles: the deploy role's own IAM statements
 *   (github-ci-roles.ts) grant them, with the boundary condition, and the table only records them.
 */
export type Scope =
  | "any"
  | "stackIam"
  | "buckets"
  | "database"
  | "logGroups"
  | "repositories"
  | "secrets"
  | "topics"
  | "queues"
  | "eventRules"
  | "buildProjects"
  | "backupVaults"
  | "cluster"
  | "alarms"
  | "dashboards"
  | "keyAliases"
  | "databaseSecret"
  | "publicParameters"
  | "parameters"
  | "canaries";

export interface TypePermissions {
  /** Actions of Create, Update and Delete, by the names they may reach. */
  readonly write: Partial<Record<Scope, readonly string[]>>;
  /** Actions of Read. */
  readonly read: readonly string[];
  /**
   * Applied only by an administrator (the bootstrap stack): the deploy role gets none of its writes.
   * @default - the deploy role applies it
   */
  readonly bootstrapOnly?: string;
  /** Why the entry is what it is, when that is not obvious. @default - none */
  readonly note?: string;
}

const tags = {
  ec2: ["ec2:CreateTags", "ec2:DeleteTags"],
  rds: ["rds:AddTagsToResource", "rds:RemoveTagsFromResource"],
  eks: ["eks:TagResource", "eks:UntagResource"],
};

/** Services that encrypt with the environment's keys ask KMS for a grant and a data key with the caller's rights. */
const useKeyForAService = ["kms:CreateGrant", "kms:DescribeKey"];

/** Every type the stacks synthesize, by its Terraform name (resources and data sources in one table). */
export const RESOURCE_PERMISSIONS: Readonly<Record<string, TypePermissions>> = {
  aws_acm_certificate: {
    write: { any: ["acm:RequestCertificate", "acm:DeleteCertificate", "acm:AddTagsToCertificate", "acm:RemoveTagsFromCertificate"] },
    read: ["acm:DescribeCertificate", "acm:ListTagsForCertificate"],
  },
  aws_acm_certificate_validation: {
    write: {},
    read: ["acm:DescribeCertificate"],
    note: "waits for the certificate to be issued: reads only",
  },
  aws_backup_plan: {
    write: {
      any: ["backup:CreateBackupPlan", "backup:UpdateBackupPlan", "backup:DeleteBackupPlan", "backup:TagResource", "backup:UntagResource"],
    },
    read: ["backup:GetBackupPlan", "backup:ListTags"],
    note: "plan ARNs carry generated ids, not names",
  },
  aws_backup_selection: {
    write: { any: ["backup:CreateBackupSelection", "backup:DeleteBackupSelection"] },
    read: ["backup:GetBackupSelection"],
    note: "the selection's role is passed to backup.amazonaws.com by the deploy role's pass-role statement",
  },
  aws_backup_vault: {
    write: {
      backupVaults: ["backup:CreateBackupVault", "backup:DeleteBackupVault", "backup:TagResource", "backup:UntagResource"],
      any: ["backup-storage:MountCapsule", ...useKeyForAService],
    },
    read: ["backup:DescribeBackupVault", "backup:ListTags"],
    note: "AWS Backup's guide: creating a vault with a customer managed key needs backup-storage:MountCapsule and a KMS grant",
  },
  aws_backup_vault_lock_configuration: {
    write: { backupVaults: ["backup:PutBackupVaultLockConfiguration", "backup:DeleteBackupVaultLockConfiguration"] },
    read: ["backup:DescribeBackupVault"],
  },
  aws_backup_vault_policy: {
    write: { backupVaults: ["backup:PutBackupVaultAccessPolicy", "backup:DeleteBackupVaultAccessPolicy"] },
    read: ["backup:GetBackupVaultAccessPolicy"],
  },
  aws_chatbot_slack_channel_configuration: {
    write: {
      any: [
        "chatbot:CreateSlackChannelConfiguration",
        "chatbot:UpdateSlackChannelConfiguration",
        "chatbot:DeleteSlackChannelConfiguration",
        "chatbot:TagResource",
        "chatbot:UntagResource",
      ],
    },
    read: ["chatbot:DescribeSlackChannelConfigurations", "chatbot:ListTagsForResource"],
    note: "made through the provider of us-west-2, where Chatbot's API is served; the Slack workspace is authorised once in the console",
  },
  aws_cloudwatch_composite_alarm: {
    write: { alarms: ["cloudwatch:PutCompositeAlarm", "cloudwatch:DeleteAlarms", "cloudwatch:TagResource", "cloudwatch:UntagResource"] },
    read: ["cloudwatch:DescribeAlarms", "cloudwatch:ListTagsForResource"],
  },
  aws_cloudwatch_dashboard: {
    write: { dashboards: ["cloudwatch:PutDashboard", "cloudwatch:DeleteDashboards"] },
    read: ["cloudwatch:GetDashboard"],
  },
  aws_cloudwatch_event_rule: {
    write: { eventRules: ["events:PutRule", "events:DeleteRule", "events:TagResource", "events:UntagResource"] },
    read: ["events:DescribeRule", "events:ListTagsForResource"],
  },
  aws_cloudwatch_event_target: {
    write: { eventRules: ["events:PutTargets", "events:RemoveTargets"] },
    read: ["events:ListTargetsByRule"],
  },
  aws_cloudwatch_log_group: {
    write: {
      logGroups: [
        "logs:CreateLogGroup",
        "logs:DeleteLogGroup",
        "logs:PutRetentionPolicy",
        "logs:DeleteRetentionPolicy",
        "logs:AssociateKmsKey",
        "logs:DisassociateKmsKey",
        "logs:TagResource",
        "logs:UntagResource",
      ],
    },
    read: ["logs:DescribeLogGroups", "logs:ListTagsForResource"],
  },
  aws_cloudwatch_log_metric_filter: {
    write: { logGroups: ["logs:PutMetricFilter", "logs:DeleteMetricFilter"] },
    read: ["logs:DescribeMetricFilters"],
  },
  aws_cloudwatch_metric_alarm: {
    write: { alarms: ["cloudwatch:PutMetricAlarm", "cloudwatch:DeleteAlarms", "cloudwatch:TagResource", "cloudwatch:UntagResource"] },
    read: ["cloudwatch:DescribeAlarms", "cloudwatch:ListTagsForResource"],
  },
  aws_codebuild_project: {
    write: {
      buildProjects: ["codebuild:CreateProject", "codebuild:UpdateProject", "codebuild:DeleteProject"],
      // CodeBuild checks the caller may use the GitHub connection the project's source names.
      any: ["codeconnections:UseConnection", "codeconnections:PassConnection"],
    },
    read: ["codebuild:BatchGetProjects"],
    note: "its role is passed to codebuild.amazonaws.com by the runner's pass-role statement",
  },
  aws_codebuild_webhook: {
    write: { buildProjects: ["codebuild:CreateWebhook", "codebuild:UpdateWebhook", "codebuild:DeleteWebhook"] },
    read: ["codebuild:BatchGetProjects"],
  },
  aws_codeconnections_connection: {
    write: { any: ["codeconnections:CreateConnection", "codeconnections:DeleteConnection", "codeconnections:TagResource"] },
    read: ["codeconnections:GetConnection", "codeconnections:ListTagsForResource"],
    bootstrapOnly: "the account's GitHub connection is a bootstrap resource",
  },
  aws_cognito_user_pool: {
    write: {
      any: [
        "cognito-idp:CreateUserPool",
        "cognito-idp:UpdateUserPool",
        "cognito-idp:DeleteUserPool",
        "cognito-idp:SetUserPoolMfaConfig",
        "cognito-idp:TagResource",
        "cognito-idp:UntagResource",
      ],
    },
    read: ["cognito-idp:DescribeUserPool", "cognito-idp:GetUserPoolMfaConfig", "cognito-idp:ListTagsForResource"],
    note: "user pool ARNs carry generated ids",
  },
  aws_cognito_user_pool_client: {
    write: { any: ["cognito-idp:CreateUserPoolClient", "cognito-idp:UpdateUserPoolClient", "cognito-idp:DeleteUserPoolClient"] },
    read: ["cognito-idp:DescribeUserPoolClient"],
  },
  aws_cognito_user_pool_domain: {
    write: { any: ["cognito-idp:CreateUserPoolDomain", "cognito-idp:UpdateUserPoolDomain", "cognito-idp:DeleteUserPoolDomain"] },
    read: ["cognito-idp:DescribeUserPoolDomain"],
  },
  aws_db_subnet_group: {
    write: { database: ["rds:CreateDBSubnetGroup", "rds:ModifyDBSubnetGroup", "rds:DeleteDBSubnetGroup", ...tags.rds] },
    read: ["rds:DescribeDBSubnetGroups", "rds:ListTagsForResource"],
  },
  aws_default_security_group: {
    write: {
      any: [
        "ec2:AuthorizeSecurityGroupIngress",
        "ec2:AuthorizeSecurityGroupEgress",
        "ec2:RevokeSecurityGroupIngress",
        "ec2:RevokeSecurityGroupEgress",
        ...tags.ec2,
      ],
    },
    read: ["ec2:DescribeSecurityGroups"],
    note: "adopted, never created: the provider revokes the default group's rules",
  },
  aws_ecr_lifecycle_policy: {
    write: { repositories: ["ecr:PutLifecyclePolicy", "ecr:DeleteLifecyclePolicy"] },
    read: ["ecr:GetLifecyclePolicy"],
  },
  aws_ecr_pull_through_cache_rule: {
    write: { any: ["ecr:CreatePullThroughCacheRule", "ecr:UpdatePullThroughCacheRule", "ecr:DeletePullThroughCacheRule"] },
    read: ["ecr:DescribePullThroughCacheRules"],
    note: "IAM authorizes the rule on the registry's repository ARNs of the upstream prefix, not on the environment's names",
  },
  aws_ecr_repository: {
    write: {
      repositories: [
        "ecr:CreateRepository",
        "ecr:DeleteRepository",
        "ecr:PutImageTagMutability",
        "ecr:PutImageScanningConfiguration",
        "ecr:TagResource",
        "ecr:UntagResource",
      ],
      any: useKeyForAService,
    },
    read: ["ecr:DescribeRepositories", "ecr:ListTagsForResource"],
    note: "a repository encrypted with a customer managed key: ECR creates a grant with the caller's rights",
  },
  aws_eip: {
    write: { any: ["ec2:AllocateAddress", "ec2:ReleaseAddress", "ec2:DisassociateAddress", ...tags.ec2] },
    read: ["ec2:DescribeAddresses"],
  },
  aws_eks_access_entry: {
    write: { cluster: ["eks:CreateAccessEntry", "eks:UpdateAccessEntry", "eks:DeleteAccessEntry", ...tags.eks] },
    read: ["eks:DescribeAccessEntry"],
  },
  aws_eks_access_policy_association: {
    write: { cluster: ["eks:AssociateAccessPolicy", "eks:DisassociateAccessPolicy"] },
    read: ["eks:ListAssociatedAccessPolicies"],
  },
  aws_eks_addon: {
    write: { cluster: ["eks:CreateAddon", "eks:UpdateAddon", "eks:DeleteAddon", "eks:DescribeUpdate", ...tags.eks] },
    read: ["eks:DescribeAddon", "eks:DescribeAddonVersions"],
  },
  aws_eks_cluster: {
    write: {
      cluster: [
        "eks:CreateCluster",
        "eks:DeleteCluster",
        "eks:UpdateClusterConfig",
        "eks:UpdateClusterVersion",
        "eks:AssociateEncryptionConfig",
        "eks:DescribeUpdate",
        ...tags.eks,
      ],
      any: useKeyForAService,
    },
    read: ["eks:DescribeCluster"],
    note: "secrets encryption with the cluster key: EKS creates a grant with the caller's rights",
  },
  aws_eks_node_group: {
    write: {
      cluster: [
        "eks:CreateNodegroup",
        "eks:DeleteNodegroup",
        "eks:UpdateNodegroupConfig",
        "eks:UpdateNodegroupVersion",
        "eks:DescribeUpdate",
        ...tags.eks,
      ],
    },
    read: ["eks:DescribeNodegroup", "ec2:DescribeLaunchTemplateVersions"],
  },
  aws_eks_pod_identity_association: {
    write: {
      cluster: ["eks:CreatePodIdentityAssociation", "eks:UpdatePodIdentityAssociation", "eks:DeletePodIdentityAssociation", ...tags.eks],
    },
    read: ["eks:DescribePodIdentityAssociation"],
  },
  aws_flow_log: {
    write: { any: ["ec2:CreateFlowLogs", "ec2:DeleteFlowLogs", ...tags.ec2] },
    read: ["ec2:DescribeFlowLogs"],
  },
  aws_iam_instance_profile: {
    write: {
      stackIam: [
        "iam:CreateInstanceProfile",
        "iam:DeleteInstanceProfile",
        "iam:AddRoleToInstanceProfile",
        "iam:RemoveRoleFromInstanceProfile",
        "iam:TagInstanceProfile",
        "iam:UntagInstanceProfile",
      ],
    },
    read: ["iam:GetInstanceProfile"],
  },
  aws_iam_openid_connect_provider: {
    write: {
      any: [
        "iam:CreateOpenIDConnectProvider",
        "iam:DeleteOpenIDConnectProvider",
        "iam:UpdateOpenIDConnectProviderThumbprint",
        "iam:TagOpenIDConnectProvider",
        "iam:UntagOpenIDConnectProvider",
      ],
    },
    read: ["iam:GetOpenIDConnectProvider"],
    bootstrapOnly: "the account's GitHub OIDC provider is what the CI roles trust",
  },
  aws_iam_policy: {
    write: {
      stackIam: [
        "iam:CreatePolicy",
        "iam:CreatePolicyVersion",
        "iam:DeletePolicy",
        "iam:DeletePolicyVersion",
        "iam:TagPolicy",
        "iam:UntagPolicy",
      ],
    },
    read: ["iam:GetPolicy", "iam:GetPolicyVersion", "iam:ListPolicyVersions"],
    note: "today only the bootstrap stack creates policies (the boundary, the deploy role's); a stack's own would be <project>-<env>.*",
  },
  aws_iam_role: {
    write: {
      stackIam: [
        "iam:CreateRole",
        "iam:DeleteRole",
        "iam:UpdateRole",
        "iam:UpdateRoleDescription",
        "iam:UpdateAssumeRolePolicy",
        "iam:PutRolePermissionsBoundary",
        "iam:TagRole",
        "iam:UntagRole",
      ],
    },
    read: ["iam:GetRole", "iam:ListRolePolicies", "iam:ListAttachedRolePolicies", "iam:ListInstanceProfilesForRole"],
  },
  aws_iam_role_policy: {
    write: { stackIam: ["iam:PutRolePolicy", "iam:DeleteRolePolicy"] },
    read: ["iam:GetRolePolicy"],
  },
  aws_iam_role_policy_attachment: {
    write: { stackIam: ["iam:AttachRolePolicy", "iam:DetachRolePolicy"] },
    read: ["iam:ListAttachedRolePolicies"],
  },
  aws_instance: {
    write: {
      any: [
        "ec2:RunInstances",
        "ec2:TerminateInstances",
        "ec2:StartInstances",
        "ec2:StopInstances",
        "ec2:ModifyInstanceAttribute",
        "ec2:ModifyInstanceMetadataOptions",
        ...tags.ec2,
      ],
      // Its image is `resolve:ssm:/aws/service/ami-amazon-linux-latest/...`: EC2 reads the parameter with the caller's rights.
      publicParameters: ["ssm:GetParameters"],
    },
    read: ["ec2:DescribeInstances", "ec2:DescribeInstanceAttribute", "ec2:DescribeInstanceCreditSpecifications", "ec2:DescribeVolumes"],
    note: "the dev NAT instance; it carries no instance profile, so no role is passed to EC2",
  },
  aws_internet_gateway: {
    write: {
      any: [
        "ec2:CreateInternetGateway",
        "ec2:DeleteInternetGateway",
        "ec2:AttachInternetGateway",
        "ec2:DetachInternetGateway",
        ...tags.ec2,
      ],
    },
    read: ["ec2:DescribeInternetGateways"],
  },
  aws_kms_alias: {
    write: { keyAliases: ["kms:CreateAlias", "kms:UpdateAlias", "kms:DeleteAlias"] },
    read: ["kms:ListAliases"],
    note: "IAM checks alias calls on the alias and on its key; UpdateAlias and DeleteAlias are denied (the key policies' guard)",
  },
  aws_kms_key: {
    write: {
      any: [
        "kms:CreateKey",
        "kms:PutKeyPolicy",
        "kms:EnableKeyRotation",
        "kms:UpdateKeyDescription",
        "kms:ScheduleKeyDeletion",
        "kms:TagResource",
        "kms:UntagResource",
      ],
    },
    read: ["kms:DescribeKey", "kms:GetKeyPolicy", "kms:GetKeyRotationStatus", "kms:ListResourceTags"],
    note: "key ARNs carry generated ids; ScheduleKeyDeletion and an edit of an aliased key's policy are denied explicitly",
  },
  aws_launch_template: {
    write: {
      any: [
        "ec2:CreateLaunchTemplate",
        "ec2:CreateLaunchTemplateVersion",
        "ec2:ModifyLaunchTemplate",
        "ec2:DeleteLaunchTemplate",
        ...tags.ec2,
      ],
    },
    read: ["ec2:DescribeLaunchTemplates", "ec2:DescribeLaunchTemplateVersions"],
  },
  aws_lb_target_group: {
    write: {
      any: [
        "elasticloadbalancing:CreateTargetGroup",
        "elasticloadbalancing:ModifyTargetGroup",
        "elasticloadbalancing:ModifyTargetGroupAttributes",
        "elasticloadbalancing:DeleteTargetGroup",
        "elasticloadbalancing:AddTags",
        "elasticloadbalancing:RemoveTags",
      ],
    },
    read: [
      "elasticloadbalancing:DescribeTargetGroups",
      "elasticloadbalancing:DescribeTargetGroupAttributes",
      "elasticloadbalancing:DescribeTags",
    ],
    note: "a target group's ARN ends in a generated id, and the controller's own groups share its name space: `any`",
  },
  aws_nat_gateway: {
    write: { any: ["ec2:CreateNatGateway", "ec2:DeleteNatGateway", ...tags.ec2] },
    read: ["ec2:DescribeNatGateways"],
  },
  aws_network_interface: {
    write: {
      any: [
        "ec2:CreateNetworkInterface",
        "ec2:DeleteNetworkInterface",
        "ec2:ModifyNetworkInterfaceAttribute",
        "ec2:AttachNetworkInterface",
        "ec2:DetachNetworkInterface",
        ...tags.ec2,
      ],
    },
    read: ["ec2:DescribeNetworkInterfaces"],
  },
  aws_rds_cluster: {
    write: {
      // The final snapshot of a deletion is created under the cluster's name.
      database: ["rds:CreateDBCluster", "rds:ModifyDBCluster", "rds:DeleteDBCluster", "rds:CreateDBClusterSnapshot", ...tags.rds],
      // The RDS-managed master password: RDS creates and tags the secret, encrypted with the data key, with the caller's rights.
      databaseSecret: ["secretsmanager:CreateSecret", "secretsmanager:TagResource"],
      any: [...useKeyForAService, "kms:GenerateDataKey", "kms:Decrypt"],
    },
    read: ["rds:DescribeDBClusters", "rds:ListTagsForResource"],
  },
  aws_rds_cluster_instance: {
    write: { database: ["rds:CreateDBInstance", "rds:ModifyDBInstance", "rds:DeleteDBInstance", ...tags.rds], any: useKeyForAService },
    read: ["rds:DescribeDBInstances", "rds:ListTagsForResource"],
    note: "Performance Insights encrypted with the data key: a grant with the caller's rights",
  },
  aws_rds_cluster_parameter_group: {
    write: {
      database: [
        "rds:CreateDBClusterParameterGroup",
        "rds:ModifyDBClusterParameterGroup",
        "rds:ResetDBClusterParameterGroup",
        "rds:DeleteDBClusterParameterGroup",
        ...tags.rds,
      ],
    },
    read: ["rds:DescribeDBClusterParameterGroups", "rds:DescribeDBClusterParameters", "rds:ListTagsForResource"],
  },
  aws_route: {
    write: { any: ["ec2:CreateRoute", "ec2:ReplaceRoute", "ec2:DeleteRoute"] },
    read: ["ec2:DescribeRouteTables"],
  },
  aws_route53_record: {
    write: { any: ["route53:ChangeResourceRecordSets"] },
    read: ["route53:ListResourceRecordSets", "route53:GetChange"],
    note: "hosted zones are named by generated ids",
  },
  aws_route_table: {
    write: { any: ["ec2:CreateRouteTable", "ec2:DeleteRouteTable", ...tags.ec2] },
    read: ["ec2:DescribeRouteTables"],
  },
  aws_route_table_association: {
    write: { any: ["ec2:AssociateRouteTable", "ec2:DisassociateRouteTable", "ec2:ReplaceRouteTableAssociation"] },
    read: ["ec2:DescribeRouteTables"],
  },
  aws_s3_bucket: {
    write: { buckets: ["s3:CreateBucket", "s3:DeleteBucket", "s3:PutBucketTagging"] },
    read: [
      "s3:ListBucket",
      "s3:GetBucketLocation",
      "s3:GetBucketTagging",
      "s3:GetBucketAcl",
      "s3:GetBucketCORS",
      "s3:GetBucketWebsite",
      "s3:GetBucketVersioning",
      "s3:GetAccelerateConfiguration",
      "s3:GetBucketRequestPayment",
      "s3:GetBucketLogging",
      "s3:GetLifecycleConfiguration",
      "s3:GetReplicationConfiguration",
      "s3:GetEncryptionConfiguration",
      "s3:GetBucketObjectLockConfiguration",
      "s3:GetBucketPolicy",
    ],
    note: "the provider's Read of aws_s3_bucket still reads every legacy inline setting",
  },
  aws_s3_bucket_lifecycle_configuration: {
    write: { buckets: ["s3:PutLifecycleConfiguration"] },
    read: ["s3:GetLifecycleConfiguration"],
    note: "DeleteBucketLifecycle is authorized as s3:PutLifecycleConfiguration",
  },
  aws_s3_bucket_logging: {
    write: { buckets: ["s3:PutBucketLogging"] },
    read: ["s3:GetBucketLogging"],
  },
  aws_s3_bucket_ownership_controls: {
    write: { buckets: ["s3:PutBucketOwnershipControls"] },
    read: ["s3:GetBucketOwnershipControls"],
    note: "DeleteBucketOwnershipControls is authorized as s3:PutBucketOwnershipControls",
  },
  aws_s3_bucket_policy: {
    write: { buckets: ["s3:PutBucketPolicy", "s3:DeleteBucketPolicy"] },
    read: ["s3:GetBucketPolicy"],
  },
  aws_s3_bucket_public_access_block: {
    write: { buckets: ["s3:PutBucketPublicAccessBlock"] },
    read: ["s3:GetBucketPublicAccessBlock"],
    note: "DeletePublicAccessBlock is authorized as s3:PutBucketPublicAccessBlock",
  },
  aws_s3_bucket_server_side_encryption_configuration: {
    write: { buckets: ["s3:PutEncryptionConfiguration"] },
    read: ["s3:GetEncryptionConfiguration"],
  },
  aws_s3_bucket_versioning: {
    write: { buckets: ["s3:PutBucketVersioning"] },
    read: ["s3:GetBucketVersioning"],
  },
  aws_secretsmanager_secret: {
    write: {
      secrets: [
        "secretsmanager:CreateSecret",
        "secretsmanager:UpdateSecret",
        "secretsmanager:DeleteSecret",
        "secretsmanager:TagResource",
        "secretsmanager:UntagResource",
        "secretsmanager:PutResourcePolicy",
        "secretsmanager:DeleteResourcePolicy",
      ],
    },
    read: ["secretsmanager:DescribeSecret", "secretsmanager:GetResourcePolicy"],
    note: "the secret only: its value is set outside Terraform, and no deploy reads one",
  },
  aws_security_group: {
    write: {
      any: [
        "ec2:CreateSecurityGroup",
        "ec2:DeleteSecurityGroup",
        "ec2:AuthorizeSecurityGroupIngress",
        "ec2:AuthorizeSecurityGroupEgress",
        "ec2:RevokeSecurityGroupIngress",
        "ec2:RevokeSecurityGroupEgress",
        ...tags.ec2,
      ],
    },
    // A deletion waits for the network interfaces that still use the group.
    read: ["ec2:DescribeSecurityGroups", "ec2:DescribeSecurityGroupRules", "ec2:DescribeNetworkInterfaces"],
  },
  aws_sns_topic: {
    write: { topics: ["sns:CreateTopic", "sns:DeleteTopic", "sns:SetTopicAttributes", "sns:TagResource", "sns:UntagResource"] },
    read: ["sns:GetTopicAttributes", "sns:ListTagsForResource"],
  },
  aws_sns_topic_policy: {
    write: { topics: ["sns:SetTopicAttributes"] },
    read: ["sns:GetTopicAttributes"],
  },
  aws_sns_topic_subscription: {
    write: { topics: ["sns:Subscribe", "sns:Unsubscribe", "sns:SetSubscriptionAttributes"] },
    read: ["sns:GetSubscriptionAttributes", "sns:ListSubscriptionsByTopic"],
    note: "a subscription's ARN is its topic's ARN and an id",
  },
  aws_sqs_queue: {
    write: { queues: ["sqs:CreateQueue", "sqs:DeleteQueue", "sqs:SetQueueAttributes", "sqs:TagQueue", "sqs:UntagQueue"] },
    read: ["sqs:GetQueueAttributes", "sqs:GetQueueUrl", "sqs:ListQueueTags"],
  },
  aws_sqs_queue_policy: {
    write: { queues: ["sqs:SetQueueAttributes"] },
    read: ["sqs:GetQueueAttributes"],
  },
  aws_ssm_parameter: {
    write: { parameters: ["ssm:PutParameter", "ssm:DeleteParameter", "ssm:AddTagsToResource", "ssm:RemoveTagsFromResource"] },
    read: ["ssm:GetParameter", "ssm:DescribeParameters", "ssm:ListTagsForResource"],
    note: "String parameters only (the front-end contract); the deploy role reads its own path, never another's SecureString",
  },
  aws_subnet: {
    write: { any: ["ec2:CreateSubnet", "ec2:DeleteSubnet", "ec2:ModifySubnetAttribute", ...tags.ec2] },
    read: ["ec2:DescribeSubnets"],
  },
  aws_synthetics_canary: {
    write: {
      canaries: [
        "synthetics:CreateCanary",
        "synthetics:UpdateCanary",
        "synthetics:DeleteCanary",
        "synthetics:StartCanary",
        "synthetics:StopCanary",
        "synthetics:TagResource",
        "synthetics:UntagResource",
        // Synthetics makes, versions and (delete_lambda) deletes the canary's function and layer with the caller's rights.
        "lambda:CreateFunction",
        "lambda:UpdateFunctionCode",
        "lambda:UpdateFunctionConfiguration",
        "lambda:GetFunctionConfiguration",
        "lambda:PublishVersion",
        "lambda:AddPermission",
        "lambda:PublishLayerVersion",
        "lambda:GetLayerVersion",
        "lambda:DeleteFunction",
        "lambda:DeleteLayerVersion",
        "lambda:TagResource",
        "lambda:ListTags",
      ],
      buckets: ["s3:GetBucketLocation"],
      any: ["s3:ListAllMyBuckets"],
    },
    read: ["synthetics:GetCanary", "synthetics:ListTagsForResource"],
  },
  aws_vpc: {
    write: { any: ["ec2:CreateVpc", "ec2:DeleteVpc", "ec2:ModifyVpcAttribute", ...tags.ec2] },
    read: [
      "ec2:DescribeVpcs",
      "ec2:DescribeVpcAttribute",
      "ec2:DescribeNetworkAcls",
      "ec2:DescribeRouteTables",
      "ec2:DescribeSecurityGroups",
    ],
  },
  aws_vpc_endpoint: {
    write: {
      any: ["ec2:CreateVpcEndpoint", "ec2:ModifyVpcEndpoint", "ec2:DeleteVpcEndpoints", ...tags.ec2, "route53:AssociateVPCWithHostedZone"],
    },
    read: ["ec2:DescribeVpcEndpoints", "ec2:DescribePrefixLists"],
    note: "an interface endpoint with private DNS associates the VPC with the service's hosted zone",
  },
  aws_vpc_security_group_egress_rule: {
    write: { any: ["ec2:AuthorizeSecurityGroupEgress", "ec2:RevokeSecurityGroupEgress", "ec2:ModifySecurityGroupRules", ...tags.ec2] },
    read: ["ec2:DescribeSecurityGroupRules"],
  },
  aws_vpc_security_group_ingress_rule: {
    write: { any: ["ec2:AuthorizeSecurityGroupIngress", "ec2:RevokeSecurityGroupIngress", "ec2:ModifySecurityGroupRules", ...tags.ec2] },
    read: ["ec2:DescribeSecurityGroupRules"],
  },
  aws_wafv2_web_acl: {
    write: { any: ["wafv2:CreateWebACL", "wafv2:UpdateWebACL", "wafv2:DeleteWebACL", "wafv2:TagResource", "wafv2:UntagResource"] },
    read: ["wafv2:GetWebACL", "wafv2:ListTagsForResource"],
    note: "IAM authorizes a web ACL on its ARN and on each managed rule group it references (AWS's, not ours)",
  },
  aws_wafv2_web_acl_logging_configuration: {
    write: {
      any: [
        "wafv2:PutLoggingConfiguration",
        "wafv2:DeleteLoggingConfiguration",
        // WAF's guide: logging to CloudWatch Logs creates a log delivery and the log group's resource policy.
        "logs:CreateLogDelivery",
        "logs:DeleteLogDelivery",
        "logs:PutResourcePolicy",
      ],
    },
    read: ["wafv2:GetLoggingConfiguration", "logs:DescribeResourcePolicies", "logs:DescribeLogGroups"],
  },
  // Data sources: reads only.
  "data.aws_elb_service_account": { write: {}, read: [], note: "a table inside the provider: no call" },
  "data.aws_iam_policy_document": { write: {}, read: [], note: "rendered by the provider: no call" },
  "data.aws_partition": { write: {}, read: [], note: "the provider's own configuration: no call" },
  "data.aws_lb": {
    write: {},
    read: [
      "elasticloadbalancing:DescribeLoadBalancers",
      "elasticloadbalancing:DescribeLoadBalancerAttributes",
      "elasticloadbalancing:DescribeTags",
    ],
  },
  // Types of other providers: no AWS call of their own.
  "data.terraform_remote_state": { write: {}, read: [], note: "reads the upstream stack's state: the deploy role's state statements" },
  helm_release: { write: {}, read: [], note: "the Kubernetes API, as the cluster's access entry for the deploy role allows" },
  kubernetes_namespace_v1: { write: {}, read: [], note: "the Kubernetes API, as the cluster's access entry for the deploy role allows" },
  terraform_data: {
    write: { any: ["tag:GetResources"] },
    read: ["elasticloadbalancing:DescribeLoadBalancers", "ec2:DescribeInstances"],
    note: "its apply-time scripts with the deploy role: find the ALB by tag and wait for it, wait for Karpenter's nodes to go",
  },
};

/** The key of a synthesized block in {@link RESOURCE_PERMISSIONS}: `aws_vpc` for a resource, `data.aws_lb` for a data source. */
export function permissionsKey(block: "resource" | "data", type: string): string {
  return block === "data" ? `data.${type}` : type;
}
