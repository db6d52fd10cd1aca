import { COMPLIANT, Json, nonCompliant, Rule } from "../types";
import { asStrings } from "../../synthesized/json";

const list = asStrings;
/** `*` or a whole service, `<service>:*`. */
const WILDCARD_ACTION = /^(\*|[\w-]+:\*)$/;

/** No inline policy allows every action, or every action of a service, on every resource. */
export const rule: Rule = {
  id: "RW-IAM-1",
  title: "IAM inline policy has no wildcard actions on all resources",
  message: 'replace "*" / "<service>:*" actions on resource "*" with the actions the role needs, or scope them to specific ARNs',
  source: "Checkov CKV_AWS_62, CKV_AWS_63; Trivy AVD-AWS-0057; AWS FSBP IAM.1, IAM.21",
  resourceTypes: ["aws_iam_role_policy"],
  check: (policy, stack) => {
    const statements = stack.policyStatements(policy.config.policy);
    if (!statements) return nonCompliant("policy is not a data.aws_iam_policy_document reference, the rule cannot read it");
    const offending = statements.flatMap((s: Json, i) => {
      if ((s.effect ?? "Allow") !== "Allow" || !list(s.resources).includes("*")) return [];
      const wildcards = list(s.actions).filter((a) => WILDCARD_ACTION.test(a));
      return wildcards.length === 0 ? [] : [`statement ${s.sid ?? `#${i + 1}`} allows ${wildcards.join(", ")} on "*"`];
    });
    return offending.length === 0 ? COMPLIANT : nonCompliant(offending.join("; "));
  },
};
