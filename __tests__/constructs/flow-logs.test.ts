import { FlowLogs, FlowLogsProps } from "../../src/constructs/network/flow-logs";
import { ENVIRONMENT, Json, one, statements, synthConstruct } from "../support/constructs";

const KEY = "arn:aws:kms:eu-central-1:111111111111:key/network-logs";
const BASE: FlowLogsProps = {
  environment: ENVIRONMENT,
  vpcId: "vpc-1",
  logGroupName: "/rw-dev/vpc-flow-logs",
  roleName: "rw-dev.vpc-flow-logs",
  kmsKeyArn: KEY,
  trafficType: "ALL",
  retentionDays: 90,
};

function flowLogs(props: Partial<FlowLogsProps> = {}): Json {
  return synthConstruct((scope) => {
    new FlowLogs(scope, "FlowLogs", { ...BASE, ...props });
  });
}

describe("FlowLogs", () => {
  const json = flowLogs();

  test("the given traffic of the VPC to a log group of its own, every 10 minutes", () => {
    expect(one(flowLogs({ trafficType: "REJECT" }), "aws_flow_log")).toMatchObject({
      vpc_id: "vpc-1",
      traffic_type: "REJECT",
      log_destination_type: "cloud-watch-logs",
      max_aggregation_interval: 600,
    });
  });

  test("the log group: the given retention, encrypted with the given key, guarded when asked", () => {
    expect(one(flowLogs({ retentionDays: 30 }), "aws_cloudwatch_log_group")).toMatchObject({
      name: "/rw-dev/vpc-flow-logs",
      retention_in_days: 30,
      kms_key_id: KEY,
    });
    expect(one(json, "aws_cloudwatch_log_group").lifecycle).toBeUndefined();
    expect(one(flowLogs({ preventDestroy: true }), "aws_cloudwatch_log_group").lifecycle).toEqual({ prevent_destroy: true });
  });

  test("the role: only the flow log service, for this account's flow logs (no confused deputy)", () => {
    expect(statements(json, "TrustPolicy")).toEqual([
      {
        principals: [{ type: "Service", identifiers: ["vpc-flow-logs.amazonaws.com"] }],
        actions: ["sts:AssumeRole"],
        condition: [
          { test: "StringEquals", variable: "aws:SourceAccount", values: ["111111111111"] },
          { test: "ArnLike", variable: "aws:SourceArn", values: ["arn:aws:ec2:eu-central-1:111111111111:vpc-flow-log/*"] },
        ],
      },
    ]);
  });

  test("the role writes to its own log group only", () => {
    const [write, describe] = statements(json, "Permissions");
    expect(write.actions).toEqual(["logs:CreateLogStream", "logs:PutLogEvents", "logs:DescribeLogStreams"]);
    expect(write.resources).toHaveLength(2);
    expect(write.resources.every((r: string) => /^\$\{aws_cloudwatch_log_group\.\w+\.arn\}(:\*)?$/.test(r))).toBe(true);
    expect(describe).toEqual({ actions: ["logs:DescribeLogGroups"], resources: ["arn:aws:logs:eu-central-1:111111111111:log-group:*"] });
  });
});
