import { rule } from "../../src/rules/pack/rw-data-1-prevent-destroy";
import { NO_DATA_TYPES } from "../../src/synthesized/data-bearing";
import { verdict } from "../support/rules";

const marker = (environmentType: string) => ({ "//": { "road-warrior": { environmentType } } });
const stack = (type: string, config: Record<string, unknown>, environmentType?: string) => ({
  ...(environmentType ? marker(environmentType) : {}),
  resource: { [type]: { R: config } },
});

describe("RW-DATA-1 production data-bearing resources carry prevent_destroy", () => {
  test.each([
    "aws_rds_cluster",
    "aws_cloudwatch_log_group",
    "aws_secretsmanager_secret",
    "aws_s3_bucket_versioning",
    "aws_neptune_cluster",
  ])("compliant: a production %s with prevent_destroy", (type) => {
    expect(verdict(rule, stack(type, { lifecycle: { prevent_destroy: true } }, "production"), `${type}.R`)).toEqual({
      status: "compliant",
    });
  });

  test.each(["aws_rds_cluster", "aws_cloudwatch_log_group", "aws_neptune_cluster"])(
    "non-compliant: a production %s without it (a type nobody classified too)",
    (type) => {
      expect(verdict(rule, stack(type, {}, "production"), `${type}.R`)).toEqual({
        status: "non-compliant",
        detail: `a production ${type} without lifecycle.prevent_destroy (it is unset)`,
      });
      expect(verdict(rule, stack(type, { lifecycle: { prevent_destroy: false } }, "production"), `${type}.R`)).toEqual({
        status: "non-compliant",
        detail: `a production ${type} without lifecycle.prevent_destroy (it is false)`,
      });
    },
  );

  test("a stack that does not say its environment type counts as production", () => {
    expect(verdict(rule, stack("aws_dynamodb_table", {}), "aws_dynamodb_table.R").status).toBe("non-compliant");
  });

  test("not applicable: a non-production environment, or a type known to hold no data", () => {
    expect(verdict(rule, stack("aws_rds_cluster", {}, "non-production"), "aws_rds_cluster.R")).toEqual({ status: "not-applicable" });
    expect(NO_DATA_TYPES.aws_iam_role).toBeDefined();
    expect(verdict(rule, stack("aws_iam_role", {}, "production"), "aws_iam_role.R")).toEqual({ status: "not-applicable" });
  });
});
