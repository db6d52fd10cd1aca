import { SecurityGroup } from "@cdktf/provider-aws/lib/security-group";
import { VpcEndpoint } from "@cdktf/provider-aws/lib/vpc-endpoint";
import { Construct } from "constructs";

export interface VpcEndpointsProps {
  readonly namePrefix: string;
  readonly region: string;
  readonly vpcId: string;
  readonly vpcCidr: string;
  /** Route tables that get the S3 gateway endpoint (free; keeps image layers and S3 traffic off NAT). */
  readonly gatewayRouteTableIds: string[];
  /** Subnets for interface endpoints (one network interface per AZ). */
  readonly interfaceSubnetIds: string[];
  /**
   * Interface endpoint services, e.g. `ecr.api` (each costs about $7/month per AZ); empty: only the S3
   * gateway endpoint. The environment file owns the default (`network.interfaceEndpoints`).
   */
  readonly interfaceServices: readonly string[];
}

/** The S3 gateway endpoint, and interface endpoints with private DNS behind one HTTPS-only security group. */
export class VpcEndpoints extends Construct {
  public readonly s3: VpcEndpoint;
  public readonly interfaceEndpoints: VpcEndpoint[];

  constructor(scope: Construct, id: string, props: VpcEndpointsProps) {
    super(scope, id);
    this.s3 = new VpcEndpoint(this, "S3", {
      vpcId: props.vpcId,
      serviceName: `com.amazonaws.${props.region}.s3`,
      vpcEndpointType: "Gateway",
      routeTableIds: props.gatewayRouteTableIds,
      tags: { Name: `${props.namePrefix}-s3` },
    });

    const services = props.interfaceServices;
    if (services.length === 0) {
      this.interfaceEndpoints = [];
      return;
    }
    const securityGroup = new SecurityGroup(this, "SecurityGroup", {
      name: `${props.namePrefix}-vpc-endpoints`,
      description: "HTTPS from inside the VPC to the interface VPC endpoints",
      vpcId: props.vpcId,
      ingress: [{ description: "HTTPS from the VPC", protocol: "tcp", fromPort: 443, toPort: 443, cidrBlocks: [props.vpcCidr] }],
      egress: [],
      tags: { Name: `${props.namePrefix}-vpc-endpoints` },
    });
    this.interfaceEndpoints = services.map(
      (service) =>
        new VpcEndpoint(this, `Interface-${service}`, {
          vpcId: props.vpcId,
          serviceName: `com.amazonaws.${props.region}.${service}`,
          vpcEndpointType: "Interface",
          privateDnsEnabled: true,
          subnetIds: props.interfaceSubnetIds,
          securityGroupIds: [securityGroup.id],
          tags: { Name: `${props.namePrefix}-${service}` },
        }),
    );
  }
}
