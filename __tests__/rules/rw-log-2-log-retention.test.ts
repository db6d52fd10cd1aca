import { rule } from "../../src/rules/pack/rw-log-2-log-retention";
import { verdict } from "../support/rules";

const group = (config: Record<string, unknown>) => ({
  resource: { aws_cloudwatch_log_group: { Logs: { name: "/app", kms_key_id: "${aws_kms_key.Key.arn}", ...config } } },
});

describe("RW-LOG-2 CloudWatch log group retention set", () => {
  test("compliant: 30 days", () => {
    expect(verdict(rule, group({ retention_in_days: 30 }), "aws_cloudwatch_log_group.Logs")).toEqual({ status: "compliant" });
  });
  test("non-compliant: unset (never expires)", () => {
    expect(verdict(rule, group({}), "aws_cloudwatch_log_group.Logs")).toEqual({
      status: "non-compliant",
      detail: "retention_in_days is unset",
    });
  });
  test("non-compliant: 0 (never expires)", () => {
    expect(verdict(rule, group({ retention_in_days: 0 }), "aws_cloudwatch_log_group.Logs")).toEqual({
      status: "non-compliant",
      detail: "retention_in_days is 0",
    });
  });
});
