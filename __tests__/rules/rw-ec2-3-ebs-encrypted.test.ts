import { rule } from "../../src/rules/pack/rw-ec2-3-ebs-encrypted";
import { verdict } from "../support/rules";

const template = (block_device_mappings?: Record<string, unknown>[]) => ({
  resource: { aws_launch_template: { Nodes: { name: "nodes", ...(block_device_mappings ? { block_device_mappings } : {}) } } },
});
const at = "aws_launch_template.Nodes";

describe("RW-EC2-3 Launch template EBS volumes encrypted", () => {
  test("compliant: encrypted as string and boolean", () => {
    expect(
      verdict(
        rule,
        template([
          { device_name: "/dev/xvda", ebs: { encrypted: "true" } },
          { device_name: "/dev/xvdb", ebs: { encrypted: true } },
        ]),
        at,
      ),
    ).toEqual({ status: "compliant" });
  });
  test("non-compliant: one volume not encrypted", () => {
    expect(
      verdict(
        rule,
        template([
          { device_name: "/dev/xvda", ebs: { encrypted: "true" } },
          { device_name: "/dev/xvdb", ebs: { volume_size: 10 } },
        ]),
        at,
      ),
    ).toEqual({
      status: "non-compliant",
      detail: "/dev/xvdb not encrypted",
    });
  });
  test("non-compliant: no EBS volume declared", () => {
    expect(verdict(rule, template([{ device_name: "/dev/sdb", virtual_name: "ephemeral0" }]), at)).toEqual({
      status: "non-compliant",
      detail: "no EBS volume in block_device_mappings",
    });
    expect(verdict(rule, template(), at)).toEqual({ status: "non-compliant", detail: "no EBS volume in block_device_mappings" });
  });
});
