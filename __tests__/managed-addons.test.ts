import { KUBERNETES_RELEASES } from "../src/config/catalog";
import { managedAddons } from "../src/constructs/cluster/managed-addons";

const roles = { ebsCsiDriverRoleArn: "arn:ebs", cloudwatchAgentRoleArn: "arn:cw" };

describe("the managed EKS add-ons: one list, each flagged before or after the nodes", () => {
  test.each(Object.keys(KUBERNETES_RELEASES))(
    "Kubernetes %s: every add-on version pinned for the release is installed, once",
    (version) => {
      const release = KUBERNETES_RELEASES[version];
      const addons = managedAddons(release, roles);
      expect(new Set(addons.map((a) => a.name)).size).toBe(addons.length);
      expect(addons.map((a) => a.version).sort()).toEqual(Object.values(release.addons).sort());
    },
  );

  test("only what nodes need to join comes before them: vpc-cni, kube-proxy, the Pod Identity agent", () => {
    const addons = managedAddons(KUBERNETES_RELEASES["1.36"], roles);
    expect(addons.filter((a) => a.beforeNodes).map((a) => a.name)).toEqual(["vpc-cni", "kube-proxy", "eks-pod-identity-agent"]);
    // CoreDNS, metrics-server and the agents run pods: on nodes
    expect(addons.filter((a) => !a.beforeNodes).map((a) => a.name)).toEqual([
      "coredns",
      "metrics-server",
      "aws-ebs-csi-driver",
      "amazon-cloudwatch-observability",
    ]);
  });

  test("the add-ons that call AWS get their Pod Identity role", () => {
    const byName = Object.fromEntries(managedAddons(KUBERNETES_RELEASES["1.36"], roles).map((a) => [a.name, a]));
    expect(byName["aws-ebs-csi-driver"].podIdentity).toEqual({ roleArn: "arn:ebs", serviceAccount: "ebs-csi-controller-sa" });
    expect(byName["amazon-cloudwatch-observability"].podIdentity).toEqual({ roleArn: "arn:cw", serviceAccount: "cloudwatch-agent" });
  });
});
