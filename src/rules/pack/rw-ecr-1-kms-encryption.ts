import { COMPLIANT, nonCompliant, Rule } from "../types";
import { asList } from "../../synthesized/json";

const blocks = asList;

/** Every repository encrypts images with a customer-managed KMS key. */
export const rule: Rule = {
  id: "RW-ECR-1",
  title: "ECR repository encrypted with a KMS key",
  message: "set encryption_configuration { encryption_type = KMS, kms_key = <key arn> } on the repository (ImageRepository does)",
  source: "Checkov CKV_AWS_136; Trivy AVD-AWS-0033",
  resourceTypes: ["aws_ecr_repository"],
  check: (repository) => {
    const configurations = blocks(repository.config.encryption_configuration);
    if (configurations.length === 0) return nonCompliant("no encryption_configuration (AES256 default)");
    const kms = configurations.some((c) => c.encryption_type === "KMS" && typeof c.kms_key === "string" && c.kms_key !== "");
    return kms
      ? COMPLIANT
      : nonCompliant(`encryption_type ${configurations.map((c) => c.encryption_type ?? "unset").join(", ")} without a kms_key`);
  },
};
