import { CloudwatchDashboard } from "@cdktf/provider-aws/lib/cloudwatch-dashboard";
import { Construct } from "constructs";
import { SYNTHETICS_NAMESPACE } from "./synthetic-check";

/** One CloudWatch metric: namespace, name and dimensions (values may be Terraform tokens). */
export interface MetricRef {
  readonly namespace: string;
  readonly metricName: string;
  readonly dimensions: Readonly<Record<string, string>>;
}

/**
 * Where a public service's requests, errors and latency are read. The ALB's metrics of the service's own target group
 * when the stack knows it; otherwise the whole ALB's, and `scope` says so on every widget.
 */
export interface RequestSignals {
  /** Shown in the widgets' titles: "its target group", "whole ALB". */
  readonly scope: string;
  readonly requests: MetricRef;
  /** Failed requests (summed): 5xx of the targets, and of the ALB itself where the scope is the whole ALB. */
  readonly errors: readonly MetricRef[];
  /** Response time in seconds (TargetResponseTime). */
  readonly latency: MetricRef;
}

export interface DashboardService {
  readonly name: string;
  /** Kubernetes namespace (= service name in this project); its Deployment and Service carry the same name. */
  readonly namespace: string;
  readonly minReplicas: number;
  readonly maxReplicas: number;
  /** Public services only: the request signals and the objectives. */
  readonly public?: {
    readonly signals: RequestSignals;
    /** e.g. 99.99 (%). */
    readonly availabilityPercent: number;
    /** 1 - objective, a fraction (0.0001). */
    readonly errorBudget: number;
    /** e.g. "p95" and 1000 (ms). */
    readonly latency: { readonly percentile: string; readonly thresholdMs: number };
    readonly windowDays: number;
    /** The service's canary, when the environment runs synthetic checks. */
    readonly canaryName?: string;
  };
}

export interface EnvironmentDashboardProps {
  readonly name: string;
  readonly region: string;
  readonly eksClusterName: string;
  readonly auroraClusterIdentifier: string;
  /** The ALB's `arn_suffix` (the ALB is created by the controller and looked up). */
  readonly loadBalancerArnSuffix: string;
  readonly services: readonly DashboardService[];
  /** Aurora's capacity bounds, drawn on the ACU widget. */
  readonly auroraCapacity: { readonly minAcu: number; readonly maxAcu: number };
}

type Row = unknown[];
interface Widget {
  readonly type: string;
  readonly x: number;
  readonly y: number;
  readonly width: number;
  readonly height: number;
  readonly properties: Record<string, unknown>;
}

const WIDTH = 24;
const HEIGHT = 6;

/** A metric as a row of a widget's `metrics`: namespace, name, then dimension name/value pairs, then the rendering options. */
export function metricRow(metric: MetricRef, options: Record<string, unknown> = {}): Row {
  return [metric.namespace, metric.metricName, ...Object.entries(metric.dimensions).flat(), options];
}

const ci = (metricName: string, dimensions: Record<string, string>): MetricRef => ({
  namespace: "ContainerInsights",
  metricName,
  dimensions,
});
const rds = (metricName: string, cluster: string): MetricRef => ({
  namespace: "AWS/RDS",
  metricName,
  dimensions: { DBClusterIdentifier: cluster },
});

/**
 * The dashboard's widgets, top to bottom: one row per service (public services first: requests, error ratio against the
 * budget, latency percentiles against the objective, error budget left over the window, the canary; then, for every
 * service, CPU and memory against requests and limits, replicas against the autoscaler's bounds), then Aurora, then the
 * nodes and pending pods. Every figure comes from CloudWatch metrics AWS publishes (ALB, RDS, Container Insights,
 * Synthetics): docs/slo.md lists them and what is not available.
 */
export function dashboardWidgets(props: EnvironmentDashboardProps): Widget[] {
  const widgets: Widget[] = [];
  let y = 0;
  const row = (cells: { title: string; properties: Record<string, unknown> }[]) => {
    const width = Math.floor(WIDTH / cells.length);
    cells.forEach((cell, i) =>
      widgets.push({
        type: "metric",
        x: i * width,
        y,
        width,
        height: HEIGHT,
        properties: { region: props.region, period: 300, view: "timeSeries", ...cell.properties, title: cell.title },
      }),
    );
    y += HEIGHT;
  };
  const cluster = props.eksClusterName;

  for (const service of props.services) {
    const pub = service.public;
    if (pub) {
      const { signals } = pub;
      const errorIds = signals.errors.map((_, i) => `e${i}`);
      const errorSum = errorIds.map((id) => `FILL(${id}, 0)`).join(" + ");
      const requestAndErrors = [
        metricRow(signals.requests, { id: "r", stat: "Sum", visible: false }),
        ...signals.errors.map((m, i) => metricRow(m, { id: errorIds[i], stat: "Sum", visible: false })),
      ];
      const budgetPercent = Number((pub.errorBudget * 100).toPrecision(12));
      row([
        {
          title: `${service.name}: requests per minute (${signals.scope})`,
          properties: { period: 60, metrics: [metricRow(signals.requests, { stat: "Sum", label: "requests" })] },
        },
        {
          title: `${service.name}: error ratio % (${signals.scope})`,
          properties: {
            period: 300,
            metrics: [...requestAndErrors, [{ expression: `100 * (${errorSum}) / r`, label: "5xx %", id: "ratio" }]],
            annotations: { horizontal: [{ label: `error budget (${pub.availabilityPercent}% objective)`, value: budgetPercent }] },
            yAxis: { left: { min: 0 } },
          },
        },
        {
          title: `${service.name}: response time, seconds (${signals.scope})`,
          properties: {
            metrics: ["p50", "p95", "p99"].map((stat) => metricRow(signals.latency, { stat, label: stat })),
            annotations: {
              horizontal: [
                {
                  label: `objective: ${pub.latency.percentile} under ${pub.latency.thresholdMs} ms`,
                  value: pub.latency.thresholdMs / 1000,
                },
              ],
            },
          },
        },
        {
          title: `${service.name}: error budget left, last ${pub.windowDays} days (%)`,
          properties: {
            view: "singleValue",
            start: `-P${pub.windowDays}D`,
            setPeriodToTimeRange: true,
            // 100 % while no request failed; 0 % once the failed share equals the budget; below 0 when overspent.
            metrics: [
              ...requestAndErrors,
              [{ expression: `100 * (1 - ((${errorSum}) / r) / ${pub.errorBudget})`, label: "budget left %", id: "left" }],
            ],
          },
        },
      ]);
      if (pub.canaryName) {
        const canary = { CanaryName: pub.canaryName };
        row([
          {
            title: `${service.name}: synthetic check, % of runs that passed`,
            properties: {
              metrics: [
                metricRow({ namespace: SYNTHETICS_NAMESPACE, metricName: "SuccessPercent", dimensions: canary }, { stat: "Average" }),
              ],
              yAxis: { left: { min: 0, max: 100 } },
            },
          },
          {
            title: `${service.name}: synthetic check, run duration (ms)`,
            properties: {
              metrics: [metricRow({ namespace: SYNTHETICS_NAMESPACE, metricName: "Duration", dimensions: canary }, { stat: "Average" })],
            },
          },
        ]);
      }
    }
    // Container Insights names a pod after its workload (PodName = the Deployment), and a Service after itself.
    const pod = { ClusterName: cluster, Namespace: service.namespace, PodName: service.name };
    row([
      {
        title: `${service.name}: CPU per pod vs its request (% of the node)`,
        properties: {
          metrics: [
            metricRow(ci("pod_cpu_utilization", pod), { stat: "Average", label: "used" }),
            metricRow(ci("pod_cpu_reserved_capacity", pod), { stat: "Average", label: "requested" }),
          ],
        },
      },
      {
        title: `${service.name}: memory per pod vs its limit (%; the limit equals the request)`,
        properties: {
          metrics: [metricRow(ci("pod_memory_utilization_over_pod_limit", pod), { stat: "Maximum", label: "used, % of limit" })],
          annotations: { horizontal: [{ label: "limit: the container is killed (OOM)", value: 100 }] },
          yAxis: { left: { min: 0 } },
        },
      },
      {
        title: `${service.name}: running pods vs the autoscaler's bounds`,
        properties: {
          period: 60,
          metrics: [
            metricRow(ci("service_number_of_running_pods", { ClusterName: cluster, Namespace: service.namespace, Service: service.name }), {
              stat: "Average",
              label: "running",
            }),
            metricRow(ci("pod_number_of_container_restarts", pod), { stat: "Sum", label: "restarts", yAxis: "right" }),
          ],
          annotations: {
            horizontal: [
              { label: `minReplicas ${service.minReplicas}`, value: service.minReplicas },
              { label: `maxReplicas ${service.maxReplicas}: pinned here means no headroom`, value: service.maxReplicas },
            ],
          },
          yAxis: { left: { min: 0 } },
        },
      },
    ]);
  }

  const db = props.auroraClusterIdentifier;
  row([
    {
      title: "Aurora capacity (ACU) and its use of the maximum (%)",
      properties: {
        metrics: [
          metricRow(rds("ServerlessDatabaseCapacity", db), { stat: "Average", label: "ACU" }),
          metricRow(rds("ACUUtilization", db), { stat: "Average", label: "% of max", yAxis: "right" }),
        ],
        annotations: { horizontal: [{ label: `maxCapacityAcu ${props.auroraCapacity.maxAcu}`, value: props.auroraCapacity.maxAcu }] },
      },
    },
    {
      title: "Aurora connections",
      properties: { metrics: [metricRow(rds("DatabaseConnections", db), { stat: "Maximum" })] },
    },
    {
      title: "Aurora commit latency (ms)",
      properties: { metrics: [metricRow(rds("CommitLatency", db), { stat: "Average" })] },
    },
  ]);
  const lb = { LoadBalancer: props.loadBalancerArnSuffix };
  const alb = (metricName: string): MetricRef => ({ namespace: "AWS/ApplicationELB", metricName, dimensions: lb });
  row([
    {
      title: "Nodes (managed node groups and Karpenter's) and failed nodes",
      properties: {
        metrics: [
          metricRow(ci("cluster_node_count", { ClusterName: cluster }), { stat: "Average", label: "nodes" }),
          metricRow(ci("cluster_failed_node_count", { ClusterName: cluster }), { stat: "Maximum", label: "failed" }),
        ],
      },
    },
    {
      title: "Pending pods (waiting for a node) and node CPU",
      properties: {
        metrics: [
          metricRow(ci("pod_status_pending", { ClusterName: cluster }), { stat: "Maximum", label: "pending pods" }),
          metricRow(ci("node_cpu_utilization", { ClusterName: cluster }), { stat: "Average", label: "node CPU %", yAxis: "right" }),
        ],
      },
    },
    {
      title: "ALB: requests and 5xx (whole ALB)",
      properties: {
        metrics: [
          metricRow(alb("RequestCount"), { stat: "Sum" }),
          metricRow(alb("HTTPCode_ELB_5XX_Count"), { stat: "Sum", yAxis: "right" }),
          metricRow(alb("HTTPCode_Target_5XX_Count"), { stat: "Sum", yAxis: "right" }),
        ],
      },
    },
  ]);
  return widgets;
}

/** The environment's one dashboard ($3 a month): {@link dashboardWidgets}. */
export class EnvironmentDashboard extends Construct {
  public readonly dashboard: CloudwatchDashboard;

  constructor(scope: Construct, id: string, props: EnvironmentDashboardProps) {
    super(scope, id);
    this.dashboard = new CloudwatchDashboard(this, "Default", {
      dashboardName: props.name,
      dashboardBody: JSON.stringify({ widgets: dashboardWidgets(props) }),
    });
  }
}
