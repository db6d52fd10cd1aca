import { COMPLIANT, nonCompliant, Resource, Rule } from "../types";

const RULE_TYPES = ["aws_vpc_security_group_ingress_rule", "aws_vpc_security_group_egress_rule", "aws_security_group_rule"];

/** Every security group is used: an unused group is clutter that someone will attach by mistake. */
export const rule: Rule = {
  id: "RW-SG-3",
  title: "Security groups are attached",
  message: "attach the security group to a resource (or export it for another stack), or remove it",
  source: "Checkov CKV2_AWS_5",
  resourceTypes: ["aws_security_group"],
  check: (group, stack) => {
    const ownRule = (r: Resource) =>
      RULE_TYPES.includes(r.type) &&
      typeof r.config.security_group_id === "string" &&
      r.config.security_group_id.includes(`${group.address}.`);
    return stack.isReferenced(group.address, ownRule) ? COMPLIANT : nonCompliant("nothing but its own rules references it");
  },
};
