import { MAX_GAP_DAYS, readSchedule } from "../backup-schedule";
import { changesWithAfter, Json, PlanRule, PlanRuleContext, PlanRuleFinding, unknownAt } from "./types";

const list = (v: Json): Json[] => (Array.isArray(v) ? v : []);

/** A created or changed backup plan none of whose rules fires at least every MAX_GAP_DAYS days. */
function scheduleNeverFires(context: PlanRuleContext): PlanRuleFinding[] {
  const findings: PlanRuleFinding[] = [];
  for (const change of changesWithAfter(context.plan).filter((c) => c.type === "aws_backup_plan")) {
    const { address, type } = change;
    const after: Json = change.change.after ?? {};
    const unknown: Json = change.change.after_unknown ?? {};
    const rules = list(after.rule);
    const readings = rules.map((r: Json, i: number) =>
      unknownAt(unknown, ["rule"]) || unknownAt(unknown, ["rule", i, "schedule"])
        ? { fires: false as const, problem: "its schedule is known only after apply" }
        : readSchedule(r?.schedule),
    );
    if (readings.some((r) => r.fires && r.maxGapDays <= MAX_GAP_DAYS)) continue;
    const why =
      rules.length === 0
        ? "no rule"
        : rules
            .map((r: Json, i: number) => {
              const reading = readings[i];
              const what = reading.fires ? `goes up to ${reading.maxGapDays} days without firing` : reading.problem;
              return `${JSON.stringify(r?.rule_name ?? i)} ${JSON.stringify(r?.schedule ?? null)}: ${what}`;
            })
            .join("; ");
    findings.push({
      address,
      type,
      attribute: "rule[*].schedule",
      before: "(a schedule firing every week or more often)",
      after: why,
      lost: `no recovery point for more than ${MAX_GAP_DAYS} days (or never): a restore loses everything written since the last one`,
    });
  }
  return findings;
}

/** A backup plan whose schedule never fires (or not every week). */
export const rule: PlanRule = {
  id: "PR-BACKUP-4",
  title: "AWS Backup plan does not fire every week",
  reason:
    `a plan none of whose rules fires at least every ${MAX_GAP_DAYS} days in every year takes no recovery points ` +
    "(cron(0 3 1 1 ? 2099) never fires before 2099; a year list ends)",
  productionOnly: "backups are optional in a non-production environment (backup.enabled false by default)",
  check: scheduleNeverFires,
};
