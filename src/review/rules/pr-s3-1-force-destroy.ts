import type { UpdateRule } from "./types";
import { turnedOn } from "./values";

/** S3 force_destroy turned on. */
export const rule: UpdateRule = {
  id: "PR-S3-1",
  title: "S3 force_destroy turned on",
  types: ["aws_s3_bucket"],
  reason: "Terraform then deletes every object and version to destroy the bucket",
  check: turnedOn(
    ["force_destroy"],
    true,
    "a destroy (or replacement) of the bucket deletes every object and version in it instead of failing",
  ),
};
