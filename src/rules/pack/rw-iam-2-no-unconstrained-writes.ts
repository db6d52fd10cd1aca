import { COMPLIANT, Json, nonCompliant, Rule } from "../types";
import { asStrings } from "../../synthesized/json";

const list = asStrings;
/** Verbs that only read; any other action (including `*` and `svc:*`) can write or manage permissions. */
const READ_VERB = /^(Get|List|Describe|View|Read|Head|Check|BatchGet|BatchCheck|Search|Lookup|Filter)/i;
const isWrite = (action: string): boolean => {
  const colon = action.indexOf(":");
  return colon < 0 || !READ_VERB.test(action.slice(colon + 1));
};
const shown = (actions: string[]): string =>
  actions.length <= 3 ? actions.join(", ") : `${actions.slice(0, 3).join(", ")} and ${actions.length - 3} more`;

/** No inline policy allows write or permissions-management actions on every resource without a condition. */
export const rule: Rule = {
  id: "RW-IAM-2",
  title: "IAM inline policy has no unconstrained write access",
  message: 'scope write actions to specific resource ARNs, or add a condition (e.g. on aws:ResourceTag), instead of resource "*" alone',
  source: "Checkov CKV_AWS_289, CKV_AWS_290, CKV_AWS_355",
  resourceTypes: ["aws_iam_role_policy"],
  check: (policy, stack) => {
    const statements = stack.policyStatements(policy.config.policy);
    if (!statements) return nonCompliant("policy is not a data.aws_iam_policy_document reference, the rule cannot read it");
    const offending = statements.flatMap((s: Json, i) => {
      const conditioned = list(s.condition).length > 0;
      const unconstrained = (s.effect ?? "Allow") === "Allow" && list(s.resources).includes("*") && !conditioned;
      const writes = unconstrained ? list(s.actions).filter(isWrite) : [];
      return writes.length === 0 ? [] : [`statement ${s.sid ?? `#${i + 1}`} allows ${shown(writes)} on "*"`];
    });
    return offending.length === 0 ? COMPLIANT : nonCompliant(offending.join("; "));
  },
};
