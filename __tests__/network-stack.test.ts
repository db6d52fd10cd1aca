import { DefaultSecurityGroup } from "@cdktf/provider-aws/lib/default-security-group";
import { FlowLog } from "@cdktf/provider-aws/lib/flow-log";
import { KmsKey } from "@cdktf/provider-aws/lib/kms-key";
import { Vpc } from "@cdktf/provider-aws/lib/vpc";
import { computeSubnetLayout } from "../src/config/subnet-layout";
import { builtIn } from "./support/environments";
import { natUserData } from "../src/constructs/network/nat-instance";
import { builtInStacks, resourceNamed, resourcesOf, stacksOf, synthOf } from "./support/stacks";

const dev = synthOf(builtInStacks().environments.dev.network);
const prod = synthOf(builtInStacks().environments.prod.network);
const values = (json: Record<string, any>, type: string) => Object.values(resourcesOf(json, type));

describe("network stack", () => {
  test("the VPC has the configured range and DNS for private endpoints", () => {
    expect(dev.text).toHaveResourceWithProperties(Vpc, {
      cidr_block: "10.10.0.0/16",
      enable_dns_hostnames: true,
      enable_dns_support: true,
    });
  });

  test.each([
    ["dev", dev, builtIn("dev")],
    ["prod", prod, builtIn("prod")],
  ])("%s: subnets follow the synth-time layout, one per tier and AZ", (_name, stack, config) => {
    const layout = computeSubnetLayout(config.network.vpcCidr, config.availabilityZones);
    const subnets = values(stack.json, "aws_subnet");
    const expected = [...layout.public, ...layout.private, ...layout.isolated]
      .map((s) => `${s.availabilityZone} ${s.cidr} ${s.tier}`)
      .sort();
    expect(subnets.map((s) => `${s.availability_zone} ${s.cidr_block} ${s.tags.tier}`).sort()).toEqual(expected);
  });

  test("no subnet assigns public IPs", () => {
    for (const subnet of [...values(dev.json, "aws_subnet"), ...values(prod.json, "aws_subnet")]) {
      expect(subnet.map_public_ip_on_launch).toBe(false);
    }
  });

  test("subnets carry the tags the AWS Load Balancer Controller discovers", () => {
    const subnets = values(dev.json, "aws_subnet");
    expect(subnets.filter((s) => s.tags.tier === "public").every((s) => s.tags["kubernetes.io/role/elb"] === "1")).toBe(true);
    expect(subnets.filter((s) => s.tags.tier === "private").every((s) => s.tags["kubernetes.io/role/internal-elb"] === "1")).toBe(true);
    expect(subnets.filter((s) => s.tags.tier === "isolated").some((s) => "kubernetes.io/role/elb" in s.tags)).toBe(false);
  });

  test("the default security group is managed with no rules", () => {
    expect(dev.text).toHaveResourceWithProperties(DefaultSecurityGroup, { ingress: [], egress: [] });
  });

  const withNat = (natMode: "none" | "instance" | "single" | "per-az") => {
    const config = builtIn("dev");
    const endpoints =
      natMode === "none"
        ? ["ecr.api", "ecr.dkr", "sts", "eks-auth", "ec2", "elasticloadbalancing", "logs", "secretsmanager", "ssm", "sqs"]
        : [];
    return synthOf(
      stacksOf([{ ...config, network: { ...config.network, natMode, interfaceEndpoints: endpoints as never } }]).environments.dev.network,
    ).json;
  };

  test("NAT follows the mode: an instance in dev, one gateway (single), one per AZ in prod (per-az), none without NAT", () => {
    expect(values(dev.json, "aws_nat_gateway")).toHaveLength(0);
    expect(values(dev.json, "aws_instance")).toHaveLength(1);
    expect(values(withNat("single"), "aws_nat_gateway")).toHaveLength(1);
    expect(values(withNat("single"), "aws_instance")).toHaveLength(0);
    expect(values(prod.json, "aws_nat_gateway")).toHaveLength(3);
    const prodRoutes = values(prod.json, "aws_route").filter((r) => r.nat_gateway_id);
    expect(new Set(prodRoutes.map((r) => r.nat_gateway_id)).size).toBe(3);
    const none = withNat("none");
    expect([...values(none, "aws_nat_gateway"), ...values(none, "aws_instance"), ...values(none, "aws_eip")]).toEqual([]);
    expect(values(none, "aws_route").filter((r) => r.destination_cidr_block === "0.0.0.0/0")).toHaveLength(1); // the public one only
  });

  test("private subnets route out through NAT, public through the internet gateway, isolated nowhere", () => {
    for (const [json, via] of [
      [dev.json, "network_interface_id"],
      [withNat("single"), "nat_gateway_id"],
    ] as const) {
      const routes = values(json, "aws_route");
      expect(routes.filter((r) => r.gateway_id?.includes("aws_internet_gateway"))).toHaveLength(1);
      expect(routes.filter((r) => r[via] && r.destination_cidr_block === "0.0.0.0/0")).toHaveLength(2);
      expect(routes.some((r) => r.route_table_id.includes("IsolatedRouteTable"))).toBe(false);
    }
  });

  test("NAT instance: forwards for the VPC only, keeps interface and address across replacement, IMDSv2, encrypted, no key pair", () => {
    const [eniName] = Object.keys(resourcesOf(dev.json, "aws_network_interface"));
    const eni = resourcesOf(dev.json, "aws_network_interface")[eniName];
    const eniId = `\${aws_network_interface.${eniName}.id}`;
    expect(eni).toMatchObject({ source_dest_check: false });
    expect(eni.subnet_id).toMatch(/PublicSubnet-eu-central-1a/);
    const [eip] = values(dev.json, "aws_eip");
    expect(eip).toMatchObject({ domain: "vpc", network_interface: eniId });
    const group = resourceNamed(dev.json, "aws_security_group", /NatInstance/);
    expect(group.ingress).toEqual([expect.objectContaining({ protocol: "-1", cidr_blocks: ["10.10.0.0/16"] })]);
    const template = resourceNamed(dev.json, "aws_launch_template", /NatInstance/);
    expect(template).toMatchObject({
      image_id: "resolve:ssm:/aws/service/ami-amazon-linux-latest/al2023-ami-kernel-default-arm64",
      instance_type: "t4g.nano",
      metadata_options: { http_tokens: "required", http_put_response_hop_limit: 1 },
      credit_specification: { cpu_credits: "standard" },
    });
    expect(template.block_device_mappings[0].ebs).toMatchObject({ encrypted: "true", volume_type: "gp3" });
    expect(template.key_name).toBeUndefined();
    expect(Buffer.from(template.user_data, "base64").toString()).toBe(natUserData("10.10.0.0/16"));
    expect(natUserData("10.10.0.0/16")).toMatch(/ip saddr 10\.10\.0\.0\/16 oifname "\$IFACE" masquerade/);
    const [instance] = values(dev.json, "aws_instance");
    expect(instance.network_interface).toEqual([{ device_index: 0, network_interface_id: eniId }]);
    expect(values(dev.json, "aws_route").filter((r) => r.network_interface_id === eniId)).toHaveLength(2);
    expect(instance.ami).toBeUndefined();
  });

  test("the S3 gateway endpoint serves the private route tables", () => {
    const s3 = resourceNamed(dev.json, "aws_vpc_endpoint", /S3/);
    expect(s3).toMatchObject({ service_name: "com.amazonaws.eu-central-1.s3", vpc_endpoint_type: "Gateway" });
    expect(s3.route_table_ids).toHaveLength(2);
  });

  test("interface endpoints only where configured, private DNS on, HTTPS from the VPC only", () => {
    expect(values(dev.json, "aws_vpc_endpoint").filter((e) => e.vpc_endpoint_type === "Interface")).toHaveLength(0);
    const endpoints = values(prod.json, "aws_vpc_endpoint").filter((e) => e.vpc_endpoint_type === "Interface");
    expect(endpoints.map((e) => e.service_name).sort()).toEqual(
      ["ecr.api", "ecr.dkr", "logs", "sts"].map((s) => `com.amazonaws.eu-central-1.${s}`),
    );
    expect(endpoints.every((e) => e.private_dns_enabled === true)).toBe(true);
    const group = resourceNamed(prod.json, "aws_security_group", /Endpoints/);
    expect(group.ingress).toEqual([
      expect.objectContaining({ from_port: 443, to_port: 443, protocol: "tcp", cidr_blocks: ["10.20.0.0/16"] }),
    ]);
  });

  test("flow logs record the configured traffic into an encrypted log group with retention", () => {
    expect(dev.text).toHaveResourceWithProperties(FlowLog, { traffic_type: "REJECT", log_destination_type: "cloud-watch-logs" });
    expect(prod.text).toHaveResourceWithProperties(FlowLog, { traffic_type: "ALL" });
    const group = resourceNamed(dev.json, "aws_cloudwatch_log_group", /FlowLogs/);
    expect(group).toMatchObject({ name: "/road-warrior/dev/vpc-flow-logs", retention_in_days: 30 });
    expect(group.kms_key_id).toMatch(/aws_kms_key\.LogsKey/);
  });

  test("only the flow log service of this account can assume the flow log role", () => {
    const trust = Object.entries(dev.json.data.aws_iam_policy_document).find(([k]) => k.startsWith("FlowLogs_TrustPolicy"))![1] as any;
    expect(trust.statement).toEqual([
      expect.objectContaining({
        actions: ["sts:AssumeRole"],
        principals: [{ type: "Service", identifiers: ["vpc-flow-logs.amazonaws.com"] }],
        condition: expect.arrayContaining([{ test: "StringEquals", variable: "aws:SourceAccount", values: ["111111111111"] }]),
      }),
    ]);
  });

  test("the logs key rotates, keeps the account root and lets CloudWatch Logs use it for this account's log groups only", () => {
    expect(dev.text).toHaveResourceWithProperties(KmsKey, { enable_key_rotation: true, deletion_window_in_days: 7 });
    const policy = Object.entries(dev.json.data.aws_iam_policy_document).find(([k]) => k.startsWith("LogsKey"))![1] as any;
    // The deny statements that guard the key against destruction are tested in ci-roles.test.ts.
    expect(policy.statement.filter((s: any) => s.effect !== "Deny")).toEqual([
      expect.objectContaining({
        actions: ["kms:*"],
        principals: [{ type: "AWS", identifiers: ["arn:${data.aws_partition.partition.partition}:iam::111111111111:root"] }],
      }),
      expect.objectContaining({
        principals: [{ type: "Service", identifiers: ["logs.eu-central-1.amazonaws.com"] }],
        condition: [expect.objectContaining({ variable: "kms:EncryptionContext:aws:logs:arn" })],
      }),
    ]);
  });
});
