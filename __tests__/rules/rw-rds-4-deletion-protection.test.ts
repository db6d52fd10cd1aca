import { rule } from "../../src/rules/pack/rw-rds-4-deletion-protection";
import { verdict } from "../support/rules";

const cluster = (extra: Record<string, unknown>) => ({
  resource: { aws_rds_cluster: { Aurora: { engine: "aurora-postgresql", ...extra } } },
});
const at = "aws_rds_cluster.Aurora";

describe("RW-RDS-4 Aurora deletion protection on", () => {
  test("compliant", () => {
    expect(verdict(rule, cluster({ deletion_protection: true }), at)).toEqual({ status: "compliant" });
  });
  test("non-compliant: off", () => {
    expect(verdict(rule, cluster({ deletion_protection: false }), at)).toEqual({
      status: "non-compliant",
      detail: "deletion_protection is false",
    });
  });
  test("non-compliant: not set", () => {
    expect(verdict(rule, cluster({}), at)).toEqual({ status: "non-compliant", detail: "deletion_protection is unset" });
  });
});
