import { DefaultSecurityGroup } from "@cdktf/provider-aws/lib/default-security-group";
import { Eip } from "@cdktf/provider-aws/lib/eip";
import { InternetGateway } from "@cdktf/provider-aws/lib/internet-gateway";
import { NatGateway } from "@cdktf/provider-aws/lib/nat-gateway";
import { Route } from "@cdktf/provider-aws/lib/route";
import { RouteTable } from "@cdktf/provider-aws/lib/route-table";
import { RouteTableAssociation } from "@cdktf/provider-aws/lib/route-table-association";
import { Subnet } from "@cdktf/provider-aws/lib/subnet";
import { Vpc as AwsVpc } from "@cdktf/provider-aws/lib/vpc";
import { Construct } from "constructs";
import { SubnetLayout, SubnetSpec } from "../../config/subnet-layout";
import { NatInstance } from "./nat-instance";

export type NatMode = "none" | "instance" | "single" | "per-az";

export interface VpcProps {
  /** Prefix of the Name tags, e.g. `road-warrior-dev`. */
  readonly namePrefix: string;
  readonly cidr: string;
  /** Subnets computed at synth time (`computeSubnetLayout`). */
  readonly layout: SubnetLayout;
  /**
   * NAT for the private subnets: none, one NAT instance, one NAT gateway, or a gateway per AZ.
   * The environment file owns the default (`network.natMode`).
   */
  readonly natMode: NatMode;
  /** The NAT instance's type, used when `natMode` is "instance". The environment file owns the default (`network.natInstanceType`). */
  readonly natInstanceType: string;
  /** Extra tags of the private subnets (e.g. Karpenter's discovery tag). @default - none */
  readonly privateSubnetTags?: Record<string, string>;
}

/**
 * A VPC with three tiers in every AZ:
 * - public: load balancers and NAT gateways; tagged `kubernetes.io/role/elb` for the AWS Load
 *   Balancer Controller; a default route to the internet gateway;
 * - private: nodes and pods; tagged `kubernetes.io/role/internal-elb`; one route table per AZ,
 *   routed through NAT per `natMode` (an instance in the first AZ, one gateway there, or one per AZ);
 * - isolated: the database; no route out of the VPC at all.
 * No subnet assigns public IPs, and the default security group is taken over with no rules.
 */
export class Vpc extends Construct {
  public readonly vpc: AwsVpc;
  public readonly publicSubnets: Subnet[];
  public readonly privateSubnets: Subnet[];
  public readonly isolatedSubnets: Subnet[];
  /** One per AZ, in the order of the layout: where gateway endpoints attach. */
  public readonly privateRouteTables: RouteTable[];
  public readonly isolatedRouteTable: RouteTable;
  public readonly natGateways: NatGateway[];
  /** Set when `natMode` is "instance". */
  public readonly natInstance?: NatInstance;

  constructor(scope: Construct, id: string, props: VpcProps) {
    super(scope, id);
    const name = (suffix: string) => ({ Name: `${props.namePrefix}-${suffix}` });

    this.vpc = new AwsVpc(this, "Default", {
      cidrBlock: props.cidr,
      enableDnsHostnames: true,
      enableDnsSupport: true,
      tags: name("vpc"),
    });
    const vpcId = this.vpc.id;
    // Managing the default group with no ingress or egress removes the rules AWS puts in it.
    new DefaultSecurityGroup(this, "DefaultSecurityGroup", { vpcId, ingress: [], egress: [], tags: name("default-deny-all") });
    const igw = new InternetGateway(this, "InternetGateway", { vpcId, tags: name("igw") });

    const subnet = (spec: SubnetSpec, roleTag: Record<string, string>) =>
      new Subnet(this, `${capitalize(spec.tier)}Subnet-${spec.availabilityZone}`, {
        vpcId,
        cidrBlock: spec.cidr,
        availabilityZone: spec.availabilityZone,
        mapPublicIpOnLaunch: false,
        tags: { ...name(`${spec.tier}-${spec.availabilityZone}`), tier: spec.tier, ...roleTag },
      });
    this.publicSubnets = props.layout.public.map((s) => subnet(s, { "kubernetes.io/role/elb": "1" }));
    this.privateSubnets = props.layout.private.map((s) =>
      subnet(s, { "kubernetes.io/role/internal-elb": "1", ...props.privateSubnetTags }),
    );
    this.isolatedSubnets = props.layout.isolated.map((s) => subnet(s, {}));

    const publicRoutes = new RouteTable(this, "PublicRouteTable", { vpcId, tags: name("public") });
    new Route(this, "PublicDefaultRoute", { routeTableId: publicRoutes.id, destinationCidrBlock: "0.0.0.0/0", gatewayId: igw.id });
    this.publicSubnets.forEach(
      (s, i) =>
        new RouteTableAssociation(this, `PublicAssociation-${props.layout.public[i].availabilityZone}`, {
          subnetId: s.id,
          routeTableId: publicRoutes.id,
        }),
    );

    const natMode = props.natMode;
    const natAzs =
      natMode === "none" || natMode === "instance" ? [] : natMode === "single" ? [props.layout.public[0]] : props.layout.public;
    this.natGateways = natAzs.map((spec) => {
      const i = props.layout.public.indexOf(spec);
      const eip = new Eip(this, `NatEip-${spec.availabilityZone}`, { domain: "vpc", tags: name(`nat-${spec.availabilityZone}`) });
      return new NatGateway(this, `NatGateway-${spec.availabilityZone}`, {
        allocationId: eip.allocationId,
        subnetId: this.publicSubnets[i].id,
        connectivityType: "public",
        tags: name(`nat-${spec.availabilityZone}`),
        dependsOn: [igw],
      });
    });

    if (natMode === "instance") {
      this.natInstance = new NatInstance(this, "NatInstance", {
        namePrefix: props.namePrefix,
        vpcId,
        vpcCidr: props.cidr,
        subnetId: this.publicSubnets[0].id,
        instanceType: props.natInstanceType,
      });
    }

    this.privateRouteTables = props.layout.private.map((spec, i) => {
      const az = spec.availabilityZone;
      const table = new RouteTable(this, `PrivateRouteTable-${az}`, { vpcId, tags: name(`private-${az}`) });
      const nat = this.natGateways.length === 0 ? undefined : this.natGateways[Math.min(i, this.natGateways.length - 1)];
      if (nat)
        new Route(this, `PrivateDefaultRoute-${az}`, { routeTableId: table.id, destinationCidrBlock: "0.0.0.0/0", natGatewayId: nat.id });
      if (this.natInstance) {
        new Route(this, `PrivateDefaultRoute-${az}`, {
          routeTableId: table.id,
          destinationCidrBlock: "0.0.0.0/0",
          networkInterfaceId: this.natInstance.networkInterface.id,
        });
      }
      new RouteTableAssociation(this, `PrivateAssociation-${az}`, { subnetId: this.privateSubnets[i].id, routeTableId: table.id });
      return table;
    });

    this.isolatedRouteTable = new RouteTable(this, "IsolatedRouteTable", { vpcId, tags: name("isolated") });
    this.isolatedSubnets.forEach(
      (s, i) =>
        new RouteTableAssociation(this, `IsolatedAssociation-${props.layout.isolated[i].availabilityZone}`, {
          subnetId: s.id,
          routeTableId: this.isolatedRouteTable.id,
        }),
    );
  }
}

function capitalize(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1);
}
