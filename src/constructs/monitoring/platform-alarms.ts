import { CloudwatchMetricAlarm } from "@cdktf/provider-aws/lib/cloudwatch-metric-alarm";
import { Construct } from "constructs";

export interface PlatformAlarmsProps {
  /** Alarm name prefix. */
  readonly prefix: string;
  readonly topicArn: string;
  readonly auroraClusterIdentifier: string;
  readonly eksClusterName: string;
}

interface AlarmSpec {
  readonly id: string;
  readonly description: string;
  readonly namespace: string;
  readonly metricName: string;
  readonly dimensions: Record<string, string>;
  readonly statistic: string;
  readonly threshold: number;
  readonly comparison?: string;
  readonly evaluationPeriods?: number;
}

/**
 * Alarms on what the SLA depends on below the load balancer: Aurora CPU, capacity and
 * connections, and node health (Container Insights). A paused database sends no data, which
 * is not an alarm.
 */
export class PlatformAlarms extends Construct {
  public readonly alarms: CloudwatchMetricAlarm[];

  constructor(scope: Construct, id: string, props: PlatformAlarmsProps) {
    super(scope, id);
    const db = { DBClusterIdentifier: props.auroraClusterIdentifier };
    const cluster = { ClusterName: props.eksClusterName };
    const specs: AlarmSpec[] = [
      {
        id: "AuroraCpu",
        description: "Aurora CPU above 80% for 15 minutes",
        namespace: "AWS/RDS",
        metricName: "CPUUtilization",
        dimensions: db,
        statistic: "Average",
        threshold: 80,
      },
      {
        id: "AuroraCapacity",
        description: "Aurora at more than 90% of its maximum capacity for 15 minutes: raise database.maxCapacityAcu",
        namespace: "AWS/RDS",
        metricName: "ACUUtilization",
        dimensions: db,
        statistic: "Average",
        threshold: 90,
      },
      {
        id: "AuroraConnections",
        description: "More than 500 database connections for 15 minutes: check connection pooling",
        namespace: "AWS/RDS",
        metricName: "DatabaseConnections",
        dimensions: db,
        statistic: "Maximum",
        threshold: 500,
      },
      {
        id: "FailedNodes",
        description: "At least one node of the cluster failed for 10 minutes",
        namespace: "ContainerInsights",
        metricName: "cluster_failed_node_count",
        dimensions: cluster,
        statistic: "Maximum",
        threshold: 0,
        comparison: "GreaterThanThreshold",
        evaluationPeriods: 2,
      },
      {
        id: "NodeCpu",
        description: "Nodes above 85% CPU for 15 minutes: add nodes or raise maxSize",
        namespace: "ContainerInsights",
        metricName: "node_cpu_utilization",
        dimensions: cluster,
        statistic: "Average",
        threshold: 85,
      },
    ];
    this.alarms = specs.map(
      (spec) =>
        new CloudwatchMetricAlarm(this, spec.id, {
          alarmName: `${props.prefix}-${spec.id}`,
          alarmDescription: spec.description,
          namespace: spec.namespace,
          metricName: spec.metricName,
          dimensions: spec.dimensions,
          statistic: spec.statistic,
          period: 300,
          evaluationPeriods: spec.evaluationPeriods ?? 3,
          threshold: spec.threshold,
          comparisonOperator: spec.comparison ?? "GreaterThanOrEqualToThreshold",
          treatMissingData: "notBreaching",
          alarmActions: [props.topicArn],
          okActions: [props.topicArn],
        }),
    );
  }
}
