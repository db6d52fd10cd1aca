import { COMPLIANT, Json, NOT_APPLICABLE, nonCompliant, Rule } from "../types";

/** Network interfaces a launch template declares never get a public IP address. */
export const rule: Rule = {
  id: "RW-EC2-2",
  title: "Launch template assigns no public IP",
  message: "set associate_public_ip_address = false on every network_interfaces block of the launch template",
  source: "Checkov CKV_AWS_88; AWS FSBP EC2.25",
  resourceTypes: ["aws_launch_template"],
  check: (template) => {
    const interfaces: Json[] = [template.config.network_interfaces ?? []].flat().filter((i) => i && typeof i === "object");
    if (interfaces.length === 0) return NOT_APPLICABLE;
    const open = interfaces
      .map((i, index) => ({ index, value: i.associate_public_ip_address }))
      .filter(({ value }) => value !== false && value !== "false");
    return open.length === 0
      ? COMPLIANT
      : nonCompliant(
          open.map(({ index, value }) => `network_interfaces[${index}] associate_public_ip_address is ${value ?? "unset"}`).join(", "),
        );
  },
};
