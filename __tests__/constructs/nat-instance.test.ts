import { NatInstance, natImageParameter, natUserData } from "../../src/constructs/network/nat-instance";
import { Json, one, synthConstruct } from "../support/constructs";

function nat(instanceType: string): Json {
  return synthConstruct((scope) => {
    new NatInstance(scope, "Nat", {
      namePrefix: "rw-dev",
      vpcId: "vpc-1",
      vpcCidr: "10.10.0.0/16",
      subnetId: "subnet-public-a",
      instanceType,
    });
  });
}

describe("NatInstance", () => {
  const json = nat("t4g.nano");
  const template = one(json, "aws_launch_template");

  test("IMDSv2 only with a hop limit of 1, no SSH key, an encrypted gp3 root volume", () => {
    expect(template.metadata_options).toEqual({
      http_endpoint: "enabled",
      http_tokens: "required",
      http_put_response_hop_limit: 1,
      instance_metadata_tags: "disabled",
    });
    expect(template.key_name).toBeUndefined();
    expect(template.block_device_mappings).toEqual([
      { device_name: "/dev/xvda", ebs: { volume_size: 8, volume_type: "gp3", encrypted: "true", delete_on_termination: "true" } },
    ]);
  });

  test("the instance type it is given, and the image of its architecture (Graviton: arm64), resolved by EC2 at launch", () => {
    expect(template.instance_type).toBe("t4g.nano");
    expect(template.image_id).toBe("resolve:ssm:/aws/service/ami-amazon-linux-latest/al2023-ami-kernel-default-arm64");
    expect(one(nat("t3.nano"), "aws_launch_template").image_id).toMatch(/-x86_64$/);
    expect(natImageParameter("c7g.medium")).toMatch(/-arm64$/);
    expect(natImageParameter("c7i.large")).toMatch(/-x86_64$/);
  });

  test("cost: burstable types run in standard credit mode (no surplus-credit charges); other types have no credit setting", () => {
    expect(template.credit_specification).toEqual({ cpu_credits: "standard" });
    expect(one(nat("c7g.medium"), "aws_launch_template").credit_specification).toBeUndefined();
  });

  test("forwards for the VPC only: ingress from the VPC range, masquerade of the VPC range only", () => {
    const group = one(json, "aws_security_group");
    expect(group.ingress).toEqual([expect.objectContaining({ protocol: "-1", cidr_blocks: ["10.10.0.0/16"] })]);
    expect(group.vpc_id).toBe("vpc-1");
    const userData = Buffer.from(template.user_data, "base64").toString("utf8");
    expect(userData).toBe(natUserData("10.10.0.0/16"));
    expect(userData).toContain("ip saddr 10.10.0.0/16 oifname");
    expect(userData).toContain("net.ipv4.ip_forward = 1");
  });

  test("its own network interface (source/dest check off) in the public subnet, with the Elastic IP on the interface", () => {
    const eni = one(json, "aws_network_interface");
    expect(eni).toMatchObject({ subnet_id: "subnet-public-a", source_dest_check: false });
    expect(one(json, "aws_eip")).toMatchObject({ domain: "vpc", network_interface: expect.stringMatching(/^\$\{aws_network_interface\./) });
    const instance = one(json, "aws_instance");
    expect(instance.network_interface).toEqual([
      { network_interface_id: expect.stringMatching(/aws_network_interface\./), device_index: 0 },
    ]);
    expect(instance.associate_public_ip_address).toBeUndefined();
  });
});
