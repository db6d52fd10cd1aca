import { rule } from "../../src/rules/pack/rw-rds-3-performance-insights";
import { verdict } from "../support/rules";

const instance = (extra: Record<string, unknown>) => ({
  resource: { aws_rds_cluster_instance: { Writer: { cluster_identifier: "${aws_rds_cluster.Aurora.id}", ...extra } } },
});
const at = "aws_rds_cluster_instance.Writer";

describe("RW-RDS-3 Performance Insights on, encrypted with a customer managed key", () => {
  test("compliant", () => {
    expect(
      verdict(rule, instance({ performance_insights_enabled: true, performance_insights_kms_key_id: "${aws_kms_key.Key.arn}" }), at),
    ).toEqual({ status: "compliant" });
  });
  test("non-compliant: enabled with the AWS managed key", () => {
    expect(verdict(rule, instance({ performance_insights_enabled: true }), at)).toEqual({
      status: "non-compliant",
      detail: "no performance_insights_kms_key_id",
    });
  });
  test("non-compliant: off", () => {
    expect(verdict(rule, instance({}), at)).toEqual({
      status: "non-compliant",
      detail: "performance_insights_enabled not true, no performance_insights_kms_key_id",
    });
  });
});
