import { CloudwatchMetricAlarm } from "@cdktf/provider-aws/lib/cloudwatch-metric-alarm";
import { Construct } from "constructs";

export interface WorkloadAlarmsProps {
  /** Alarm name prefix (the environment's). */
  readonly prefix: string;
  readonly clusterName: string;
  /** The service: its namespace, Deployment and Kubernetes Service all carry this name. */
  readonly serviceName: string;
  /** The autoscaler's ceiling (`services[].maxReplicas`). */
  readonly maxReplicas: number;
  /** Ticket-level topic: these are causes to look at, not an outage by themselves. */
  readonly topicArn: string;
}

/**
 * Alarms that fit every service, internal ones included (no ALB measures those): containers that
 * keep restarting, and the autoscaler pinned at its maximum. Both read Container Insights, which the
 * cluster's amazon-cloudwatch-observability add-on publishes (ClusterName, Namespace and PodName /
 * Service dimensions; PodName is the Deployment's name for its pods). docs/slo.md#workload says what to do.
 */
export class WorkloadAlarms extends Construct {
  public readonly restarts: CloudwatchMetricAlarm;
  public readonly atMaxReplicas: CloudwatchMetricAlarm;

  constructor(scope: Construct, id: string, props: WorkloadAlarmsProps) {
    super(scope, id);
    const name = `${props.prefix}-${props.serviceName}`;
    const actions = { alarmActions: [props.topicArn], okActions: [props.topicArn] };
    this.restarts = new CloudwatchMetricAlarm(this, "Restarts", {
      alarmName: `${name}-restarts`,
      alarmDescription:
        `TICKET ${props.serviceName}: containers restarted in each of the last three 5-minute periods (a crash loop or OOM kills); ` +
        "docs/slo.md#workload",
      comparisonOperator: "GreaterThanThreshold",
      threshold: 0,
      evaluationPeriods: 3,
      datapointsToAlarm: 3,
      treatMissingData: "notBreaching",
      metricQuery: [
        {
          id: "restarts",
          metric: {
            namespace: "ContainerInsights",
            metricName: "pod_number_of_container_restarts",
            dimensions: { ClusterName: props.clusterName, Namespace: props.serviceName, PodName: props.serviceName },
            period: 300,
            stat: "Sum",
          },
        },
        // The metric counts restarts since each pod started: its growth is what restarted in the period.
        { id: "newRestarts", expression: "DIFF(restarts)", label: "Container restarts in the period", returnData: true },
      ],
      ...actions,
    });
    this.atMaxReplicas = new CloudwatchMetricAlarm(this, "AtMaxReplicas", {
      alarmName: `${name}-at-max-replicas`,
      alarmDescription:
        `TICKET ${props.serviceName}: ${props.maxReplicas} running pods (the autoscaler's maximum) for 30 minutes: ` +
        "it cannot add capacity; docs/slo.md#workload",
      namespace: "ContainerInsights",
      metricName: "service_number_of_running_pods",
      dimensions: { ClusterName: props.clusterName, Namespace: props.serviceName, Service: props.serviceName },
      statistic: "Minimum",
      period: 300,
      evaluationPeriods: 6,
      datapointsToAlarm: 6,
      threshold: props.maxReplicas,
      comparisonOperator: "GreaterThanOrEqualToThreshold",
      treatMissingData: "notBreaching",
      ...actions,
    });
  }
}
