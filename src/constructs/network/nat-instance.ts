import { Eip } from "@cdktf/provider-aws/lib/eip";
import { Instance } from "@cdktf/provider-aws/lib/instance";
import { LaunchTemplate } from "@cdktf/provider-aws/lib/launch-template";
import { NetworkInterface } from "@cdktf/provider-aws/lib/network-interface";
import { SecurityGroup } from "@cdktf/provider-aws/lib/security-group";
import { Construct } from "constructs";
import { suppress } from "../../rules/suppress";

export interface NatInstanceProps {
  /** Prefix of the Name tags, e.g. `road-warrior-dev`. */
  readonly namePrefix: string;
  readonly vpcId: string;
  /** The VPC's range: the only source the instance forwards for. */
  readonly vpcCidr: string;
  /** A public subnet (routed to the internet gateway). */
  readonly subnetId: string;
  /** Graviton types run the arm64 image, others x86_64. The environment file owns the default (`network.natInstanceType`). */
  readonly instanceType: string;
}

/** Amazon Linux 2023 through its public SSM parameter, resolved by EC2 at each launch (no API call at plan time). */
export function natImageParameter(instanceType: string): string {
  const arm = /^[a-z]+\d+g[a-z]*\./.test(instanceType);
  return `resolve:ssm:/aws/service/ami-amazon-linux-latest/al2023-ami-kernel-default-${arm ? "arm64" : "x86_64"}`;
}

/** Turns on forwarding and masquerades the VPC's traffic out of the instance's own interface; kept across reboots. */
export function natUserData(vpcCidr: string): string {
  return [
    "#!/bin/bash",
    "set -euo pipefail",
    "echo 'net.ipv4.ip_forward = 1' > /etc/sysctl.d/90-nat.conf",
    "sysctl --system",
    "dnf install -y nftables",
    "IFACE=$(ip -o -4 route show to default | awk '{print $5}')",
    "cat > /etc/sysconfig/nftables.conf <<EOF",
    "table ip nat {",
    "  chain postrouting {",
    "    type nat hook postrouting priority srcnat; policy accept;",
    `    ip saddr ${vpcCidr} oifname "$IFACE" masquerade`,
    "  }",
    "}",
    "EOF",
    "systemctl enable --now nftables",
    "",
  ].join("\n");
}

/**
 * One EC2 instance doing NAT for the private subnets: about a tenth of a NAT gateway's price, for
 * environments that can live with its limits: one AZ, the instance's bandwidth, and minutes of
 * outage while EC2 recovers or replaces it. Its network interface and Elastic IP are separate
 * resources, so the routes and the public address survive a replaced instance. IMDSv2 only,
 * encrypted root volume, no SSH key; Amazon Linux 2023 resolved from the public SSM parameter at
 * launch (replace the instance to patch it).
 */
export class NatInstance extends Construct {
  /** Where the private route tables send 0.0.0.0/0. */
  public readonly networkInterface: NetworkInterface;
  public readonly instance: Instance;

  constructor(scope: Construct, id: string, props: NatInstanceProps) {
    super(scope, id);
    const instanceType = props.instanceType;
    const name = `${props.namePrefix}-nat`;
    const securityGroup = new SecurityGroup(this, "SecurityGroup", {
      name,
      description: `NAT instance of ${props.namePrefix}: forwards traffic from the VPC to the internet`,
      vpcId: props.vpcId,
      ingress: [
        { description: "Traffic to forward, from the VPC only", protocol: "-1", fromPort: 0, toPort: 0, cidrBlocks: [props.vpcCidr] },
      ],
      egress: [
        {
          description: "Forwarded traffic and package updates, to the internet",
          protocol: "-1",
          fromPort: 0,
          toPort: 0,
          cidrBlocks: ["0.0.0.0/0"],
        },
      ],
      tags: { Name: name },
    });
    this.networkInterface = new NetworkInterface(this, "NetworkInterface", {
      subnetId: props.subnetId,
      securityGroups: [securityGroup.id],
      sourceDestCheck: false,
      description: `${name}: the NAT instance's interface, routed to by the private subnets`,
      tags: { Name: name },
    });
    new Eip(this, "Eip", { domain: "vpc", networkInterface: this.networkInterface.id, tags: { Name: name } });
    const template = new LaunchTemplate(this, "LaunchTemplate", {
      name,
      description: `NAT instance of ${props.namePrefix}`,
      imageId: natImageParameter(instanceType),
      instanceType,
      userData: Buffer.from(natUserData(props.vpcCidr)).toString("base64"),
      metadataOptions: { httpEndpoint: "enabled", httpTokens: "required", httpPutResponseHopLimit: 1, instanceMetadataTags: "disabled" },
      blockDeviceMappings: [
        { deviceName: "/dev/xvda", ebs: { volumeSize: 8, volumeType: "gp3", encrypted: "true", deleteOnTermination: "true" } },
      ],
      // Burstable types: no surplus-credit charges; a busy NAT is throttled rather than billed.
      creditSpecification: /^t\d/.test(instanceType) ? { cpuCredits: "standard" } : undefined,
      tagSpecifications: [
        { resourceType: "instance", tags: { Name: name } },
        { resourceType: "volume", tags: { Name: name } },
      ],
      tags: { Name: name },
    });
    suppress(template, "RW-EC2-4", "the NAT instance's root volume holds no data (the OS only): the account's EBS key encrypts it");
    this.instance = new Instance(this, "Instance", {
      launchTemplate: { id: template.id, version: "$Latest" },
      networkInterface: [{ networkInterfaceId: this.networkInterface.id, deviceIndex: 0 }],
      tags: { Name: name },
    });
  }
}
