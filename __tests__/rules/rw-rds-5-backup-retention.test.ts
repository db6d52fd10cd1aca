import { rule } from "../../src/rules/pack/rw-rds-5-backup-retention";
import { verdict } from "../support/rules";

const cluster = (extra: Record<string, unknown>) => ({
  resource: { aws_rds_cluster: { Aurora: { engine: "aurora-postgresql", ...extra } } },
});
const at = "aws_rds_cluster.Aurora";

describe("RW-RDS-5 Aurora backups kept at least 7 days", () => {
  test("compliant: 7 and 14 days", () => {
    expect(verdict(rule, cluster({ backup_retention_period: 7 }), at)).toEqual({ status: "compliant" });
    expect(verdict(rule, cluster({ backup_retention_period: 14 }), at)).toEqual({ status: "compliant" });
  });
  test("non-compliant: 3 days", () => {
    expect(verdict(rule, cluster({ backup_retention_period: 3 }), at)).toEqual({
      status: "non-compliant",
      detail: "backup_retention_period is 3",
    });
  });
  test("non-compliant: default of 1 day", () => {
    expect(verdict(rule, cluster({}), at)).toEqual({ status: "non-compliant", detail: "backup_retention_period is unset (1)" });
  });
});
