import type { UpdateRule } from "./types";
import { show, turnedOff, lowered } from "./values";

/** DynamoDB point-in-time recovery off or shortened. */
export const rule: UpdateRule = {
  id: "PR-DDB-1",
  title: "DynamoDB point-in-time recovery off or shortened",
  types: ["aws_dynamodb_table"],
  reason: "the table can no longer be restored to a moment before a bad write",
  check: (b, a, u) => [
    ...turnedOff(
      ["point_in_time_recovery", 0, "enabled"],
      true,
      "the table can no longer be restored to a moment before a bad write; its continuous backups are deleted",
    )(b, a, u),
    ...lowered(["point_in_time_recovery", 0, "recovery_period_in_days"], (v) => `restores reach back ${show(v)} day(s) only`)(b, a, u),
  ],
};
