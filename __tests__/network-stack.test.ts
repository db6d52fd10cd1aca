import { FlowLog } from "@cdktf/provider-aws/lib/flow-log";
import { KmsKey } from "@cdktf/provider-aws/lib/kms-key";
import { Vpc } from "@cdktf/provider-aws/lib/vpc";
import { computeSubnetLayout } from "../src/config/subnet-layout";
import { builtIn } from "./support/environments";
import { natUserData } from "../src/constructs/network/nat-instance";
import { builtInStacks, resourceNamed, resourcesOf, synthOf } from "./support/stacks";

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

  // What each NAT mode builds (gateways, instance, routes) is the Vpc construct's (constructs/vpc.test.ts); here, that the
  // environment's mode reaches it.
  test("NAT follows the environment's mode: an instance in dev, one gateway per AZ in prod (per-az)", () => {
    expect(values(dev.json, "aws_nat_gateway")).toHaveLength(0);
    expect(values(dev.json, "aws_instance")).toHaveLength(1);
    expect(values(prod.json, "aws_nat_gateway")).toHaveLength(3);
    const prodRoutes = values(prod.json, "aws_route").filter((r) => r.nat_gateway_id);
    expect(new Set(prodRoutes.map((r) => r.nat_gateway_id)).size).toBe(3);
  });

  // IMDSv2, the key, the disk, credits, the image, the interface and the Elastic IP are the construct's (constructs/nat-instance.test.ts);
  // here, that dev's range, type and first public subnet reach it and the private routes use its interface.
  test("NAT instance: forwards for dev's VPC range, the configured type, in the first public subnet, the private routes through it", () => {
    const [eniName] = Object.keys(resourcesOf(dev.json, "aws_network_interface"));
    const eni = resourcesOf(dev.json, "aws_network_interface")[eniName];
    const eniId = `\${aws_network_interface.${eniName}.id}`;
    expect(eni.subnet_id).toMatch(/PublicSubnet-eu-central-1a/);
    const group = resourceNamed(dev.json, "aws_security_group", /NatInstance/);
    expect(group.ingress).toEqual([expect.objectContaining({ protocol: "-1", cidr_blocks: ["10.10.0.0/16"] })]);
    const template = resourceNamed(dev.json, "aws_launch_template", /NatInstance/);
    expect(template.instance_type).toBe("t4g.nano");
    expect(Buffer.from(template.user_data, "base64").toString()).toBe(natUserData("10.10.0.0/16"));
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
