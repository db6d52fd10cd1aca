/**
 * The synthesized stacks against the real Terraform CLI and AWS provider 5.100.0, offline:
 * `terraform init` from the local mirror, `terraform validate`, and `terraform plan` with fake
 * credentials of the stack's account, answered by a local STS endpoint on 127.0.0.1 so that
 * `allowed_account_ids` is checked exactly as on AWS; dependent stacks read stub states of their
 * upstream stacks. Assertions read `terraform show -json`, i.e. what the provider would send to AWS.
 */
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { synthesize } from "../src/synth";
import { ENVIRONMENTS_DIR } from "./support/environments";
import {
  changesOf,
  initOffline,
  PlannedStack,
  planInitialized,
  planOffline,
  startStsEndpoint,
  StsEndpoint,
  stopRunningTerraform,
  stubValue,
  TerraformError,
  terraformUnavailable,
} from "../src/preview/offline-plan";
import { AWS_PROVIDER_VERSION } from "../src/config/versions";

const unavailable = terraformUnavailable();
if (unavailable) {
  // Loud on purpose: a green run without these tests proves much less.
  console.warn(`\n*** SKIPPING the real-provider tests: ${unavailable}. ***\n`);
}
const describeWithTerraform = unavailable ? describe.skip : describe;

const AWS_STACKS = [
  "bootstrap-111111111111",
  "bootstrap-222222222222",
  "dev-network",
  "dev-data",
  "dev-cluster",
  "prod-network",
  "prod-data",
  "prod-cluster",
];
const work = fs.mkdtempSync(path.join(os.tmpdir(), "rw-terraform-"));
const outdir = path.join(work, "cdktf.out");
const planned: Record<string, PlannedStack> = {};
let sts: StsEndpoint;

function plan(stack: string): PlannedStack {
  if (!planned[stack]) throw new Error(`${stack} was not planned`);
  return planned[stack];
}
const after = (stack: string, type: string) => changesOf(plan(stack).plan, type).map((c) => c.change.after);

jest.setTimeout(120_000);

describeWithTerraform("real AWS provider, offline", () => {
  beforeAll(async () => {
    expect(synthesize({ environmentsDir: ENVIRONMENTS_DIR, outdir, log: { log: () => undefined, error: console.error } })).toBe(0);
    sts = await startStsEndpoint();
    const dirs = await initOffline(
      AWS_STACKS.map((stack) => path.join(outdir, "stacks", stack, "cdk.tf.json")),
      path.join(work, "plans"),
      sts,
    );
    // Two at a time: the machines have two cores.
    const queue = AWS_STACKS.map((stack, i) => [stack, dirs[i]]);
    const worker = async () => {
      for (let next = queue.shift(); next; next = queue.shift()) planned[next[0]] = await planInitialized(next[1]);
    };
    await Promise.all([worker(), worker()]);
    // A generous ceiling only against a hung Terraform (the machines are shared); not a speed assertion.
  }, 1_200_000);
  afterAll(async () => {
    // A test that ended early (a timeout) must not leave Terraform running: the worker could not exit.
    await stopRunningTerraform();
    await sts?.stop();
    fs.rmSync(work, { recursive: true, force: true });
  });

  describe("account pinning (allowed_account_ids) is kept and checked through the local STS endpoint", () => {
    test("the planned copies keep allowed_account_ids and set no credentials or skip flags", () => {
      for (const stack of AWS_STACKS) {
        const copy = JSON.parse(fs.readFileSync(path.join(plan(stack).dir, "cdk.tf.json"), "utf8"));
        for (const provider of copy.provider.aws) {
          expect(provider.allowed_account_ids).toEqual([expect.stringMatching(/^\d{12}$/)]);
          expect(provider.endpoints).toEqual([{ sts: sts.url, iam: sts.url }]);
          for (const flag of ["access_key", "secret_key", "skip_credentials_validation", "skip_requesting_account_id"])
            expect(provider).not.toHaveProperty(flag);
        }
      }
      expect(sts.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    });

    test("every provider block asked STS who it is: each stack with its own account's credentials", () => {
      const identities = sts.calls.filter((c) => c.action === "GetCallerIdentity");
      expect(identities.length).toBeGreaterThanOrEqual(AWS_STACKS.length);
      expect(identities.every((c) => c.status === 200)).toBe(true);
      expect(new Set(identities.map((c) => c.callerAccount))).toEqual(new Set(["111111111111", "222222222222"]));
    });

    test("a stack planned with another account's credentials fails as on AWS: AWS account ID not allowed", async () => {
      const failure = planOffline(path.join(outdir, "stacks", "dev-network", "cdk.tf.json"), path.join(work, "plans-wrong-account"), sts, {
        callerAccount: "222222222222",
      });
      await expect(failure).rejects.toThrow(TerraformError);
      await expect(failure).rejects.toThrow(/AWS account ID not allowed: 222222222222/);
      // A generous ceiling only against a hung Terraform (init and plan on shared machines); not a speed assertion.
    }, 900_000);

    test("one stack with providers of two accounts (the former single bootstrap) fails for the account the caller is not in", async () => {
      const stack = {
        terraform: {
          required_providers: { aws: { source: "hashicorp/aws", version: AWS_PROVIDER_VERSION } },
          backend: { local: { path: "x.tfstate" } },
        },
        provider: {
          aws: ["111111111111", "222222222222"].map((account) => ({
            alias: `account_${account}`,
            region: "eu-central-1",
            allowed_account_ids: [account],
          })),
        },
        resource: {
          aws_s3_bucket: Object.fromEntries(
            ["111111111111", "222222222222"].map((account) => [
              `State-${account}`,
              { bucket: `road-warrior-tfstate-${account}`, provider: `aws.account_${account}` },
            ]),
          ),
        },
      };
      const file = path.join(work, "two-accounts", "stack", "cdk.tf.json");
      fs.mkdirSync(path.dirname(file), { recursive: true });
      fs.writeFileSync(file, JSON.stringify(stack));
      await expect(planOffline(file, path.join(work, "plans-two-accounts"), sts, { callerAccount: "111111111111" })).rejects.toThrow(
        /AWS account ID not allowed: 111111111111/,
      );
    }, 900_000);
  });

  test("every stack but the apps stacks is AWS-only, and all of those are planned here", () => {
    const stacks = fs.readdirSync(path.join(outdir, "stacks"));
    const awsOnly = stacks.filter((stack) => {
      const json = JSON.parse(fs.readFileSync(path.join(outdir, "stacks", stack, "cdk.tf.json"), "utf8"));
      return Object.keys(json.terraform.required_providers).join() === "aws";
    });
    expect(awsOnly.sort()).toEqual([...AWS_STACKS].sort());
    expect(stacks.filter((s) => !awsOnly.includes(s)).sort()).toEqual(["dev-apps", "prod-apps"]);
  });

  test.each(AWS_STACKS)("%s: terraform validate passes with no diagnostics", (stack) => {
    const { validation } = plan(stack);
    expect(validation.diagnostics).toEqual([]);
    expect(validation.valid).toBe(true);
  });

  test.each(AWS_STACKS)("%s: the offline plan only creates resources", (stack) => {
    const changes = (plan(stack).plan.resource_changes as { address: string; mode: string; change: { actions: string[] } }[]).filter(
      (c) => c.mode === "managed",
    );
    expect(changes.length).toBeGreaterThan(10);
    expect(changes.filter((c) => c.change.actions.join() !== "create").map((c) => c.address)).toEqual([]);
  });

  describe("network", () => {
    test("no subnet maps public IPs; public and private subnets carry the load balancer tags", () => {
      const subnets = after("prod-network", "aws_subnet");
      expect(subnets).toHaveLength(9);
      expect(subnets.every((s) => s.map_public_ip_on_launch === false)).toBe(true);
      expect(subnets.filter((s) => s.tags["kubernetes.io/role/elb"] === "1")).toHaveLength(3);
      expect(subnets.filter((s) => s.tags["kubernetes.io/role/internal-elb"] === "1")).toHaveLength(3);
    });

    test("provider default tags reach every resource's tags_all", () => {
      const [vpc] = after("dev-network", "aws_vpc");
      expect(vpc.tags_all).toMatchObject({ project: "road-warrior", environment: "dev", stack: "dev-network", "managed-by": "cdktf" });
    });

    test("the default security group is emptied and NAT follows the mode", () => {
      expect(after("dev-network", "aws_default_security_group")[0]).toMatchObject({ ingress: [], egress: [] });
      expect(after("dev-network", "aws_nat_gateway")).toHaveLength(0);
      expect(after("dev-network", "aws_instance")).toHaveLength(1);
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

    test("Aurora: dev scales to zero and pauses", () => {
      expect(after("dev-data", "aws_rds_cluster")[0].serverlessv2_scaling_configuration).toEqual([
        { min_capacity: 0, max_capacity: 4, seconds_until_auto_pause: 900 },
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
      expect(after("dev-data", "aws_backup_vault")).toHaveLength(0);
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

  describe("karpenter", () => {
    test.each(["dev", "prod"])(
      "%s: the interruption queue with SSE and five-minute retention, its policy, and five EventBridge rules targeting it",
      (env) => {
        expect(after(`${env}-cluster`, "aws_sqs_queue")).toEqual([
          expect.objectContaining({ name: `road-warrior-${env}-karpenter`, sqs_managed_sse_enabled: true, message_retention_seconds: 300 }),
        ]);
        expect(after(`${env}-cluster`, "aws_sqs_queue_policy")).toHaveLength(1);
        const rules = after(`${env}-cluster`, "aws_cloudwatch_event_rule");
        expect(rules.map((r) => JSON.parse(r.event_pattern)["detail-type"][0]).sort()).toEqual([
          "AWS Health Event",
          "EC2 Capacity Reservation Instance Interruption Warning",
          "EC2 Instance Rebalance Recommendation",
          "EC2 Instance State-change Notification",
          "EC2 Spot Instance Interruption Warning",
        ]);
        expect(rules.every((r) => r.name.length <= 64)).toBe(true);
        expect(after(`${env}-cluster`, "aws_cloudwatch_event_target")).toHaveLength(5);
      },
    );

    test.each(["dev", "prod"])("%s: the controller and node roles, the nodes' instance profile and their EC2_LINUX access entry", (env) => {
      expect(after(`${env}-cluster`, "aws_iam_role").map((r) => r.name)).toEqual(
        expect.arrayContaining([`road-warrior-${env}.karpenter`, `road-warrior-${env}.karpenter-nodes`]),
      );
      expect(after(`${env}-cluster`, "aws_iam_instance_profile")).toEqual([
        expect.objectContaining({ name: `road-warrior-${env}.karpenter-nodes`, role: `road-warrior-${env}.karpenter-nodes` }),
      ]);
      expect(after(`${env}-cluster`, "aws_eks_access_entry").filter((e) => e.type === "EC2_LINUX")).toHaveLength(1);
    });

    test("the private subnets and the nodes' security group carry the discovery tag", () => {
      const tagged = after("prod-network", "aws_subnet").filter((s) => s.tags["karpenter.sh/discovery"] === "road-warrior-prod");
      expect(tagged.map((s) => s.tags.tier)).toEqual(["private", "private", "private"]);
      const group = after("prod-network", "aws_security_group").find((g) => g.name === "road-warrior-prod-nodes");
      expect(group.tags["karpenter.sh/discovery"]).toBe("road-warrior-prod");
    });
  });

  describe("sign-in variant (environment with Cognito on a path)", () => {
    test("the cluster stack of an environment whose API asks for sign-in validates and plans", async () => {
      const envs = path.join(work, "signin-envs");
      fs.mkdirSync(envs, { recursive: true });
      const prod = fs.readFileSync(path.join(ENVIRONMENTS_DIR, "prod.yaml"), "utf8");
      const qa = prod
        .replace(/^name: prod$/m, "name: qa")
        .replace("10.20.0.0/16", "10.30.0.0/16")
        .replace("    databaseUser: trips_api", "    databaseUser: trips_api\n    authenticate: true");
      fs.writeFileSync(path.join(envs, "qa.yaml"), qa);
      const qaOut = path.join(work, "qa.out");
      expect(synthesize({ environmentsDir: envs, outdir: qaOut, log: { log: () => undefined, error: console.error } })).toBe(0);
      const { validation, plan: qaPlan } = await planOffline(
        path.join(qaOut, "stacks", "qa-cluster", "cdk.tf.json"),
        path.join(work, "plans-qa"),
        sts,
      );
      expect(validation.diagnostics).toEqual([]);
      expect(changesOf(qaPlan, "aws_cognito_user_pool")[0].change.after).toMatchObject({
        deletion_protection: "ACTIVE",
        mfa_configuration: "OPTIONAL",
      });
      expect(changesOf(qaPlan, "aws_wafv2_web_acl")[0].change.after.rule).toHaveLength(5);
      // A generous ceiling only against a hung Terraform (the machines are shared); not a speed assertion.
    }, 900_000);
  });

  describe("private variant (natMode none: no NAT, interface endpoints, ECR Public through the pull-through cache)", () => {
    test("network and cluster stacks validate and plan, with the cache rule and the nodes' permission to import through it", async () => {
      const envs = path.join(work, "isolated-envs");
      fs.mkdirSync(envs, { recursive: true });
      fs.copyFileSync(path.join(__dirname, "fixtures", "isolated", "isolated.yaml"), path.join(envs, "isolated.yaml"));
      const out = path.join(work, "isolated.out");
      expect(synthesize({ environmentsDir: envs, outdir: out, log: { log: () => undefined, error: console.error } })).toBe(0);
      const planOf = async (stack: string) => {
        const { validation, plan: stackPlan } = await planOffline(
          path.join(out, "stacks", stack, "cdk.tf.json"),
          path.join(work, `plans-${stack}`),
          sts,
        );
        expect(validation.diagnostics).toEqual([]);
        return stackPlan;
      };
      const network = await planOf("isolated-network");
      expect(changesOf(network, "aws_nat_gateway")).toHaveLength(0);
      expect(changesOf(network, "aws_instance")).toHaveLength(0);
      const cluster = await planOf("isolated-cluster");
      expect(changesOf(cluster, "aws_ecr_pull_through_cache_rule").map((c) => c.change.after)).toEqual([
        expect.objectContaining({ ecr_repository_prefix: "ecr-public", upstream_registry_url: "public.ecr.aws", credential_arn: null }),
      ]);
      const [policy] = changesOf(cluster, "aws_iam_role_policy").map((c) => c.change.after);
      expect(policy.role).toBe("road-warrior-isolated.nodes");
      expect(JSON.parse(policy.policy).Statement).toEqual([
        expect.objectContaining({
          Effect: "Allow",
          Action: ["ecr:CreateRepository", "ecr:BatchImportUpstreamImage"],
          Resource: "arn:aws:ecr:eu-west-1:444444444444:repository/ecr-public/*",
        }),
      ]);
      // Two stacks planned one after the other: a generous ceiling against a hung Terraform, not a speed check.
    }, 1_200_000);
  });

  describe("bootstrap", () => {
    test("each account's stack plans the GitHub OIDC provider and the CI roles of its environments", () => {
      for (const [account, env] of [
        ["111111111111", "dev"],
        ["222222222222", "prod"],
      ]) {
        const stack = plan(`bootstrap-${account}`).plan;
        expect(changesOf(stack, "aws_iam_openid_connect_provider").map((c) => c.change.after.url)).toEqual([
          "https://token.actions.githubusercontent.com",
        ]);
        expect(
          changesOf(stack, "aws_iam_role")
            .map((c) => c.change.after.name)
            .sort(),
        ).toEqual([`road-warrior-${env}-ci-deploy`, `road-warrior-${env}-ci-imagepush`, `road-warrior-${env}-ci-plan`]);
      }
    });

    test("each account's stack plans its own state bucket through a provider pinned to that account", () => {
      for (const account of ["111111111111", "222222222222"]) {
        const stack = plan(`bootstrap-${account}`).plan;
        expect(
          changesOf(stack, "aws_s3_bucket")
            .map((c) => c.change.after.bucket)
            .sort(),
        ).toEqual([`road-warrior-tfstate-${account}`, `road-warrior-tfstate-${account}-logs`]);
        const keys = stack.configuration.root_module.resources
          .filter((r: any) => r.type === "aws_s3_bucket")
          .map((r: any) => r.provider_config_key);
        expect(new Set(keys)).toEqual(new Set([`aws.account_${account}_eu_central_1`]));
      }
    });
  });
});
