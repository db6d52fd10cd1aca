import { rule } from "../../src/rules/pack/rw-sns-1-topic-kms";
import { verdict } from "../support/rules";

const topic = (config: Record<string, unknown>) => ({ resource: { aws_sns_topic: { Alarms: { name: "alarms", ...config } } } });

describe("RW-SNS-1 SNS topic encrypted with KMS", () => {
  test("compliant: kms_master_key_id set", () => {
    expect(verdict(rule, topic({ kms_master_key_id: "${aws_kms_key.Key.arn}" }), "aws_sns_topic.Alarms")).toEqual({ status: "compliant" });
  });
  test("non-compliant: no kms_master_key_id", () => {
    expect(verdict(rule, topic({}), "aws_sns_topic.Alarms")).toEqual({ status: "non-compliant", detail: "no kms_master_key_id" });
  });
});
