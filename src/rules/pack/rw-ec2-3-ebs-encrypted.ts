import { COMPLIANT, Json, nonCompliant, Rule } from "../types";

/** Every EBS volume a launch template declares is encrypted. */
export const rule: Rule = {
  id: "RW-EC2-3",
  title: "Launch template EBS volumes encrypted",
  message: "declare the volumes in block_device_mappings with ebs { encrypted = true }",
  source: "as Checkov CKV_AWS_8 and Trivy AVD-AWS-0131 (instances), for launch templates",
  resourceTypes: ["aws_launch_template"],
  check: (template) => {
    const mappings: Json[] = [template.config.block_device_mappings ?? []].flat().filter((m) => m && typeof m === "object");
    const volumes = mappings.flatMap((m) =>
      [m.ebs ?? []]
        .flat()
        .filter((e) => e && typeof e === "object")
        .map((ebs: Json) => ({ device: m.device_name, ebs })),
    );
    if (volumes.length === 0) return nonCompliant("no EBS volume in block_device_mappings");
    const plain = volumes.filter(({ ebs }) => ebs.encrypted !== true && ebs.encrypted !== "true");
    return plain.length === 0 ? COMPLIANT : nonCompliant(plain.map(({ device }) => `${device ?? "volume"} not encrypted`).join(", "));
  },
};
