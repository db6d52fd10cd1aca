import { rule } from "../../src/rules/pack/rw-eks-2-private-endpoint";
import { verdict } from "../support/rules";

const cluster = (vpc_config: Record<string, unknown>) => ({
  resource: { aws_eks_cluster: { Eks: { name: "c", vpc_config: { subnet_ids: ["s-1"], ...vpc_config } } } },
});
const at = "aws_eks_cluster.Eks";

describe("RW-EKS-2 EKS API endpoint private", () => {
  test("compliant: private only", () => {
    expect(verdict(rule, cluster({ endpoint_private_access: true, endpoint_public_access: false }), at)).toEqual({ status: "compliant" });
  });
  test("compliant: public endpoint restricted to known CIDRs", () => {
    expect(
      verdict(rule, cluster({ endpoint_private_access: true, endpoint_public_access: true, public_access_cidrs: ["203.0.113.0/24"] }), at),
    ).toEqual({ status: "compliant" });
  });
  test("non-compliant: the provider defaults (public to the internet, no private access)", () => {
    expect(verdict(rule, cluster({}), at)).toEqual({
      status: "non-compliant",
      detail: "endpoint_private_access not true, public endpoint open to 0.0.0.0/0",
    });
  });
  test("non-compliant: public endpoint open to 0.0.0.0/0", () => {
    expect(
      verdict(rule, cluster({ endpoint_private_access: true, endpoint_public_access: true, public_access_cidrs: ["0.0.0.0/0"] }), at),
    ).toEqual({
      status: "non-compliant",
      detail: "public endpoint open to 0.0.0.0/0",
    });
  });
});
