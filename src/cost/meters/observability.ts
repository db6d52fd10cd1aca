import { CostLine, fixed, Meter, UsageLine, unitUsd } from "../model";
import { Resource } from "../../synthesized/types";
import { asList } from "../../synthesized/json";
import { plural } from "../resources";

/** A standard alarm bills per metric it evaluates: one, or each metric of a metric-math alarm. */
const alarmMetrics = (alarm: Resource): number => {
  const queries = asList(alarm.config.metric_query);
  return queries.length === 0 ? 1 : queries.filter((q) => asList(q.metric).length > 0).length;
};

/**
 * CloudWatch: alarms and dashboards are fixed; log groups cost what they ingest and keep (usage);
 * Container Insights bills per observation; alarm e-mails per notification.
 */
export const observabilityMeter: Meter = {
  types: [
    "aws_cloudwatch_log_group",
    "aws_cloudwatch_metric_alarm",
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
      const alarms = stack.resources("aws_cloudwatch_metric_alarm");
      for (const alarm of alarms.filter((a) => Number(a.config.period) < 60)) {
        problems.push(
          `${stack.name}: ${alarm.address}: a high-resolution alarm (period ${alarm.config.period} s) is not priced; ` +
            `the estimate knows standard alarms`,
        );
      }
      if (alarms.length > 0) {
        const metrics = alarms.reduce((sum, a) => sum + alarmMetrics(a), 0);
        lines.push({
          stack: stack.name,
          item: "CloudWatch alarms",
          detail: `${plural(alarms.length, "alarm")}, ${plural(metrics, "metric")} × ${unitUsd(cw.alarmMetricMonth)}/month`,
          monthly: fixed(metrics * cw.alarmMetricMonth),
          addresses: alarms.map((a) => a.address),
        });
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
