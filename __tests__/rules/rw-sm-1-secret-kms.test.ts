import { rule } from "../../src/rules/pack/rw-sm-1-secret-kms";
import { verdict } from "../support/rules";

const secret = (config: Record<string, unknown>) => ({ resource: { aws_secretsmanager_secret: { Secret: { name: "app", ...config } } } });

describe("RW-SM-1 Secrets Manager secret encrypted with a customer-managed key", () => {
  test("compliant: kms_key_id set", () => {
    expect(verdict(rule, secret({ kms_key_id: "${aws_kms_key.Key.arn}" }), "aws_secretsmanager_secret.Secret")).toEqual({
      status: "compliant",
    });
  });
  test("non-compliant: no kms_key_id (aws/secretsmanager)", () => {
    expect(verdict(rule, secret({}), "aws_secretsmanager_secret.Secret")).toEqual({ status: "non-compliant", detail: "no kms_key_id" });
  });
});
