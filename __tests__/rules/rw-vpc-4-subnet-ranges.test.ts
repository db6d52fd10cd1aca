import { rule } from "../../src/rules/pack/rw-vpc-4-subnet-ranges";
import { verdict } from "../support/rules";

const VPC = "${aws_vpc.Vpc.id}";
const stack = (subnets: Record<string, string>, extra: Record<string, unknown> = {}) => ({
  resource: {
    aws_vpc: { Vpc: { cidr_block: "10.0.0.0/20" } },
    aws_subnet: Object.fromEntries(Object.entries(subnets).map(([name, cidr]) => [name, { vpc_id: VPC, cidr_block: cidr }])),
    ...extra,
  },
});

describe("RW-VPC-4 Subnets lie inside their VPC and do not overlap (AWS refuses both at apply time, plan does not)", () => {
  test("compliant: disjoint subnets inside the VPC", () => {
    const s = stack({ A: "10.0.0.0/22", B: "10.0.4.0/22" });
    expect(verdict(rule, s, "aws_subnet.A")).toEqual({ status: "compliant" });
    expect(verdict(rule, s, "aws_subnet.B")).toEqual({ status: "compliant" });
  });

  test("non-compliant: a subnet outside the VPC's range (InvalidSubnet.Range)", () => {
    expect(verdict(rule, stack({ A: "10.0.16.0/24" }), "aws_subnet.A")).toEqual({
      status: "non-compliant",
      detail: "10.0.16.0/24 is outside aws_vpc.Vpc (10.0.0.0/20)",
    });
  });

  test("compliant: inside a secondary block associated with the VPC", () => {
    const association = { aws_vpc_ipv4_cidr_block_association: { Extra: { vpc_id: VPC, cidr_block: "10.0.16.0/20" } } };
    expect(verdict(rule, stack({ A: "10.0.16.0/24" }, association), "aws_subnet.A")).toEqual({ status: "compliant" });
  });

  test("non-compliant: two subnets of one VPC share addresses (InvalidSubnet.Conflict), each naming the other", () => {
    const s = stack({ A: "10.0.0.0/22", B: "10.0.2.0/24" });
    expect(verdict(rule, s, "aws_subnet.A")).toEqual({
      status: "non-compliant",
      detail: "10.0.0.0/22 overlaps aws_subnet.B (10.0.2.0/24)",
    });
    expect(verdict(rule, s, "aws_subnet.B")).toEqual({
      status: "non-compliant",
      detail: "10.0.2.0/24 overlaps aws_subnet.A (10.0.0.0/22)",
    });
  });

  test("non-compliant: a range or a VPC the rule cannot read (allow-list)", () => {
    expect(verdict(rule, stack({ A: "${var.cidr}" }), "aws_subnet.A").status).toBe("non-compliant");
    const foreign = { resource: { aws_subnet: { A: { vpc_id: "vpc-0123", cidr_block: "10.0.0.0/24" } } } };
    expect(verdict(rule, foreign, "aws_subnet.A").status).toBe("non-compliant");
  });
});
