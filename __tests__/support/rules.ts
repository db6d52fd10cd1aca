import { stackView } from "../../src/synthesized/stack-view";
import { Json, Rule, Verdict } from "../../src/rules/types";

/** The verdict of `rule` on the resource at `address` of a hand-written stack. */
export function verdict(rule: Rule, stack: { resource?: Json; data?: Json; output?: Json }, address: string): Verdict {
  const view = stackView("test", stack);
  const resource = view.allResources().find((r) => r.address === address);
  if (!resource) throw new Error(`no ${address} in the test stack`);
  if (!rule.resourceTypes.includes(resource.type) && !rule.resourceTypes.includes("*")) return { status: "not-applicable" };
  return rule.check(resource, view);
}

/** A policy document data source and the reference a resource would use for it. */
export function policyDocument(name: string, statement: Json[]): { data: Json; ref: string } {
  return { data: { aws_iam_policy_document: { [name]: { statement } } }, ref: `\${data.aws_iam_policy_document.${name}.json}` };
}
