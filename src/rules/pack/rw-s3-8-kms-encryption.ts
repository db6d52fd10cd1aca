import { COMPLIANT, nonCompliant, Rule } from "../types";
import { asList, bucketCompanions } from "../../synthesized/json";

/** A nested block as a list: cdktf writes some blocks as an object, others as an array. */
const blocks = asList;
const KMS_ALGORITHMS = ["aws:kms", "aws:kms:dsse"];

/** Every bucket's default encryption is SSE-KMS with a named key. */
export const rule: Rule = {
  id: "RW-S3-8",
  title: "S3 default encryption uses a KMS key",
  message: "encrypt the bucket with sse_algorithm aws:kms and a kms_master_key_id (pass kmsKeyArn to SecureBucket)",
  source: "Checkov CKV_AWS_145; Trivy AVD-AWS-0132",
  resourceTypes: ["aws_s3_bucket"],
  check: (bucket, stack) => {
    const configurations = bucketCompanions(bucket, stack, "aws_s3_bucket_server_side_encryption_configuration");
    if (configurations.length === 0) return nonCompliant("no server-side encryption configuration");
    const defaults = configurations.flatMap((c) => blocks(c.config.rule)).flatMap((r) => blocks(r.apply_server_side_encryption_by_default));
    const kms = defaults.some(
      (d) => KMS_ALGORITHMS.includes(d.sse_algorithm) && typeof d.kms_master_key_id === "string" && d.kms_master_key_id !== "",
    );
    return kms ? COMPLIANT : nonCompliant(`sse_algorithm is ${defaults.map((d) => d.sse_algorithm).join(", ") || "unset"}, no KMS key`);
  },
};
