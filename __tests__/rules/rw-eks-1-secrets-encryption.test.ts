import { rule } from "../../src/rules/pack/rw-eks-1-secrets-encryption";
import { verdict } from "../support/rules";

const cluster = (extra: Record<string, unknown>) => ({ resource: { aws_eks_cluster: { Eks: { name: "c", ...extra } } } });
const at = "aws_eks_cluster.Eks";

describe("RW-EKS-1 EKS secrets encrypted with KMS", () => {
  test("compliant: secrets with a key", () => {
    expect(
      verdict(rule, cluster({ encryption_config: { resources: ["secrets"], provider: { key_arn: "${aws_kms_key.Key.arn}" } } }), at),
    ).toEqual({ status: "compliant" });
  });
  test("non-compliant: no encryption_config", () => {
    expect(verdict(rule, cluster({}), at)).toEqual({ status: "non-compliant", detail: "no encryption_config for secrets" });
  });
  test("non-compliant: no key", () => {
    expect(verdict(rule, cluster({ encryption_config: [{ resources: ["secrets"], provider: [{}] }] }), at)).toEqual({
      status: "non-compliant",
      detail: "encryption_config has no provider key_arn",
    });
  });
});
