import { rule } from "../../src/rules/pack/rw-vpc-2-flow-logs";
import { verdict } from "../support/rules";

const vpcs = { aws_vpc: { Vpc: { cidr_block: "10.0.0.0/16" }, Other: { cidr_block: "10.1.0.0/16" } } };
const flowLog = { aws_flow_log: { FlowLogs: { vpc_id: "${aws_vpc.Vpc.id}", traffic_type: "ALL" } } };

describe("RW-VPC-2 VPC flow logs enabled", () => {
  test("compliant: a flow log references the VPC", () => {
    expect(verdict(rule, { resource: { ...vpcs, ...flowLog } }, "aws_vpc.Vpc")).toEqual({ status: "compliant" });
  });
  test("non-compliant: the flow log is for another VPC", () => {
    expect(verdict(rule, { resource: { ...vpcs, ...flowLog } }, "aws_vpc.Other")).toEqual({
      status: "non-compliant",
      detail: "no aws_flow_log references this VPC",
    });
  });
  test("non-compliant: no flow log", () => {
    expect(verdict(rule, { resource: vpcs }, "aws_vpc.Vpc")).toEqual({
      status: "non-compliant",
      detail: "no aws_flow_log references this VPC",
    });
  });
});
