import { ChatbotSlackChannelConfiguration } from "@cdktf/provider-aws/lib/chatbot-slack-channel-configuration";
import { DataAwsIamPolicyDocument } from "@cdktf/provider-aws/lib/data-aws-iam-policy-document";
import { IamRole } from "@cdktf/provider-aws/lib/iam-role";
import { IamRolePolicy } from "@cdktf/provider-aws/lib/iam-role-policy";
import { AwsProvider } from "@cdktf/provider-aws/lib/provider";
import { Construct } from "constructs";

/**
 * Regions that serve the AWS Chatbot (Amazon Q Developer in chat applications) API. The channel
 * configuration is global, but Terraform creates it through one of these endpoints: the stack's own
 * region (eu-central-1) has none, so the configuration goes through a provider in the first of them.
 */
export const CHATBOT_API_REGIONS = ["us-west-2", "us-east-2", "eu-west-1", "ap-southeast-1"] as const;

export interface SlackAlarmChannelProps {
  /** Name of the channel configuration and its role. */
  readonly name: string;
  readonly accountId: string;
  /** The partition of the account (aws, aws-cn, aws-us-gov): the guardrail policy's ARN carries it. */
  readonly partition: string;
  /** The Slack workspace, authorised once in the console (a manual step: docs/slo.md). */
  readonly slackTeamId: string;
  readonly slackChannelId: string;
  /** The topics whose messages the channel shows (page and ticket). */
  readonly topicArns: readonly string[];
  /** The provider the configuration is created through: one in a region of CHATBOT_API_REGIONS. */
  readonly provider: AwsProvider;
}

/**
 * A Slack channel that receives the burn-rate alarms' notifications through AWS Chatbot. Its role
 * may only read CloudWatch (to draw the alarm's graph), and the guardrail caps anyone in the
 * channel at CloudWatch read-only too: the channel shows alarms, it runs nothing.
 */
export class SlackAlarmChannel extends Construct {
  public readonly configuration: ChatbotSlackChannelConfiguration;
  public readonly role: IamRole;

  constructor(scope: Construct, id: string, props: SlackAlarmChannelProps) {
    super(scope, id);
    const trust = new DataAwsIamPolicyDocument(this, "Trust", {
      statement: [
        {
          actions: ["sts:AssumeRole"],
          principals: [{ type: "Service", identifiers: ["chatbot.amazonaws.com"] }],
          condition: [{ test: "StringEquals", variable: "aws:SourceAccount", values: [props.accountId] }],
        },
      ],
    });
    const read = new DataAwsIamPolicyDocument(this, "ReadAlarms", {
      statement: [
        {
          sid: "DrawTheAlarmsGraph",
          actions: ["cloudwatch:DescribeAlarms", "cloudwatch:DescribeAlarmHistory", "cloudwatch:GetMetricData"],
          resources: ["*"],
        },
      ],
    });
    this.role = new IamRole(this, "Role", { name: props.name, assumeRolePolicy: trust.json });
    new IamRolePolicy(this, "Policy", { role: this.role.id, name: "read-alarms", policy: read.json });
    this.configuration = new ChatbotSlackChannelConfiguration(this, "Default", {
      provider: props.provider,
      configurationName: props.name,
      iamRoleArn: this.role.arn,
      slackTeamId: props.slackTeamId,
      slackChannelId: props.slackChannelId,
      snsTopicArns: [...props.topicArns],
      guardrailPolicyArns: [`arn:${props.partition}:iam::aws:policy/CloudWatchReadOnlyAccess`],
      loggingLevel: "ERROR",
      userAuthorizationRequired: true,
    });
  }
}
