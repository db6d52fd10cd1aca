import { COMPLIANT, Json, nonCompliant, Rule } from "../types";
import { asList, asStrings } from "../../synthesized/json";

const list = asList;
const strings = asStrings;
const everyone = (principal: Json): boolean =>
  (principal.type === "*" || principal.type === "AWS") && strings(principal.identifiers).includes("*");

/** No key policy statement allows any principal at all. */
export const rule: Rule = {
  id: "RW-KMS-2",
  title: "KMS key policy has no wildcard principal",
  message: 'remove principal "*" from the key policy\'s Allow statements; name the account root, roles or service principals instead',
  source: "Checkov CKV_AWS_33",
  resourceTypes: ["aws_kms_key"],
  check: (key, stack) => {
    // Without a policy argument AWS applies the default key policy, which trusts the account only.
    if (key.config.policy == null) return COMPLIANT;
    const statements = stack.policyStatements(key.config.policy);
    if (!statements) return nonCompliant("policy is not a data.aws_iam_policy_document reference, the rule cannot read it");
    const open = statements.flatMap((s, i) =>
      (s.effect ?? "Allow") === "Allow" && list(s.principals).some(everyone) ? [s.sid ?? `#${i + 1}`] : [],
    );
    return open.length === 0 ? COMPLIANT : nonCompliant(`statement ${open.join(", ")} allows principal "*"`);
  },
};
