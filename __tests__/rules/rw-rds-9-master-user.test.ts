import { rule } from "../../src/rules/pack/rw-rds-9-master-user";
import { verdict } from "../support/rules";

const cluster = (extra: Record<string, unknown>) => ({
  resource: { aws_rds_cluster: { Aurora: { engine: "aurora-postgresql", ...extra } } },
});
const at = "aws_rds_cluster.Aurora";

describe("RW-RDS-9 Aurora master user custom, password managed by RDS", () => {
  test("compliant", () => {
    expect(verdict(rule, cluster({ master_username: "rw_admin", manage_master_user_password: true }), at)).toEqual({ status: "compliant" });
  });
  test("non-compliant: default user name", () => {
    expect(verdict(rule, cluster({ master_username: "Postgres", manage_master_user_password: true }), at)).toEqual({
      status: "non-compliant",
      detail: "master_username is the default Postgres",
    });
  });
  test("non-compliant: password in Terraform", () => {
    expect(verdict(rule, cluster({ master_username: "rw_admin", master_password: "${random_password.Db.result}" }), at)).toEqual({
      status: "non-compliant",
      detail: "manage_master_user_password not true, master_password set",
    });
  });
});
