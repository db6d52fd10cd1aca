import { rule } from "../../src/rules/pack/rw-ecr-1-kms-encryption";
import { verdict } from "../support/rules";

const repository = (config: Record<string, unknown>) => ({ resource: { aws_ecr_repository: { Repo: { name: "app", ...config } } } });

describe("RW-ECR-1 ECR repository encrypted with a KMS key", () => {
  test("compliant: KMS with a key", () => {
    const config = { encryption_configuration: [{ encryption_type: "KMS", kms_key: "${aws_kms_key.Key.arn}" }] };
    expect(verdict(rule, repository(config), "aws_ecr_repository.Repo")).toEqual({ status: "compliant" });
  });
  test("non-compliant: no encryption configuration", () => {
    expect(verdict(rule, repository({}), "aws_ecr_repository.Repo")).toEqual({
      status: "non-compliant",
      detail: "no encryption_configuration (AES256 default)",
    });
  });
  test("non-compliant: KMS without a key (the AWS managed aws/ecr key)", () => {
    expect(verdict(rule, repository({ encryption_configuration: [{ encryption_type: "KMS" }] }), "aws_ecr_repository.Repo")).toEqual({
      status: "non-compliant",
      detail: "encryption_type KMS without a kms_key",
    });
  });
  test("non-compliant: AES256", () => {
    expect(verdict(rule, repository({ encryption_configuration: { encryption_type: "AES256" } }), "aws_ecr_repository.Repo").status).toBe(
      "non-compliant",
    );
  });
});
