import { Release } from "@cdktf/provider-helm/lib/release";
import { AssetType, TerraformAsset } from "cdktf";
import { Construct } from "constructs";
import * as path from "path";
import { suppress } from "../../../rules/suppress";
import { LOAD_BALANCER_CONTROLLER } from "./pins";

/**
 * The project's chart of the controller's CRDs, `charts/aws-load-balancer-controller-crds/`: the
 * pinned chart's `helm show crds`, one template per CRD, each marked `helm.sh/resource-policy: keep`.
 * Its version is the controller chart's (a test renders it and compares it with the pinned package).
 */
export const CONTROLLER_CRDS_CHART_DIR = path.join(__dirname, "..", "..", "..", "..", "charts", "aws-load-balancer-controller-crds");

/** Name of the CRD release (Helm's, in the controller's namespace). */
export const CONTROLLER_CRDS_RELEASE = `${LOAD_BALANCER_CONTROLLER.chart}-crds`;

/**
 * The controller's CRDs as their own Helm release, installed before the controller's: Helm
 * installs a chart's `crds/` folder on first install only and never upgrades it, while templates
 * are applied on every upgrade, so a chart bump brings its CRDs. The keep policy means neither an
 * uninstall nor a rollback deletes a CRD (deleting one deletes every object of its kind, e.g. every
 * TargetGroupBinding). `take_ownership` adopts the CRDs a cluster already has (installed by the
 * controller chart's `crds/` folder and a server-side apply of an earlier version of this stack)
 * instead of failing on them. Helm alone: the machine that applies needs no kubectl.
 */
export class LoadBalancerControllerCrds extends Construct {
  public readonly release: Release;
  /** The chart folder copied beside the stack's Terraform files; its path changes with its content. */
  public readonly chart: TerraformAsset;

  constructor(scope: Construct, id: string) {
    super(scope, id);
    this.chart = new TerraformAsset(this, "Chart", { path: CONTROLLER_CRDS_CHART_DIR, type: AssetType.DIRECTORY });
    this.release = new Release(this, "Default", {
      name: CONTROLLER_CRDS_RELEASE,
      namespace: LOAD_BALANCER_CONTROLLER.namespace,
      // "./": a path, never a repository/chart name.
      chart: `./${this.chart.path}`,
      version: LOAD_BALANCER_CONTROLLER.chartVersion,
      wait: true,
      atomic: true,
      timeout: 300,
      maxHistory: 10,
      takeOwnership: true,
    });
    suppress(
      this.release,
      "RW-DATA-1",
      "installs the controller's CRDs with helm.sh/resource-policy: keep, so neither an uninstall nor a rollback deletes them; " +
        "the TargetGroupBindings and IngressClassParams they define are re-created by the controller from the Ingresses",
    );
  }
}
