import { COMPLIANT, Json, NOT_APPLICABLE, nonCompliant, Rule } from "../types";

/** Every EBS volume a launch template declares is encrypted with a customer managed key. */
export const rule: Rule = {
  id: "RW-EC2-4",
  title: "Launch template EBS volumes use a customer managed key",
  message: "set ebs { kms_key_id = <customer managed key ARN> } on every volume of block_device_mappings",
  source: "generic (customer managed KMS key for EBS)",
  resourceTypes: ["aws_launch_template"],
  check: (template) => {
    const mappings: Json[] = [template.config.block_device_mappings ?? []].flat().filter((m) => m && typeof m === "object");
    const volumes = mappings.flatMap((m) =>
      [m.ebs ?? []]
        .flat()
        .filter((e) => e && typeof e === "object")
        .map((ebs: Json) => ({ device: m.device_name, ebs })),
    );
    // No declared volume is RW-EC2-3's finding.
    if (volumes.length === 0) return NOT_APPLICABLE;
    const withoutKey = volumes.filter(({ ebs }) => typeof ebs.kms_key_id !== "string" || ebs.kms_key_id.trim() === "");
    return withoutKey.length === 0
      ? COMPLIANT
      : nonCompliant(withoutKey.map(({ device }) => `${device ?? "volume"} has no kms_key_id`).join(", "));
  },
};
