/**
 * The pins of the Karpenter add-on: its charts, the image the chart runs and the AMI its nodes
 * boot. This folder owns them (its IAM policy, AWS resources and releases change with them);
 * `__tests__/karpenter.test.ts` and `karpenter-chart.test.ts` check them against the pinned chart
 * packages. The controller's requests stay in the catalog: the environment validation sizes the
 * system node group with them.
 */

/**
 * Karpenter (aws/karpenter-provider-aws), both charts from `oci://public.ecr.aws/karpenter` at
 * the same version as the controller image. `karpenter-crd` carries the CRDs so they upgrade with
 * the chart (Helm never upgrades a chart's `crds/`). The IAM policy in
 * `src/constructs/addons/karpenter/controller-policy.ts` is the one published for this version.
 */
export const KARPENTER = {
  repository: "oci://public.ecr.aws/karpenter",
  chart: "karpenter",
  crdChart: "karpenter-crd",
  chartVersion: "1.14.1",
  namespace: "kube-system",
  serviceAccount: "karpenter",
  /** The controller image as the chart names it; with `natMode: none` it is pulled through the ECR Public cache. */
  image: { registry: "public.ecr.aws", repository: "karpenter/controller" },
  /** Tag key of the private subnets and the nodes' security group that EC2NodeClasses select by. */
  discoveryTagKey: "karpenter.sh/discovery",
} as const;

/**
 * The EKS-optimized Amazon Linux 2023 release Karpenter's nodes boot, as an EC2NodeClass alias.
 * Pinned, never `al2023@latest`: a new AMI then arrives by changing this line, and Karpenter rolls
 * the nodes through drift within the NodePools' disruption budgets (docs/karpenter.md).
 * Source: awslabs/amazon-eks-ami GitHub release v20260930 (2026-09-30), which ships AL2023 images
 * for every EKS standard-support version, 1.36 among them. Before bumping, confirm the release has
 * images for the cluster's version:
 * `aws ssm get-parameters-by-path --path /aws/service/eks/optimized-ami/<k8s>/amazon-linux-2023/ --recursive`.
 */
export const KARPENTER_AMI = {
  alias: "al2023@v20260930",
  released: "2026-09-30",
  source: "https://github.com/awslabs/amazon-eks-ami/releases/tag/v20260930",
} as const;
