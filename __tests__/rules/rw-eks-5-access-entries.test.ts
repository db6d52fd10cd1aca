import { rule } from "../../src/rules/pack/rw-eks-5-access-entries";
import { verdict } from "../support/rules";

const entry = {
  aws_eks_access_entry: { Admin: { cluster_name: "${aws_eks_cluster.Eks.name}", principal_arn: "arn:aws:iam::111111111111:role/admin" } },
};
const cluster = (mode?: string) => ({
  aws_eks_cluster: { Eks: { name: "c", ...(mode ? { access_config: { authentication_mode: mode } } : {}) } },
});
const at = "aws_eks_cluster.Eks";

describe("RW-EKS-5 EKS access through access entries only", () => {
  test("compliant: API mode with an access entry", () => {
    expect(verdict(rule, { resource: { ...cluster("API"), ...entry } }, at)).toEqual({ status: "compliant" });
  });
  test("non-compliant: aws-auth ConfigMap still honoured", () => {
    expect(verdict(rule, { resource: { ...cluster("API_AND_CONFIG_MAP"), ...entry } }, at)).toEqual({
      status: "non-compliant",
      detail: "authentication_mode is API_AND_CONFIG_MAP",
    });
  });
  test("non-compliant: default mode and nobody has access", () => {
    expect(verdict(rule, { resource: cluster() }, at)).toEqual({
      status: "non-compliant",
      detail: "authentication_mode is unset, no aws_eks_access_entry in the stack",
    });
  });
});
