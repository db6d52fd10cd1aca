import { KUBERNETES_RELEASES } from "../../src/config/catalog";
import { rule } from "../../src/rules/pack/rw-eks-4-supported-version";
import { verdict } from "../support/rules";

const supported = Object.keys(KUBERNETES_RELEASES)[0];
const cluster = (extra: Record<string, unknown>) => ({ resource: { aws_eks_cluster: { Eks: { name: "c", ...extra } } } });
const at = "aws_eks_cluster.Eks";

describe("RW-EKS-4 EKS version supported, standard support only", () => {
  test("compliant: pinned version, standard support", () => {
    expect(verdict(rule, cluster({ version: supported, upgrade_policy: { support_type: "STANDARD" } }), at)).toEqual({
      status: "compliant",
    });
  });
  test("non-compliant: unknown version, extended support", () => {
    expect(verdict(rule, cluster({ version: "1.20", upgrade_policy: { support_type: "EXTENDED" } }), at)).toEqual({
      status: "non-compliant",
      detail: "version 1.20 not in KUBERNETES_RELEASES, upgrade_policy support_type is EXTENDED",
    });
  });
  test("non-compliant: no upgrade policy (EKS defaults to extended support)", () => {
    expect(verdict(rule, cluster({ version: supported }), at)).toEqual({
      status: "non-compliant",
      detail: "upgrade_policy support_type is unset (EXTENDED)",
    });
  });
});
