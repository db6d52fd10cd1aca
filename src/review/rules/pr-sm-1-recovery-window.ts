import type { UpdateRule } from "./types";
import { show, lowered } from "./values";

/** Secrets Manager recovery window lowered. */
export const rule: UpdateRule = {
  id: "PR-SM-1",
  title: "Secrets Manager recovery window lowered",
  types: ["aws_secretsmanager_secret"],
  reason: "a deleted secret can be restored only within the window; 0 deletes it at once",
  notInNonProduction:
    "a non-production environment deletes its secrets at once by default (storage.secretRecoveryDays 0), " +
    "so that it can be torn down and deployed again: a secret scheduled for deletion keeps its name until its window ends",
  check: lowered(["recovery_window_in_days"], (a) =>
    a === 0
      ? "deleting the secret deletes it at once, with no way to restore its values"
      : `a deleted secret can be restored for ${show(a)} day(s) only`,
  ),
};
