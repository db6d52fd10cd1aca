import { stringify } from "yaml";
import { validateEnvironments } from "../src/config/load";
import { dashboardWidgets, EnvironmentDashboardProps } from "../src/constructs/monitoring/environment-dashboard";
import { Naming } from "../src/naming";
import { builtIn, builtInRaw } from "./support/environments";
import { resourcesOf, synthApp } from "./support/stacks";

const synthesized = synthApp([builtIn("dev"), builtIn("prod")]);
const dashboards = (json: Record<string, any>) => resourcesOf(json, "aws_cloudwatch_dashboard");

/** The prod dashboard's widgets, parsed from the synthesized body. */
function prodWidgets(): any[] {
  const all = Object.values<any>(dashboards(synthesized["prod-apps"]));
  expect(all).toHaveLength(1);
  return JSON.parse(all[0].dashboard_body).widgets;
}
const titled = (widgets: any[], title: RegExp) => {
  const found = widgets.filter((w) => title.test(w.properties.title));
  expect(found).toHaveLength(1);
  return found[0].properties;
};
/** The metric rows of a widget, as "namespace metric dim=value ...", options left out. */
const metricsOf = (properties: any): string[] =>
  properties.metrics
    .filter((row: any[]) => typeof row[0] === "string")
    .map((row: any[]) => {
      const parts = row.filter((p) => typeof p === "string");
      const [namespace, metric, ...dims] = parts;
      const pairs = dims.reduce((acc: string[], v: string, i: number) => (i % 2 === 0 ? [...acc, `${v}=${dims[i + 1]}`] : acc), []);
      return [namespace, metric, ...pairs].join(" ");
    });

describe("the environment's dashboard", () => {
  test("prod has one, under the address the dashboard had before it left the ALB monitoring (no replacement)", () => {
    expect(Object.keys(dashboards(synthesized["prod-apps"]))).toEqual(["Monitoring_Dashboard_DA10F213"]);
    expect(Object.values<any>(dashboards(synthesized["prod-apps"]))[0].dashboard_name).toBe("road-warrior-prod");
  });

  test("dev has none by default ($3 a month on a $150 floor); monitoring.dashboard: true adds it", () => {
    expect(dashboards(synthesized["dev-apps"])).toEqual({});
    const raw = builtInRaw("dev");
    raw.monitoring = { dashboard: true };
    const dev = validateEnvironments([{ file: "dev.yaml", text: stringify(raw) }])[0].config;
    expect(Object.values<any>(dashboards(synthApp([dev])["dev-apps"])).map((d) => d.dashboard_name)).toEqual(["road-warrior-dev"]);
  });

  test("a public service: requests, error ratio against its budget, latency percentiles against its objective, budget left", () => {
    const widgets = prodWidgets();
    const ownTargetGroup =
      "TargetGroup=${aws_lb_target_group.TargetGroup-trips-api.arn_suffix} " +
      "LoadBalancer=${data.aws_lb.Monitoring_LoadBalancer_F9ABF7AF.arn_suffix}";
    expect(metricsOf(titled(widgets, /^trips-api: requests per minute \(its target group\)/))).toEqual([
      `AWS/ApplicationELB RequestCount ${ownTargetGroup}`,
    ]);
    const ratio = titled(widgets, /^trips-api: error ratio % \(its target group\)/);
    expect(metricsOf(ratio)).toEqual([
      `AWS/ApplicationELB RequestCount ${ownTargetGroup}`,
      `AWS/ApplicationELB HTTPCode_Target_5XX_Count ${ownTargetGroup}`,
      `AWS/ApplicationELB TargetConnectionErrorCount ${ownTargetGroup}`,
    ]);
    expect(ratio.metrics.at(-1)[0].expression).toBe("100 * (FILL(e0, 0) + FILL(e1, 0)) / r");
    // The failures drawn are the ones the burn-rate alarms count, so the widget shows what pages.
    const burn = Object.values<any>(resourcesOf(synthesized["prod-apps"], "aws_cloudwatch_metric_alarm")).find((a) =>
      /trips-api-burn-/.test(a.alarm_name),
    );
    expect(burn.metric_query.filter((q: any) => q.metric).map((q: any) => q.metric.metric_name)).toEqual([
      "HTTPCode_Target_5XX_Count",
      "TargetConnectionErrorCount",
      "RequestCount",
    ]);
    // 99.99 % leaves 0.01 % of requests to fail: the line the ratio must stay under.
    expect(ratio.annotations.horizontal).toEqual([expect.objectContaining({ value: 0.01 })]);
    const latency = titled(widgets, /^trips-api: response time/);
    expect(latency.metrics.map((row: any[]) => row.at(-1).stat)).toEqual(["p50", "p95", "p99"]);
    expect(latency.annotations.horizontal).toEqual([expect.objectContaining({ value: 1, label: "objective: p95 under 1000 ms" })]);
    const budget = titled(widgets, /^trips-api: error budget left, last 30 days/);
    expect(budget).toMatchObject({ view: "singleValue", start: "-P30D", setPeriodToTimeRange: true });
    expect(budget.metrics.at(-1)[0].expression).toBe("100 * (1 - ((FILL(e0, 0) + FILL(e1, 0)) / r) / 0.0001)");
  });

  test("the budget left, computed by the widget's own expression: 100 % with no failure, 0 % once the failures equal the budget", () => {
    const expression: string = titled(prodWidgets(), /^trips-api: error budget left/).metrics.at(-1)[0].expression;
    // Evaluates the metric math the way CloudWatch does for sums over the window (FILL(x, 0) is x when there is data).
    const left = (r: number, target5xx: number, connectionErrors: number): number =>
      new Function("r", "e0", "e1", `return ${expression.replace(/FILL\((e\d), 0\)/g, "$1")};`)(r, target5xx, connectionErrors);
    expect(left(1_000_000, 0, 0)).toBe(100);
    expect(left(1_000_000, 40, 60)).toBeCloseTo(0);
    expect(left(1_000_000, 0, 50)).toBeCloseTo(50);
    expect(left(1_000_000, 0, 200)).toBeCloseTo(-100);
  });

  test("its synthetic check: share of passed runs and run duration of the service's canary", () => {
    const canary = new Naming(builtIn("prod")).canary("trips-api");
    expect(metricsOf(titled(prodWidgets(), /^trips-api: synthetic check, % of runs/))).toEqual([
      `CloudWatchSynthetics SuccessPercent CanaryName=${canary}`,
    ]);
  });

  test("every service: CPU against its request, memory against its limit, running pods against the autoscaler's bounds", () => {
    const widgets = prodWidgets();
    for (const [service, min, max] of [
      ["trips-api", 3, 12],
      ["reservation-sync", 2, 6],
      ["notifications", 2, 4],
    ] as const) {
      const pod = `ClusterName=road-warrior-prod Namespace=${service} PodName=${service}`;
      expect(metricsOf(titled(widgets, new RegExp(`^${service}: CPU per pod`)))).toEqual([
        `ContainerInsights pod_cpu_utilization ${pod}`,
        `ContainerInsights pod_cpu_reserved_capacity ${pod}`,
      ]);
      expect(metricsOf(titled(widgets, new RegExp(`^${service}: memory per pod`)))).toEqual([
        `ContainerInsights pod_memory_utilization_over_pod_limit ${pod}`,
      ]);
      const replicas = titled(widgets, new RegExp(`^${service}: running pods`));
      expect(metricsOf(replicas)[0]).toBe(
        `ContainerInsights service_number_of_running_pods ClusterName=road-warrior-prod Namespace=${service} Service=${service}`,
      );
      expect(replicas.annotations.horizontal.map((a: any) => a.value)).toEqual([min, max]);
    }
    // Internal services have no ALB signals of their own.
    expect(widgets.filter((w) => /^notifications: (requests|error)/.test(w.properties.title))).toEqual([]);
  });

  test("Aurora: capacity (ACU) and its share of the maximum, connections, commit latency", () => {
    const widgets = prodWidgets();
    const db = "DBClusterIdentifier=road-warrior-prod-aurora";
    expect(metricsOf(titled(widgets, /^Aurora capacity/))).toEqual([
      `AWS/RDS ServerlessDatabaseCapacity ${db}`,
      `AWS/RDS ACUUtilization ${db}`,
    ]);
    expect(metricsOf(titled(widgets, /^Aurora connections/))).toEqual([`AWS/RDS DatabaseConnections ${db}`]);
    expect(metricsOf(titled(widgets, /^Aurora commit latency/))).toEqual([`AWS/RDS CommitLatency ${db}`]);
  });

  test("nodes (Karpenter's among them) and pods waiting for one, from Container Insights", () => {
    const widgets = prodWidgets();
    expect(metricsOf(titled(widgets, /^Nodes/))).toEqual([
      "ContainerInsights cluster_node_count ClusterName=road-warrior-prod",
      "ContainerInsights cluster_failed_node_count ClusterName=road-warrior-prod",
    ]);
    expect(metricsOf(titled(widgets, /^Pending pods/))[0]).toBe("ContainerInsights pod_status_pending ClusterName=road-warrior-prod");
  });

  test("widgets tile the 24-column grid without overlapping, every one in the environment's region", () => {
    const widgets = prodWidgets();
    const cells = new Set<string>();
    for (const w of widgets) {
      expect(w.x + w.width).toBeLessThanOrEqual(24);
      expect(w.properties.region).toBe("eu-central-1");
      for (let x = w.x; x < w.x + w.width; x++)
        for (let y = w.y; y < w.y + w.height; y++) {
          expect(cells.has(`${x},${y}`)).toBe(false);
          cells.add(`${x},${y}`);
        }
    }
  });

  test("the widgets read whatever signals they are given (here a service's target group, 99.5 %, p99 under 250 ms)", () => {
    const tg = { LoadBalancer: "app/x/1", TargetGroup: "targetgroup/trips/2" };
    const props: EnvironmentDashboardProps = {
      name: "x",
      region: "eu-central-1",
      eksClusterName: "c",
      auroraClusterIdentifier: "a",
      loadBalancerArnSuffix: "app/x/1",
      auroraCapacity: { minAcu: 0.5, maxAcu: 4 },
      services: [
        {
          name: "s",
          namespace: "s",
          minReplicas: 1,
          maxReplicas: 2,
          public: {
            signals: {
              scope: "its target group",
              requests: { namespace: "AWS/ApplicationELB", metricName: "RequestCount", dimensions: tg },
              errors: [{ namespace: "AWS/ApplicationELB", metricName: "HTTPCode_Target_5XX_Count", dimensions: tg }],
              latency: { namespace: "AWS/ApplicationELB", metricName: "TargetResponseTime", dimensions: tg },
            },
            availabilityPercent: 99.5,
            errorBudget: 0.005,
            latency: { percentile: "p99", thresholdMs: 250 },
            windowDays: 30,
          },
        },
      ],
    };
    const widgets = dashboardWidgets(props);
    const ratio = titled(widgets, /^s: error ratio % \(its target group\)/);
    expect(metricsOf(ratio)).toEqual([
      "AWS/ApplicationELB RequestCount LoadBalancer=app/x/1 TargetGroup=targetgroup/trips/2",
      "AWS/ApplicationELB HTTPCode_Target_5XX_Count LoadBalancer=app/x/1 TargetGroup=targetgroup/trips/2",
    ]);
    expect(ratio.annotations.horizontal[0].value).toBe(0.5);
    expect(widgets.filter((w) => /synthetic check/.test(String(w.properties.title)))).toEqual([]);
  });
});
