import type { UpdateRule } from "./types";
import { turnedOff } from "./values";

/** KMS key disabled. */
export const rule: UpdateRule = {
  id: "PR-KMS-1",
  title: "KMS key disabled",
  types: ["aws_kms_key"],
  reason: "nothing encrypted with the key can be read while it is disabled",
  check: turnedOff(
    ["is_enabled"],
    true,
    "everything encrypted with the key (database, buckets, secrets, state) is unreadable while it is disabled",
  ),
};
