import { COMPLIANT, nonCompliant, Rule } from "../types";
import { bucketCompanions } from "../../synthesized/json";
import {} from "../../synthesized/json";

/** Whether `companion.bucket` names this bucket: `${aws_s3_bucket.<name>.id|bucket}` or the same literal name. */

/** Every bucket has an explicit default encryption configuration. */
export const rule: Rule = {
  id: "RW-S3-1",
  title: "S3 default encryption configured",
  message: "add an aws_s3_bucket_server_side_encryption_configuration for the bucket (SecureBucket does)",
  source: "Checkov CKV_AWS_19; Trivy AVD-AWS-0088; AWS FSBP S3.4",
  resourceTypes: ["aws_s3_bucket"],
  check: (bucket, stack) =>
    bucketCompanions(bucket, stack, "aws_s3_bucket_server_side_encryption_configuration").length > 0
      ? COMPLIANT
      : nonCompliant("no server-side encryption configuration"),
};
