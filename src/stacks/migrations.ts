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
 * - <env>-apps: `removed` blocks that make Terraform forget the Kubernetes objects each service had
 *   before its Helm chart (the release adopts them): the service's own in
 *   `src/constructs/apps/backend-service.ts` (`LEGACY_RESOURCES`), each public service's Ingress in
 *   `src/stacks/apps-stack.ts`. They may be deleted once every environment's apps stack has been
 *   applied with them (its plan then shows nothing to forget); the procedure is in
 *   docs/helm.md "Moving an environment from the `kubernetes_*` resources to Helm".
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
