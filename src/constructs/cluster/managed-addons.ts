import { KubernetesRelease } from "../../config/catalog";
import { AddonSpec } from "./eks-addons";

/** One managed EKS add-on of the cluster, and when it is installed. */
export interface ManagedAddon extends AddonSpec {
  /**
   * Installed before the node groups, because nodes cannot join without it; every other add-on
   * waits for the nodes (it runs pods on them).
   * Flipping it changes its Terraform address (its set in cluster-stack.ts): add `moveFromId(<previous address>)` in
   * src/stacks/migrations.ts, as kube-proxy has.
   */
  readonly beforeNodes: boolean;
}

/** The Pod Identity roles of the add-ons that call AWS (created by the cluster stack). */
export interface ManagedAddonRoles {
  readonly ebsCsiDriverRoleArn: string;
  readonly cloudwatchAgentRoleArn: string;
}

/**
 * Every managed EKS add-on of the cluster, at the versions pinned for its Kubernetes release (one
 * list: adding an add-on is its version in `KUBERNETES_RELEASES` and a line here).
 *
 * Before the nodes: the cluster is created without the self-managed add-ons
 * (`bootstrap_self_managed_addons = false`), so without kube-proxy the VPC CNI cannot reach the
 * API server through the `kubernetes` Service address, nodes never become Ready and the node
 * group ends in CREATE_FAILED. vpc-cni assigns pod addresses, kube-proxy programs Service routing,
 * the Pod Identity agent serves credentials. CoreDNS and the rest need nodes.
 */
export function managedAddons(release: KubernetesRelease, roles: ManagedAddonRoles): ManagedAddon[] {
  const { addons } = release;
  return [
    { name: "vpc-cni", version: addons.vpcCni, beforeNodes: true, configuration: { enableNetworkPolicy: "true" } },
    { name: "kube-proxy", version: addons.kubeProxy, beforeNodes: true },
    { name: "eks-pod-identity-agent", version: addons.podIdentityAgent, beforeNodes: true },
    { name: "coredns", version: addons.coreDns, beforeNodes: false },
    { name: "metrics-server", version: addons.metricsServer, beforeNodes: false },
    {
      name: "aws-ebs-csi-driver",
      version: addons.ebsCsiDriver,
      beforeNodes: false,
      podIdentity: { roleArn: roles.ebsCsiDriverRoleArn, serviceAccount: "ebs-csi-controller-sa" },
    },
    {
      name: "amazon-cloudwatch-observability",
      version: addons.cloudwatchObservability,
      beforeNodes: false,
      podIdentity: { roleArn: roles.cloudwatchAgentRoleArn, serviceAccount: "cloudwatch-agent" },
    },
  ];
}
