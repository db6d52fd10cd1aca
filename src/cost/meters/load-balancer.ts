import { CostLine, fixed, Meter, UsageLine, unitUsd } from "../model";
import { Resource } from "../../synthesized/types";
import { ingressOf } from "../../synthesized/ingress-annotations";
import { asList } from "../../synthesized/json";
import { monthlyOf, plural, resourcesOf } from "../resources";

const GROUP = "alb.ingress.kubernetes.io/group.name";
const SCHEME = "alb.ingress.kubernetes.io/scheme";

/**
 * The Application Load Balancers the AWS Load Balancer Controller creates from the ingresses: one
 * per ingress group (an ingress without a group gets its own), in every subnet the controller
 * discovers by tag, each subnet holding one public IPv4 address when the ALB is internet-facing.
 * No Terraform plan shows them; the ingresses (raw, or in a backend-service release) are where they come
 * from. Plus the WAF web ACL in front.
 */
export const loadBalancerMeter: Meter = {
  types: ["kubernetes_ingress_v1", "helm_release", "aws_wafv2_web_acl"],
  measure: ({ stacks, prices }) => {
    const lines: CostLine[] = [];
    const usage: UsageLine[] = [];
    const subnets = resourcesOf(stacks, "aws_subnet");
    const publicAzs = subnets.filter((s) => s.config.tags?.["kubernetes.io/role/elb"] === "1").length;
    const internalAzs = subnets.filter((s) => s.config.tags?.["kubernetes.io/role/internal-elb"] === "1").length;

    const groups = new Map<string, Resource[]>();
    // Raw Ingresses, and the Ingresses of the backend-service releases.
    const ingresses = [...resourcesOf(stacks, "kubernetes_ingress_v1"), ...resourcesOf(stacks, "helm_release")].filter((r) => ingressOf(r));
    for (const ingress of ingresses) {
      const annotations = ingressOf(ingress)!.annotations;
      const key = `${ingress.stack}/${annotations[GROUP] ?? ingress.address}`;
      groups.set(key, [...(groups.get(key) ?? []), ingress]);
    }
    for (const [key, ingresses] of groups) {
      const stack = ingresses[0].stack;
      const annotations = ingressOf(ingresses[0])!.annotations;
      const internetFacing = annotations[SCHEME] === "internet-facing";
      const azs = internetFacing ? publicAzs : internalAzs;
      const name = key.slice(stack.length + 1);
      lines.push({
        stack,
        item:
          `ALB "${name}" ` +
          `(${internetFacing ? "internet-facing" : "internal"}, from ${plural(ingresses.length, "ingress", "ingresses")})`,
        detail: `1 load balancer × ${unitUsd(prices.applicationLoadBalancer.hour)}/h; LCUs are usage`,
        monthly: fixed(monthlyOf(prices.applicationLoadBalancer.hour)),
        addresses: ingresses.map((i) => i.address),
      });
      if (internetFacing) {
        lines.push({
          stack,
          item: `Public IPv4 of ALB "${name}"`,
          detail: `${plural(azs, "address", "addresses")} (one per public subnet) × ${unitUsd(prices.publicIpv4Hour)}/h`,
          monthly: fixed(monthlyOf(prices.publicIpv4Hour, azs)),
          addresses: [],
        });
      }
    }
    if (groups.size > 0) {
      const stack = [...groups.values()][0][0].stack;
      usage.push({
        stack,
        item: "ALB capacity units",
        price: prices.applicationLoadBalancer.lcuHour,
        unit: "LCU-hour",
        detail: "new connections, active connections, bytes or rule evaluations, whichever is highest",
      });
      usage.push({ stack, item: "Data transfer out to the internet", price: prices.dataTransferOutGb, unit: "GB" });
    }

    for (const acl of resourcesOf(stacks, "aws_wafv2_web_acl")) {
      const rules = asList(acl.config.rule).length;
      lines.push({
        stack: acl.stack,
        item: "WAF web ACL",
        detail:
          `1 web ACL × ${unitUsd(prices.waf.webAclMonth)} + ${plural(rules, "rule")} × ${unitUsd(prices.waf.ruleMonth)} ` +
          `(AWS managed groups bill as one rule each)`,
        monthly: fixed(prices.waf.webAclMonth + rules * prices.waf.ruleMonth),
        addresses: [acl.address],
      });
      usage.push({ stack: acl.stack, item: "WAF requests", price: prices.waf.perMillionRequests, unit: "million requests" });
    }
    return { lines, usage };
  },
};
