import { rule } from "../../src/rules/pack/rw-vpc-3-default-sg-closed";
import { verdict } from "../support/rules";

const vpc = { aws_vpc: { Vpc: { cidr_block: "10.0.0.0/16" } } };
const defaultGroup = (rules: Record<string, unknown>) => ({
  aws_default_security_group: { Default: { vpc_id: "${aws_vpc.Vpc.id}", ...rules } },
});

describe("RW-VPC-3 Default security group allows nothing", () => {
  test("compliant: ingress and egress empty", () => {
    expect(verdict(rule, { resource: { ...vpc, ...defaultGroup({ ingress: [], egress: [] }) } }, "aws_vpc.Vpc")).toEqual({
      status: "compliant",
    });
  });
  test("non-compliant: no default security group resource", () => {
    expect(verdict(rule, { resource: vpc }, "aws_vpc.Vpc")).toEqual({
      status: "non-compliant",
      detail: "no aws_default_security_group for this VPC",
    });
  });
  test("non-compliant: a rule left, and egress not set", () => {
    const ingress = [{ from_port: 0, to_port: 0, protocol: "-1", self: true }];
    expect(verdict(rule, { resource: { ...vpc, ...defaultGroup({ ingress }) } }, "aws_vpc.Vpc")).toEqual({
      status: "non-compliant",
      detail: "aws_default_security_group.Default has ingress rules, aws_default_security_group.Default egress not set to []",
    });
  });
});
