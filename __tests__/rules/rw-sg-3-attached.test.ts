import { rule } from "../../src/rules/pack/rw-sg-3-attached";
import { verdict } from "../support/rules";

const group = { aws_security_group: { Db: { description: "database" }, Nodes: { description: "nodes" } } };
const ownRule = {
  aws_vpc_security_group_ingress_rule: { DbFromVpc: { security_group_id: "${aws_security_group.Db.id}", cidr_ipv4: "10.0.0.0/16" } },
};

describe("RW-SG-3 Security groups are attached", () => {
  test("compliant: used by a resource", () => {
    const cluster = { aws_rds_cluster: { Aurora: { vpc_security_group_ids: ["${aws_security_group.Db.id}"] } } };
    expect(verdict(rule, { resource: { ...group, ...ownRule, ...cluster } }, "aws_security_group.Db")).toEqual({ status: "compliant" });
  });
  test("compliant: another group's rule admits it", () => {
    const fromNodes = {
      aws_vpc_security_group_ingress_rule: {
        DbFromNodes: { security_group_id: "${aws_security_group.Db.id}", referenced_security_group_id: "${aws_security_group.Nodes.id}" },
      },
    };
    expect(verdict(rule, { resource: { ...group, ...fromNodes } }, "aws_security_group.Nodes")).toEqual({ status: "compliant" });
  });
  test("compliant: exported for another stack", () => {
    expect(
      verdict(rule, { resource: group, output: { nodes: { value: "${aws_security_group.Nodes.id}" } } }, "aws_security_group.Nodes"),
    ).toEqual({ status: "compliant" });
  });
  test("non-compliant: only its own rules mention it", () => {
    expect(verdict(rule, { resource: { ...group, ...ownRule } }, "aws_security_group.Db")).toEqual({
      status: "non-compliant",
      detail: "nothing but its own rules references it",
    });
  });
});
