import { CostLine, fixed, Meter, UsageLine, unitUsd } from "../model";
import { asList } from "../../synthesized/json";
import { monthlyOf, plural } from "../resources";

/** NAT gateways, the public IPv4 addresses (Elastic IPs) they hold, and interface VPC endpoints. */
export const networkMeter: Meter = {
  types: ["aws_nat_gateway", "aws_eip", "aws_vpc_endpoint"],
  measure: ({ stacks, prices }) => {
    const lines: CostLine[] = [];
    const usage: UsageLine[] = [];
    for (const stack of stacks) {
      const nats = stack.resources("aws_nat_gateway");
      if (nats.length > 0) {
        lines.push({
          stack: stack.name,
          item: "NAT gateway",
          detail: `${plural(nats.length, "gateway")} × ${unitUsd(prices.natGateway.hour)}/h`,
          monthly: fixed(monthlyOf(prices.natGateway.hour, nats.length)),
          addresses: nats.map((n) => n.address),
        });
        usage.push({
          stack: stack.name,
          item: "NAT gateway data processed",
          price: prices.natGateway.perGbProcessed,
          unit: "GB",
          detail: "image pulls and calls to AWS APIs without an endpoint, and any internet egress",
        });
      }
      const eips = stack.resources("aws_eip");
      if (eips.length > 0) {
        lines.push({
          stack: stack.name,
          item: "Public IPv4 (Elastic IPs)",
          detail: `${plural(eips.length, "address", "addresses")} × ${unitUsd(prices.publicIpv4Hour)}/h`,
          monthly: fixed(monthlyOf(prices.publicIpv4Hour, eips.length)),
          addresses: eips.map((e) => e.address),
        });
      }
      const interfaces = stack.resources("aws_vpc_endpoint").filter((e) => e.config.vpc_endpoint_type === "Interface");
      const gateways = stack.resources("aws_vpc_endpoint").length - interfaces.length;
      if (interfaces.length > 0) {
        const azHours = interfaces.reduce((sum, e) => sum + asList(e.config.subnet_ids).length, 0);
        const services = interfaces.map((e) => String(e.config.service_name).split(".").slice(3).join(".")).join(", ");
        lines.push({
          stack: stack.name,
          item: "Interface VPC endpoints",
          detail:
            `${plural(interfaces.length, "endpoint")} (${services}) ` +
            `in ${azHours} endpoint-AZs × ${unitUsd(prices.interfaceEndpoint.perAzHour)}/h`,
          monthly: fixed(monthlyOf(prices.interfaceEndpoint.perAzHour, azHours)),
          addresses: interfaces.map((e) => e.address),
        });
        usage.push({
          stack: stack.name,
          item: "Interface endpoint data processed",
          price: prices.interfaceEndpoint.perGbProcessed,
          unit: "GB",
        });
      }
      if (gateways > 0) {
        lines.push({
          stack: stack.name,
          item: "Gateway VPC endpoints (S3)",
          detail: `${plural(gateways, "endpoint")}: no charge, and S3 traffic does not go through NAT`,
          monthly: fixed(0),
          addresses: stack
            .resources("aws_vpc_endpoint")
            .filter((e) => e.config.vpc_endpoint_type !== "Interface")
            .map((e) => e.address),
        });
      }
    }
    return { lines, usage };
  },
};
