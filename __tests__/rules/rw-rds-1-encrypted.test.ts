import { rule } from "../../src/rules/pack/rw-rds-1-encrypted";
import { verdict } from "../support/rules";

const cluster = (extra: Record<string, unknown>) => ({
  resource: { aws_rds_cluster: { Aurora: { engine: "aurora-postgresql", ...extra } } },
});
const at = "aws_rds_cluster.Aurora";

describe("RW-RDS-1 Aurora storage encrypted with a customer managed key", () => {
  test("compliant", () => {
    expect(verdict(rule, cluster({ storage_encrypted: true, kms_key_id: "${aws_kms_key.Key.arn}" }), at)).toEqual({ status: "compliant" });
  });
  test("non-compliant: encrypted with the AWS managed key", () => {
    expect(verdict(rule, cluster({ storage_encrypted: true }), at)).toEqual({ status: "non-compliant", detail: "no kms_key_id" });
  });
  test("non-compliant: not encrypted", () => {
    expect(verdict(rule, cluster({}), at)).toEqual({ status: "non-compliant", detail: "storage_encrypted not true, no kms_key_id" });
  });
});
