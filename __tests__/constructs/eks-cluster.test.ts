import { EksCluster, EksClusterProps } from "../../src/constructs/cluster/eks-cluster";
import { all, ENVIRONMENT, Json, nameOf, one, statements, synthConstruct } from "../support/constructs";

const KEY = "arn:aws:kms:eu-central-1:111111111111:key/cluster";
const CLUSTER_SECURITY_GROUP = "${aws_eks_cluster.Eks.vpc_config[0].cluster_security_group_id}";
const ADMINS = ["arn:aws:iam::111111111111:role/admin", "arn:aws:iam::111111111111:role/rw-dev-ci-deploy"];
const BASE: EksClusterProps = {
  environment: ENVIRONMENT,
  name: "rw-dev",
  version: "1.33",
  subnetIds: ["subnet-a", "subnet-b"],
  kmsKeyArn: KEY,
  adminRoleArns: ADMINS,
  publicAccessCidrs: [],
  serviceCidr: "172.20.0.0/16",
  logRetentionDays: 90,
  nodeSecurityGroupId: "sg-nodes",
};

function eks(props: Partial<EksClusterProps> = {}): Json {
  return synthConstruct((scope) => {
    new EksCluster(scope, "Eks", { ...BASE, ...props });
  });
}

describe("EksCluster", () => {
  const json = eks();
  const cluster = one(json, "aws_eks_cluster");

  test("access through access entries only: API mode, no implicit admin for the creator, cluster-admin for each given role", () => {
    expect(cluster.access_config).toEqual({ authentication_mode: "API", bootstrap_cluster_creator_admin_permissions: false });
    expect(all(json, "aws_eks_access_entry").map((e) => e.principal_arn)).toEqual(ADMINS);
    expect(all(json, "aws_eks_access_policy_association")).toEqual(
      ADMINS.map((principalArn) =>
        expect.objectContaining({
          principal_arn: principalArn,
          policy_arn: "arn:aws:eks::aws:cluster-access-policy/AmazonEKSClusterAdminPolicy",
          access_scope: { type: "cluster" },
        }),
      ),
    );
  });

  test("Kubernetes secrets are encrypted with our key", () => {
    expect(cluster.encryption_config).toEqual({ resources: ["secrets"], provider: { key_arn: KEY } });
  });

  test("every control-plane log type, into a log group created first with retention and the key", () => {
    // The five types EKS has (audit and authenticator are the security trail), written out: not the constant the construct reads.
    expect(cluster.enabled_cluster_log_types).toEqual(["api", "audit", "authenticator", "controllerManager", "scheduler"]);
    expect(one(eks({ logRetentionDays: 30 }), "aws_cloudwatch_log_group")).toMatchObject({
      name: "/aws/eks/rw-dev/cluster",
      retention_in_days: 30,
      kms_key_id: KEY,
    });
    expect(cluster.depends_on).toContain(`aws_cloudwatch_log_group.${nameOf(json, "aws_cloudwatch_log_group", "LogGroup")}`);
  });

  test("cost: standard support only (extended support costs six times as much)", () => {
    expect(cluster.upgrade_policy).toEqual({ support_type: "STANDARD" });
    expect(cluster.version).toBe("1.33");
  });

  test("every add-on pinned by the stack: EKS's self-managed add-ons are left out", () => {
    expect(cluster.bootstrap_self_managed_addons).toBe(false);
  });

  test("private endpoint; public only for the given CIDRs", () => {
    expect(cluster.vpc_config).toMatchObject({ endpoint_private_access: true, endpoint_public_access: false });
    expect(cluster.vpc_config.public_access_cidrs).toBeUndefined();
    const open = one(eks({ publicAccessCidrs: ["203.0.113.0/24"] }), "aws_eks_cluster").vpc_config;
    expect(open).toMatchObject({ endpoint_private_access: true, endpoint_public_access: true, public_access_cidrs: ["203.0.113.0/24"] });
  });

  test("the service range as given", () => {
    expect(one(eks({ serviceCidr: "172.21.0.0/16" }), "aws_eks_cluster").kubernetes_network_config).toEqual({
      ip_family: "ipv4",
      service_ipv4_cidr: "172.21.0.0/16",
    });
  });

  test("the nodes admit the control plane on each webhook port, and nothing else by default", () => {
    expect(all(json, "aws_vpc_security_group_ingress_rule")).toEqual([]);
    const rules = all(eks({ webhookPorts: [9443] }), "aws_vpc_security_group_ingress_rule");
    expect(rules).toEqual([expect.objectContaining({ security_group_id: "sg-nodes", ip_protocol: "tcp", from_port: 9443, to_port: 9443 })]);
    expect(rules[0].referenced_security_group_id).toBe(CLUSTER_SECURITY_GROUP);
    expect(rules[0].cidr_ipv4).toBeUndefined();
  });

  test("private API access: HTTPS only, from each given range, on the cluster security group", () => {
    const rules = all(eks({ privateApiAccessCidrs: ["10.10.16.0/20", "10.10.32.0/20"] }), "aws_vpc_security_group_ingress_rule");
    expect(rules.map((r) => [r.cidr_ipv4, r.ip_protocol, r.from_port, r.to_port])).toEqual([
      ["10.10.16.0/20", "tcp", 443, 443],
      ["10.10.32.0/20", "tcp", 443, 443],
    ]);
    expect(rules.every((r) => r.security_group_id === CLUSTER_SECURITY_GROUP)).toBe(true);
  });

  test("the cluster role: trusted by EKS only, named <name>-cluster unless given, with the cluster policy", () => {
    expect(one(json, "aws_iam_role").name).toBe("rw-dev-cluster");
    expect(one(eks({ roleName: "rw-dev.cluster" }), "aws_iam_role").name).toBe("rw-dev.cluster");
    expect(statements(json, "RoleTrust")).toEqual([
      { principals: [{ type: "Service", identifiers: ["eks.amazonaws.com"] }], actions: ["sts:AssumeRole", "sts:TagSession"] },
    ]);
    expect(one(json, "aws_iam_role_policy_attachment").policy_arn).toBe("arn:aws:iam::aws:policy/AmazonEKSClusterPolicy");
  });

  test("preventDestroy guards the log group", () => {
    expect(one(json, "aws_cloudwatch_log_group").lifecycle).toBeUndefined();
    expect(one(eks({ preventDestroy: true }), "aws_cloudwatch_log_group").lifecycle).toEqual({ prevent_destroy: true });
  });
});
