import { COMPLIANT, Json, nonCompliant, Resource, Rule } from "../types";

const isFor = (bucket: Resource) => (companion: Resource) => {
  const ref = companion.config.bucket;
  return ref === `\${${bucket.address}.id}` || ref === `\${${bucket.address}.bucket}` || (typeof bucket.config.bucket === "string" && ref === bucket.config.bucket);
};
const blocks = (value: unknown): Json[] => (value == null ? [] : Array.isArray(value) ? value : [value]) as Json[];

/** Every bucket has ACLs disabled: object ownership BucketOwnerEnforced. */
export const rule: Rule = {
  id: "RW-S3-3",
  title: "S3 ACLs disabled (BucketOwnerEnforced)",
  message: "add an aws_s3_bucket_ownership_controls for the bucket with object_ownership BucketOwnerEnforced (SecureBucket does)",
  source: "Checkov CKV2_AWS_65; AWS FSBP S3.12",
  resourceTypes: ["aws_s3_bucket"],
  check: (bucket, stack) => {
    const controls = stack.resources("aws_s3_bucket_ownership_controls").filter(isFor(bucket));
    if (controls.length === 0) return nonCompliant("no ownership controls");
    const ownership = controls.flatMap((c) => blocks(c.config.rule)).map((r) => r.object_ownership);
    return ownership.includes("BucketOwnerEnforced") ? COMPLIANT : nonCompliant(`object_ownership is ${ownership.join(", ") || "unset"}`);
  },
};
