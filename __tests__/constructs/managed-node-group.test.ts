import { TerraformStack, Testing } from "cdktf";
import { NodeGroupConfig } from "../../src/config/schema";
import { ManagedNodeGroup, ManagedNodeGroupProps } from "../../src/constructs/cluster/managed-node-group";
import { suppressionsOf } from "../../src/rules/suppress";
import { Json, one, synthConstruct } from "../support/constructs";

const GROUP: NodeGroupConfig = {
  name: "system",
  architecture: "arm64",
  capacityType: "ON_DEMAND",
  instanceTypes: ["m7g.large"],
  minSize: 2,
  desiredSize: 3,
  maxSize: 5,
  diskSizeGib: 40,
  maxUnavailablePercentage: 33,
  labels: {},
  taints: [],
};

function props(group: Partial<NodeGroupConfig> = {}): ManagedNodeGroupProps {
  return {
    clusterName: "rw-dev",
    kubernetesVersion: "1.33",
    nodeRoleArn: "arn:aws:iam::111111111111:role/rw-dev-nodes",
    subnetIds: ["subnet-a", "subnet-b"],
    securityGroupIds: ["sg-cluster", "sg-nodes"],
    namePrefix: "rw-dev",
    group: { ...GROUP, ...group },
  };
}
function nodeGroup(group: Partial<NodeGroupConfig> = {}): Json {
  return synthConstruct((scope) => {
    new ManagedNodeGroup(scope, "Nodes", props(group));
  });
}

describe("ManagedNodeGroup", () => {
  const json = nodeGroup();
  const template = one(json, "aws_launch_template");
  const group = one(json, "aws_eks_node_group");

  test("pods cannot reach the node's credentials: IMDSv2 only, hop limit 1", () => {
    expect(template.metadata_options).toEqual({
      http_endpoint: "enabled",
      http_tokens: "required",
      http_put_response_hop_limit: 1,
      instance_metadata_tags: "disabled",
    });
  });

  test("an encrypted gp3 root volume of the group's size; no public IP; the cluster and node security groups", () => {
    expect(one(nodeGroup({ diskSizeGib: 80 }), "aws_launch_template").block_device_mappings).toEqual([
      { device_name: "/dev/xvda", ebs: { volume_size: 80, volume_type: "gp3", encrypted: "true", delete_on_termination: "true" } },
    ]);
    expect(template.network_interfaces).toEqual([
      { associate_public_ip_address: "false", delete_on_termination: "true", security_groups: ["sg-cluster", "sg-nodes"] },
    ]);
    expect(template.name).toBe("rw-dev-system");
  });

  test.each([
    ["arm64", "AL2023_ARM_64_STANDARD"],
    ["x86_64", "AL2023_x86_64_STANDARD"],
  ] as const)("%s nodes run %s", (architecture, amiType) => {
    expect(one(nodeGroup({ architecture }), "aws_eks_node_group").ami_type).toBe(amiType);
  });

  test("the group's sizes, capacity type and instance types; rolling updates; automatic node repair", () => {
    expect(group).toMatchObject({
      cluster_name: "rw-dev",
      node_group_name: "system",
      version: "1.33",
      capacity_type: "ON_DEMAND",
      instance_types: ["m7g.large"],
      scaling_config: { min_size: 2, desired_size: 3, max_size: 5 },
      update_config: { max_unavailable_percentage: 33 },
      node_repair_config: { enabled: true },
      subnet_ids: ["subnet-a", "subnet-b"],
    });
    expect(one(nodeGroup({ capacityType: "SPOT" }), "aws_eks_node_group").capacity_type).toBe("SPOT");
  });

  test("always the launch template's latest version, so a template change rolls the nodes", () => {
    expect(group.launch_template).toEqual({
      id: expect.stringMatching(/^\$\{aws_launch_template\.\w+\.id\}$/),
      version: expect.stringMatching(/^\$\{aws_launch_template\.\w+\.latest_version\}$/),
    });
  });

  test("labels only when there are some; taints as given", () => {
    expect(group.labels).toBeUndefined();
    const labelled = one(
      nodeGroup({ labels: { role: "system" }, taints: [{ key: "dedicated", value: "system", effect: "NO_SCHEDULE" }] }),
      "aws_eks_node_group",
    );
    expect(labelled.labels).toEqual({ role: "system" });
    expect(labelled.taint).toEqual([{ key: "dedicated", value: "system", effect: "NO_SCHEDULE" }]);
  });

  test("the customer-key rule on root volumes is suppressed with its reason (the account's EBS key encrypts them)", () => {
    const stack = new TerraformStack(Testing.app(), "test");
    new ManagedNodeGroup(stack, "Nodes", props());
    const suppressed = suppressionsOf(one(stack.toTerraform(), "aws_launch_template"));
    expect(suppressed.map((s) => s.rule)).toEqual(["RW-EC2-4"]);
    expect(suppressed[0].reason).toMatch(/service-linked role/);
  });
});
