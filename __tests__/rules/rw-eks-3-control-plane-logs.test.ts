import { rule } from "../../src/rules/pack/rw-eks-3-control-plane-logs";
import { verdict } from "../support/rules";

const cluster = (types?: string[]) => ({
  resource: { aws_eks_cluster: { Eks: { name: "c", ...(types ? { enabled_cluster_log_types: types } : {}) } } },
});
const at = "aws_eks_cluster.Eks";

describe("RW-EKS-3 EKS control-plane logging complete", () => {
  test("compliant: all five log types", () => {
    expect(verdict(rule, cluster(["api", "audit", "authenticator", "controllerManager", "scheduler"]), at)).toEqual({
      status: "compliant",
    });
  });
  test("non-compliant: some missing", () => {
    expect(verdict(rule, cluster(["api", "audit"]), at)).toEqual({
      status: "non-compliant",
      detail: "authenticator, controllerManager, scheduler not enabled",
    });
  });
  test("non-compliant: none", () => {
    expect(verdict(rule, cluster(), at)).toEqual({
      status: "non-compliant",
      detail: "api, audit, authenticator, controllerManager, scheduler not enabled",
    });
  });
});
