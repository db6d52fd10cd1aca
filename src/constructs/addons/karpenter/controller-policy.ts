import {
  DataAwsIamPolicyDocumentStatement,
  DataAwsIamPolicyDocumentStatementCondition,
} from "@cdktf/provider-aws/lib/data-aws-iam-policy-document";

export interface KarpenterControllerPolicyProps {
  readonly partition: string;
  readonly region: string;
  readonly accountId: string;
  /** The EKS cluster's name, a plain string: it is part of condition keys. */
  readonly clusterName: string;
  /** The role the nodes get (the only role the controller may pass). */
  readonly nodeRoleArn: string;
  /** The interruption queue. */
  readonly queueArn: string;
}

type Statement = DataAwsIamPolicyDocumentStatement;
type Condition = DataAwsIamPolicyDocumentStatementCondition;
const cond = (test: string, variable: string, values: string[]): Condition => ({ test, variable, values });

/**
 * The IAM policy Karpenter publishes for v1.14 (upstream `cloudformation.yaml` of the getting-started
 * guide, mirrored by terraform-aws-eks `modules/karpenter`), as typed statements. Everything it
 * creates must carry the cluster's tags (`kubernetes.io/cluster/<name>: owned`,
 * `eks:eks-cluster-name`, and a `karpenter.sh/nodepool` or `karpenter.k8s.aws/ec2nodeclass` tag),
 * and it may only delete, terminate or re-tag what carries them. Reads that EC2 cannot scope
 * (`Describe*`, pricing, listing instance profiles) are `*`, limited to the region where IAM allows.
 */
export function karpenterControllerStatements(props: KarpenterControllerPolicyProps): Statement[] {
  const { partition, region, accountId, clusterName } = props;
  const ec2 = (resource: string, account = "*") => `arn:${partition}:ec2:${region}:${account}:${resource}`;
  const owned = `kubernetes.io/cluster/${clusterName}`;
  const instanceProfiles = `arn:${partition}:iam::${accountId}:instance-profile/*`;
  const clusterArn = `arn:${partition}:eks:${region}:${accountId}:cluster/${clusterName}`;
  const taggedResources = ["fleet/*", "instance/*", "volume/*", "network-interface/*", "launch-template/*", "spot-instances-request/*"].map(
    (r) => ec2(r),
  );

  return [
    // Node lifecycle: launch from images, subnets and security groups, with tagged launch templates.
    {
      sid: "AllowScopedEC2InstanceAccessActions",
      actions: ["ec2:RunInstances", "ec2:CreateFleet"],
      resources: [
        ec2("image/*", ""),
        ec2("snapshot/*", ""),
        ec2("security-group/*"),
        ec2("subnet/*"),
        ec2("capacity-reservation/*"),
        ec2("placement-group/*"),
      ],
    },
    {
      sid: "AllowScopedEC2LaunchTemplateAccessActions",
      actions: ["ec2:RunInstances", "ec2:CreateFleet"],
      resources: [ec2("launch-template/*")],
      condition: [
        cond("StringEquals", `aws:ResourceTag/${owned}`, ["owned"]),
        cond("StringLike", "aws:ResourceTag/karpenter.sh/nodepool", ["*"]),
      ],
    },
    {
      sid: "AllowScopedEC2InstanceActionsWithTags",
      actions: ["ec2:RunInstances", "ec2:CreateFleet", "ec2:CreateLaunchTemplate"],
      resources: taggedResources,
      condition: [
        cond("StringEquals", `aws:RequestTag/${owned}`, ["owned"]),
        cond("StringEquals", "aws:RequestTag/eks:eks-cluster-name", [clusterName]),
        cond("StringLike", "aws:RequestTag/karpenter.sh/nodepool", ["*"]),
      ],
    },
    {
      sid: "AllowScopedResourceCreationTagging",
      actions: ["ec2:CreateTags"],
      resources: taggedResources,
      condition: [
        cond("StringEquals", `aws:RequestTag/${owned}`, ["owned"]),
        cond("StringEquals", "aws:RequestTag/eks:eks-cluster-name", [clusterName]),
        cond("StringEquals", "ec2:CreateAction", ["RunInstances", "CreateFleet", "CreateLaunchTemplate"]),
        cond("StringLike", "aws:RequestTag/karpenter.sh/nodepool", ["*"]),
      ],
    },
    {
      sid: "AllowScopedResourceTagging",
      actions: ["ec2:CreateTags"],
      resources: [ec2("instance/*")],
      condition: [
        cond("StringEquals", `aws:ResourceTag/${owned}`, ["owned"]),
        cond("StringLike", "aws:ResourceTag/karpenter.sh/nodepool", ["*"]),
        cond("StringEqualsIfExists", "aws:RequestTag/eks:eks-cluster-name", [clusterName]),
        cond("ForAllValues:StringEquals", "aws:TagKeys", ["eks:eks-cluster-name", "karpenter.sh/nodeclaim", "Name"]),
      ],
    },
    {
      sid: "AllowScopedDeletion",
      actions: ["ec2:TerminateInstances", "ec2:DeleteLaunchTemplate"],
      resources: [ec2("instance/*"), ec2("launch-template/*")],
      condition: [
        cond("StringEquals", `aws:ResourceTag/${owned}`, ["owned"]),
        cond("StringLike", "aws:ResourceTag/karpenter.sh/nodepool", ["*"]),
      ],
    },
    // IAM integration: pass the node role to EC2 only; instance profiles tagged for this cluster and region.
    {
      sid: "AllowPassingInstanceRole",
      actions: ["iam:PassRole"],
      resources: [props.nodeRoleArn],
      condition: [cond("StringEquals", "iam:PassedToService", ["ec2.amazonaws.com", "ec2.amazonaws.com.cn"])],
    },
    {
      sid: "AllowScopedInstanceProfileCreationActions",
      actions: ["iam:CreateInstanceProfile"],
      resources: [instanceProfiles],
      condition: [
        cond("StringEquals", `aws:RequestTag/${owned}`, ["owned"]),
        cond("StringEquals", "aws:RequestTag/eks:eks-cluster-name", [clusterName]),
        cond("StringEquals", "aws:RequestTag/topology.kubernetes.io/region", [region]),
        cond("StringLike", "aws:RequestTag/karpenter.k8s.aws/ec2nodeclass", ["*"]),
      ],
    },
    {
      sid: "AllowScopedInstanceProfileTagActions",
      actions: ["iam:TagInstanceProfile"],
      resources: [instanceProfiles],
      condition: [
        cond("StringEquals", `aws:ResourceTag/${owned}`, ["owned"]),
        cond("StringEquals", "aws:ResourceTag/topology.kubernetes.io/region", [region]),
        cond("StringEquals", `aws:RequestTag/${owned}`, ["owned"]),
        cond("StringEquals", "aws:RequestTag/eks:eks-cluster-name", [clusterName]),
        cond("StringEquals", "aws:RequestTag/topology.kubernetes.io/region", [region]),
        cond("StringLike", "aws:ResourceTag/karpenter.k8s.aws/ec2nodeclass", ["*"]),
        cond("StringLike", "aws:RequestTag/karpenter.k8s.aws/ec2nodeclass", ["*"]),
      ],
    },
    {
      sid: "AllowScopedInstanceProfileActions",
      actions: ["iam:AddRoleToInstanceProfile", "iam:RemoveRoleFromInstanceProfile", "iam:DeleteInstanceProfile"],
      resources: [instanceProfiles],
      condition: [
        cond("StringEquals", `aws:ResourceTag/${owned}`, ["owned"]),
        cond("StringEquals", "aws:ResourceTag/topology.kubernetes.io/region", [region]),
        cond("StringLike", "aws:ResourceTag/karpenter.k8s.aws/ec2nodeclass", ["*"]),
      ],
    },
    // EKS integration, interruption queue, zonal shift.
    { sid: "AllowAPIServerEndpointDiscovery", actions: ["eks:DescribeCluster"], resources: [clusterArn] },
    {
      sid: "AllowInterruptionQueueActions",
      actions: ["sqs:DeleteMessage", "sqs:GetQueueUrl", "sqs:ReceiveMessage"],
      resources: [props.queueArn],
    },
    {
      sid: "AllowZonalShiftStatusReadOnly",
      actions: ["arc-zonal-shift:GetManagedResource"],
      resources: ["*"],
      condition: [cond("StringEquals", "arc-zonal-shift:ResourceIdentifier", [clusterArn])],
    },
    // Resource discovery.
    {
      sid: "AllowRegionalReadActions",
      actions: [
        "ec2:DescribeCapacityReservations",
        "ec2:DescribeImages",
        "ec2:DescribeInstances",
        "ec2:DescribeInstanceStatus",
        "ec2:DescribeInstanceTypeOfferings",
        "ec2:DescribeInstanceTypes",
        "ec2:DescribeLaunchTemplates",
        "ec2:DescribePlacementGroups",
        "ec2:DescribeSecurityGroups",
        "ec2:DescribeSpotPriceHistory",
        "ec2:DescribeSubnets",
      ],
      resources: ["*"],
      condition: [cond("StringEquals", "aws:RequestedRegion", [region])],
    },
    { sid: "AllowSSMReadActions", actions: ["ssm:GetParameter"], resources: [`arn:${partition}:ssm:${region}::parameter/aws/service/*`] },
    { sid: "AllowPricingReadActions", actions: ["pricing:GetProducts"], resources: ["*"] },
    { sid: "AllowUnscopedInstanceProfileListAction", actions: ["iam:ListInstanceProfiles"], resources: ["*"] },
    { sid: "AllowInstanceProfileReadActions", actions: ["iam:GetInstanceProfile"], resources: [instanceProfiles] },
  ];
}
