import { TerraformStack, Testing } from "cdktf";
import { EksCluster } from "../../src/constructs/cluster/eks-cluster";
import { rule } from "../../src/rules/pack/rw-eks-3-control-plane-logs";
import { stackView } from "../../src/synthesized/stack-view";
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

describe("RW-EKS-3 against the construct it checks", () => {
  test("the cluster EksCluster synthesizes enables every log type the rule requires (dropping one there fails here)", () => {
    const stack = new TerraformStack(Testing.app(), "test");
    new EksCluster(stack, "Eks", {
      environment: { accountId: "111111111111", region: "eu-west-1", partition: "aws" },
      name: "rw-test",
      roleName: "rw-test.cluster",
      version: "1.36",
      subnetIds: ["subnet-a", "subnet-b"],
      nodeSecurityGroupId: "sg-nodes",
      kmsKeyArn: "arn:key",
      preventDestroy: false,
      adminRoleArns: [],
      publicAccessCidrs: [],
      serviceCidr: "172.20.0.0/16",
      logRetentionDays: 90,
      webhookPorts: [],
      privateApiAccessCidrs: [],
    });
    const view = stackView("test", JSON.parse(Testing.synth(stack)));
    const clusters = view.resources("aws_eks_cluster");
    expect(clusters).toHaveLength(1);
    expect(rule.check(clusters[0], view)).toEqual({ status: "compliant" });
  });
});
