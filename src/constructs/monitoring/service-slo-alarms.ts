import { CloudwatchCompositeAlarm } from "@cdktf/provider-aws/lib/cloudwatch-composite-alarm";
import { CloudwatchMetricAlarm } from "@cdktf/provider-aws/lib/cloudwatch-metric-alarm";
import { Construct } from "constructs";
import { ServiceObjective } from "../../config/slo";
import { AlertLevel, BURN_RATE_CONDITIONS, BurnRateWindow } from "./burn-rate";

export interface ServiceSloAlarmsProps {
  /** Alarm name prefix (the environment's). */
  readonly prefix: string;
  /** The service's objectives, defaults resolved (`serviceObjective`). */
  readonly objective: ServiceObjective;
  /** A window with fewer requests reads a burn rate of 0. The environment file owns the default (`slo.minRequests`, 10). */
  readonly minRequests: number;
  /** The shared ALB's ARN suffix (`app/<name>/<id>`): ALB metrics carry it beside the target group's. */
  readonly loadBalancerArnSuffix: string;
  /** The service's own target group's ARN suffix (`targetgroup/<name>/<id>`). */
  readonly targetGroupArnSuffix: string;
  /** Topics (and chat) of page-level alerts: someone acts now. */
  readonly pageTopicArn: string;
  /** Topics of ticket-level alerts: someone acts within working hours. */
  readonly ticketTopicArn: string;
}

/**
 * One public service's burn-rate alerts, computed from its own target group's metrics: a metric-math
 * alarm per window (burn rate = error ratio / error budget), combined by two composite alarms,
 * page and ticket (burn-rate.ts). Only the composites notify. A latency alarm on the objective's
 * percentile files a ticket. docs/slo.md says what to do when each fires.
 */
export class ServiceSloAlarms extends Construct {
  /** Every window alarm, by name (for tests and the dashboard). */
  public readonly windows: CloudwatchMetricAlarm[] = [];
  public readonly page: CloudwatchCompositeAlarm;
  public readonly ticket: CloudwatchCompositeAlarm;
  public readonly latency: CloudwatchMetricAlarm;

  constructor(scope: Construct, id: string, props: ServiceSloAlarmsProps) {
    super(scope, id);
    const { objective: o } = props;
    const name = `${props.prefix}-${o.service}`;
    const dimensions = { LoadBalancer: props.loadBalancerArnSuffix, TargetGroup: props.targetGroupArnSuffix };

    const burnAlarm = (level: AlertLevel, factor: number, w: BurnRateWindow) => {
      const metric = (queryId: string, metricName: string) => ({
        id: queryId,
        metric: { namespace: "AWS/ApplicationELB", metricName, dimensions, period: w.periodSeconds, stat: "Sum" },
      });
      const alarm = new CloudwatchMetricAlarm(this, `Burn-${w.name}-${factor}x`, {
        alarmName: `${name}-burn-${w.name}-${factor}x`,
        alarmDescription:
          `${o.service}: errors over the last ${w.name} burn the ${o.availabilityPercent}% objective's budget faster than ${factor}x ` +
          `(part of the ${level} alert, docs/slo.md)`,
        comparisonOperator: "GreaterThanThreshold",
        threshold: factor,
        evaluationPeriods: w.evaluationPeriods,
        datapointsToAlarm: w.evaluationPeriods,
        // No requests, no burn: a quiet service is not failing (and the IF below zeroes a window with too few requests).
        treatMissingData: "notBreaching",
        metricQuery: [
          metric("target5xx", "HTTPCode_Target_5XX_Count"),
          metric("connectionErrors", "TargetConnectionErrorCount"),
          metric("requests", "RequestCount"),
          {
            id: "burnRate",
            expression: burnRateExpression(props.minRequests, o.errorBudget),
            label: `Burn rate over ${w.name} (1 = the budget lasts the window)`,
            returnData: true,
          },
        ],
      });
      this.windows.push(alarm);
      return alarm;
    };

    const pairs = BURN_RATE_CONDITIONS.map((c) => ({
      level: c.level,
      long: burnAlarm(c.level, c.factor, c.long),
      short: burnAlarm(c.level, c.factor, c.short),
    }));
    const rule = (level: AlertLevel) =>
      pairs
        .filter((p) => p.level === level)
        // By reference: the window alarms are created before the composite and deleted after it.
        .map((p) => `(ALARM("${p.long.alarmName}") AND ALARM("${p.short.alarmName}"))`)
        .join(" OR ");
    const composite = (level: AlertLevel, topicArn: string, description: string) =>
      new CloudwatchCompositeAlarm(this, level === "page" ? "Page" : "Ticket", {
        alarmName: `${name}-slo-${level}`,
        alarmDescription: description,
        alarmRule: rule(level),
        alarmActions: [topicArn],
        okActions: [topicArn],
      });
    this.page = composite(
      "page",
      props.pageTopicArn,
      `PAGE ${o.service}: its ${o.availabilityPercent}% objective's error budget is burning 14.4x (1 h) or 6x (6 h) too fast; ` +
        "docs/slo.md#page",
    );
    this.ticket = composite(
      "ticket",
      props.ticketTopicArn,
      `TICKET ${o.service}: over 3 days errors burn its ${o.availabilityPercent}% objective's budget faster than it lasts; ` +
        "docs/slo.md#ticket",
    );

    const seconds = o.latency.thresholdMs / 1000;
    this.latency = new CloudwatchMetricAlarm(this, "Latency", {
      alarmName: `${name}-latency-${o.latency.percentile}`,
      alarmDescription:
        `TICKET ${o.service}: ${o.latency.percentile} target response time above ${o.latency.thresholdMs} ms for 15 minutes; ` +
        "docs/slo.md#latency",
      namespace: "AWS/ApplicationELB",
      metricName: "TargetResponseTime",
      dimensions,
      extendedStatistic: o.latency.percentile,
      period: 300,
      evaluationPeriods: 3,
      datapointsToAlarm: 3,
      threshold: seconds,
      comparisonOperator: "GreaterThanThreshold",
      treatMissingData: "notBreaching",
      alarmActions: [props.ticketTopicArn],
      okActions: [props.ticketTopicArn],
    });
  }
}

/**
 * Burn rate of one window: (target 5xx + connection errors) / requests / budget, or 0 when the window
 * holds fewer than `minRequests` requests (one failed request of three is no outage worth a page).
 */
export function burnRateExpression(minRequests: number, errorBudget: number): string {
  return `IF(requests >= ${minRequests}, (FILL(target5xx, 0) + FILL(connectionErrors, 0)) / requests, 0) / ${errorBudget}`;
}
