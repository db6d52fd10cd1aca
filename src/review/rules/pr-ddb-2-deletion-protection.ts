import type { UpdateRule } from "./types";
import { turnedOff } from "./values";

/** DynamoDB deletion protection turned off. */
export const rule: UpdateRule = {
  id: "PR-DDB-2",
  title: "DynamoDB deletion protection turned off",
  types: ["aws_dynamodb_table"],
  reason: "a single API call can then delete the table",
  check: turnedOff(["deletion_protection_enabled"], true, "the table can be deleted by one API call or a terraform destroy"),
};
