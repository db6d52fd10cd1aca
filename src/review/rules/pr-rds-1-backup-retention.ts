import type { UpdateRule } from "./types";
import { show, lowered } from "./values";

/** RDS/Aurora backup retention lowered. */
export const rule: UpdateRule = {
  id: "PR-RDS-1",
  title: "RDS/Aurora backup retention lowered",
  types: ["aws_rds_cluster", "aws_db_instance"],
  reason: "automated backups older than the new window are deleted at once; 0 (an RDS instance) turns backups off and deletes them all",
  check: lowered(["backup_retention_period"], (a) =>
    a === 0
      ? "automated backups are turned off and every existing one is deleted at once"
      : `automated backups older than ${show(a)} day(s) are deleted, and no point-in-time restore reaches further back`,
  ),
};
