/**
 * The production fixture environment's AWS stacks against the real Terraform CLI and AWS provider
 * 5.100.0, offline (support/terraform-plan.ts): `terraform plan` (which validates first) with
 * fake credentials of the stack's account answered by a local STS endpoint; dependent stacks read
 * stub states of their upstream stacks. Assertions read `terraform show -json`, i.e. what the
 * provider would send to AWS.
 */
import { stubValue } from "../../src/preview/offline-plan";
import { describeWithTerraform, environmentChecks, FIXTURE_STACKS, planFixtureStacks } from "../support/terraform-plan";

describeWithTerraform("real AWS provider, offline: prod", () => {
  const plans = planFixtureStacks(FIXTURE_STACKS.prod.stacks);
  const { after } = plans;

  environmentChecks("prod", plans);

  describe("bootstrap", () => {
    // Its trust names the OIDC provider this plan creates, unknown until apply: frontend/stacks.test.ts checks it synthesized.
    test("the front end's read role plans, with one-hour sessions", () => {
      const role = after("bootstrap-222222222222", "aws_iam_role").find((r) => r.name === "road-warrior-prod-ci-frontend");
      expect(role).toMatchObject({ max_session_duration: 3600 });
    });
  });

  describe("network", () => {
    test("no subnet maps public IPs; public and private subnets carry the load balancer tags", () => {
      const subnets = after("prod-network", "aws_subnet");
      expect(subnets).toHaveLength(9);
      expect(subnets.every((s) => s.map_public_ip_on_launch === false)).toBe(true);
      expect(subnets.filter((s) => s.tags["kubernetes.io/role/elb"] === "1")).toHaveLength(3);
      expect(subnets.filter((s) => s.tags["kubernetes.io/role/internal-elb"] === "1")).toHaveLength(3);
    });

    test("NAT is a gateway per availability zone", () => {
      expect(after("prod-network", "aws_nat_gateway")).toHaveLength(3);
    });

    test("flow logs go to a log group with retention and our key", () => {
      expect(after("prod-network", "aws_flow_log")[0]).toMatchObject({
        traffic_type: "ALL",
        log_destination_type: "cloud-watch-logs",
        max_aggregation_interval: 600,
      });
      expect(after("prod-network", "aws_cloudwatch_log_group")[0]).toMatchObject({
        name: "/road-warrior/prod/vpc-flow-logs",
        retention_in_days: 365,
      });
      expect(after("prod-network", "aws_kms_key")[0]).toMatchObject({ enable_key_rotation: true, deletion_window_in_days: 30 });
    });

    test("the private subnets and the nodes' security group carry Karpenter's discovery tag", () => {
      const tagged = after("prod-network", "aws_subnet").filter((s) => s.tags["karpenter.sh/discovery"] === "road-warrior-prod");
      expect(tagged.map((s) => s.tags.tier)).toEqual(["private", "private", "private"]);
      const group = after("prod-network", "aws_security_group").find((g) => g.name === "road-warrior-prod-nodes");
      expect(group.tags["karpenter.sh/discovery"]).toBe("road-warrior-prod");
    });
  });

  describe("data", () => {
    test("reads the VPC id of the network stack (here from its stub state)", () => {
      const vpcId = stubValue("cross-stack-output-aws_vpcVpcid", "eu-central-1", "222222222222");
      expect(after("prod-data", "aws_security_group")[0].vpc_id).toBe(vpcId);
    });

    test("Aurora: encrypted, IAM auth, RDS-managed password (none in the plan), protected in prod", () => {
      const [cluster] = after("prod-data", "aws_rds_cluster");
      expect(cluster).toMatchObject({
        engine: "aurora-postgresql",
        engine_version: "16.8",
        storage_encrypted: true,
        iam_database_authentication_enabled: true,
        manage_master_user_password: true,
        deletion_protection: true,
        skip_final_snapshot: false,
        backup_retention_period: 14,
        enabled_cloudwatch_logs_exports: ["postgresql"],
      });
      expect(cluster.master_password ?? null).toBeNull();
    });

    test("the database admits PostgreSQL from the nodes' security group of the network stack", () => {
      const nodes = stubValue("cross-stack-output-aws_security_groupNodeSecurityGroupid", "eu-central-1", "222222222222");
      expect(after("prod-data", "aws_vpc_security_group_ingress_rule")).toEqual([
        expect.objectContaining({ referenced_security_group_id: nodes, from_port: 5432, to_port: 5432, ip_protocol: "tcp" }),
      ]);
    });

    test("Aurora instances are not publicly accessible and have Performance Insights", () => {
      const instances = after("prod-data", "aws_rds_cluster_instance");
      expect(instances).toHaveLength(2);
      expect(instances.every((i) => i.publicly_accessible === false && i.performance_insights_enabled === true)).toBe(true);
    });

    test("AWS Backup: a vault with its own key, locked in compliance mode, a plan and a selection the provider accepts", () => {
      const [lock] = after("prod-data", "aws_backup_vault_lock_configuration");
      expect(lock).toMatchObject({
        backup_vault_name: "road-warrior-prod-backup",
        changeable_for_days: 3,
        min_retention_days: 7,
        max_retention_days: 3650,
      });
      expect(after("prod-data", "aws_backup_plan")[0].rule[0]).toMatchObject({
        rule_name: "daily",
        target_vault_name: "road-warrior-prod-backup",
        lifecycle: [expect.objectContaining({ delete_after: 35 })],
      });
      expect(after("prod-data", "aws_backup_selection")).toHaveLength(1);
    });

    test("buckets block public access; repositories are immutable and scanned", () => {
      for (const block of after("prod-data", "aws_s3_bucket_public_access_block")) {
        expect(block).toMatchObject({
          block_public_acls: true,
          block_public_policy: true,
          ignore_public_acls: true,
          restrict_public_buckets: true,
        });
      }
      for (const repo of after("prod-data", "aws_ecr_repository")) {
        expect(repo).toMatchObject({ image_tag_mutability: "IMMUTABLE", image_scanning_configuration: [{ scan_on_push: true }] });
      }
    });
  });

  describe("cluster", () => {
    test("EKS: pinned version, standard support, API access only, secrets encrypted, all log types", () => {
      const [cluster] = after("prod-cluster", "aws_eks_cluster");
      expect(cluster).toMatchObject({
        name: "road-warrior-prod",
        version: "1.36",
        upgrade_policy: [{ support_type: "STANDARD" }],
        access_config: [{ authentication_mode: "API", bootstrap_cluster_creator_admin_permissions: false }],
        enabled_cluster_log_types: ["api", "audit", "authenticator", "controllerManager", "scheduler"],
        bootstrap_self_managed_addons: false,
      });
      expect(cluster.encryption_config[0].resources).toEqual(["secrets"]);
      expect(cluster.vpc_config[0]).toMatchObject({ endpoint_private_access: true, endpoint_public_access: false });
    });

    test("nodes: IMDSv2 with hop limit 1, node repair, the private subnets of the network stack", () => {
      const [template] = after("prod-cluster", "aws_launch_template");
      expect(template.metadata_options[0]).toMatchObject({ http_tokens: "required", http_put_response_hop_limit: 1 });
      const [group] = after("prod-cluster", "aws_eks_node_group");
      expect(group.node_repair_config).toEqual([{ enabled: true }]);
      const privateSubnet = stubValue(
        "cross-stack-output-aws_subnetVpc_PrivateSubnet-eu-central-1a_66E846FEid",
        "eu-central-1",
        "222222222222",
      );
      expect(group.subnet_ids).toContain(privateSubnet);
    });

    test("add-ons are pinned and Pod Identity associations planned", () => {
      expect(
        after("prod-cluster", "aws_eks_addon")
          .map((a) => a.addon_version)
          .every((v: string) => /^v\d+\.\d+\.\d+-eksbuild\.\d+$/.test(v)),
      ).toBe(true);
      expect(
        after("prod-cluster", "aws_eks_pod_identity_association")
          .map((a) => a.service_account)
          .sort(),
      ).toEqual(["aws-load-balancer-controller", "karpenter"]);
    });
  });
});
