import type { UpdateRule } from "./types";
import { turnedOn } from "./values";

/** KMS policy lockout safety check bypassed. */
export const rule: UpdateRule = {
  id: "PR-KMS-4",
  title: "KMS policy lockout safety check bypassed",
  types: ["aws_kms_key"],
  reason: "AWS then accepts a policy that locks everyone out of the key",
  check: turnedOn(
    ["bypass_policy_lockout_safety_check"],
    true,
    "AWS no longer refuses a policy that locks every principal out of the key for good",
  ),
};
