import { DataAwsIamPolicyDocument } from "@cdktf/provider-aws/lib/data-aws-iam-policy-document";
import { SnsTopic } from "@cdktf/provider-aws/lib/sns-topic";
import { SnsTopicPolicy } from "@cdktf/provider-aws/lib/sns-topic-policy";
import { SnsTopicSubscription } from "@cdktf/provider-aws/lib/sns-topic-subscription";
import { Construct } from "constructs";

export interface AlarmTopicProps {
  readonly name: string;
  readonly accountId: string;
  /** Key encrypting the topic; its policy must let CloudWatch use it (`servicePrincipals: ["sns"]`). */
  readonly kmsKeyArn: string;
  /** Addresses subscribed by email (each confirms once). The environment file owns the default (`alerts.emails`, none). */
  readonly emails: readonly string[];
}

/** An encrypted SNS topic for alarms that only this account's CloudWatch alarms may publish to. */
export class AlarmTopic extends Construct {
  public readonly topic: SnsTopic;

  constructor(scope: Construct, id: string, props: AlarmTopicProps) {
    super(scope, id);
    this.topic = new SnsTopic(this, "Default", { name: props.name, kmsMasterKeyId: props.kmsKeyArn });
    const policy = new DataAwsIamPolicyDocument(this, "PolicyDocument", {
      statement: [
        {
          sid: "CloudWatchAlarmsOfThisAccount",
          principals: [{ type: "Service", identifiers: ["cloudwatch.amazonaws.com"] }],
          actions: ["sns:Publish"],
          resources: [this.topic.arn],
          condition: [{ test: "StringEquals", variable: "aws:SourceAccount", values: [props.accountId] }],
        },
      ],
    });
    new SnsTopicPolicy(this, "Policy", { arn: this.topic.arn, policy: policy.json });
    props.emails.forEach(
      (email, i) => new SnsTopicSubscription(this, `Email${i}`, { topicArn: this.topic.arn, protocol: "email", endpoint: email }),
    );
  }
}
