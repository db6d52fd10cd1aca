import { CloudwatchMetricAlarm } from "@cdktf/provider-aws/lib/cloudwatch-metric-alarm";
import { DataAwsLb } from "@cdktf/provider-aws/lib/data-aws-lb";
import { ITerraformDependable } from "cdktf";
import { Construct } from "constructs";

export interface AlbMonitoringProps {
  readonly prefix: string;
  readonly topicArn: string;
  /** Tags the controller puts on the group's ALB: how it is found once it exists. */
  readonly loadBalancerTags: Record<string, string>;
  /** The Ingresses (they wait for the ALB), so the lookup runs after the ALB exists. */
  readonly dependsOn: ITerraformDependable[];
  /** 5xx responses, as a share of requests, that page. @default 5 (%) */
  readonly errorRatePercent?: number;
  /** p95 target response time that pages. @default 1 (s) */
  readonly latencySeconds?: number;
  /**
   * Create the paging alarms. Off, only the ALB is looked up (for its DNS alias and the dashboard):
   * an environment with no service-level promise pages no one.
   * @default true
   */
  readonly alarms?: boolean;
}

/**
 * The SLA at the front door: alarms on the ALB's 5xx rate (ALB and targets) and p95 target
 * latency. The ALB is created by the controller, so it is looked up by the controller's tags after
 * the Ingresses report it ready. The environment's dashboard (`environment-dashboard.ts`) lives
 * under this construct's id, so its Terraform address did not change when it moved out.
 */
export class AlbMonitoring extends Construct {
  public readonly loadBalancer: DataAwsLb;

  constructor(scope: Construct, id: string, props: AlbMonitoringProps) {
    super(scope, id);
    this.loadBalancer = new DataAwsLb(this, "LoadBalancer", { tags: props.loadBalancerTags, dependsOn: props.dependsOn });
    if (props.alarms === false) return;
    const lb = { LoadBalancer: this.loadBalancer.arnSuffix };
    const metric = (id: string, metricName: string, stat: string) => ({
      id,
      metric: { namespace: "AWS/ApplicationELB", metricName, dimensions: lb, period: 300, stat },
    });

    new CloudwatchMetricAlarm(this, "ErrorRate", {
      alarmName: `${props.prefix}-alb-5xx-rate`,
      alarmDescription: `More than ${props.errorRatePercent ?? 5}% of requests answered 5xx (ALB or targets) for 10 minutes`,
      comparisonOperator: "GreaterThanThreshold",
      threshold: props.errorRatePercent ?? 5,
      evaluationPeriods: 2,
      treatMissingData: "notBreaching",
      metricQuery: [
        metric("elb5xx", "HTTPCode_ELB_5XX_Count", "Sum"),
        metric("target5xx", "HTTPCode_Target_5XX_Count", "Sum"),
        metric("requests", "RequestCount", "Sum"),
        { id: "rate", expression: "100 * (FILL(elb5xx, 0) + FILL(target5xx, 0)) / requests", label: "5xx %", returnData: true },
      ],
      alarmActions: [props.topicArn],
      okActions: [props.topicArn],
    });
    new CloudwatchMetricAlarm(this, "Latency", {
      alarmName: `${props.prefix}-alb-p95-latency`,
      alarmDescription: `p95 target response time above ${props.latencySeconds ?? 1} s for 15 minutes`,
      namespace: "AWS/ApplicationELB",
      metricName: "TargetResponseTime",
      dimensions: lb,
      extendedStatistic: "p95",
      period: 300,
      evaluationPeriods: 3,
      threshold: props.latencySeconds ?? 1,
      comparisonOperator: "GreaterThanThreshold",
      treatMissingData: "notBreaching",
      alarmActions: [props.topicArn],
      okActions: [props.topicArn],
    });
  }
}
