import type { UpdateRule } from "./types";
import { turnedOff } from "./values";

/** RDS/Aurora deletion protection turned off. */
export const rule: UpdateRule = {
  id: "PR-RDS-2",
  title: "RDS/Aurora deletion protection turned off",
  types: ["aws_rds_cluster", "aws_db_instance"],
  reason: "a single API call (or terraform destroy) can then delete the database",
  check: turnedOff(["deletion_protection"], true, "the database can be deleted by one API call or a terraform destroy"),
};
