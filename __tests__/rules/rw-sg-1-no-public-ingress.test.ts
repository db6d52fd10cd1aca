import { rule } from "../../src/rules/pack/rw-sg-1-no-public-ingress";
import { verdict } from "../support/rules";

const group = (ingress: Record<string, unknown>[]) => ({
  resource: { aws_security_group: { Web: { description: "web", vpc_id: "vpc-1", ingress } } },
});
const ingressRule = (extra: Record<string, unknown>) => ({
  resource: {
    aws_vpc_security_group_ingress_rule: { Rule: { security_group_id: "${aws_security_group.Web.id}", description: "r", ...extra } },
  },
});
const https = { protocol: "tcp", from_port: 443, to_port: 443, cidr_blocks: ["0.0.0.0/0"] };

describe("RW-SG-1 No ingress from the internet except 80 and 443", () => {
  test("compliant: 443 and 80 from anywhere, 22 from the VPC", () => {
    const ingress = [
      https,
      { protocol: "tcp", from_port: 80, to_port: 80, ipv6_cidr_blocks: ["::/0"] },
      { protocol: "tcp", from_port: 22, to_port: 22, cidr_blocks: ["10.0.0.0/16"] },
    ];
    expect(verdict(rule, group(ingress), "aws_security_group.Web")).toEqual({ status: "compliant" });
  });
  test("compliant: group without inline ingress", () => {
    expect(verdict(rule, { resource: { aws_security_group: { Web: { description: "web" } } } }, "aws_security_group.Web")).toEqual({
      status: "compliant",
    });
  });
  test("non-compliant: SSH and a port range from anywhere", () => {
    const ingress = [
      https,
      { protocol: "tcp", from_port: 22, to_port: 22, cidr_blocks: ["0.0.0.0/0"] },
      { protocol: "tcp", from_port: 80, to_port: 443, ipv6_cidr_blocks: ["::/0"] },
    ];
    expect(verdict(rule, group(ingress), "aws_security_group.Web")).toEqual({
      status: "non-compliant",
      detail: "ingress[1]: tcp 22-22 from 0.0.0.0/0; ingress[2]: tcp 80-443 from ::/0",
    });
  });
  test("non-compliant: all traffic on 443 is still all traffic", () => {
    expect(verdict(rule, group([{ ...https, protocol: "-1" }]), "aws_security_group.Web")).toEqual({
      status: "non-compliant",
      detail: "ingress[0]: -1 443-443 from 0.0.0.0/0",
    });
  });
  test("compliant and non-compliant: standalone ingress rules", () => {
    expect(
      verdict(
        rule,
        ingressRule({ ip_protocol: "tcp", from_port: 443, to_port: 443, cidr_ipv4: "0.0.0.0/0" }),
        "aws_vpc_security_group_ingress_rule.Rule",
      ),
    ).toEqual({ status: "compliant" });
    expect(
      verdict(
        rule,
        ingressRule({ ip_protocol: "tcp", from_port: 5432, to_port: 5432, referenced_security_group_id: "sg-1" }),
        "aws_vpc_security_group_ingress_rule.Rule",
      ),
    ).toEqual({
      status: "compliant",
    });
    expect(verdict(rule, ingressRule({ ip_protocol: "-1", cidr_ipv6: "::/0" }), "aws_vpc_security_group_ingress_rule.Rule")).toEqual({
      status: "non-compliant",
      detail: "rule: -1 ?-? from ::/0",
    });
  });
  test("legacy aws_security_group_rule: ingress checked, egress not applicable", () => {
    const legacy = (type: string) => ({
      resource: {
        aws_security_group_rule: {
          R: { type, protocol: "tcp", from_port: 3389, to_port: 3389, cidr_blocks: ["0.0.0.0/0"], security_group_id: "sg-1" },
        },
      },
    });
    expect(verdict(rule, legacy("ingress"), "aws_security_group_rule.R")).toEqual({
      status: "non-compliant",
      detail: "rule: tcp 3389-3389 from 0.0.0.0/0",
    });
    expect(verdict(rule, legacy("egress"), "aws_security_group_rule.R")).toEqual({ status: "not-applicable" });
  });
});
