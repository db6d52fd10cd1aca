import { rule } from "../../src/rules/pack/rw-log-1-log-group-kms";
import { verdict } from "../support/rules";

const group = (config: Record<string, unknown>) => ({
  resource: { aws_cloudwatch_log_group: { Logs: { name: "/app", retention_in_days: 30, ...config } } },
});

describe("RW-LOG-1 CloudWatch log group encrypted with KMS", () => {
  test("compliant: kms_key_id set", () => {
    expect(verdict(rule, group({ kms_key_id: "${aws_kms_key.Key.arn}" }), "aws_cloudwatch_log_group.Logs")).toEqual({
      status: "compliant",
    });
  });
  test("non-compliant: no kms_key_id", () => {
    expect(verdict(rule, group({}), "aws_cloudwatch_log_group.Logs")).toEqual({ status: "non-compliant", detail: "no kms_key_id" });
  });
});
