import { Construct } from "constructs";
import { LoadBalancerController } from "../constructs/addons/load-balancer-controller/controller-release";
import { RemovedResource } from "../constructs/apps/removed-resource";
import { EksAddons } from "../constructs/cluster/eks-addons";

/**
 * State migrations, one function per stack: every `moved` block, `removed` block and address kept
 * so that an existing environment's state follows a change of the code without Terraform
 * destroying and recreating what it manages. Each entry says what it carries over and when it may
 * be deleted. Deleting one early makes Terraform plan the destroy it was written to avoid, in any
 * environment whose state has not been applied with it yet; so "every environment" below includes
 * the ones in other repositories or folders (`ENVIRONMENTS_DIR`) deployed from this code.
 *
 * - bootstrap-<accountId>: none in code. A state of the single `bootstrap` stack that once served
 *   every account splits per account with `terraform state mv` (docs/bootstrap.md); the addresses
 *   inside stayed the same for that (`__tests__/stateful-addresses.test.ts`).
 * - <env>-network, <env>-data: none.
 * - <env>-cluster: {@link clusterStackMigrations}.
 * - <env>-apps: {@link appsStackMigrations}.
 */

/**
 * kube-proxy's address when it was installed after the node groups, in the "Addons" set. It is
 * installed before them now, in "NetworkingAddons": without it the VPC CNI cannot reach the API
 * server and no node becomes Ready (managed-addons.ts).
 */
export const KUBE_PROXY_PREVIOUS_ADDRESS = "aws_eks_addon.Addons_kube-proxy_7E8520B3";

/** What the cluster stack's migrations act on. */
export interface ClusterStackMigrationTargets {
  /** The add-ons installed before the node groups. */
  readonly networkingAddons: EksAddons;
}

/**
 * The cluster stack's migrations.
 *
 * - kube-proxy moved from the after-nodes set to the before-nodes set: a `moved` block keeps the
 *   running add-on (without it Terraform would delete kube-proxy from a running cluster and install
 *   it again). Delete it once every environment's cluster stack has been applied with it: its plan
 *   then shows no move, and `KUBE_PROXY_PREVIOUS_ADDRESS` goes with it.
 */
export function clusterStackMigrations(targets: ClusterStackMigrationTargets): void {
  targets.networkingAddons.byName["kube-proxy"].moveFromId(KUBE_PROXY_PREVIOUS_ADDRESS);
}

/**
 * The Kubernetes resources each service had before its Helm chart, by their construct ids under the
 * service's construct.
 */
export const LEGACY_SERVICE_RESOURCES = [
  { id: "ServiceAccount", type: "kubernetes_service_account_v1" },
  { id: "Deployment", type: "kubernetes_deployment_v1" },
  { id: "Service", type: "kubernetes_service_v1" },
  { id: "Autoscaler", type: "kubernetes_horizontal_pod_autoscaler_v2" },
  { id: "DisruptionBudget", type: "kubernetes_pod_disruption_budget_v1" },
] as const;

/** What the apps stack's migrations act on. */
export interface AppsStackMigrationTargets {
  /** The apps stack: each public service's old Ingress had its own construct `Ingress-<name>` here. */
  readonly stack: Construct;
  /** The Load Balancer Controller's construct: its old CRD step had the id `Crds` under it. */
  readonly controller: LoadBalancerController;
  /** Every service with its construct (`Service-<name>`). */
  readonly services: readonly { readonly name: string; readonly public: boolean; readonly construct: Construct }[];
}

/**
 * The apps stack's migrations: `removed` blocks (`lifecycle { destroy = false }`) that make Terraform
 * forget a resource without deleting what it created.
 *
 * - The kubectl step (`terraform_data`) that applied the Load Balancer Controller's CRDs before they
 *   had their own Helm release: the CRD release adopts the CRDs (`take_ownership`), and the step had
 *   no destroy-time command. Delete it once every environment's apps stack has been applied with
 *   it: its plan then shows nothing to forget.
 * - Each service's Kubernetes objects from before its chart (`LEGACY_SERVICE_RESOURCES`) and each
 *   public service's Ingress: the service's release adopts them. Delete them on the same condition;
 *   the procedure is in docs/helm.md "Moving an environment from the `kubernetes_*` resources to Helm".
 */
export function appsStackMigrations(targets: AppsStackMigrationTargets): void {
  // Same id as the terraform_data it replaces: the removed block names that address.
  new RemovedResource(targets.controller, "Crds", { resourceType: "terraform_data" });
  for (const service of targets.services) {
    for (const legacy of LEGACY_SERVICE_RESOURCES) new RemovedResource(service.construct, legacy.id, { resourceType: legacy.type });
    // The old Ingress was the primary resource (id Default) of its own construct.
    if (service.public)
      new RemovedResource(new Construct(targets.stack, `Ingress-${service.name}`), "Default", { resourceType: "kubernetes_ingress_v1" });
  }
}
