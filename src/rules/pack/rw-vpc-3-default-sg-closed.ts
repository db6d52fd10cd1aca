import { COMPLIANT, nonCompliant, Rule } from "../types";

/** Every VPC's default security group is taken over and emptied, so nothing can use it by accident. */
export const rule: Rule = {
  id: "RW-VPC-3",
  title: "Default security group allows nothing",
  message: "add an aws_default_security_group for the VPC with ingress = [] and egress = []",
  source: "Checkov CKV2_AWS_12; AWS FSBP EC2.2",
  resourceTypes: ["aws_vpc"],
  check: (vpc, stack) => {
    const group = stack
      .resources("aws_default_security_group")
      .find((g) => typeof g.config.vpc_id === "string" && g.config.vpc_id.includes(`${vpc.address}.`));
    if (!group) return nonCompliant("no aws_default_security_group for this VPC");
    const open = (["ingress", "egress"] as const).filter((side) => !Array.isArray(group.config[side]) || group.config[side].length > 0);
    return open.length === 0
      ? COMPLIANT
      : nonCompliant(
          open
            .map((side) =>
              Array.isArray(group.config[side]) ? `${group.address} has ${side} rules` : `${group.address} ${side} not set to []`,
            )
            .join(", "),
        );
  },
};
