import { CloudwatchEventRule } from "@cdktf/provider-aws/lib/cloudwatch-event-rule";
import { CloudwatchEventTarget } from "@cdktf/provider-aws/lib/cloudwatch-event-target";
import { DataAwsIamPolicyDocument } from "@cdktf/provider-aws/lib/data-aws-iam-policy-document";
import { SqsQueue } from "@cdktf/provider-aws/lib/sqs-queue";
import { SqsQueuePolicy } from "@cdktf/provider-aws/lib/sqs-queue-policy";
import { Construct } from "constructs";
import { suppress } from "../../../rules/suppress";

export interface InterruptionQueueProps {
  /** Queue name; also the prefix of the EventBridge rules' names. */
  readonly name: string;
}

/**
 * The events Karpenter acts on ahead of time, as upstream v1.14's `cloudformation.yaml` lists them:
 * it cordons and drains a node before EC2 takes it away (Spot interruption: two minutes' notice),
 * replaces it early on a rebalance recommendation or a scheduled AWS Health change, and forgets
 * instances that stopped or terminated.
 */
export const INTERRUPTION_EVENTS = [
  { id: "SpotInterruption", source: "aws.ec2", detailType: "EC2 Spot Instance Interruption Warning" },
  { id: "Rebalance", source: "aws.ec2", detailType: "EC2 Instance Rebalance Recommendation" },
  { id: "InstanceStateChange", source: "aws.ec2", detailType: "EC2 Instance State-change Notification" },
  { id: "ScheduledChange", source: "aws.health", detailType: "AWS Health Event" },
  { id: "CapacityReservationInterruption", source: "aws.ec2", detailType: "EC2 Capacity Reservation Instance Interruption Warning" },
] as const;

/**
 * Karpenter's interruption queue: SQS with SQS-managed server-side encryption (EventBridge cannot
 * send to a queue encrypted with the AWS-managed KMS key, and a customer key would only add cost),
 * five-minute retention (an older warning is stale), a policy that lets only these rules send and
 * refuses anything but TLS, and one EventBridge rule per event type.
 */
export class InterruptionQueue extends Construct {
  public readonly queue: SqsQueue;
  public readonly rules: CloudwatchEventRule[];

  constructor(scope: Construct, id: string, props: InterruptionQueueProps) {
    super(scope, id);
    this.queue = new SqsQueue(this, "Default", { name: props.name, messageRetentionSeconds: 300, sqsManagedSseEnabled: true });
    suppress(
      this.queue,
      "RW-DATA-1",
      "interruption warnings kept five minutes, then stale; a replaced queue loses at most those, and EC2's own events keep the record",
    );
    this.rules = INTERRUPTION_EVENTS.map((event) => {
      const rule = new CloudwatchEventRule(this, `Rule-${event.id}`, {
        name: `${props.name}-${event.id}`.slice(0, 64),
        description: `Karpenter: ${event.detailType}`,
        eventPattern: JSON.stringify({ source: [event.source], "detail-type": [event.detailType] }),
      });
      new CloudwatchEventTarget(this, `Target-${event.id}`, {
        rule: rule.name,
        targetId: "KarpenterInterruptionQueue",
        arn: this.queue.arn,
      });
      return rule;
    });
    const policy = new DataAwsIamPolicyDocument(this, "PolicyDocument", {
      statement: [
        {
          sid: "EventBridgeRulesOfThisCluster",
          principals: [{ type: "Service", identifiers: ["events.amazonaws.com"] }],
          actions: ["sqs:SendMessage"],
          resources: [this.queue.arn],
          condition: [{ test: "ArnEquals", variable: "aws:SourceArn", values: this.rules.map((r) => r.arn) }],
        },
        {
          sid: "DenyWithoutTls",
          effect: "Deny",
          principals: [{ type: "*", identifiers: ["*"] }],
          actions: ["sqs:*"],
          resources: [this.queue.arn],
          condition: [{ test: "Bool", variable: "aws:SecureTransport", values: ["false"] }],
        },
      ],
    });
    new SqsQueuePolicy(this, "Policy", { queueUrl: this.queue.url, policy: policy.json });
  }
}
