/**
 * The non-production fixture environment's AWS stacks against the real Terraform CLI and AWS
 * provider 5.100.0, offline (support/terraform-plan.ts): `terraform validate`, and `terraform
 * plan` with fake credentials of the stack's account answered by a local STS endpoint, so that
 * `allowed_account_ids` is checked exactly as on AWS. Assertions read `terraform show -json`,
 * i.e. what the provider would send to AWS.
 */
import { describeWithTerraform, environmentChecks, FIXTURE_STACKS, planFixtureStacks } from "../support/terraform-plan";

describeWithTerraform("real AWS provider, offline: dev", () => {
  const plans = planFixtureStacks(FIXTURE_STACKS.dev.stacks);
  const { after } = plans;

  environmentChecks("dev", plans);

  describe("network", () => {
    test("provider default tags reach every resource's tags_all", () => {
      const [vpc] = after("dev-network", "aws_vpc");
      expect(vpc.tags_all).toMatchObject({ project: "road-warrior", environment: "dev", stack: "dev-network", "managed-by": "cdktf" });
    });

    test("the default security group is emptied and NAT is one instance, not gateways", () => {
      expect(after("dev-network", "aws_default_security_group")[0]).toMatchObject({ ingress: [], egress: [] });
      expect(after("dev-network", "aws_nat_gateway")).toHaveLength(0);
      expect(after("dev-network", "aws_instance")).toHaveLength(1);
    });
  });

  describe("data", () => {
    test("Aurora: dev scales to zero and pauses", () => {
      expect(after("dev-data", "aws_rds_cluster")[0].serverlessv2_scaling_configuration).toEqual([
        { min_capacity: 0, max_capacity: 4, seconds_until_auto_pause: 900 },
      ]);
    });

    test("AWS Backup: no vault outside production", () => {
      expect(after("dev-data", "aws_backup_vault")).toHaveLength(0);
    });
  });
});
