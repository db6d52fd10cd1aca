/**
 * The pins of the AWS Load Balancer Controller add-on: its chart, the image the chart runs, and
 * where they were read. This folder owns them (its IAM policy, role, releases and the CRD chart change with
 * them); `__tests__/catalog.test.ts` checks their source like the catalog's other pins.
 */

/**
 * The AWS Load Balancer Controller, installed by Helm from the eks-charts repository. A new
 * `chartVersion` comes with its CRDs in `charts/aws-load-balancer-controller-crds/` (same version)
 * and a check of `controller-policy.ts` against the policy published for it (docs/helm.md).
 */
export const LOAD_BALANCER_CONTROLLER = {
  repository: "https://aws.github.io/eks-charts",
  chart: "aws-load-balancer-controller",
  /** Chart 3.5.0 ships controller v3.5.0 (from 3.x the chart and app versions match). */
  chartVersion: "3.5.0",
  /** sha256 of the published package (`aws-load-balancer-controller-3.5.0.tgz`, identical to the eks-charts index digest). */
  packageSha256: "45051f634b33e10baccb3354d0681b7de787c60445e599fa276e0c9aedd4ccd5",
  namespace: "kube-system",
  serviceAccount: "aws-load-balancer-controller",
  /** The admission webhook's container port: nodes must admit it from the control plane. */
  webhookPort: 9443,
  pin: {
    source:
      "https://github.com/aws/eks-charts/tree/master/stable/aws-load-balancer-controller (Chart.yaml 3.5.0) and https://github.com/kubernetes-sigs/aws-load-balancer-controller/releases",
    checked: "2026-11-24",
    confirm:
      "helm search repo eks/aws-load-balancer-controller --versions | grep 3.5.0  (after: helm repo add eks https://aws.github.io/eks-charts); images: aws ecr describe-images --registry-id 602401143452 --repository-name amazon/aws-load-balancer-controller --image-ids imageTag=v3.5.0 --region us-west-2",
  },
} as const;

/** The controller's image in ECR Public (`public.ecr.aws/<path>`), the chart's default repository. */
export const LOAD_BALANCER_CONTROLLER_IMAGE = "eks/aws-load-balancer-controller";
