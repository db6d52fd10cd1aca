import { rule } from "../../src/rules/pack/rw-iam-2-no-unconstrained-writes";
import { Json } from "../../src/rules/types";
import { policyDocument, verdict } from "../support/rules";

const rolePolicy = (statements: Json[]) => {
  const document = policyDocument("Permissions", statements);
  return { resource: { aws_iam_role_policy: { Policy: { role: "${aws_iam_role.Role.id}", policy: document.ref } } }, data: document.data };
};
const READS = [
  "ec2:DescribeVpcs",
  "iam:Get*",
  "iam:List*",
  "ecr:GetAuthorizationToken",
  "ecr:BatchGetImage",
  "ecr:BatchCheckLayerAvailability",
  "s3:HeadObject",
  "logs:FilterLogEvents",
  "cloudwatch:View*",
  "codeguru:Search*",
  "sso:Lookup*",
  "dynamodb:Check*",
  "s3:Read*",
];

describe("RW-IAM-2 IAM inline policy has no unconstrained write access", () => {
  test("compliant: only read-only actions on *", () => {
    expect(verdict(rule, rolePolicy([{ sid: "Read", actions: READS, resources: ["*"] }]), "aws_iam_role_policy.Policy")).toEqual({
      status: "compliant",
    });
  });
  test("compliant: writes on specific ARNs, or on * under a condition", () => {
    const statements = [
      { sid: "Objects", actions: ["s3:PutObject", "s3:DeleteObject"], resources: ["arn:aws:s3:::assets/app/*"] },
      {
        sid: "OwnGroups",
        actions: ["ec2:DeleteSecurityGroup"],
        resources: ["*"],
        condition: [{ test: "Null", variable: "aws:ResourceTag/elbv2.k8s.aws/cluster", values: ["false"] }],
      },
    ];
    expect(verdict(rule, rolePolicy(statements), "aws_iam_role_policy.Policy")).toEqual({ status: "compliant" });
  });
  test("non-compliant: writes on * without a condition", () => {
    const statements = [
      {
        sid: "Ingress",
        actions: ["ec2:DescribeVpcs", "ec2:AuthorizeSecurityGroupIngress", "ec2:RevokeSecurityGroupIngress"],
        resources: ["*"],
      },
    ];
    expect(verdict(rule, rolePolicy(statements), "aws_iam_role_policy.Policy")).toEqual({
      status: "non-compliant",
      detail: 'statement Ingress allows ec2:AuthorizeSecurityGroupIngress, ec2:RevokeSecurityGroupIngress on "*"',
    });
  });
  test.each(["iam:PassRole", "iam:*", "*", "s3:Put*"])("non-compliant: %s on * counts as write", (action) => {
    expect(verdict(rule, rolePolicy([{ actions: [action], resources: ["*"] }]), "aws_iam_role_policy.Policy")).toEqual({
      status: "non-compliant",
      detail: `statement #1 allows ${action} on "*"`,
    });
  });
  test("non-compliant: long lists are shortened in the detail", () => {
    const actions = [
      "elasticloadbalancing:CreateListener",
      "elasticloadbalancing:DeleteListener",
      "elasticloadbalancing:CreateRule",
      "elasticloadbalancing:DeleteRule",
    ];
    expect(verdict(rule, rolePolicy([{ sid: "Listeners", actions, resources: ["*"] }]), "aws_iam_role_policy.Policy")).toEqual({
      status: "non-compliant",
      detail:
        "statement Listeners allows elasticloadbalancing:CreateListener, elasticloadbalancing:DeleteListener, " +
        'elasticloadbalancing:CreateRule and 1 more on "*"',
    });
  });
});
