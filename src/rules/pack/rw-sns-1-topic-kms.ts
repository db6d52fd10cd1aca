import { COMPLIANT, nonCompliant, Rule } from "../types";

/** Every SNS topic encrypts messages at rest with KMS. */
export const rule: Rule = {
  id: "RW-SNS-1",
  title: "SNS topic encrypted with KMS",
  message: "set kms_master_key_id on the topic to a key whose policy lets the publishing services use it (AlarmTopic does)",
  source: "Checkov CKV_AWS_26; Trivy AVD-AWS-0095; AWS FSBP SNS.1",
  resourceTypes: ["aws_sns_topic"],
  check: (topic) =>
    typeof topic.config.kms_master_key_id === "string" && topic.config.kms_master_key_id !== ""
      ? COMPLIANT
      : nonCompliant("no kms_master_key_id"),
};
