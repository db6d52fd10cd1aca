import { COMPLIANT, nonCompliant, Rule } from "../types";

/** Every log group is encrypted with a customer-managed KMS key. */
export const rule: Rule = {
  id: "RW-LOG-1",
  title: "CloudWatch log group encrypted with KMS",
  message:
    "set kms_key_id on the log group to a key whose policy lets logs.<region>.amazonaws.com use it " +
    '(EncryptionKey with servicePrincipals ["logs"])',
  source: "Checkov CKV_AWS_158; Trivy AVD-AWS-0017",
  resourceTypes: ["aws_cloudwatch_log_group"],
  check: (group) =>
    typeof group.config.kms_key_id === "string" && group.config.kms_key_id !== "" ? COMPLIANT : nonCompliant("no kms_key_id"),
};
