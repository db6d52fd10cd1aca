import { ASSUMPTIONS } from "../assumptions";
import { CostLine, fixed, Meter, UsageLine, unitUsd } from "../model";
import { plural } from "../resources";

/** S3 buckets and ECR repositories at their baseline size; growth and requests are usage. */
export const storageMeter: Meter = {
  types: ["aws_s3_bucket", "aws_ecr_repository"],
  measure: ({ stacks, prices }) => {
    const lines: CostLine[] = [];
    const usage: UsageLine[] = [];
    for (const stack of stacks) {
      const buckets = stack.resources("aws_s3_bucket");
      if (buckets.length > 0) {
        const gb = buckets.length * ASSUMPTIONS.s3BaselineGbPerBucket;
        lines.push({
          stack: stack.name,
          item: "S3 buckets (baseline)",
          detail:
            `${plural(buckets.length, "bucket")} × ${ASSUMPTIONS.s3BaselineGbPerBucket} GB ` +
            `× ${unitUsd(prices.s3Standard.gbMonth)}/GB-month`,
          monthly: fixed(gb * prices.s3Standard.gbMonth),
          addresses: buckets.map((b) => b.address),
        });
        usage.push(
          { stack: stack.name, item: "S3 storage growth", price: prices.s3Standard.gbMonth, unit: "GB-month" },
          { stack: stack.name, item: "S3 PUT/LIST requests", price: prices.s3Standard.per1kPut, unit: "1,000 requests" },
          { stack: stack.name, item: "S3 GET requests", price: prices.s3Standard.per1kGet, unit: "1,000 requests" },
        );
      }
      const repositories = stack.resources("aws_ecr_repository");
      if (repositories.length > 0) {
        lines.push({
          stack: stack.name,
          item: "ECR repositories (baseline)",
          detail:
            `${plural(repositories.length, "repository", "repositories")} × ${ASSUMPTIONS.ecrBaselineGbPerRepository} GB ` +
            `× ${unitUsd(prices.ecrStorageGbMonth)}/GB-month`,
          monthly: fixed(repositories.length * ASSUMPTIONS.ecrBaselineGbPerRepository * prices.ecrStorageGbMonth),
          addresses: repositories.map((r) => r.address),
        });
        usage.push({
          stack: stack.name,
          item: "ECR storage growth",
          price: prices.ecrStorageGbMonth,
          unit: "GB-month",
          detail: "pulls inside the region are free",
        });
      }
    }
    return { lines, usage };
  },
};
