import type { UpdateRule } from "./types";
import { turnedOff } from "./values";

/** S3 public access block turned off. */
export const rule: UpdateRule = {
  id: "PR-S3-5",
  title: "S3 public access block turned off",
  types: ["aws_s3_bucket_public_access_block"],
  reason: "a bucket policy or ACL can then make the data public",
  check: (b, a, u) =>
    ["block_public_acls", "block_public_policy", "ignore_public_acls", "restrict_public_buckets"].flatMap((f) =>
      turnedOff([f], true, "a bucket policy or ACL can make the bucket's objects public")(b, a, u),
    ),
};
