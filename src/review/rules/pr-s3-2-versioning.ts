import type { UpdateRule } from "./types";
import { turnedOff } from "./values";

/** S3 versioning suspended (or MFA delete off). */
export const rule: UpdateRule = {
  id: "PR-S3-2",
  title: "S3 versioning suspended (or MFA delete off)",
  types: ["aws_s3_bucket_versioning", "aws_s3_bucket"],
  reason: "overwritten and deleted objects are no longer kept as noncurrent versions",
  check: (b, a, u) => [
    // The bucket's deprecated inline versioning block.
    ...turnedOff(
      ["versioning", 0, "enabled"],
      true,
      "overwritten and deleted objects are no longer kept: one bad write or delete loses the object",
    )(b, a, u),
    ...turnedOff(
      ["versioning_configuration", 0, "status"],
      "Enabled",
      "overwritten and deleted objects are no longer kept: one bad write or delete loses the object",
    )(b, a, u),
    ...turnedOff(["versioning_configuration", 0, "mfa_delete"], "Enabled", "versions can be deleted without MFA")(b, a, u),
  ],
};
