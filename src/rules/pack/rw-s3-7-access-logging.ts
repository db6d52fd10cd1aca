import { COMPLIANT, nonCompliant, Resource, Rule } from "../types";

const isFor = (bucket: Resource) => (companion: Resource) => {
  const ref = companion.config.bucket;
  return ref === `\${${bucket.address}.id}` || ref === `\${${bucket.address}.bucket}` || (typeof bucket.config.bucket === "string" && ref === bucket.config.bucket);
};

/** Every bucket writes server access logs. */
export const rule: Rule = {
  id: "RW-S3-7",
  title: "S3 server access logging enabled",
  message: "add an aws_s3_bucket_logging for the bucket targeting the logs bucket (pass accessLogs to SecureBucket)",
  source: "Checkov CKV_AWS_18; Trivy AVD-AWS-0089; AWS FSBP S3.9",
  resourceTypes: ["aws_s3_bucket"],
  check: (bucket, stack) => (stack.resources("aws_s3_bucket_logging").some(isFor(bucket)) ? COMPLIANT : nonCompliant("no server access logging")),
};
