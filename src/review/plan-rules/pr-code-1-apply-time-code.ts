import { podsOf, provisionersOf } from "../apply-time-code";
import { changesWithAfter, PlanRule, PlanRuleContext, PlanRuleFinding } from "./types";

/** Provisioners of the configuration and created or changed Kubernetes workloads whose text is not in the approved list. */
function applyTimeCode(context: PlanRuleContext): PlanRuleFinding[] {
  const found = [
    ...provisionersOf(context.plan.configuration),
    ...changesWithAfter(context.plan).flatMap((c) =>
      podsOf(c.type, c.change.after, c.change.after_unknown).map((pod) => ({ ...pod, address: c.address })),
    ),
  ];
  return found
    .filter((f) => f.problem !== undefined)
    .map((f) => ({
      address: f.address,
      type: f.type,
      attribute: f.attribute,
      before: "(not approved)",
      after: `${JSON.stringify(f.summary)}${f.sha256 ? ` (sha256 ${f.sha256})` : ""}`,
      lost: `code runs at apply time with the deploy role's rights, and the plan cannot show what it does: ${f.problem}`,
    }));
}

/** Apply-time code (a provisioner command, a Kubernetes workload) whose hash is not in the committed list. */
export const rule: PlanRule = {
  id: "PR-CODE-1",
  title: "Apply-time code not approved",
  reason:
    "a provisioner or a Kubernetes workload (Pod, Deployment, DaemonSet, Job, ...) runs code during apply that the plan does not show; " +
    "only texts whose sha256 is in " +
    "src/review/approved-commands.ts (one list for every stack and environment) pass",
  check: applyTimeCode,
};
