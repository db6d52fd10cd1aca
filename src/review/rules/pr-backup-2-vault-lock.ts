import type { Json, RuleFinding, UpdateRule } from "./types";
import { at, afterAt, show, lowered } from "./values";

/** A backup vault lock that protects less: lower minimum or maximum retention, or compliance mode dropped. */
function vaultLockWeakened(before: Json, after: Json, afterUnknown: Json): RuleFinding[] {
  const findings = [
    ...lowered(["min_retention_days"], (a) => `recovery points can be deleted after ${show(a)} day(s)`)(before, after, afterUnknown),
    ...lowered(["max_retention_days"], (a) => `recovery points are kept at most ${show(a)} day(s)`)(before, after, afterUnknown),
  ];
  const b = at(before, ["changeable_for_days"]);
  const a = afterAt(after, afterUnknown, ["changeable_for_days"]);
  if (typeof b === "number" && typeof a !== "number") {
    findings.push({
      attribute: "changeable_for_days",
      before: show(b),
      after: show(a),
      lost: "the lock is in governance mode (or unknown): anyone with enough IAM permissions can remove it and delete recovery points",
    });
  }
  return findings;
}

/** AWS Backup vault lock weakened. */
export const rule: UpdateRule = {
  id: "PR-BACKUP-2",
  title: "AWS Backup vault lock weakened",
  types: ["aws_backup_vault_lock_configuration"],
  reason: "recovery points can be deleted sooner, or the lock itself removed (compliance → governance)",
  check: vaultLockWeakened,
};
