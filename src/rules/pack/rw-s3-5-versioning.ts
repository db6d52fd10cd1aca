import { COMPLIANT, nonCompliant, Rule } from "../types";
import { asList, bucketCompanions } from "../../synthesized/json";

const blocks = asList;

/** Every bucket keeps object versions. */
export const rule: Rule = {
  id: "RW-S3-5",
  title: "S3 versioning enabled",
  message: "add an aws_s3_bucket_versioning for the bucket with status Enabled (SecureBucket does)",
  source: "Checkov CKV_AWS_21; Trivy AVD-AWS-0090; AWS FSBP S3.14",
  resourceTypes: ["aws_s3_bucket"],
  check: (bucket, stack) => {
    const versionings = bucketCompanions(bucket, stack, "aws_s3_bucket_versioning");
    if (versionings.length === 0) return nonCompliant("no versioning configuration");
    const status = versionings.flatMap((v) => blocks(v.config.versioning_configuration)).map((c) => c.status);
    return status.includes("Enabled") ? COMPLIANT : nonCompliant(`versioning status is ${status.join(", ") || "unset"}`);
  },
};
