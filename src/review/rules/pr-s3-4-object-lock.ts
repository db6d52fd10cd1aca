import type { Json, RuleFinding, UpdateRule } from "./types";
import { UNKNOWN, at, afterAt, show, turnedOff } from "./values";

function objectLockWeakened(before: Json, after: Json, afterUnknown: Json): RuleFinding[] {
  const path = ["rule", 0, "default_retention", 0];
  const b = at(before, path) as Json;
  if (!b) return [];
  const a = afterAt(after, afterUnknown, path) as Json;
  const days = (r: Json) =>
    r === UNKNOWN || !r ? 0 : (typeof r.days === "number" && r.days > 0 ? r.days : 0) + (typeof r.years === "number" ? r.years * 365 : 0);
  const findings: RuleFinding[] = [];
  if (days(a) < days(b)) {
    findings.push({
      attribute: "rule[0].default_retention",
      before: `${days(b)} day(s)`,
      after: a === UNKNOWN ? show(UNKNOWN) : a ? `${days(a)} day(s)` : "(removed)",
      lost: "new object versions are locked for a shorter time (or not at all) and can be deleted sooner",
    });
  }
  if (b.mode === "COMPLIANCE" && (a === UNKNOWN || !a || a.mode !== "COMPLIANCE")) {
    findings.push({
      attribute: "rule[0].default_retention.mode",
      before: show(b.mode),
      after: a === UNKNOWN ? show(UNKNOWN) : show(a?.mode),
      lost: "in GOVERNANCE mode (or none) users with s3:BypassGovernanceRetention can delete locked versions",
    });
  }
  return findings;
}

/** S3 object lock removed or shortened. */
export const rule: UpdateRule = {
  id: "PR-S3-4",
  title: "S3 object lock removed or shortened",
  types: ["aws_s3_bucket_object_lock_configuration", "aws_s3_bucket"],
  reason: "locked versions can be deleted sooner (or by anyone allowed to bypass governance)",
  check: (b, a, u) => [
    ...objectLockWeakened(b, a, u),
    ...turnedOff(["object_lock_enabled"], true, "the bucket is re-created without object lock")(b, a, u),
  ],
};
