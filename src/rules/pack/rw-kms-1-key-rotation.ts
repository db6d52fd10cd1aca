import { COMPLIANT, nonCompliant, NOT_APPLICABLE, Rule } from "../types";

/** Every symmetric customer-managed key rotates automatically. */
export const rule: Rule = {
  id: "RW-KMS-1",
  title: "KMS key rotation enabled",
  message: "set enable_key_rotation = true on the key (EncryptionKey does)",
  source: "Checkov CKV_AWS_7; Trivy AVD-AWS-0065; AWS FSBP KMS.4",
  resourceTypes: ["aws_kms_key"],
  check: (key) => {
    // AWS rotates only symmetric encryption keys; asymmetric and HMAC keys cannot rotate.
    const spec = key.config.customer_master_key_spec;
    if (spec != null && spec !== "SYMMETRIC_DEFAULT") return NOT_APPLICABLE;
    return key.config.enable_key_rotation === true ? COMPLIANT : nonCompliant("enable_key_rotation is not true");
  },
};
