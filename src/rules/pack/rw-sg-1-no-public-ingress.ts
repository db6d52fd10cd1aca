import { COMPLIANT, Json, NOT_APPLICABLE, nonCompliant, Resource, Rule } from "../types";

const ANY_IPV4 = "0.0.0.0/0";
const ANY_IPV6 = "::/0";
/** Ports the internet may reach: HTTP and HTTPS, one port at a time. */
const PUBLIC_PORTS = [80, 443];
const PORT_PROTOCOLS = ["tcp", "udp", "6", "17"];

interface Opening {
  readonly where: string;
  readonly protocol: unknown;
  readonly from: unknown;
  readonly to: unknown;
  readonly sources: string[];
}

const list = (value: unknown): unknown[] => (Array.isArray(value) ? value : []);

function openings(resource: Resource): Opening[] {
  const c = resource.config;
  const sources = (ipv4: unknown[], ipv6: unknown[]) => [
    ...(ipv4.includes(ANY_IPV4) ? [ANY_IPV4] : []),
    ...(ipv6.includes(ANY_IPV6) ? [ANY_IPV6] : []),
  ];
  const fromBlock = (where: string, b: Json): Opening => ({
    where,
    protocol: b.protocol,
    from: b.from_port,
    to: b.to_port,
    sources: sources(list(b.cidr_blocks), list(b.ipv6_cidr_blocks)),
  });
  switch (resource.type) {
    case "aws_security_group":
      return [c.ingress ?? []].flat().map((b: Json, i: number) => fromBlock(`ingress[${i}]`, b ?? {}));
    case "aws_security_group_rule":
      return c.type === "ingress" ? [fromBlock("rule", c)] : [];
    default:
      return [{ where: "rule", protocol: c.ip_protocol, from: c.from_port, to: c.to_port, sources: sources([c.cidr_ipv4], [c.cidr_ipv6]) }];
  }
}

const onlyPublicPort = (o: Opening) =>
  PORT_PROTOCOLS.includes(String(o.protocol).toLowerCase()) && Number(o.from) === Number(o.to) && PUBLIC_PORTS.includes(Number(o.from));

/** Nothing but HTTP and HTTPS is open to the whole internet. */
export const rule: Rule = {
  id: "RW-SG-1",
  title: "No ingress from the internet except 80 and 443",
  message: "restrict the source to known CIDRs or security groups; only ports 80 and 443 may be open to 0.0.0.0/0 or ::/0",
  source: "AWS FSBP EC2.18, EC2.19; Checkov CKV_AWS_24, CKV_AWS_25; Trivy AVD-AWS-0107",
  resourceTypes: ["aws_security_group", "aws_vpc_security_group_ingress_rule", "aws_security_group_rule"],
  check: (resource) => {
    if (resource.type === "aws_security_group_rule" && resource.config.type !== "ingress") return NOT_APPLICABLE;
    const bad = openings(resource).filter((o) => o.sources.length > 0 && !onlyPublicPort(o));
    return bad.length === 0
      ? COMPLIANT
      : nonCompliant(
          bad.map((o) => `${o.where}: ${o.protocol ?? "?"} ${o.from ?? "?"}-${o.to ?? "?"} from ${o.sources.join(" and ")}`).join("; "),
        );
  },
};
