import type { UpdateRule } from "./types";
import { show, lowered } from "./values";

/** Log group retention shortened. */
export const rule: UpdateRule = {
  id: "PR-LOG-1",
  title: "Log group retention shortened",
  types: ["aws_cloudwatch_log_group"],
  reason: "log events older than the new retention are deleted (0 or unset: kept forever)",
  check: lowered(
    ["retention_in_days"],
    (a) => `log events older than ${show(a)} day(s) are deleted (audit and incident evidence included)`,
    true,
  ),
};
