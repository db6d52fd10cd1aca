import { rule } from "../../src/rules/pack/rw-ec2-2-no-public-ip";
import { verdict } from "../support/rules";

const template = (network_interfaces?: Record<string, unknown>[]) => ({
  resource: { aws_launch_template: { Nodes: { name: "nodes", ...(network_interfaces ? { network_interfaces } : {}) } } },
});
const at = "aws_launch_template.Nodes";

describe("RW-EC2-2 Launch template assigns no public IP", () => {
  test("compliant: string and boolean false", () => {
    expect(verdict(rule, template([{ associate_public_ip_address: "false" }, { associate_public_ip_address: false }]), at)).toEqual({
      status: "compliant",
    });
  });
  test("non-compliant: one interface public, one unset", () => {
    expect(
      verdict(rule, template([{ associate_public_ip_address: "false" }, { associate_public_ip_address: "true" }, { device_index: 2 }]), at),
    ).toEqual({
      status: "non-compliant",
      detail: "network_interfaces[1] associate_public_ip_address is true, network_interfaces[2] associate_public_ip_address is unset",
    });
  });
  test("not applicable: no network interfaces declared", () => {
    expect(verdict(rule, template(), at)).toEqual({ status: "not-applicable" });
  });
});
