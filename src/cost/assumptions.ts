/**
 * The few figures the estimate needs that are not list prices. Each is a choice, stated in the
 * output next to the figures it drives, so a reader can redo the arithmetic with their own.
 */
export const ASSUMPTIONS = {
  /**
   * Spot capacity is priced at this fraction below on-demand. AWS quotes "up to 90%"; its Spot
   * Instance Advisor data (snapshot of mid-2025) shows Graviton general-purpose types 60-77% below
   * on-demand, so 60% is the cautious end. Spot node groups are priced at their most expensive listed type, since
   * EC2 may launch any of them.
   */
  spotDiscount: 0.6,
  /** The smallest capacity of a running Aurora Serverless v2 instance whose minimum is 0 (it pauses below that). */
  auroraSmallestActiveAcu: 0.5,
  /** Storage an Aurora cluster starts with: the baseline before any growth (growth is usage). */
  auroraBaselineGb: 10,
  /** Objects a bucket starts with (state, logs and uploads grow as usage). */
  s3BaselineGbPerBucket: 1,
  /** Images a repository holds once the lifecycle policy trims it (a few image versions). */
  ecrBaselineGbPerRepository: 1,
} as const;

export const ASSUMPTION_NOTES: readonly string[] = [
  "730 hours per month; list prices, on-demand, no free tier, no savings plans or reserved capacity.",
  `Spot: ${ASSUMPTIONS.spotDiscount * 100}% below on-demand, ` +
    `the cautious end of what AWS's Spot Instance Advisor reports for Graviton types ` +
    `(t4g.medium: 64% in us-east-1, 73% in eu-central-1; m7g.large: 64%, 66%); ` +
    `priced at the dearest type the node group lists, since EC2 may launch any of them. ` +
    `On-demand node groups are priced at their first type, which EKS launches first.`,
  `Aurora Serverless v2 with minimum 0 ACU: the low end is paused all month; ` +
    `the high end never pauses, ` +
    `each instance at its minimum active capacity (${ASSUMPTIONS.auroraSmallestActiveAcu} ACU or the configured minimum).`,
  `Baselines before growth: Aurora ${ASSUMPTIONS.auroraBaselineGb} GB, ${ASSUMPTIONS.s3BaselineGbPerBucket} GB per S3 bucket, ` +
    `${ASSUMPTIONS.ecrBaselineGbPerRepository} GB per ECR repository; growth is usage.`,
  "The ALB is the one the AWS Load Balancer Controller creates per ingress group, " +
    "with one public IPv4 address per public subnet (AZ); it is not in any Terraform plan.",
];
