import { rule } from "../../src/rules/pack/rw-rds-2-not-public";
import { verdict } from "../support/rules";

const instance = (extra: Record<string, unknown>) => ({
  resource: { aws_rds_cluster_instance: { Writer: { cluster_identifier: "${aws_rds_cluster.Aurora.id}", ...extra } } },
});
const at = "aws_rds_cluster_instance.Writer";

describe("RW-RDS-2 Aurora instances not publicly accessible", () => {
  test("compliant: explicitly false", () => {
    expect(verdict(rule, instance({ publicly_accessible: false }), at)).toEqual({ status: "compliant" });
  });
  test("non-compliant: public", () => {
    expect(verdict(rule, instance({ publicly_accessible: true }), at)).toEqual({
      status: "non-compliant",
      detail: "publicly_accessible is true",
    });
  });
  test("non-compliant: not set", () => {
    expect(verdict(rule, instance({}), at)).toEqual({ status: "non-compliant", detail: "publicly_accessible not set" });
  });
});
