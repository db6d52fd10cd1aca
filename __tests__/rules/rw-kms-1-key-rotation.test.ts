import { rule } from "../../src/rules/pack/rw-kms-1-key-rotation";
import { verdict } from "../support/rules";

const key = (config: Record<string, unknown>) => ({ resource: { aws_kms_key: { Key: { description: "data", ...config } } } });

describe("RW-KMS-1 KMS key rotation enabled", () => {
  test("compliant: rotation on", () => {
    expect(verdict(rule, key({ enable_key_rotation: true }), "aws_kms_key.Key")).toEqual({ status: "compliant" });
  });
  test.each([[{}], [{ enable_key_rotation: false }], [{ customer_master_key_spec: "SYMMETRIC_DEFAULT" }]])(
    "non-compliant: %j",
    (config) => {
      expect(verdict(rule, key(config), "aws_kms_key.Key")).toEqual({ status: "non-compliant", detail: "enable_key_rotation is not true" });
    },
  );
  test("not applicable: asymmetric keys cannot rotate", () => {
    expect(verdict(rule, key({ customer_master_key_spec: "RSA_2048", key_usage: "SIGN_VERIFY" }), "aws_kms_key.Key")).toEqual({
      status: "not-applicable",
    });
  });
});
