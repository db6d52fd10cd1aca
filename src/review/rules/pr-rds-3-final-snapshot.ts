import type { UpdateRule } from "./types";
import { turnedOn } from "./values";

/** RDS/Aurora final snapshot skipped. */
export const rule: UpdateRule = {
  id: "PR-RDS-3",
  title: "RDS/Aurora final snapshot skipped",
  types: ["aws_rds_cluster", "aws_db_instance"],
  reason: "a deleted database then leaves no snapshot behind",
  check: turnedOn(["skip_final_snapshot"], true, "deleting the database leaves no final snapshot: the data is gone for good"),
};
