import { COMPLIANT, nonCompliant, Rule } from "../types";
import { asList, bucketCompanions } from "../../synthesized/json";

const blocks = asList;

/** Every bucket has an enabled lifecycle rule that aborts incomplete multipart uploads. */
export const rule: Rule = {
  id: "RW-S3-6",
  title: "S3 lifecycle aborts incomplete multipart uploads",
  message:
    "add an aws_s3_bucket_lifecycle_configuration for the bucket " +
    "with an Enabled rule setting abort_incomplete_multipart_upload.days_after_initiation (SecureBucket does)",
  source: "Checkov CKV_AWS_300; AWS FSBP S3.13",
  resourceTypes: ["aws_s3_bucket"],
  check: (bucket, stack) => {
    const lifecycles = bucketCompanions(bucket, stack, "aws_s3_bucket_lifecycle_configuration");
    if (lifecycles.length === 0) return nonCompliant("no lifecycle configuration");
    const aborts = lifecycles
      .flatMap((l) => blocks(l.config.rule))
      .some((r) => r.status === "Enabled" && blocks(r.abort_incomplete_multipart_upload).some((a) => a.days_after_initiation != null));
    return aborts ? COMPLIANT : nonCompliant("no Enabled rule with abort_incomplete_multipart_upload");
  },
};
