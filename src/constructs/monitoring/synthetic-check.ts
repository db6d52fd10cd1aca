import { CloudwatchMetricAlarm } from "@cdktf/provider-aws/lib/cloudwatch-metric-alarm";
import { DataAwsIamPolicyDocument } from "@cdktf/provider-aws/lib/data-aws-iam-policy-document";
import { IamRole } from "@cdktf/provider-aws/lib/iam-role";
import { IamRolePolicy } from "@cdktf/provider-aws/lib/iam-role-policy";
import { SyntheticsCanary } from "@cdktf/provider-aws/lib/synthetics-canary";
import { ITerraformDependable } from "cdktf";
import { Construct } from "constructs";
import { CANARY_HANDLER, CANARY_RUNTIME_VERSION, CANARY_URL_VARIABLE } from "./canary-code";

/** Prefix (no slashes) of the canaries' artifacts in the logs bucket; the data stack expires it. */
export const CANARY_ARTIFACTS_PREFIX = "synthetics";

/** The namespace Synthetics publishes its metrics in; the canary's role may publish to no other. */
export const SYNTHETICS_NAMESPACE = "CloudWatchSynthetics";

export interface SyntheticCheckProps {
  /** The alarm's name: the environment's `<project>-<env>-` prefix, which the deploy role may write (the canary's name has none). */
  readonly alarmName: string;
  /** The canary's name (`Naming.canary`): 21 characters at most. */
  readonly name: string;
  /** Its execution role's name (under the environment's managed role pattern). */
  readonly roleName: string;
  /** What it requests: `<scheme>://<host><path><healthPath>`. May hold a token (the ALB's DNS name). */
  readonly url: string;
  /** Path of the archive with the script, relative to the stack's folder (a `GeneratedAsset`). */
  readonly zipFile: string;
  /** Minutes between runs. The environment file owns the default (`monitoring.canaries.intervalMinutes`). */
  readonly intervalMinutes: number;
  /** Days run records and artifacts are kept (`monitoring.canaries.artifactRetentionDays`). */
  readonly retentionDays: number;
  /** Failed runs in a row that set off the alarm (`monitoring.canaries.failedRunsToAlarm`). */
  readonly failedRunsToAlarm: number;
  /** The logs bucket (SSE-S3): artifacts go under `synthetics/<name>/`. */
  readonly artifactsBucket: string;
  readonly partition: string;
  readonly region: string;
  readonly accountId: string;
  readonly alarmTopicArn: string;
  /** The service this canary probes, for the alarm's description. */
  readonly serviceName: string;
  /** What must exist before the first run (the ALB, the DNS record). @default - nothing */
  readonly dependsOn?: ITerraformDependable[];
}

/**
 * One public service probed from outside: a CloudWatch Synthetics canary (a Lambda function Synthetics manages, outside
 * the VPC) that requests the service's public URL on a schedule, its execution role with only what the run needs, and
 * an alarm on its SuccessPercent. A run that fails is what a user outside sees: DNS, certificate, WAF, ALB, pod.
 */
export class SyntheticCheck extends Construct {
  public readonly canary: SyntheticsCanary;
  public readonly role: IamRole;
  public readonly alarm: CloudwatchMetricAlarm;
  /** `synthetics/<name>` in the logs bucket. */
  public readonly artifactsPrefix: string;

  constructor(scope: Construct, id: string, props: SyntheticCheckProps) {
    super(scope, id);
    const { partition, region, accountId } = props;
    this.artifactsPrefix = `${CANARY_ARTIFACTS_PREFIX}/${props.name}`;
    const bucketArn = `arn:${partition}:s3:::${props.artifactsBucket}`;

    const trust = new DataAwsIamPolicyDocument(this, "Trust", {
      statement: [
        {
          sid: "SyntheticsRunsTheCanaryAsLambda",
          actions: ["sts:AssumeRole"],
          principals: [{ type: "Service", identifiers: ["lambda.amazonaws.com"] }],
        },
      ],
    });
    this.role = new IamRole(this, "Role", {
      name: props.roleName,
      assumeRolePolicy: trust.json,
      maxSessionDuration: 3600,
      description: `Runs the synthetic check of ${props.serviceName} (canary ${props.name})`,
    });
    // The statements the CloudWatch User Guide lists for a canary without KMS or VPC access
    // ("Required roles and permissions for canaries"), each narrowed to this canary.
    const permissions = new DataAwsIamPolicyDocument(this, "Permissions", {
      statement: [
        {
          sid: "WriteItsArtifacts",
          actions: ["s3:PutObject"],
          resources: [`${bucketArn}/${this.artifactsPrefix}/*`],
        },
        {
          sid: "FindTheArtifactBucket",
          actions: ["s3:GetBucketLocation"],
          resources: [bucketArn],
        },
        {
          // The runtime lists the account's buckets before it writes; the action has no narrower resource.
          sid: "ListBucketsForTheRuntime",
          actions: ["s3:ListAllMyBuckets"],
          resources: ["*"],
        },
        {
          sid: "WriteItsOwnLogs",
          actions: ["logs:CreateLogGroup", "logs:CreateLogStream", "logs:PutLogEvents"],
          resources: [`arn:${partition}:logs:${region}:${accountId}:log-group:/aws/lambda/cwsyn-${props.name}-*`],
        },
        {
          sid: "PublishSyntheticsMetricsOnly",
          actions: ["cloudwatch:PutMetricData"],
          resources: ["*"],
          condition: [{ test: "StringEquals", variable: "cloudwatch:namespace", values: [SYNTHETICS_NAMESPACE] }],
        },
      ],
    });
    const policy = new IamRolePolicy(this, "Policy", { role: this.role.name, name: "synthetic-check", policy: permissions.json });

    const runs = props.intervalMinutes;
    this.canary = new SyntheticsCanary(this, "Canary", {
      name: props.name,
      runtimeVersion: CANARY_RUNTIME_VERSION,
      handler: CANARY_HANDLER,
      zipFile: props.zipFile,
      executionRoleArn: this.role.arn,
      artifactS3Location: `s3://${props.artifactsBucket}/${this.artifactsPrefix}/`,
      // The logs bucket is SSE-S3 (AWS delivers access logs to no other kind); the artifacts are encrypted the same way.
      artifactConfig: { s3Encryption: { encryptionMode: "SSE_S3" } },
      schedule: { expression: `rate(${runs} minute${runs === 1 ? "" : "s"})` },
      // A run ends before the next one starts, and never runs longer than a minute.
      runConfig: {
        timeoutInSeconds: Math.min(60, runs * 60),
        environmentVariables: { [CANARY_URL_VARIABLE]: props.url },
      },
      successRetentionPeriod: props.retentionDays,
      failureRetentionPeriod: props.retentionDays,
      startCanary: true,
      // Otherwise destroying the canary leaves its Lambda function and layer behind.
      deleteLambda: true,
      // The role must hold its permissions before the first run, and the URL must answer.
      dependsOn: [policy, ...(props.dependsOn ?? [])],
    });

    this.alarm = new CloudwatchMetricAlarm(this, "Alarm", {
      alarmName: props.alarmName,
      alarmDescription:
        `${props.serviceName}: ${props.failedRunsToAlarm} synthetic check run(s) in a row failed ` +
        `(GET ${props.url} every ${runs} min from outside the VPC): docs/monitoring.md "When the synthetic-check alarm fires"`,
      namespace: SYNTHETICS_NAMESPACE,
      metricName: "SuccessPercent",
      dimensions: { CanaryName: props.name },
      statistic: "Average",
      period: runs * 60,
      evaluationPeriods: props.failedRunsToAlarm,
      threshold: 100,
      comparisonOperator: "LessThanThreshold",
      // No data means no run: a canary that stopped is as blind as one that fails.
      treatMissingData: "breaching",
      alarmActions: [props.alarmTopicArn],
      okActions: [props.alarmTopicArn],
    });
  }
}
