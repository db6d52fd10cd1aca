import type { Json, RuleFinding, UpdateRule } from "./types";
import { UNKNOWN, at, afterAt, show, list, isObj, isUnknownAt } from "./values";

const deleteAfter = (lifecycle: Json): number => {
  const d = (list(lifecycle)[0] ?? undefined)?.delete_after;
  return typeof d === "number" && d > 0 ? d : Infinity;
};

const days = (d: number) => (d === Infinity ? "(kept forever)" : String(d));

/** Fields of a backup plan rule that decide where and how long recovery points are kept. */
const BACKUP_RULE_FIELDS: readonly (readonly (string | number)[])[] = [
  ["rule_name"],
  ["target_vault_name"],
  ["lifecycle"],
  ["lifecycle", 0, "delete_after"],
  ["copy_action"],
];

function backupRetentionShortened(before: Json, after: Json, afterUnknown: Json): RuleFinding[] {
  if (afterAt(after, afterUnknown, ["rule"]) === UNKNOWN)
    return [{ attribute: "rule", before: "(set)", after: show(UNKNOWN), lost: "the review cannot show how long recovery points are kept" }];
  const findings: RuleFinding[] = [];
  const unknownRules = list(at(afterUnknown, ["rule"]));
  list(after?.rule).forEach((rule: Json, i: number) => {
    const u = unknownRules[i];
    const copies = list(rule?.copy_action).map((_c: Json, j: number) => ["copy_action", j, "lifecycle", 0, "delete_after"] as const);
    const field = u === true ? [] : [...BACKUP_RULE_FIELDS, ...copies].find((path) => isUnknownAt(u, path));
    if (field !== undefined)
      findings.push({
        attribute: `rule[${i}]${field.length > 0 ? `.${field.join(".").replace(/\.(\d+)/g, "[$1]")}` : ""}`,
        before: "(set)",
        after: show(UNKNOWN),
        lost: "the review cannot show how long (or in which vault) recovery points are kept: worst case, deleted at once",
      });
  });
  const beforeRules = list(before?.rule).filter(isObj);
  const afterRules = list(after?.rule).filter(isObj);
  const old = new Map(beforeRules.map((r: Json) => [r.rule_name, r]));
  for (const r of afterRules) {
    const o = old.get(r.rule_name);
    if (!o) continue;
    if (deleteAfter(r.lifecycle) < deleteAfter(o.lifecycle)) {
      findings.push({
        attribute: `rule[${JSON.stringify(r.rule_name)}].lifecycle.delete_after`,
        before: days(deleteAfter(o.lifecycle)),
        after: days(deleteAfter(r.lifecycle)),
        lost: `recovery points older than ${deleteAfter(r.lifecycle)} day(s) are deleted`,
      });
    }
    if (o.target_vault_name !== r.target_vault_name) {
      findings.push({
        attribute: `rule[${JSON.stringify(r.rule_name)}].target_vault_name`,
        before: show(o.target_vault_name),
        after: show(r.target_vault_name),
        lost: "new recovery points go to another vault, outside the old vault's lock and access policy",
      });
    }
  }
  // Copy actions (per destination) that are gone or keep copies for less time.
  const copiesOf = (rules: Json[]) =>
    new Map(
      rules.flatMap((r: Json) =>
        list(r.copy_action)
          .filter(isObj)
          .map((c: Json) => [c.destination_vault_arn, deleteAfter(c.lifecycle)] as [string, number]),
      ),
    );
  const beforeCopies = copiesOf(beforeRules);
  const afterCopies = copiesOf(afterRules);
  for (const [vault, d] of beforeCopies) {
    const now = afterCopies.get(vault);
    if (now === undefined)
      findings.push({
        attribute: `copy_action[${JSON.stringify(vault)}]`,
        before: `copies kept ${days(d)} day(s)`,
        after: "(removed)",
        lost:
          "recovery points are no longer copied to that vault (another account or region): " +
          "one compromised account or region can then lose every copy",
      });
    else if (now < d)
      findings.push({
        attribute: `copy_action[${JSON.stringify(vault)}].lifecycle.delete_after`,
        before: days(d),
        after: days(now),
        lost: `copies older than ${now} day(s) are deleted`,
      });
  }
  // A removed (or renamed) rule makes no more recovery points on its schedule: a restore point it kept is gone once the old ones expire.
  const newNames = new Set(afterRules.map((r: Json) => r.rule_name));
  for (const o of beforeRules.filter((r: Json) => !newNames.has(r.rule_name))) {
    findings.push({
      attribute: `rule[${JSON.stringify(o.rule_name)}]`,
      before: `${show(o.schedule)}, kept ${days(deleteAfter(o.lifecycle))} day(s)`,
      after: "(removed or renamed)",
      lost: "no new recovery points on its schedule (a renamed rule counts as removed: allow it when the new rule keeps as much)",
    });
  }
  return findings;
}

/** AWS Backup retention shortened. */
export const rule: UpdateRule = {
  id: "PR-BACKUP-1",
  title: "AWS Backup retention shortened",
  types: ["aws_backup_plan"],
  reason: "recovery points are deleted sooner",
  check: backupRetentionShortened,
};
