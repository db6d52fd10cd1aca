import { COMPLIANT, nonCompliant, Rule } from "../types";
import { bucketCompanions } from "../../synthesized/json";
import {} from "../../synthesized/json";

/** Every bucket writes server access logs. */
export const rule: Rule = {
  id: "RW-S3-7",
  title: "S3 server access logging enabled",
  message: "add an aws_s3_bucket_logging for the bucket targeting the logs bucket (pass accessLogs to SecureBucket)",
  source: "Checkov CKV_AWS_18; Trivy AVD-AWS-0089; AWS FSBP S3.9",
  resourceTypes: ["aws_s3_bucket"],
  check: (bucket, stack) =>
    bucketCompanions(bucket, stack, "aws_s3_bucket_logging").length > 0 ? COMPLIANT : nonCompliant("no server access logging"),
};
