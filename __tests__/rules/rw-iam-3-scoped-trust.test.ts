import { rule } from "../../src/rules/pack/rw-iam-3-scoped-trust";
import { Json } from "../../src/rules/types";
import { policyDocument, verdict } from "../support/rules";

const roleTrusting = (statements: Json[]) => {
  const document = policyDocument("Trust", statements);
  return { resource: { aws_iam_role: { Role: { name: "role", assume_role_policy: document.ref } } }, data: document.data };
};
const equals = (variable: string, value: string) => ({ test: "StringEquals", variable, values: [value] });

const POD_CONDITIONS = [
  equals("aws:SourceAccount", "111111111111"),
  equals("aws:RequestTag/eks-cluster-name", "road-warrior-dev"),
  equals("aws:RequestTag/kubernetes-namespace", "trips-api"),
  equals("aws:RequestTag/kubernetes-service-account", "trips-api"),
];
const podIdentity = (condition: Json[]) => ({
  sid: "Pods",
  actions: ["sts:AssumeRole", "sts:TagSession"],
  principals: [{ type: "Service", identifiers: ["pods.eks.amazonaws.com"] }],
  condition,
});

const GITHUB_AUD = equals("token.actions.githubusercontent.com:aud", "sts.amazonaws.com");
const GITHUB_SUB = equals("token.actions.githubusercontent.com:sub", "repo:road-warrior/road-warrior-infra:environment:dev");
const oidc = (condition: Json[]) => ({
  sid: "Oidc",
  actions: ["sts:AssumeRoleWithWebIdentity"],
  principals: [{ type: "Federated", identifiers: ["${aws_iam_openid_connect_provider.Github.arn}"] }],
  condition,
});

describe("RW-IAM-3 IAM trust policy for pods and OIDC is scoped", () => {
  test("compliant: pod identity bound to namespace, service account and cluster", () => {
    expect(verdict(rule, roleTrusting([podIdentity(POD_CONDITIONS)]), "aws_iam_role.Role")).toEqual({ status: "compliant" });
  });
  test("compliant: pod identity bound to the cluster by ARN", () => {
    const conditions = [...POD_CONDITIONS.slice(2), equals("aws:RequestTag/eks-cluster-arn", "${aws_eks_cluster.Eks.arn}")];
    expect(verdict(rule, roleTrusting([podIdentity(conditions)]), "aws_iam_role.Role")).toEqual({ status: "compliant" });
  });
  test("compliant: OIDC with exact sub and aud", () => {
    expect(verdict(rule, roleTrusting([oidc([GITHUB_AUD, GITHUB_SUB])]), "aws_iam_role.Role")).toEqual({ status: "compliant" });
  });
  test("non-compliant: pod identity without any condition", () => {
    expect(verdict(rule, roleTrusting([podIdentity([])]), "aws_iam_role.Role")).toEqual({
      status: "non-compliant",
      detail:
        "statement Pods lacks StringEquals on aws:RequestTag/kubernetes-namespace, " +
        "StringEquals on aws:RequestTag/kubernetes-service-account, " +
        "StringEquals on aws:RequestTag/eks-cluster-name or aws:RequestTag/eks-cluster-arn",
    });
  });
  test("non-compliant: pod identity with the service account only matched by StringLike", () => {
    const conditions = [
      ...POD_CONDITIONS.slice(0, 3),
      { test: "StringLike", variable: "aws:RequestTag/kubernetes-service-account", values: ["*"] },
    ];
    expect(verdict(rule, roleTrusting([podIdentity(conditions)]), "aws_iam_role.Role")).toEqual({
      status: "non-compliant",
      detail: "statement Pods lacks StringEquals on aws:RequestTag/kubernetes-service-account",
    });
  });
  test("non-compliant: OIDC sub matched with StringLike", () => {
    const like = { test: "StringLike", variable: "token.actions.githubusercontent.com:sub", values: ["repo:road-warrior/*"] };
    expect(verdict(rule, roleTrusting([oidc([GITHUB_AUD, like])]), "aws_iam_role.Role")).toEqual({
      status: "non-compliant",
      detail: "statement Oidc lacks StringEquals on <provider>:sub",
    });
  });
  test("non-compliant: OIDC sub with a * and no aud", () => {
    const wildcard = equals("token.actions.githubusercontent.com:sub", "repo:road-warrior/road-warrior-infra:*");
    expect(verdict(rule, roleTrusting([oidc([wildcard])]), "aws_iam_role.Role")).toEqual({
      status: "non-compliant",
      detail: 'statement Oidc lacks a StringEquals <provider>:sub without "*", StringEquals on <provider>:aud',
    });
  });
  test("not applicable: a trust policy for another AWS service", () => {
    const ec2 = { actions: ["sts:AssumeRole"], principals: [{ type: "Service", identifiers: ["ec2.amazonaws.com"] }] };
    expect(verdict(rule, roleTrusting([ec2]), "aws_iam_role.Role")).toEqual({ status: "not-applicable" });
  });
  test("non-compliant: a trust policy the rule cannot read", () => {
    expect(
      verdict(rule, { resource: { aws_iam_role: { Role: { assume_role_policy: '{"Statement":[]}' } } } }, "aws_iam_role.Role").status,
    ).toBe("non-compliant");
  });
});
