import { rule } from "../../src/rules/pack/rw-ec2-4-ebs-customer-key";
import { verdict } from "../support/rules";

const template = (block_device_mappings?: Record<string, unknown>[]) => ({
  resource: { aws_launch_template: { Nodes: { name: "nodes", ...(block_device_mappings ? { block_device_mappings } : {}) } } },
});
const at = "aws_launch_template.Nodes";

describe("RW-EC2-4 Launch template EBS volumes use a customer managed key", () => {
  test("compliant: kms_key_id on the volume", () => {
    expect(
      verdict(rule, template([{ device_name: "/dev/xvda", ebs: { encrypted: "true", kms_key_id: "${aws_kms_key.Key.arn}" } }]), at),
    ).toEqual({ status: "compliant" });
  });
  test("non-compliant: encrypted with the AWS managed key", () => {
    expect(verdict(rule, template([{ device_name: "/dev/xvda", ebs: { encrypted: "true" } }]), at)).toEqual({
      status: "non-compliant",
      detail: "/dev/xvda has no kms_key_id",
    });
  });
  test("not applicable: no EBS volume declared (RW-EC2-3 reports it)", () => {
    expect(verdict(rule, template(), at)).toEqual({ status: "not-applicable" });
  });
});
