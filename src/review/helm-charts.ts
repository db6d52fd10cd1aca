/**
 * The Helm charts the plan review lets a release install (rule PR-CODE-1): a chart is code that runs in the cluster
 * with whatever rights its templates ask for, and the plan shows only its name. An allow-list derived from the
 * project's pins, so bumping a pin (a reviewed change of `pins.ts`) moves the list with it:
 * - a published chart, as (repository, chart, version) exactly: the add-ons' `pins.ts`;
 * - a local chart (`charts/` in this repository), which the synth copies beside the stack as an asset
 *   (`./assets/<construct>/<content hash>`): no repository, a path inside the stack's own `assets/` folder (no `..`,
 *   no absolute path, no URL). Its templates are part of the change under review, read in its diff, not here.
 * Here only a create, or a change of its repository, chart or version, is judged; a change of values is not. In
 * production the default-deny admits a value change only when it is routine: image tags, scaling numbers, CPU and
 * memory requests and limits, the node pools' AMI alias (`production/safe-list.ts`); any other is refused there.
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

/** Whether a value is set: not null, not false, not an empty string, list or object. */
function isSet(v: unknown): boolean {
  if (v === null || v === undefined || v === false || v === "") return false;
  if (Array.isArray(v)) return v.some(isSet);
  if (typeof v === "object") return Object.values(v as Record<string, unknown>).some(isSet);
  return true;
}

/** Whether any part of an `after_unknown` subtree is unknown. */
const anyUnknown = (u: unknown): boolean => u === true || (typeof u === "object" && u !== null && Object.values(u).some(anyUnknown));

/**
 * Why a release runs code on the machine that applies the plan, with the deploy role's credentials; undefined when
 * it does not. `postrender` (`{ binary_path, args }`) runs any command on the rendered manifests, and
 * `dependency_update` downloads the chart's dependencies, charts the pins do not name. The stacks set neither.
 */
export function releaseHookProblem(after: Record<string, unknown>, afterUnknown: unknown = {}): string | undefined {
  const unknown = (a: string) => typeof afterUnknown === "object" && afterUnknown !== null && anyUnknown((afterUnknown as never)[a]);
  const problems = [
    ...(isSet(after.postrender) || unknown("postrender") ? ["its postrender runs a command on the machine that applies the plan"] : []),
    ...(after.dependency_update === true || unknown("dependency_update")
      ? ["its dependency_update downloads charts the pins do not name"]
      : []),
  ];
  return problems.length > 0 ? problems.join("; ") : undefined;
}
