import { PodIdentityRole, PodIdentityRoleProps } from "../../src/constructs/identity/pod-identity-role";
import { decide, Statement } from "../support/iam-policy";
import { all, ENVIRONMENT, Json, one, statements, synthConstruct } from "../support/constructs";

const BASE: PodIdentityRoleProps = {
  environment: ENVIRONMENT,
  roleName: "rw-dev.trips-api",
  clusterName: "rw-dev",
  namespace: "trips",
  serviceAccount: "trips-api",
};

function role(props: Partial<PodIdentityRoleProps> = {}): Json {
  return synthConstruct((scope) => {
    new PodIdentityRole(scope, "Role", { ...BASE, ...props });
  });
}

/** The session tags EKS Pod Identity attaches when a pod of `namespace`/`serviceAccount` in `cluster` asks for credentials. */
const podSession = (cluster: string, namespace: string, serviceAccount: string, account = "111111111111") => ({
  "aws:SourceAccount": account,
  "aws:RequestTag/eks-cluster-arn": `arn:aws:eks:eu-central-1:${account}:cluster/${cluster}`,
  "aws:RequestTag/eks-cluster-name": cluster,
  "aws:RequestTag/kubernetes-namespace": namespace,
  "aws:RequestTag/kubernetes-service-account": serviceAccount,
});

describe("PodIdentityRole", () => {
  const json = role();
  const trust = statements(json, "Role_Trust") as Statement[];
  const mayAssume = (context: Record<string, string>) =>
    decide({ action: "sts:AssumeRole", resource: "*", context }, trust) === "allowed" &&
    decide({ action: "sts:TagSession", resource: "*", context }, trust) === "allowed";

  test("trusted by the EKS Pod Identity service only", () => {
    expect(trust).toHaveLength(1);
    expect(trust[0].principals).toEqual([{ type: "Service", identifiers: ["pods.eks.amazonaws.com"] }]);
    expect(trust[0].actions).toEqual(["sts:AssumeRole", "sts:TagSession"]);
  });

  test("the one service account of its namespace in its cluster of this account may assume it", () => {
    expect(mayAssume(podSession("rw-dev", "trips", "trips-api"))).toBe(true);
  });

  test.each([
    ["another service account in the namespace", podSession("rw-dev", "trips", "default")],
    ["the same service account name in another namespace", podSession("rw-dev", "other", "trips-api")],
    ["the same names in another cluster", podSession("rw-prod", "trips", "trips-api")],
    ["the same names in another account", podSession("rw-dev", "trips", "trips-api", "222222222222")],
    ["a request without session tags", { "aws:SourceAccount": "111111111111" }],
  ])("refused: %s", (_, context) => {
    expect(mayAssume(context)).toBe(false);
  });

  test("the cluster is named by ARN with the environment's partition and region", () => {
    const condition = trust[0].condition!.find((c) => c.variable === "aws:RequestTag/eks-cluster-arn");
    expect(condition).toEqual({
      test: "StringEquals",
      variable: "aws:RequestTag/eks-cluster-arn",
      values: ["arn:aws:eks:eu-central-1:111111111111:cluster/rw-dev"],
    });
  });

  test("one-hour sessions; the association for the service account unless the add-on brings its own", () => {
    expect(one(json, "aws_iam_role")).toMatchObject({ name: "rw-dev.trips-api", max_session_duration: 3600 });
    expect(one(json, "aws_eks_pod_identity_association")).toMatchObject({
      cluster_name: "rw-dev",
      namespace: "trips",
      service_account: "trips-api",
      role_arn: expect.stringMatching(/^\$\{aws_iam_role\.\w+\.arn\}$/),
    });
    expect(all(role({ associate: false }), "aws_eks_pod_identity_association")).toEqual([]);
  });

  test("permissions: only what it is given (managed policies in the environment's partition, inline statements)", () => {
    expect(all(json, "aws_iam_role_policy")).toEqual([]);
    expect(all(json, "aws_iam_role_policy_attachment")).toEqual([]);
    const granted = role({
      managedPolicies: ["service-role/AmazonEBSCSIDriverPolicy"],
      statements: [{ sid: "ReadOwnSecret", actions: ["secretsmanager:GetSecretValue"], resources: ["arn:secret"] }],
    });
    expect(one(granted, "aws_iam_role_policy_attachment").policy_arn).toBe("arn:aws:iam::aws:policy/service-role/AmazonEBSCSIDriverPolicy");
    expect(statements(granted, "Permissions")).toEqual([
      { sid: "ReadOwnSecret", actions: ["secretsmanager:GetSecretValue"], resources: ["arn:secret"] },
    ]);
    expect(one(granted, "aws_iam_role_policy").name).toBe("permissions");
  });
});
