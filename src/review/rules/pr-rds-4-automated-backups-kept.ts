import type { UpdateRule } from "./types";
import { turnedOn } from "./values";

/** RDS automated backups deleted with the instance. */
export const rule: UpdateRule = {
  id: "PR-RDS-4",
  title: "RDS automated backups deleted with the instance",
  types: ["aws_db_instance"],
  reason: "deleting the instance then deletes its automated backups too",
  check: turnedOn(
    ["delete_automated_backups"],
    true,
    "a deleted instance takes its automated backups with it: no point-in-time restore afterwards",
  ),
};
