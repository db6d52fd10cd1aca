import { COMPLIANT, nonCompliant, Rule } from "../types";

/** Every VPC records its traffic in flow logs. */
export const rule: Rule = {
  id: "RW-VPC-2",
  title: "VPC flow logs enabled",
  message: "add an aws_flow_log with vpc_id = the VPC's id",
  source: "Checkov CKV2_AWS_11; AWS FSBP EC2.6",
  resourceTypes: ["aws_vpc"],
  check: (vpc, stack) => {
    const logged = stack
      .resources("aws_flow_log")
      .some((f) => typeof f.config.vpc_id === "string" && f.config.vpc_id.includes(`${vpc.address}.`));
    return logged ? COMPLIANT : nonCompliant("no aws_flow_log references this VPC");
  },
};
