import { COMPLIANT, Json, nonCompliant, Rule } from "../types";

const described = (value: unknown) => typeof value === "string" && value.trim() !== "";

/** Security groups and each of their rules say what they are for. */
export const rule: Rule = {
  id: "RW-SG-2",
  title: "Security groups and rules have descriptions",
  message: "give the security group and every one of its rules a description saying what it admits and why",
  source: "Checkov CKV_AWS_23; Trivy AVD-AWS-0099, AVD-AWS-0124",
  resourceTypes: [
    "aws_security_group",
    "aws_vpc_security_group_ingress_rule",
    "aws_vpc_security_group_egress_rule",
    "aws_security_group_rule",
  ],
  check: (resource) => {
    const c = resource.config;
    const missing: string[] = [];
    if (!described(c.description)) missing.push(resource.type === "aws_security_group" ? "group" : "rule");
    if (resource.type === "aws_security_group") {
      for (const side of ["ingress", "egress"]) {
        [c[side] ?? []].flat().forEach((b: Json, i: number) => {
          if (!described(b?.description)) missing.push(`${side}[${i}]`);
        });
      }
    }
    return missing.length === 0 ? COMPLIANT : nonCompliant(`no description on ${missing.join(", ")}`);
  },
};
