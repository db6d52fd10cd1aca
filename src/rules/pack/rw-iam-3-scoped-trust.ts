import { COMPLIANT, Json, nonCompliant, NOT_APPLICABLE, Rule } from "../types";
import { asList } from "../../synthesized/json";

const list = asList;
const strings = (value: unknown): string[] => list(value).map(String);

const POD_IDENTITY_TAGS = ["aws:RequestTag/kubernetes-namespace", "aws:RequestTag/kubernetes-service-account"];
const CLUSTER_TAGS = ["aws:RequestTag/eks-cluster-name", "aws:RequestTag/eks-cluster-arn"];

const stringEquals = (s: Json): Json[] => list(s.condition).filter((c) => c.test === "StringEquals");
const isPodIdentity = (s: Json): boolean =>
  list(s.principals).some((p) => p.type === "Service" && strings(p.identifiers).includes("pods.eks.amazonaws.com"));
const isFederated = (s: Json): boolean => list(s.principals).some((p) => p.type === "Federated");

/** What an EKS Pod Identity trust statement misses: the namespace, service account and cluster it is for. */
function podIdentityGaps(s: Json): string[] {
  const variables = stringEquals(s).map((c) => String(c.variable));
  const gaps = POD_IDENTITY_TAGS.filter((tag) => !variables.includes(tag));
  if (!CLUSTER_TAGS.some((tag) => variables.includes(tag))) gaps.push(CLUSTER_TAGS.join(" or "));
  return gaps.map((tag) => `StringEquals on ${tag}`);
}

/** What a web identity (OIDC) trust statement misses: an exact subject and the audience. */
function federatedGaps(s: Json): string[] {
  const conditions = stringEquals(s);
  const gaps: string[] = [];
  const subjects = conditions.filter((c) => String(c.variable).endsWith(":sub"));
  if (subjects.length === 0) gaps.push("StringEquals on <provider>:sub");
  else if (subjects.some((c) => strings(c.values).some((v) => v.includes("*")))) gaps.push('a StringEquals <provider>:sub without "*"');
  if (!conditions.some((c) => String(c.variable).endsWith(":aud"))) gaps.push("StringEquals on <provider>:aud");
  return gaps;
}

/** Roles assumed by pods or by an OIDC identity are bound to exactly one workload or subject. */
export const rule: Rule = {
  id: "RW-IAM-3",
  title: "IAM trust policy for pods and OIDC is scoped",
  message:
    "bind the trust policy to one workload: " +
    "for pods.eks.amazonaws.com, StringEquals on aws:RequestTag/kubernetes-namespace, " +
    "kubernetes-service-account and eks-cluster-name (PodIdentityRole does); " +
    'for a Federated principal, StringEquals on <provider>:sub (no "*") and <provider>:aud',
  source: "Checkov CKV_AWS_358; AWS FSBP (least privilege)",
  resourceTypes: ["aws_iam_role"],
  check: (role, stack) => {
    const statements = stack.policyStatements(role.config.assume_role_policy);
    if (!statements) return nonCompliant("assume_role_policy is not a data.aws_iam_policy_document reference, the rule cannot read it");
    const allows = statements.map((s, i) => ({ s, name: s.sid ?? `#${i + 1}` })).filter(({ s }) => (s.effect ?? "Allow") === "Allow");
    const relevant = allows.filter(({ s }) => isPodIdentity(s) || isFederated(s));
    if (relevant.length === 0) return NOT_APPLICABLE;
    const gaps = relevant.flatMap(({ s, name }) => {
      const missing = [...(isPodIdentity(s) ? podIdentityGaps(s) : []), ...(isFederated(s) ? federatedGaps(s) : [])];
      return missing.length === 0 ? [] : [`statement ${name} lacks ${missing.join(", ")}`];
    });
    return gaps.length === 0 ? COMPLIANT : nonCompliant(gaps.join("; "));
  },
};
