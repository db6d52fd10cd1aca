import { rule } from "../../src/rules/pack/rw-rds-8-force-ssl";
import { verdict } from "../support/rules";

const cluster = (
  extra: Record<string, unknown> = { db_cluster_parameter_group_name: "${aws_rds_cluster_parameter_group.Params.name}" },
) => ({
  aws_rds_cluster: { Aurora: { engine: "aurora-postgresql", ...extra } },
});
const params = (parameter: Record<string, unknown>[]) => ({
  aws_rds_cluster_parameter_group: { Params: { family: "aurora-postgresql16", parameter } },
});
const at = "aws_rds_cluster.Aurora";

describe("RW-RDS-8 Aurora PostgreSQL forces SSL", () => {
  test("compliant: rds.force_ssl = 1", () => {
    expect(
      verdict(
        rule,
        {
          resource: {
            ...cluster(),
            ...params([
              { name: "log_min_duration_statement", value: "250" },
              { name: "rds.force_ssl", value: "1" },
            ]),
          },
        },
        at,
      ),
    ).toEqual({
      status: "compliant",
    });
  });
  test("non-compliant: parameter off", () => {
    expect(verdict(rule, { resource: { ...cluster(), ...params([{ name: "rds.force_ssl", value: "0" }]) } }, at)).toEqual({
      status: "non-compliant",
      detail: "aws_rds_cluster_parameter_group.Params sets rds.force_ssl to 0",
    });
  });
  test("non-compliant: parameter missing", () => {
    expect(verdict(rule, { resource: { ...cluster(), ...params([]) } }, at)).toEqual({
      status: "non-compliant",
      detail: "aws_rds_cluster_parameter_group.Params sets rds.force_ssl to nothing",
    });
  });
  test("non-compliant: default parameter group", () => {
    expect(verdict(rule, { resource: { ...cluster({}), ...params([{ name: "rds.force_ssl", value: "1" }]) } }, at)).toEqual({
      status: "non-compliant",
      detail: "db_cluster_parameter_group_name references no parameter group of this stack",
    });
  });
  test("not applicable: Aurora MySQL", () => {
    expect(verdict(rule, { resource: cluster({ engine: "aurora-mysql" }) }, at)).toEqual({ status: "not-applicable" });
  });
});
