import { policyFromDocumentRead } from "../policy-document";
import {
  Admitted,
  admittedBy,
  admittedByAttribute,
  admittedByDestinations,
  DESTINATION_PATHS,
  federatedProblem,
  isAllowedPrincipal,
  OUTSIDE_PROTOCOLS,
  POLICY_ATTRIBUTES,
  PRINCIPAL_ATTRIBUTES,
} from "../principals";
import { changesWithAfter, configuredExpression, configures, Json, PlanRule, PlanRuleContext, PlanRuleFinding, unknownAt } from "./types";

/**
 * What makes a principal already admitted: its statement, the principal and what the statement grants under which
 * condition. Widening the actions or loosening the condition of a principal of the prior state is checked again.
 */
const key = (a: Admitted) => `${a.statement} ${a.principal} ${a.grant ?? ""}`;

/**
 * The policy an unknown attribute will hold when its expression is only the `json` of one `aws_iam_policy_document`
 * read at apply time whose principals and conditions the plan already shows; undefined otherwise.
 */
function documentPolicy(context: PlanRuleContext, address: string, attribute: string): string | undefined {
  const found = configuredExpression(context.plan.configuration, address, attribute);
  const references: string[] = Array.isArray(found?.expression?.references) ? found!.expression.references : [];
  const sources = new Set(
    references.map((r) =>
      r
        .split(".")
        .slice(0, 3)
        .join(".")
        .replace(/\[[^\]]*\]$/, ""),
    ),
  );
  const [source] = [...sources];
  if (sources.size !== 1 || !source.startsWith("data.aws_iam_policy_document.")) return undefined;
  const read = (context.plan.resource_changes ?? []).find((c) => c.mode === "data" && c.address === `${found!.modulePrefix}${source}`);
  return read ? policyFromDocumentRead(read) : undefined;
}

function describe(a: Admitted, context: PlanRuleContext): string {
  const problem = a.federated !== undefined ? federatedProblem(a, context.accounts) : undefined;
  if (problem !== undefined) return `${a.statement} admits ${a.principal}: ${problem}`;
  const whose =
    a.account === "*"
      ? "anyone (no condition pins an account of this environment)"
      : a.account === "?"
        ? "an account the review cannot tell"
        : `account ${a.account}`;
  return `${a.statement} admits ${a.principal}: ${whose}`;
}

/** Principals of other accounts that a created or changed policy, trust or grant lets in, and policies unknown until apply. */
function crossAccount(context: PlanRuleContext): PlanRuleFinding[] {
  const findings: PlanRuleFinding[] = [];
  for (const change of changesWithAfter(context.plan)) {
    const { type, address } = change;
    const after: Json = change.change.after ?? {};
    const before: Json = change.change.before ?? {};
    const unknown: Json = change.change.after_unknown ?? {};
    const attributes: [string, "policy" | "principal"][] = [
      ...(POLICY_ATTRIBUTES[type] ?? []).map((a): [string, "policy"] => [a, "policy"]),
      ...(PRINCIPAL_ATTRIBUTES[type] ?? []).map((a): [string, "principal"] => [a, "principal"]),
    ];
    for (const [attribute, form] of attributes) {
      let afterValues = after;
      if (unknownAt(unknown, [attribute])) {
        // An inline policy the configuration does not set: the one a separate policy resource writes (checked there).
        if (!configures(context.plan.configuration, address, attribute)) continue;
        const document = form === "policy" ? documentPolicy(context, address, attribute) : undefined;
        if (document !== undefined) afterValues = { ...after, [attribute]: document };
      }
      if (afterValues === after && unknownAt(unknown, [attribute])) {
        // Known only after apply: it cannot be shown safe. Non-production: only principals seen are refused.
        if (context.production)
          findings.push({
            address,
            type,
            attribute,
            before: "(set)",
            after: "(known after apply)",
            lost:
              "the review cannot show which principals it lets in (worst case: another account): " +
              "make it known at plan time, or allow it",
          });
        continue;
      }
      const read = (values: Json): Admitted[] | undefined =>
        form === "policy"
          ? admittedBy(values?.[attribute], type !== "aws_iam_role")
          : admittedByAttribute(type, attribute, values?.[attribute], values);
      const now = read(afterValues);
      if (now === undefined) {
        findings.push({
          address,
          type,
          attribute,
          before: "(set)",
          after: "(not a JSON policy)",
          lost: "the review cannot show which principals it lets in",
        });
        continue;
      }
      const old = new Set((read(before) ?? []).map(key));
      for (const a of now) {
        if (old.has(key(a)) || isAllowedPrincipal(a, type, context.accounts)) continue;
        findings.push({
          address,
          type,
          attribute,
          before: "(not admitted)",
          after: describe(a, context),
          lost:
            "a principal outside this environment's account and its file's trustedAccountIds (and no AWS service account of " +
            "src/review/service-accounts.ts) gets access: another account could read, change or delete what this resource guards",
        });
      }
    }
  }
  findings.push(...destinations(context));
  return findings;
}

/**
 * Destinations of another account: logs, messages, events, replicas, backup copies or shared snapshots sent to an account
 * that is not the environment's (nor a listed one). A value known only after apply is the ARN of a resource of this plan
 * or of a data source, and passes (it cannot be read); one that was already there is not refused again.
 */
function destinations(context: PlanRuleContext): PlanRuleFinding[] {
  const findings: PlanRuleFinding[] = [];
  for (const change of changesWithAfter(context.plan)) {
    if (DESTINATION_PATHS[change.type] === undefined) continue;
    const old = new Set(admittedByDestinations(change.type, change.change.before ?? {}).map((a) => `${a.statement} ${a.principal}`));
    for (const a of admittedByDestinations(change.type, change.change.after ?? {})) {
      if (old.has(`${a.statement} ${a.principal}`) || context.accounts.trusted.includes(a.account)) continue;
      // Outside AWS (an e-mail, a URL): refused in production, where the messages may carry its data.
      if (a.account === "?" && a.principal.includes(":") && OUTSIDE_PROTOCOLS.includes(a.principal.split(":")[0]) && !context.production)
        continue;
      findings.push({
        address: change.address,
        type: change.type,
        attribute: a.statement,
        before: "(not sent there)",
        after: `${a.principal}: ${a.account === "?" ? "an account the review cannot tell (or outside AWS)" : `account ${a.account}`}`,
        lost:
          "data (logs, messages, events, replicas, backup copies, a snapshot) goes to an account outside this environment's " +
          "and its file's trustedAccountIds, or outside AWS",
      });
    }
  }
  return findings;
}

/** A principal of another account in a policy or trust. */
export const rule: PlanRule = {
  id: "PR-IAM-1",
  title: "Principal of another account let in",
  reason:
    "a role trust, resource policy or grant that names another account (or anyone) hands this environment's data to whoever controls it; " +
    "only the environment's own account, the accounts its file lists in trustedAccountIds and the AWS service accounts of " +
    "src/review/service-accounts.ts pass",
  check: crossAccount,
};
