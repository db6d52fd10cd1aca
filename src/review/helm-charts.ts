/**
 * The Helm charts the plan review lets a release install (rule PR-CODE-1): a chart is code that runs in the cluster
 * with whatever rights its templates ask for, and the plan shows only its name. An allow-list derived from the
 * project's pins, so bumping a pin (a reviewed change of `pins.ts`) moves the list with it:
 * - a published chart, as (repository, chart, version) exactly: the add-ons' `pins.ts`;
 * - a local chart (`charts/` in this repository), which the synth copies beside the stack as an asset
 *   (`./assets/<construct>/<content hash>`): no repository, a path inside the stack's own `assets/` folder (no `..`,
 *   no absolute path, no URL). Its templates are part of the change under review, read in its diff, not here.
 * A value change (an image tag, a replica count) of a release keeps passing: only a create, or a change of its
 * repository, chart or version, is judged.
 */
import { KARPENTER } from "../constructs/addons/karpenter/pins";
import { LOAD_BALANCER_CONTROLLER } from "../constructs/addons/load-balancer-controller/pins";

/** One published chart a release may install. */
export interface ApprovedChart {
  readonly repository: string;
  readonly chart: string;
  readonly version: string;
  /** Where the pin lives. */
  readonly source: string;
}

export const APPROVED_CHARTS: readonly ApprovedChart[] = [
  {
    repository: KARPENTER.repository,
    chart: KARPENTER.chart,
    version: KARPENTER.chartVersion,
    source: "constructs/addons/karpenter/pins.ts",
  },
  {
    repository: KARPENTER.repository,
    chart: KARPENTER.crdChart,
    version: KARPENTER.chartVersion,
    source: "constructs/addons/karpenter/pins.ts",
  },
  {
    repository: LOAD_BALANCER_CONTROLLER.repository,
    chart: LOAD_BALANCER_CONTROLLER.chart,
    version: LOAD_BALANCER_CONTROLLER.chartVersion,
    source: "constructs/addons/load-balancer-controller/pins.ts",
  },
];

/** A local chart copied beside the stack by the synth: `assets/<name>/<hash>`, with or without `./`. */
const LOCAL_CHART = /^(?:\.\/)?assets\/[A-Za-z0-9_-]+\/[A-Za-z0-9]+$/;

const text = (v: unknown): string => (typeof v === "string" ? v : "");

/** Why a release's (repository, chart, version) is not approved; undefined when it is. */
export function chartProblem(after: { repository?: unknown; chart?: unknown; version?: unknown }): string | undefined {
  const repository = text(after.repository);
  const chart = text(after.chart);
  const version = text(after.version);
  if (repository === "") {
    if (LOCAL_CHART.test(chart)) return undefined;
    return `chart ${JSON.stringify(chart)} is neither a pinned chart of src/review/helm-charts.ts nor a local chart of the stack's assets/`;
  }
  if (APPROVED_CHARTS.some((c) => c.repository === repository && c.chart === chart && c.version === version)) return undefined;
  return `${repository} ${chart} ${version || "(no version: the newest)"} is not a pinned chart of src/review/helm-charts.ts`;
}
