import { COMPLIANT, nonCompliant, Rule } from "../types";
import { bucketCompanions } from "../../synthesized/json";

const FLAGS = ["block_public_acls", "block_public_policy", "ignore_public_acls", "restrict_public_buckets"];

/** Every bucket has a public access block with all four settings on. */
export const rule: Rule = {
  id: "RW-S3-2",
  title: "S3 public access fully blocked",
  message: "add an aws_s3_bucket_public_access_block for the bucket with all four settings true (SecureBucket does)",
  source: "Checkov CKV2_AWS_6; AWS FSBP S3.8",
  resourceTypes: ["aws_s3_bucket"],
  check: (bucket, stack) => {
    const [block] = bucketCompanions(bucket, stack, "aws_s3_bucket_public_access_block");
    if (!block) return nonCompliant("no public access block");
    const off = FLAGS.filter((flag) => block.config[flag] !== true);
    return off.length === 0 ? COMPLIANT : nonCompliant(`${off.join(", ")} not true`);
  },
};
