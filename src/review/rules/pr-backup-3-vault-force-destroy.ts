import type { UpdateRule } from "./types";
import { turnedOn } from "./values";

/** AWS Backup vault force_destroy turned on. */
export const rule: UpdateRule = {
  id: "PR-BACKUP-3",
  title: "AWS Backup vault force_destroy turned on",
  types: ["aws_backup_vault"],
  reason: "Terraform then deletes every recovery point to destroy the vault",
  check: turnedOn(["force_destroy"], true, "a destroy (or replacement) of the vault deletes every recovery point in it instead of failing"),
};
