import { rule } from "../../src/rules/pack/rw-iam-4-managed-policy-exists";
import { verdict } from "../support/rules";

const attachment = (policyArn: string) => ({
  resource: { aws_iam_role_policy_attachment: { Attach: { role: "${aws_iam_role.Role.name}", policy_arn: policyArn } } },
});
const at = "aws_iam_role_policy_attachment.Attach";
const partition = "${data.aws_partition.Partition.partition}";

describe("RW-IAM-4 Attached AWS managed policies exist (AWS answers NoSuchEntity at apply time, plan does not)", () => {
  test("compliant: a real managed policy, in any partition, with or without a path", () => {
    expect(verdict(rule, attachment(`arn:${partition}:iam::aws:policy/AmazonEKSClusterPolicy`), at)).toEqual({ status: "compliant" });
    expect(verdict(rule, attachment("arn:aws-us-gov:iam::aws:policy/service-role/AmazonEBSCSIDriverPolicy"), at)).toEqual({
      status: "compliant",
    });
  });

  test("non-compliant: a misspelt name, with the real one suggested", () => {
    expect(verdict(rule, attachment(`arn:${partition}:iam::aws:policy/AmazonEKSClusterPolicyy`), at)).toEqual({
      status: "non-compliant",
      detail: "AmazonEKSClusterPolicyy is not an AWS managed policy",
    });
    expect(verdict(rule, attachment(`arn:${partition}:iam::aws:policy/AmazonEBSCSIDriverPolicy`), at)).toEqual({
      status: "non-compliant",
      detail: "AmazonEBSCSIDriverPolicy is not an AWS managed policy (did you mean service-role/AmazonEBSCSIDriverPolicy?)",
    });
  });

  test("non-compliant: a name the rule cannot read is not on the allow-list", () => {
    expect(verdict(rule, attachment(`arn:${partition}:iam::aws:policy/\${var.policy}`), at).status).toBe("non-compliant");
  });

  test("a role's managed_policy_arns and permissions boundary are checked too", () => {
    const role = (config: Record<string, unknown>) => ({ resource: { aws_iam_role: { Role: { assume_role_policy: "{}", ...config } } } });
    expect(verdict(rule, role({ managed_policy_arns: ["arn:aws:iam::aws:policy/ReadOnlyAcess"] }), "aws_iam_role.Role").status).toBe(
      "non-compliant",
    );
    expect(verdict(rule, role({ permissions_boundary: "arn:aws:iam::aws:policy/PowerUserAccess" }), "aws_iam_role.Role").status).toBe(
      "compliant",
    );
  });

  test("not applicable: the account's own policies and roles without managed policies", () => {
    expect(verdict(rule, attachment("${aws_iam_policy.Own.arn}"), at)).toEqual({ status: "not-applicable" });
    expect(verdict(rule, attachment("arn:aws:iam::123456789012:policy/own"), at)).toEqual({ status: "not-applicable" });
  });
});
