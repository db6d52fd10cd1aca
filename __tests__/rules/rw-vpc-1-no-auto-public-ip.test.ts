import { rule } from "../../src/rules/pack/rw-vpc-1-no-auto-public-ip";
import { verdict } from "../support/rules";

const subnet = (extra: Record<string, unknown>) => ({
  resource: { aws_subnet: { Public: { vpc_id: "${aws_vpc.Vpc.id}", cidr_block: "10.0.0.0/24", ...extra } } },
});
const at = "aws_subnet.Public";

describe("RW-VPC-1 Subnets do not assign public IPs by default", () => {
  test("compliant: explicitly false", () => {
    expect(verdict(rule, subnet({ map_public_ip_on_launch: false }), at)).toEqual({ status: "compliant" });
  });
  test("non-compliant: true", () => {
    expect(verdict(rule, subnet({ map_public_ip_on_launch: true }), at)).toEqual({
      status: "non-compliant",
      detail: "map_public_ip_on_launch is true",
    });
  });
  test("non-compliant: not set", () => {
    expect(verdict(rule, subnet({}), at)).toEqual({ status: "non-compliant", detail: "map_public_ip_on_launch not set" });
  });
});
