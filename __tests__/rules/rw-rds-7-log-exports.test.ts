import { rule } from "../../src/rules/pack/rw-rds-7-log-exports";
import { verdict } from "../support/rules";

const cluster = (extra: Record<string, unknown>) => ({
  resource: { aws_rds_cluster: { Aurora: { engine: "aurora-postgresql", ...extra } } },
});
const at = "aws_rds_cluster.Aurora";

describe("RW-RDS-7 Aurora PostgreSQL log exported to CloudWatch", () => {
  test("compliant", () => {
    expect(verdict(rule, cluster({ enabled_cloudwatch_logs_exports: ["postgresql"] }), at)).toEqual({ status: "compliant" });
  });
  test("non-compliant: no exports", () => {
    expect(verdict(rule, cluster({}), at)).toEqual({
      status: "non-compliant",
      detail: "postgresql not in enabled_cloudwatch_logs_exports",
    });
  });
  test("not applicable: Aurora MySQL", () => {
    expect(verdict(rule, cluster({ engine: "aurora-mysql" }), at)).toEqual({ status: "not-applicable" });
  });
});
