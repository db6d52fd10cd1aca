import type { UpdateRule } from "./types";
import { turnedOff } from "./values";

/** EFS automatic backups turned off. */
export const rule: UpdateRule = {
  id: "PR-EFS-1",
  title: "EFS automatic backups turned off",
  types: ["aws_efs_backup_policy"],
  reason: "the file system is no longer backed up by AWS Backup",
  check: turnedOff(["backup_policy", 0, "status"], "ENABLED", "no more automatic backups of the file system"),
};
