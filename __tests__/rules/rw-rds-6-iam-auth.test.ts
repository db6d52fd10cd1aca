import { rule } from "../../src/rules/pack/rw-rds-6-iam-auth";
import { verdict } from "../support/rules";

const cluster = (extra: Record<string, unknown>) => ({
  resource: { aws_rds_cluster: { Aurora: { engine: "aurora-postgresql", ...extra } } },
});
const at = "aws_rds_cluster.Aurora";

describe("RW-RDS-6 Aurora IAM database authentication on", () => {
  test("compliant", () => {
    expect(verdict(rule, cluster({ iam_database_authentication_enabled: true }), at)).toEqual({ status: "compliant" });
  });
  test("non-compliant: not set", () => {
    expect(verdict(rule, cluster({}), at)).toEqual({ status: "non-compliant", detail: "iam_database_authentication_enabled is unset" });
  });
});
