import { CloudwatchLogGroup } from "@cdktf/provider-aws/lib/cloudwatch-log-group";
import { DataAwsIamPolicyDocument } from "@cdktf/provider-aws/lib/data-aws-iam-policy-document";
import { FlowLog } from "@cdktf/provider-aws/lib/flow-log";
import { IamRole } from "@cdktf/provider-aws/lib/iam-role";
import { IamRolePolicy } from "@cdktf/provider-aws/lib/iam-role-policy";
import { Construct } from "constructs";
import { AwsEnvironment } from "../../aws-environment";

export interface FlowLogsProps {
  readonly environment: AwsEnvironment;
  readonly vpcId: string;
  readonly logGroupName: string;
  /** Name of the IAM role the flow log service assumes. */
  readonly roleName: string;
  /** Key encrypting the log group; its policy must admit CloudWatch Logs. */
  readonly kmsKeyArn: string;
  /** Which traffic is recorded. The environment file owns the default (`network.flowLogs.trafficType`). */
  readonly trafficType: "ALL" | "ACCEPT" | "REJECT";
  /** Retention of the log group in days. The environment file owns the default (`network.flowLogs.retentionDays`). */
  readonly retentionDays: number;
  /** Terraform refuses any plan that destroys the log group (production: it holds the logs). @default false */
  readonly preventDestroy?: boolean;
}

/**
 * VPC flow logs to a CloudWatch log group this construct owns (retention and encryption set),
 * written by a role that only the flow log service of this account can assume.
 */
export class FlowLogs extends Construct {
  public readonly logGroup: CloudwatchLogGroup;
  public readonly flowLog: FlowLog;

  constructor(scope: Construct, id: string, props: FlowLogsProps) {
    super(scope, id);
    const { accountId, partition, region } = props.environment;
    this.logGroup = new CloudwatchLogGroup(this, "LogGroup", {
      name: props.logGroupName,
      retentionInDays: props.retentionDays,
      kmsKeyId: props.kmsKeyArn,
      lifecycle: props.preventDestroy ? { preventDestroy: true } : undefined,
    });

    const trust = new DataAwsIamPolicyDocument(this, "TrustPolicy", {
      statement: [
        {
          principals: [{ type: "Service", identifiers: ["vpc-flow-logs.amazonaws.com"] }],
          actions: ["sts:AssumeRole"],
          condition: [
            { test: "StringEquals", variable: "aws:SourceAccount", values: [accountId] },
            { test: "ArnLike", variable: "aws:SourceArn", values: [`arn:${partition}:ec2:${region}:${accountId}:vpc-flow-log/*`] },
          ],
        },
      ],
    });
    const role = new IamRole(this, "Role", { name: props.roleName, assumeRolePolicy: trust.json });
    const permissions = new DataAwsIamPolicyDocument(this, "Permissions", {
      statement: [
        {
          actions: ["logs:CreateLogStream", "logs:PutLogEvents", "logs:DescribeLogStreams"],
          resources: [this.logGroup.arn, `${this.logGroup.arn}:*`],
        },
        { actions: ["logs:DescribeLogGroups"], resources: [`arn:${partition}:logs:${region}:${accountId}:log-group:*`] },
      ],
    });
    new IamRolePolicy(this, "RolePolicy", { role: role.id, policy: permissions.json });

    this.flowLog = new FlowLog(this, "Default", {
      vpcId: props.vpcId,
      trafficType: props.trafficType,
      logDestinationType: "cloud-watch-logs",
      logDestination: this.logGroup.arn,
      iamRoleArn: role.arn,
      maxAggregationInterval: 600,
    });
  }
}
