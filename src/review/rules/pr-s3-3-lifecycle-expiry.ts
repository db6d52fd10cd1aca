import type { Json, RuleFinding, UpdateRule } from "./types";
import { UNKNOWN, at, afterAt, show, list, isObj, isUnknownAt } from "./values";

/** Days after which an S3 lifecycle rule expires objects (current or noncurrent), Infinity when it does not. */
function s3ExpiryDays(rule: Json, noncurrent: boolean): number {
  if (!isObj(rule) || rule.status !== "Enabled") return Infinity;
  if (noncurrent) {
    const days = (list(rule.noncurrent_version_expiration)[0] ?? undefined)?.noncurrent_days;
    return typeof days === "number" && days > 0 ? days : Infinity;
  }
  const expiration = list(rule.expiration)[0];
  if (!isObj(expiration)) return Infinity;
  if (typeof expiration.days === "number" && expiration.days > 0) return expiration.days;
  return typeof expiration.date === "string" && expiration.date !== "" ? 0 : Infinity;
}

/** Fields of an S3 lifecycle rule that decide what it expires: unknown is the worst case. */
const S3_RULE_FIELDS: readonly (readonly (string | number)[])[] = [
  ["status"],
  ["expiration", 0, "days"],
  ["expiration", 0, "date"],
  ["noncurrent_version_expiration", 0, "noncurrent_days"],
  ["noncurrent_version_expiration", 0, "newer_noncurrent_versions"],
];

function s3LifecycleExpiry(before: Json, after: Json, afterUnknown: Json): RuleFinding[] {
  if (afterAt(after, afterUnknown, ["rule"]) === UNKNOWN) {
    return [
      { attribute: "rule", before: "(set)", after: show(UNKNOWN), lost: "the review cannot show which objects the new rules expire" },
    ];
  }
  const beforeRules = new Map(
    list(before?.rule)
      .filter(isObj)
      .map((r: Json) => [r.id, r]),
  );
  const findings: RuleFinding[] = [];
  const unknownRules = list(at(afterUnknown, ["rule"]));
  list(after?.rule).forEach((_rule: Json, i: number) => {
    const u = unknownRules[i];
    const unknownField = u === true ? "" : S3_RULE_FIELDS.find((path) => isUnknownAt(u, path));
    if (unknownField !== undefined) {
      findings.push({
        attribute: `rule[${i}]${unknownField ? `.${unknownField.join(".").replace(/\.0/g, "[0]")}` : ""}`,
        before: "(set)",
        after: show(UNKNOWN),
        lost: "the review cannot show which objects this rule expires (worst case: all of them)",
      });
    }
  });
  for (const rule of list(after?.rule).filter(isObj)) {
    const old = beforeRules.get(rule.id);
    const expires = s3ExpiryDays(rule, false) < Infinity || s3ExpiryDays(rule, true) < Infinity;
    const filterOf = (r: Json) => JSON.stringify(r?.filter ?? []) + JSON.stringify(r?.prefix ?? "");
    if (old && expires && (s3ExpiryDays(old, false) < Infinity || s3ExpiryDays(old, true) < Infinity) && filterOf(old) !== filterOf(rule)) {
      findings.push({
        attribute: `rule[${JSON.stringify(rule.id)}].filter`,
        before: filterOf(old),
        after: filterOf(rule),
        lost: "an expiring rule now selects other objects (a wider prefix or no filter expires objects it never touched)",
      });
    }
    const newer = (r: Json) => {
      const n = (list(r?.noncurrent_version_expiration)[0] ?? undefined)?.newer_noncurrent_versions;
      return typeof n === "number" ? n : 0;
    };
    if (old && s3ExpiryDays(rule, true) < Infinity && newer(rule) < newer(old)) {
      findings.push({
        attribute: `rule[${JSON.stringify(rule.id)}].noncurrent_version_expiration.newer_noncurrent_versions`,
        before: String(newer(old)),
        after: String(newer(rule)),
        lost: `only ${newer(rule)} noncurrent version(s) of each object are kept past the expiration days`,
      });
    }
    for (const noncurrent of [false, true]) {
      const newDays = s3ExpiryDays(rule, noncurrent);
      const oldDays = s3ExpiryDays(beforeRules.get(rule.id), noncurrent);
      if (newDays >= oldDays) continue;
      const field = noncurrent ? "noncurrent_version_expiration.noncurrent_days" : "expiration.days";
      const what = noncurrent ? "noncurrent (overwritten or deleted) versions" : "current objects";
      findings.push({
        attribute: `rule[${JSON.stringify(rule.id)}].${field}`,
        before: oldDays === Infinity ? "(no expiration)" : String(oldDays),
        after: newDays === 0 ? "(a date)" : String(newDays),
        lost: `${what} ${newDays === 0 ? "are deleted from that date" : `older than ${newDays} day(s) are deleted`}`,
      });
    }
  }
  return findings;
}

/** S3 lifecycle expiration added or shortened. */
export const rule: UpdateRule = {
  id: "PR-S3-3",
  title: "S3 lifecycle expiration added or shortened",
  types: ["aws_s3_bucket_lifecycle_configuration"],
  reason: "objects or their noncurrent versions are deleted sooner than before (or at all)",
  check: s3LifecycleExpiry,
};
