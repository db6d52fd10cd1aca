import { rule } from "../../src/rules/pack/rw-sg-2-descriptions";
import { verdict } from "../support/rules";

const group = (extra: Record<string, unknown>) => ({ resource: { aws_security_group: { Db: { vpc_id: "vpc-1", ...extra } } } });

describe("RW-SG-2 Security groups and rules have descriptions", () => {
  test("compliant: group and inline rules described", () => {
    const config = {
      description: "database",
      ingress: [{ description: "PostgreSQL from the nodes", from_port: 5432, to_port: 5432 }],
      egress: [],
    };
    expect(verdict(rule, group(config), "aws_security_group.Db")).toEqual({ status: "compliant" });
  });
  test("non-compliant: group without description, inline rule with an empty one", () => {
    const config = { ingress: [{ description: "ok" }], egress: [{ description: " " }] };
    expect(verdict(rule, group(config), "aws_security_group.Db")).toEqual({
      status: "non-compliant",
      detail: "no description on group, egress[0]",
    });
  });
  test("standalone rules", () => {
    const rules = {
      aws_vpc_security_group_ingress_rule: { In: { description: "PostgreSQL from the nodes" } },
      aws_vpc_security_group_egress_rule: { Out: { ip_protocol: "-1" } },
    };
    expect(verdict(rule, { resource: rules }, "aws_vpc_security_group_ingress_rule.In")).toEqual({ status: "compliant" });
    expect(verdict(rule, { resource: rules }, "aws_vpc_security_group_egress_rule.Out")).toEqual({
      status: "non-compliant",
      detail: "no description on rule",
    });
  });
});
