import { karpenterControllerStatements } from "../addons/karpenter/controller-policy";
import { loadBalancerControllerStatements } from "../addons/load-balancer-controller/controller-policy";
import { Statement } from "./ci-policy-context";
import { RUNNER_ACTIONS } from "./runner-permissions";

/** One row of the boundary's allow-list: the actions some role under the boundary needs, and which role and why. */
export interface BoundaryGrant {
  /** The roles that use these actions, and what for. */
  readonly why: string;
  readonly actions: readonly string[];
}

/** The actions a statement list allows (its Allow statements), without the ones `cut` names. */
function allowedActions(statements: readonly Statement[], cut: readonly string[] = []): string[] {
  return statements.filter((s) => (s.effect ?? "Allow") === "Allow").flatMap((s) => (s.actions ?? []).filter((a) => !cut.includes(a)));
}

/**
 * Karpenter's published policy manages instance profiles itself; here the node class names the profile the
 * stacks create (deploy role), so these stay outside the boundary and the boundary denies them (IAM changes).
 */
export const KARPENTER_INSTANCE_PROFILE_WRITES = [
  "iam:CreateInstanceProfile",
  "iam:TagInstanceProfile",
  "iam:AddRoleToInstanceProfile",
  "iam:RemoveRoleFromInstanceProfile",
  "iam:DeleteInstanceProfile",
];

const placeholder = { partition: "aws", region: "eu-central-1", accountId: "000000000000" };

/**
 * THE ALLOW-LIST of the permissions boundary: every action any role the stacks create may ever use
 * (a role's own policy then narrows it to its resources). The boundary allows the union of these rows
 * and nothing else; a role under it that needs an action no row lists gets `AccessDenied` with
 * "no permissions boundary allows the <action> action" (docs/ci.md "The permissions boundary").
 *
 * To add a role: add a row (or extend one) with the actions its policies allow, and say why. Actions
 * the AWS-managed policies the stacks attach grant are listed as AWS publishes them, except grants for
 * services the environment does not use (AWS Backup's service roles reach DynamoDB, EFS, FSx...): those
 * the boundary cuts on purpose. `__tests__/ci-boundary.test.ts` proves every role of every environment's
 * synthesized stacks fits inside; a role that does not fit fails it with the action named.
 *
 * List actions one by one, never a wildcard (a row with one is refused): the boundary folds read verbs and
 * the reviewed write families itself (boundary-actions.ts), to stay within IAM's 6,144 characters.
 */
export const BOUNDARY_ALLOW_LIST: Readonly<Record<string, BoundaryGrant>> = {
  backendServices: {
    why: "backend services (Pod Identity): their prefix of the assets bucket, their secret, the data key, IAM database auth",
    actions: [
      "s3:ListBucket",
      "s3:GetObject",
      "s3:PutObject",
      "s3:DeleteObject",
      "secretsmanager:GetSecretValue",
      "secretsmanager:DescribeSecret",
      "kms:Decrypt",
      "kms:GenerateDataKey",
      "rds-db:connect",
    ],
  },
  eksCluster: {
    why: "the EKS cluster role (AmazonEKSClusterPolicy as AWS publishes it)",
    actions: [
      "autoscaling:DescribeAutoScalingGroups",
      "autoscaling:UpdateAutoScalingGroup",
      ...[
        "AttachVolume",
        "AuthorizeSecurityGroupIngress",
        "CreateRoute",
        "CreateSecurityGroup",
        "CreateTags",
        "CreateVolume",
        "DeleteRoute",
        "DeleteSecurityGroup",
        "DeleteVolume",
        "DescribeInstances",
        "DescribeRouteTables",
        "DescribeSecurityGroups",
        "DescribeSubnets",
        "DescribeVolumes",
        "DescribeVolumesModifications",
        "DescribeVpcs",
        "DescribeDhcpOptions",
        "DescribeNetworkInterfaces",
        "DescribeAvailabilityZones",
        "DetachVolume",
        "ModifyInstanceAttribute",
        "ModifyVolume",
        "RevokeSecurityGroupIngress",
        "DescribeAccountAttributes",
        "DescribeAddresses",
        "DescribeInternetGateways",
        "DescribeInstanceTopology",
        "DeleteNetworkInterface",
      ].map((a) => `ec2:${a}`),
      ...[
        "AddTags",
        "ApplySecurityGroupsToLoadBalancer",
        "AttachLoadBalancerToSubnets",
        "ConfigureHealthCheck",
        "CreateListener",
        "CreateLoadBalancer",
        "CreateLoadBalancerListeners",
        "CreateLoadBalancerPolicy",
        "CreateTargetGroup",
        "DeleteListener",
        "DeleteLoadBalancer",
        "DeleteLoadBalancerListeners",
        "DeleteTargetGroup",
        "DeregisterInstancesFromLoadBalancer",
        "DeregisterTargets",
        "DescribeListeners",
        "DescribeLoadBalancerAttributes",
        "DescribeLoadBalancerPolicies",
        "DescribeLoadBalancers",
        "DescribeTargetGroupAttributes",
        "DescribeTargetGroups",
        "DescribeTargetHealth",
        "DetachLoadBalancerFromSubnets",
        "ModifyListener",
        "ModifyLoadBalancerAttributes",
        "ModifyTargetGroup",
        "ModifyTargetGroupAttributes",
        "RegisterInstancesWithLoadBalancer",
        "RegisterTargets",
        "SetLoadBalancerPoliciesForBackendServer",
        "SetLoadBalancerPoliciesOfListener",
      ].map((a) => `elasticloadbalancing:${a}`),
      "kms:DescribeKey",
      // The first load balancer of a new account creates ELB's service-linked role (AWS defines its permissions).
      "iam:CreateServiceLinkedRole",
    ],
  },
  nodes: {
    why:
      "node roles of the managed node group and of Karpenter's nodes (AmazonEKSWorkerNodePolicy, AmazonEKS_CNI_Policy, " +
      "AmazonEC2ContainerRegistryPullOnly, AmazonSSMManagedInstanceCore as AWS publishes them)",
    actions: [
      "ec2:DescribeInstances",
      "ec2:DescribeInstanceTypes",
      "ec2:DescribeTags",
      "eks:DescribeCluster",
      "eks-auth:AssumeRoleForPodIdentity",
      ...[
        "AssignPrivateIpAddresses",
        "AttachNetworkInterface",
        "CreateNetworkInterface",
        "DeleteNetworkInterface",
        "DetachNetworkInterface",
        "ModifyNetworkInterfaceAttribute",
        "UnassignPrivateIpAddresses",
        "CreateTags",
      ].map((a) => `ec2:${a}`),
      "ecr:GetAuthorizationToken",
      "ecr:BatchGetImage",
      "ecr:GetDownloadUrlForLayer",
      "ecr:BatchImportUpstreamImage",
      ...[
        "DescribeAssociation",
        "GetDeployablePatchSnapshotForInstance",
        "GetDocument",
        "DescribeDocument",
        "GetManifest",
        "GetParameter",
        "GetParameters",
        "ListAssociations",
        "ListInstanceAssociations",
        "PutInventory",
        "PutComplianceItems",
        "PutConfigurePackageResult",
        "UpdateAssociationStatus",
        "UpdateInstanceAssociationStatus",
        "UpdateInstanceInformation",
      ].map((a) => `ssm:${a}`),
      ...["CreateControlChannel", "CreateDataChannel", "OpenControlChannel", "OpenDataChannel"].map((a) => `ssmmessages:${a}`),
      ...["AcknowledgeMessage", "DeleteMessage", "FailMessage", "GetEndpoint", "GetMessages", "SendReply"].map((a) => `ec2messages:${a}`),
    ],
  },
  ecrPublicCache: {
    why: "nodes of an environment without internet (isolated subnets): the first pull of a public image creates its cache repository",
    actions: ["ecr:BatchImportUpstreamImage", "ecr:CreateRepository"],
  },
  cloudwatchAgent: {
    why: "the CloudWatch agent (CloudWatchAgentServerPolicy and AWSXrayWriteOnlyAccess as AWS publishes them)",
    actions: [
      "cloudwatch:PutMetricData",
      "ec2:DescribeVolumes",
      "ec2:DescribeTags",
      "logs:PutLogEvents",
      "logs:PutRetentionPolicy",
      "logs:DescribeLogStreams",
      "logs:DescribeLogGroups",
      "logs:CreateLogStream",
      "logs:CreateLogGroup",
      "xray:PutTraceSegments",
      "xray:PutTelemetryRecords",
      "xray:GetSamplingRules",
      "xray:GetSamplingTargets",
      "xray:GetSamplingStatisticSummaries",
      "ssm:GetParameter",
    ],
  },
  ebsCsiDriver: {
    why: "the EBS CSI driver (AmazonEBSCSIDriverPolicy as AWS publishes it): volumes and snapshots it tags as its own",
    actions: [
      ...[
        "DescribeAvailabilityZones",
        "DescribeInstances",
        "DescribeSnapshots",
        "DescribeTags",
        "DescribeVolumes",
        "DescribeVolumesModifications",
        "DescribeVolumeStatus",
        "CreateSnapshot",
        "ModifyVolume",
        "CopyVolumes",
        "AttachVolume",
        "DetachVolume",
        "CreateVolume",
        "EnableFastSnapshotRestores",
        "CreateTags",
        "DeleteTags",
        "DeleteVolume",
        "DeleteSnapshot",
        "LockSnapshot",
      ].map((a) => `ec2:${a}`),
    ],
  },
  loadBalancerController: {
    why: "the AWS Load Balancer Controller (its published policy, controller-policy.ts)",
    actions: allowedActions(loadBalancerControllerStatements(placeholder.partition)),
  },
  karpenterController: {
    why: "Karpenter's controller (its published policy, controller-policy.ts), but the instance-profile writes",
    actions: allowedActions(karpenterControllerStatements({ ...placeholder, clusterName: "x", nodeRoleArn: "x", queueArn: "x" }), [
      ...KARPENTER_INSTANCE_PROFILE_WRITES,
      "iam:PassRole",
    ]),
  },
  vpcFlowLogs: {
    why: "VPC flow logs delivering to their log group",
    actions: ["logs:CreateLogStream", "logs:PutLogEvents", "logs:DescribeLogStreams", "logs:DescribeLogGroups"],
  },
  backup: {
    why:
      "AWS Backup's service role for the Aurora cluster and the assets bucket (the AWS Backup service-role policies as AWS " +
      "publishes them, for RDS, S3, EventBridge, CloudWatch, KMS and Backup; their grants for services the environment " +
      "does not back up are cut), and its own key policy grants",
    actions: [
      ...[
        "AddTagsToResource",
        "ListTagsForResource",
        "DescribeDBSnapshots",
        "CreateDBSnapshot",
        "CopyDBSnapshot",
        "DescribeDBInstances",
        "CreateDBClusterSnapshot",
        "DescribeDBClusters",
        "DescribeDBClusterSnapshots",
        "CopyDBClusterSnapshot",
        "DescribeDBClusterAutomatedBackups",
        "DeleteDBInstanceAutomatedBackup",
        "ModifyDBCluster",
        "DeleteDBClusterAutomatedBackup",
        "ModifyDBInstance",
        // Expiry of the recovery points AWS Backup made (`awsbackup:` snapshots): the production denies keep the rest.
        "DeleteDBSnapshot",
        "DeleteDBClusterSnapshot",
        "RestoreDBInstanceFromDBSnapshot",
        "RestoreDBClusterFromSnapshot",
        "RestoreDBInstanceToPointInTime",
        "RestoreDBClusterToPointInTime",
        "CreateDBInstance",
        "DeleteDBInstance",
      ].map((a) => `rds:${a}`),
      "backup:DescribeBackupVault",
      "backup:CopyIntoBackupVault",
      "backup:CopyFromBackupVault",
      "backup:TagResource",
      "backup:StartRestoreJob",
      "backup:ListRestoreJobs",
      "backup:ListRecoveryPointsByBackupVault",
      "backup:DescribeRestoreJob",
      "kms:Decrypt",
      "kms:Encrypt",
      "kms:GenerateDataKey",
      "kms:GenerateDataKeyWithoutPlaintext",
      "kms:ReEncryptFrom",
      "kms:ReEncryptTo",
      "kms:DescribeKey",
      "kms:CreateGrant",
      "tag:GetResources",
      "cloudwatch:GetMetricData",
      ...[
        "DeleteRule",
        "PutTargets",
        "DescribeRule",
        "EnableRule",
        "PutRule",
        "RemoveTargets",
        "ListTargetsByRule",
        "DisableRule",
        "ListRules",
      ].map((a) => `events:${a}`),
      ...[
        "GetBucketTagging",
        "GetInventoryConfiguration",
        "ListBucketVersions",
        "ListBucket",
        "GetBucketVersioning",
        "GetBucketLocation",
        "GetBucketAcl",
        "PutInventoryConfiguration",
        "GetBucketNotification",
        "PutBucketNotification",
        "GetObjectAcl",
        "GetObject",
        "GetObjectVersionTagging",
        "GetObjectVersionAcl",
        "GetObjectTagging",
        "GetObjectVersion",
        "ListAllMyBuckets",
        "CreateBucket",
        "PutBucketVersioning",
        "PutBucketOwnershipControls",
        "GetBucketOwnershipControls",
        "DeleteObject",
        "PutObjectVersionAcl",
        "PutObjectTagging",
        "PutObjectAcl",
        "ListMultipartUploadParts",
        "PutObject",
      ].map((a) => `s3:${a}`),
    ],
  },
  codebuildRunner: {
    why: "the in-VPC CodeBuild runner of the apps jobs (runner-permissions.ts)",
    actions: Object.values(RUNNER_ACTIONS).flat(),
  },
  alarmsSlack: {
    why: "the Slack channel's role (alerts.chat): Chatbot shows the alarms and their graphs, nothing else",
    actions: ["cloudwatch:DescribeAlarms", "cloudwatch:DescribeAlarmHistory", "cloudwatch:GetMetricData"],
  },
  // EXTENSION POINTS: roles other work adds. Each row is filled with what that role is expected to need;
  // whoever adds the role confirms or corrects its row (the fit test fails on anything missing).
  syntheticsCanary: {
    why: "EXTENSION POINT - CloudWatch Synthetics canaries: artifacts to their bucket, their logs, metrics and traces",
    actions: [
      "s3:PutObject",
      "s3:GetBucketLocation",
      "s3:ListAllMyBuckets",
      "logs:CreateLogGroup",
      "logs:CreateLogStream",
      "logs:PutLogEvents",
      "cloudwatch:PutMetricData",
    ],
  },
  frontendRead: {
    why: "EXTENSION POINT - the front end's read role: its public configuration, SSM parameters under its path",
    // String parameters: nothing to decrypt.
    actions: ["ssm:GetParameter", "ssm:GetParameters", "ssm:GetParametersByPath"],
  },
};

/**
 * The roles a role under the boundary may pass, and to which service only (`iam:PassedToService`): role
 * names are the stacks' component names (`<project>-<env>.<component>`). Karpenter launches its nodes with
 * their role. Every other role is passed by the deploy role, which has no boundary (deploy-role-policy.ts).
 */
export const BOUNDARY_PASS_ROLES: readonly { readonly component: string; readonly service: string; readonly why: string }[] = [
  { component: "karpenter-nodes", service: "ec2.amazonaws.com", why: "Karpenter launches its nodes with their role" },
];
