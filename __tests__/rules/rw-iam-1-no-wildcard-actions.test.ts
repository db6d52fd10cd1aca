import { rule } from "../../src/rules/pack/rw-iam-1-no-wildcard-actions";
import { Json } from "../../src/rules/types";
import { policyDocument, verdict } from "../support/rules";

const rolePolicy = (statements: Json[]) => {
  const document = policyDocument("Permissions", statements);
  return { resource: { aws_iam_role_policy: { Policy: { role: "${aws_iam_role.Role.id}", policy: document.ref } } }, data: document.data };
};
const ROLE_ARNS = ["arn:aws:iam::111111111111:role/road-warrior-*"];

describe("RW-IAM-1 IAM inline policy has no wildcard actions on all resources", () => {
  test("compliant: named actions on *, and a whole service on specific ARNs", () => {
    const statements = [
      { sid: "Login", actions: ["ecr:GetAuthorizationToken"], resources: ["*"] },
      { sid: "ManageProjectIam", actions: ["iam:*"], resources: ROLE_ARNS },
    ];
    expect(verdict(rule, rolePolicy(statements), "aws_iam_role_policy.Policy")).toEqual({ status: "compliant" });
  });
  test("compliant: a Deny of * on *", () => {
    expect(verdict(rule, rolePolicy([{ effect: "Deny", actions: ["*"], resources: ["*"] }]), "aws_iam_role_policy.Policy")).toEqual({
      status: "compliant",
    });
  });
  test("non-compliant: <service>:* on *", () => {
    expect(
      verdict(rule, rolePolicy([{ sid: "AllS3", actions: ["s3:*", "ec2:DescribeVpcs"], resources: ["*"] }]), "aws_iam_role_policy.Policy"),
    ).toEqual({
      status: "non-compliant",
      detail: 'statement AllS3 allows s3:* on "*"',
    });
  });
  test("non-compliant: * among the resources, statement without sid", () => {
    expect(verdict(rule, rolePolicy([{ actions: ["*"], resources: [...ROLE_ARNS, "*"] }]), "aws_iam_role_policy.Policy")).toEqual({
      status: "non-compliant",
      detail: 'statement #1 allows * on "*"',
    });
  });
  test("non-compliant: a policy the rule cannot read", () => {
    const resource = {
      aws_iam_role_policy: { Policy: { role: "r", policy: '{"Statement":[{"Effect":"Allow","Action":"*","Resource":"*"}]}' } },
    };
    expect(verdict(rule, { resource }, "aws_iam_role_policy.Policy").status).toBe("non-compliant");
  });
});
