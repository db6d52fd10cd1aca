import { COMPLIANT, nonCompliant, Rule } from "../types";

/** No subnet hands out public IP addresses on its own: whatever is public says so itself. */
export const rule: Rule = {
  id: "RW-VPC-1",
  title: "Subnets do not assign public IPs by default",
  message: "set map_public_ip_on_launch = false on the subnet",
  source: "Checkov CKV_AWS_130; AWS FSBP EC2.15",
  resourceTypes: ["aws_subnet"],
  check: (subnet) => {
    const value = subnet.config.map_public_ip_on_launch;
    if (value === false || value === "false") return COMPLIANT;
    return nonCompliant(value === undefined ? "map_public_ip_on_launch not set" : `map_public_ip_on_launch is ${value}`);
  },
};
