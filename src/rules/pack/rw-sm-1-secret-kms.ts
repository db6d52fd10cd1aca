import { COMPLIANT, nonCompliant, Rule } from "../types";

/** Every secret is encrypted with a customer-managed KMS key, not the account's aws/secretsmanager key. */
export const rule: Rule = {
  id: "RW-SM-1",
  title: "Secrets Manager secret encrypted with a customer-managed key",
  message: "set kms_key_id on the secret to a customer-managed key",
  source: "Checkov CKV_AWS_149; Trivy AVD-AWS-0098",
  resourceTypes: ["aws_secretsmanager_secret"],
  check: (secret) =>
    typeof secret.config.kms_key_id === "string" && secret.config.kms_key_id !== "" ? COMPLIANT : nonCompliant("no kms_key_id"),
};
