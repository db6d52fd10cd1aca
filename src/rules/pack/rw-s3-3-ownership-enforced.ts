import { COMPLIANT, nonCompliant, Rule } from "../types";
import { asList, bucketCompanions } from "../../synthesized/json";

const blocks = asList;

/** Every bucket has ACLs disabled: object ownership BucketOwnerEnforced. */
export const rule: Rule = {
  id: "RW-S3-3",
  title: "S3 ACLs disabled (BucketOwnerEnforced)",
  message: "add an aws_s3_bucket_ownership_controls for the bucket with object_ownership BucketOwnerEnforced (SecureBucket does)",
  source: "Checkov CKV2_AWS_65; AWS FSBP S3.12",
  resourceTypes: ["aws_s3_bucket"],
  check: (bucket, stack) => {
    const controls = bucketCompanions(bucket, stack, "aws_s3_bucket_ownership_controls");
    if (controls.length === 0) return nonCompliant("no ownership controls");
    const ownership = controls.flatMap((c) => blocks(c.config.rule)).map((r) => r.object_ownership);
    return ownership.includes("BucketOwnerEnforced") ? COMPLIANT : nonCompliant(`object_ownership is ${ownership.join(", ") || "unset"}`);
  },
};
