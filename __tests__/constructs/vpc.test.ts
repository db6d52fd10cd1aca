import { computeSubnetLayout } from "../../src/config/subnet-layout";
import { NatMode, Vpc } from "../../src/constructs/network/vpc";
import { all, Json, nameOf, one, resources, synthConstruct } from "../support/constructs";

const AZS = ["eu-central-1a", "eu-central-1b", "eu-central-1c"];
const CIDR = "10.10.0.0/16";
const layout = computeSubnetLayout(CIDR, AZS);

function vpc(natMode: NatMode): Json {
  return synthConstruct((scope) => {
    new Vpc(scope, "Vpc", {
      namePrefix: "rw-dev",
      cidr: CIDR,
      layout,
      natMode,
      natInstanceType: "t4g.nano",
      privateSubnetTags: { "karpenter.sh/discovery": "rw-dev" },
    });
  });
}

const ref = (type: string, name: string, attribute = "id") => `\${${type}.${name}.${attribute}}`;

/** The default routes (0.0.0.0/0) of the route table whose Terraform name contains `part`. */
function defaultRoutes(json: Json, part: string): Json[] {
  const table = ref("aws_route_table", nameOf(json, "aws_route_table", part));
  return all(json, "aws_route").filter((r) => r.route_table_id === table && r.destination_cidr_block === "0.0.0.0/0");
}

describe("Vpc", () => {
  const single = vpc("single");

  test("DNS on; three tiers in every AZ at the layout's ranges; no subnet assigns public IPs", () => {
    expect(one(single, "aws_vpc")).toMatchObject({ cidr_block: CIDR, enable_dns_hostnames: true, enable_dns_support: true });
    const subnets = all(single, "aws_subnet");
    expect(subnets).toHaveLength(9);
    expect(subnets.every((s) => s.map_public_ip_on_launch === false)).toBe(true);
    const expected = [...layout.public, ...layout.private, ...layout.isolated].map((s) => [s.tier, s.availabilityZone, s.cidr]);
    expect(subnets.map((s) => [s.tags.tier, s.availability_zone, s.cidr_block]).sort()).toEqual(expected.sort());
  });

  test("load balancer discovery tags: public subnets elb, private internal-elb plus the extra tags, isolated none", () => {
    const byTier = (tier: string) => all(single, "aws_subnet").filter((s) => s.tags.tier === tier);
    expect(byTier("public").every((s) => s.tags["kubernetes.io/role/elb"] === "1")).toBe(true);
    expect(byTier("private").every((s) => s.tags["kubernetes.io/role/internal-elb"] === "1")).toBe(true);
    expect(byTier("private").every((s) => s.tags["karpenter.sh/discovery"] === "rw-dev")).toBe(true);
    expect(byTier("isolated").every((s) => Object.keys(s.tags).every((k) => !k.startsWith("kubernetes.io/")))).toBe(true);
  });

  test("the default security group is taken over with no rules at all", () => {
    expect(one(single, "aws_default_security_group")).toMatchObject({ ingress: [], egress: [] });
  });

  test("public subnets route to the internet gateway; isolated subnets have no route at all", () => {
    expect(defaultRoutes(single, "PublicRouteTable")).toEqual([
      expect.objectContaining({ gateway_id: ref("aws_internet_gateway", nameOf(single, "aws_internet_gateway", "InternetGateway")) }),
    ]);
    const isolated = ref("aws_route_table", nameOf(single, "aws_route_table", "IsolatedRouteTable"));
    expect(all(single, "aws_route").filter((r) => r.route_table_id === isolated)).toEqual([]);
    const isolatedAssociations = all(single, "aws_route_table_association", "IsolatedAssociation");
    expect(isolatedAssociations).toHaveLength(3);
    expect(isolatedAssociations.every((a) => a.route_table_id === isolated)).toBe(true);
  });

  test("single: one NAT gateway in the first AZ's public subnet; every private route table routes through it", () => {
    const gateways = resources(single, "aws_nat_gateway");
    expect(Object.keys(gateways)).toEqual([expect.stringContaining("NatGateway-eu-central-1a")]);
    const [name, gateway] = Object.entries(gateways)[0];
    expect(gateway.subnet_id).toBe(ref("aws_subnet", nameOf(single, "aws_subnet", "PublicSubnet-eu-central-1a")));
    expect(gateway.connectivity_type).toBe("public");
    expect(all(single, "aws_instance")).toEqual([]);
    for (const az of AZS) {
      expect(defaultRoutes(single, `PrivateRouteTable-${az}`)).toEqual([
        expect.objectContaining({ nat_gateway_id: ref("aws_nat_gateway", name) }),
      ]);
    }
  });

  test("per-az: a gateway per AZ, each private route table through its own AZ's gateway (survives an AZ outage)", () => {
    const json = vpc("per-az");
    expect(all(json, "aws_nat_gateway")).toHaveLength(3);
    expect(all(json, "aws_eip")).toHaveLength(3);
    for (const az of AZS) {
      const gateway = ref("aws_nat_gateway", nameOf(json, "aws_nat_gateway", `NatGateway-${az}`));
      expect(defaultRoutes(json, `PrivateRouteTable-${az}`)).toEqual([expect.objectContaining({ nat_gateway_id: gateway })]);
      expect(one(json, "aws_nat_gateway", `NatGateway-${az}`).subnet_id).toBe(
        ref("aws_subnet", nameOf(json, "aws_subnet", `PublicSubnet-${az}`)),
      );
    }
  });

  test("none: no NAT and no default route out of the private subnets (the endpoints serve AWS)", () => {
    const json = vpc("none");
    expect(all(json, "aws_nat_gateway")).toEqual([]);
    expect(all(json, "aws_instance")).toEqual([]);
    expect(all(json, "aws_eip")).toEqual([]);
    for (const az of AZS) expect(defaultRoutes(json, `PrivateRouteTable-${az}`)).toEqual([]);
  });

  test("instance: one NAT instance of the given type in the first public subnet; every private route through its interface", () => {
    const json = vpc("instance");
    expect(all(json, "aws_nat_gateway")).toEqual([]);
    expect(one(json, "aws_launch_template").instance_type).toBe("t4g.nano");
    expect(one(json, "aws_network_interface").subnet_id).toBe(ref("aws_subnet", nameOf(json, "aws_subnet", "PublicSubnet-eu-central-1a")));
    const eni = ref("aws_network_interface", nameOf(json, "aws_network_interface", "NatInstance"));
    for (const az of AZS) {
      expect(defaultRoutes(json, `PrivateRouteTable-${az}`)).toEqual([expect.objectContaining({ network_interface_id: eni })]);
    }
  });

  test("every subnet is associated with its tier's route table in its own AZ", () => {
    for (const az of AZS) {
      const privateTable = ref("aws_route_table", nameOf(single, "aws_route_table", `PrivateRouteTable-${az}`));
      expect(one(single, "aws_route_table_association", `PrivateAssociation-${az}`)).toEqual({
        subnet_id: ref("aws_subnet", nameOf(single, "aws_subnet", `PrivateSubnet-${az}`)),
        route_table_id: privateTable,
      });
      expect(one(single, "aws_route_table_association", `PublicAssociation-${az}`).route_table_id).toBe(
        ref("aws_route_table", nameOf(single, "aws_route_table", "PublicRouteTable")),
      );
    }
  });
});
