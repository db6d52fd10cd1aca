import { rule } from "../../src/rules/pack/rw-kms-3-deletion-window";
import { verdict } from "../support/rules";

const key = (config: Record<string, unknown>) => ({ resource: { aws_kms_key: { Key: { enable_key_rotation: true, ...config } } } });

describe("RW-KMS-3 KMS key deletion window is 30 days", () => {
  test("compliant: 30 days", () => {
    expect(verdict(rule, key({ deletion_window_in_days: 30 }), "aws_kms_key.Key")).toEqual({ status: "compliant" });
  });
  test("compliant: unset (the provider's default is 30)", () => {
    expect(verdict(rule, key({}), "aws_kms_key.Key")).toEqual({ status: "compliant" });
  });
  test("non-compliant: 7 days", () => {
    expect(verdict(rule, key({ deletion_window_in_days: 7 }), "aws_kms_key.Key")).toEqual({
      status: "non-compliant",
      detail: "deletion_window_in_days is 7",
    });
  });
});
