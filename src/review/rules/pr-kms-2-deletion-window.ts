import type { UpdateRule } from "./types";
import { show, lowered } from "./values";

/** KMS deletion window shortened. */
export const rule: UpdateRule = {
  id: "PR-KMS-2",
  title: "KMS deletion window shortened",
  types: ["aws_kms_key"],
  reason: "a scheduled deletion can be cancelled only within the window",
  check: lowered(["deletion_window_in_days"], (a) => `a scheduled deletion of the key leaves ${show(a)} day(s) to notice and cancel it`),
};
