import { contains, formatCidr, Ipv4Cidr, overlaps, parseCidr } from "../../config/cidr";
import { COMPLIANT, nonCompliant, Resource, Rule, StackView } from "../types";

/** The CIDR blocks of the VPC a subnet's `vpc_id` references: its primary block and every associated one. */
function vpcBlocks(vpcId: unknown, stack: StackView): { vpc: string; blocks: Ipv4Cidr[] } | undefined {
  const match = /^\$\{(aws_vpc\.[^.}]+)\.id\}$/.exec(String(vpcId));
  const vpc = match && stack.resources("aws_vpc").find((r) => r.address === match[1]);
  if (!vpc) return undefined;
  const texts = [
    vpc.config.cidr_block,
    ...stack
      .resources("aws_vpc_ipv4_cidr_block_association")
      .filter((a) => a.config.vpc_id === vpcId)
      .map((a) => a.config.cidr_block),
  ];
  return { vpc: vpc.address, blocks: texts.flatMap((t) => parseCidr(String(t)) ?? []) };
}

/**
 * Every subnet lies inside a CIDR block of its VPC and shares no address with another subnet of
 * that VPC. Terraform plans both mistakes; AWS refuses them at apply time (InvalidSubnet.Range,
 * InvalidSubnet.Conflict). The layout is computed at synth time (src/config/subnet-layout.ts), so
 * the ranges are literal: a range the rule cannot read fails too.
 */
export const rule: Rule = {
  id: "RW-VPC-4",
  title: "Subnets lie inside their VPC and do not overlap",
  message: "give each subnet a range inside its VPC's CIDR blocks that no other subnet of the VPC uses (AWS refuses the subnet otherwise)",
  source: "AWS EC2 CreateSubnet (InvalidSubnet.Range, InvalidSubnet.Conflict)",
  resourceTypes: ["aws_subnet"],
  check: (subnet, stack) => {
    const cidr = parseCidr(String(subnet.config.cidr_block));
    if (!cidr) return nonCompliant(`cidr_block ${subnet.config.cidr_block} is not a literal IPv4 CIDR block`);
    const vpc = vpcBlocks(subnet.config.vpc_id, stack);
    if (!vpc)
      return nonCompliant(`vpc_id ${subnet.config.vpc_id} is not a reference to an aws_vpc of this stack, the rule cannot read its range`);
    const problems: string[] = [];
    if (!vpc.blocks.some((block) => contains(block, cidr)))
      problems.push(`${formatCidr(cidr)} is outside ${vpc.vpc} (${vpc.blocks.map(formatCidr).join(", ") || "no readable CIDR block"})`);
    const others = stack
      .resources("aws_subnet")
      .filter((other: Resource) => other.address !== subnet.address && other.config.vpc_id === subnet.config.vpc_id)
      .filter((other) => {
        const block = parseCidr(String(other.config.cidr_block));
        return block !== undefined && overlaps(block, cidr);
      });
    if (others.length > 0)
      problems.push(`${formatCidr(cidr)} overlaps ${others.map((o) => `${o.address} (${o.config.cidr_block})`).join(", ")}`);
    return problems.length === 0 ? COMPLIANT : nonCompliant(problems.join("; "));
  },
};
