import type { UpdateRule } from "./types";
import { turnedOn } from "./values";

/** RDS/Aurora automated backups deleted with the database. */
export const rule: UpdateRule = {
  id: "PR-RDS-4",
  title: "RDS/Aurora automated backups deleted with the database",
  // The Aurora cluster has the same attribute (the provider defaults it to true).
  types: ["aws_db_instance", "aws_rds_cluster"],
  reason: "deleting the instance or cluster then deletes its automated backups too",
  check: turnedOn(
    ["delete_automated_backups"],
    true,
    "a deleted database takes its automated backups with it: no point-in-time restore afterwards",
  ),
};
