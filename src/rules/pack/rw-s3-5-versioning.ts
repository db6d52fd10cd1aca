import { COMPLIANT, Json, nonCompliant, Resource, Rule } from "../types";

const isFor = (bucket: Resource) => (companion: Resource) => {
  const ref = companion.config.bucket;
  return ref === `\${${bucket.address}.id}` || ref === `\${${bucket.address}.bucket}` || (typeof bucket.config.bucket === "string" && ref === bucket.config.bucket);
};
const blocks = (value: unknown): Json[] => (value == null ? [] : Array.isArray(value) ? value : [value]) as Json[];

/** Every bucket keeps object versions. */
export const rule: Rule = {
  id: "RW-S3-5",
  title: "S3 versioning enabled",
  message: "add an aws_s3_bucket_versioning for the bucket with status Enabled (SecureBucket does)",
  source: "Checkov CKV_AWS_21; Trivy AVD-AWS-0090; AWS FSBP S3.14",
  resourceTypes: ["aws_s3_bucket"],
  check: (bucket, stack) => {
    const versionings = stack.resources("aws_s3_bucket_versioning").filter(isFor(bucket));
    if (versionings.length === 0) return nonCompliant("no versioning configuration");
    const status = versionings.flatMap((v) => blocks(v.config.versioning_configuration)).map((c) => c.status);
    return status.includes("Enabled") ? COMPLIANT : nonCompliant(`versioning status is ${status.join(", ") || "unset"}`);
  },
};
