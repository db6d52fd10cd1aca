import { CostLine, fixed, Meter, UsageLine, unitUsd } from "../model";
import { Resource } from "../../synthesized/types";
import { asList } from "../../synthesized/json";
import { plural } from "../resources";

/** A metric of a metric-math alarm read at a period under a minute makes the alarm high-resolution. */
const highResolutionQuery = (q: Record<string, unknown>): boolean => asList(q.metric).some((m) => Number(m.period) < 60);

/** An alarm bills per metric it evaluates: one, or each metric of a metric-math alarm. */
const alarmMetrics = (alarm: Resource): number => {
  const queries = asList(alarm.config.metric_query);
  return queries.length === 0 ? 1 : queries.filter((q) => asList(q.metric).length > 0).length;
};

/**
 * CloudWatch: alarms (standard, high-resolution and composite), custom metrics of
 * log metric filters and dashboards are fixed; log groups cost what they ingest and keep (usage); Container Insights bills
 * per observation; alarm e-mails per notification.
 */
export const observabilityMeter: Meter = {
  types: [
    "aws_cloudwatch_log_group",
    "aws_cloudwatch_metric_alarm",
    "aws_cloudwatch_composite_alarm",
    "aws_cloudwatch_log_metric_filter",
    "aws_cloudwatch_dashboard",
    "aws_flow_log",
    "aws_eks_addon",
    "aws_sns_topic",
  ],
  measure: ({ stacks, prices }) => {
    const cw = prices.cloudWatch;
    const lines: CostLine[] = [];
    const usage: UsageLine[] = [];
    const problems: string[] = [];
    for (const stack of stacks) {
      // Standard alarms bill per metric at $0.10; a period under a minute makes an alarm high-resolution ($0.30 per metric).
      const alarms = stack.resources("aws_cloudwatch_metric_alarm");
      const highResolution = (a: Resource) => Number(a.config.period ?? 60) < 60 || asList(a.config.metric_query).some(highResolutionQuery);
      for (const [kind, selected, price] of [
        ["CloudWatch alarms", alarms.filter((a) => !highResolution(a)), cw.alarmMetricMonth],
        ["CloudWatch high-resolution alarms", alarms.filter(highResolution), cw.highResolutionAlarmMetricMonth],
      ] as const) {
        if (selected.length === 0) continue;
        const metrics = selected.reduce((sum, a) => sum + alarmMetrics(a), 0);
        lines.push({
          stack: stack.name,
          item: kind,
          detail: `${plural(selected.length, "alarm")}, ${plural(metrics, "metric")} × ${unitUsd(price)}/month`,
          monthly: fixed(metrics * price),
          addresses: selected.map((a) => a.address),
        });
      }
      // A composite alarm bills once, whatever the alarms its rule combines.
      const composites = stack.resources("aws_cloudwatch_composite_alarm");
      if (composites.length > 0) {
        lines.push({
          stack: stack.name,
          item: "CloudWatch composite alarms",
          detail: `${plural(composites.length, "composite alarm")} × ${unitUsd(cw.compositeAlarmMonth)}/month`,
          monthly: fixed(composites.length * cw.compositeAlarmMonth),
          addresses: composites.map((a) => a.address),
        });
      }
      // A metric filter publishes one custom metric, or one per combination of dimension values (usage: it depends on the logs).
      const filters = stack.resources("aws_cloudwatch_log_metric_filter");
      if (filters.length > 0) {
        const dimensioned = filters.filter((f) => asList(f.config.metric_transformation).some((t) => t.dimensions !== undefined));
        const plain = filters.length - dimensioned.length;
        lines.push({
          stack: stack.name,
          item: "CloudWatch custom metrics (log metric filters)",
          detail:
            `${plural(plain, "metric")} × ${unitUsd(cw.customMetricMonth)}/month` +
            (dimensioned.length > 0 ? `; ${plural(dimensioned.length, "filter")} with dimensions: one metric per value seen (usage)` : ""),
          monthly: fixed(plain * cw.customMetricMonth),
          addresses: filters.map((f) => f.address),
        });
        if (dimensioned.length > 0) {
          usage.push({
            stack: stack.name,
            item: "Custom metrics of dimensioned metric filters",
            price: cw.customMetricMonth,
            unit: "metric-month",
          });
        }
      }
      const dashboards = stack.resources("aws_cloudwatch_dashboard");
      if (dashboards.length > 0) {
        lines.push({
          stack: stack.name,
          item: "CloudWatch dashboards",
          detail: `${plural(dashboards.length, "dashboard")} × ${unitUsd(cw.dashboardMonth)}/month`,
          monthly: fixed(dashboards.length * cw.dashboardMonth),
          addresses: dashboards.map((d) => d.address),
        });
      }
      const groups = stack.resources("aws_cloudwatch_log_group");
      if (groups.length > 0) {
        const days = [...new Set(groups.map((g) => Number(g.config.retention_in_days)))].sort((a, b) => a - b);
        lines.push({
          stack: stack.name,
          item: "CloudWatch log groups",
          detail:
            `${plural(groups.length, "log group")} (kept ${days.join("/")} days): ` +
            `no charge until logs arrive; ingestion and storage are usage`,
          monthly: fixed(0),
          addresses: groups.map((g) => g.address),
        });
        usage.push(
          { stack: stack.name, item: "CloudWatch Logs ingestion", price: cw.logsIngestedGb, unit: "GB" },
          {
            stack: stack.name,
            item: "CloudWatch Logs storage",
            price: cw.logsStoredGbMonth,
            unit: "GB-month",
            detail: "compressed, for the retention above",
          },
        );
      }
      if (stack.resources("aws_flow_log").length > 0) {
        usage.push({ stack: stack.name, item: "VPC flow logs delivered to CloudWatch Logs", price: cw.vendedLogsIngestedGb, unit: "GB" });
      }
      if (stack.resources("aws_eks_addon").some((a) => a.config.addon_name === "amazon-cloudwatch-observability")) {
        usage.push({
          stack: stack.name,
          item: "Container Insights (enhanced observability)",
          price: cw.containerInsightsPerMillionObservations,
          unit: "million observations",
          detail: "grows with nodes, pods and containers",
        });
      }
      if (stack.resources("aws_sns_topic").length > 0) {
        usage.push({ stack: stack.name, item: "Alarm e-mails (SNS)", price: prices.snsEmailPer100k, unit: "100,000 e-mails" });
      }
    }
    return { lines, usage, problems };
  },
};
