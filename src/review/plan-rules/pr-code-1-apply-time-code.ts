import { podsOf, provisionersOf, sha256 } from "../apply-time-code";
import { chartProblem, releaseHookProblem } from "../helm-charts";
import { planTimeCodeOf } from "../plan-time-code";
import { changesWithAfter, Json, PlanRule, PlanRuleContext, PlanRuleFinding, unknownAt } from "./types";

/** Provisioners of the configuration and created or changed Kubernetes workloads whose text is not in the approved list. */
function applyTimeCode(context: PlanRuleContext): PlanRuleFinding[] {
  const found = [
    ...provisionersOf(context.plan.configuration),
    ...changesWithAfter(context.plan).flatMap((c) =>
      podsOf(c.type, c.change.after, c.change.after_unknown).map((pod) => ({ ...pod, address: c.address })),
    ),
  ];
  const charts: PlanRuleFinding[] = changesWithAfter(context.plan)
    .filter((c) => c.type === "helm_release")
    .flatMap((c) => {
      const after: Json = c.change.after ?? {};
      const before: Json = c.change.before ?? {};
      const created = c.change.actions.includes("create");
      const moved = ["repository", "chart", "version"].some((a) => JSON.stringify(after[a] ?? null) !== JSON.stringify(before[a] ?? null));
      const unknown = ["repository", "chart", "version"].filter((a) => unknownAt(c.change.after_unknown, [a]));
      const problem =
        unknown.length > 0 ? `its ${unknown.join(", ")} is known only after apply` : created || moved ? chartProblem(after) : undefined;
      const hook = releaseHookProblem(after, c.change.after_unknown);
      const hooks: PlanRuleFinding[] =
        hook === undefined
          ? []
          : [
              {
                address: c.address,
                type: c.type,
                attribute: "postrender, dependency_update",
                before: JSON.stringify({ postrender: before.postrender ?? null, dependency_update: before.dependency_update ?? null }),
                after: JSON.stringify({ postrender: after.postrender ?? null, dependency_update: after.dependency_update ?? null }),
                lost: `code the plan does not show runs on the machine that applies, with the deploy role's credentials: ${hook}`,
              },
            ];
      if (problem === undefined) return hooks;
      return [
        ...hooks,
        {
          address: c.address,
          type: c.type,
          attribute: "repository, chart, version",
          before: created ? "(not installed)" : `${before.repository ?? ""} ${before.chart ?? ""} ${before.version ?? ""}`.trim(),
          after: `${after.repository ?? ""} ${after.chart ?? ""} ${after.version ?? ""}`.trim(),
          lost: `a chart's templates run in the cluster with the rights they ask for, and the plan shows only its name: ${problem}`,
        },
      ];
    });
  // User data runs as root on every node a launch template starts, with the node role's rights and the data of every pod
  // on the node. The stacks set none: in production a new or changed one is refused (an allow line admits a reviewed one).
  const userData: PlanRuleFinding[] = context.production
    ? changesWithAfter(context.plan)
        .filter((c) => c.type === "aws_launch_template")
        .flatMap((c) => {
          const after: Json = c.change.after ?? {};
          const before: Json = c.change.before ?? {};
          const unknown = unknownAt(c.change.after_unknown, ["user_data"]);
          const set = unknown || (typeof after.user_data === "string" && after.user_data !== "");
          if (!set || (!unknown && after.user_data === before.user_data)) return [];
          return [
            {
              address: c.address,
              type: c.type,
              attribute: "user_data",
              before: typeof before.user_data === "string" && before.user_data !== "" ? `sha256 ${sha256(before.user_data)}` : "(none)",
              after: unknown ? "(known after apply)" : `sha256 ${sha256(after.user_data)}`,
              lost: "a new or changed user_data runs as root on every node this template launches, and the plan shows only its base64",
            },
          ];
        })
    : [];
  const planTime: PlanRuleFinding[] = planTimeCodeOf(context.plan).map((f) => ({
    address: f.address,
    type: f.type,
    attribute: "(plan-time code)",
    before: "(not allowed)",
    after: f.type,
    lost:
      `${f.problem} (src/review/plan-time-code.ts): it ran when this plan was made (the apps stack's plan is made with the ` +
      "deploy role) and runs again at apply with the deploy role",
  }));
  return [
    ...charts,
    ...userData,
    ...planTime,
    ...found
      .filter((f) => f.problem !== undefined)
      .map((f) => ({
        address: f.address,
        type: f.type,
        attribute: f.attribute,
        before: "(not approved)",
        after: `${JSON.stringify(f.summary)}${f.sha256 ? ` (sha256 ${f.sha256})` : ""}`,
        lost: `code runs at apply time with the deploy role's rights, and the plan cannot show what it does: ${f.problem}`,
      })),
  ];
}

/** Code the plan does not show: a provisioner, a Kubernetes workload, a Helm chart, a provider or data source not on its list. */
export const rule: PlanRule = {
  id: "PR-CODE-1",
  title: "Apply-time code not approved",
  reason:
    "a provisioner, a Kubernetes workload (Pod, Deployment, DaemonSet, Job, ...) or a Helm chart runs code during apply that the " +
    "plan does not show, and a provider or data source runs code at plan time: only texts whose sha256 is in " +
    "src/review/approved-commands.ts (one list for every stack and environment), the pinned charts of src/review/helm-charts.ts " +
    "and the providers and data sources of src/review/plan-time-code.ts pass",
  check: applyTimeCode,
};
