import { Testing } from "cdktf";
import { bootstrapAccounts, BootstrapStack, stateBuckets } from "../src/stacks/bootstrap-stack";
import { builtIn } from "./support/environments";
import { referencedOutputs } from "../src/preview/offline-plan";
import { builtInStacks, resourcesOf, synthApp, synthOf } from "./support/stacks";
import { AWS_PROVIDER_VERSION } from "../src/config/versions";

const stacks = builtInStacks();
const all = [
  ["dev-network", stacks.environments.dev.network, "111111111111"],
  ["dev-data", stacks.environments.dev.data, "111111111111"],
  ["prod-network", stacks.environments.prod.network, "222222222222"],
  ["prod-data", stacks.environments.prod.data, "222222222222"],
  ["dev-cluster", stacks.environments.dev.cluster, "111111111111"],
  ["prod-cluster", stacks.environments.prod.cluster, "222222222222"],
  ["dev-apps", stacks.environments.dev.apps, "111111111111"],
  ["prod-apps", stacks.environments.prod.apps, "222222222222"],
] as const;

describe("every environment stack", () => {
  test.each(all)("%s: the provider may only touch the environment's account, in its region", (_name, stack, account) => {
    const [provider] = synthOf(stack).json.provider.aws;
    expect(provider).toMatchObject({ allowed_account_ids: [account], region: "eu-central-1" });
  });

  test.each(all)(
    "%s: default tags name project, environment, stack, manager and environment type (read back by the plan review), plus the file's tags",
    (name, stack) => {
      const [provider] = synthOf(stack).json.provider.aws;
      expect(provider.default_tags[0].tags).toEqual({
        project: "road-warrior",
        environment: name.split("-")[0],
        stack: name,
        "managed-by": "cdktf",
        "environment-type": name.startsWith("prod-") ? "production" : "non-production",
        "cost-center": `road-warrior-${name.split("-")[0]}`,
      });
    },
  );

  test.each(all)(
    "%s: state in S3 under <stack>.tfstate, encrypted with the state bucket's key, with S3-native locking",
    (name, stack, account) => {
      expect(synthOf(stack).json.terraform.backend).toEqual({
        s3: {
          bucket: `road-warrior-tfstate-${account}`,
          key: `${name}.tfstate`,
          region: "eu-central-1",
          encrypt: true,
          kms_key_id: `arn:aws:kms:eu-central-1:${account}:alias/road-warrior-tfstate-${account}-state`,
          use_lockfile: true,
        },
      });
    },
  );

  test.each(all)("%s: the AWS provider is pinned to 5.100.0 (the binding's provider)", (_name, stack) => {
    expect(synthOf(stack).json.terraform.required_providers.aws.version).toBe(AWS_PROVIDER_VERSION);
  });

  test("the network stack exports exactly what its dependants read: VPC, subnets, the nodes' security group", () => {
    const synthesized = synthApp([builtIn("dev")]);
    expect(Object.keys(synthesized["dev-data"].data.terraform_remote_state)).toEqual(["cross-stack-reference-input-dev-network"]);
    const outputs = Object.values(synthesized["dev-network"].output).map((o: any) => o.value);
    expect(outputs.sort()).toEqual([
      "${aws_security_group.NodeSecurityGroup.id}",
      "${aws_subnet.Vpc_IsolatedSubnet-eu-central-1a_096762A8.id}",
      "${aws_subnet.Vpc_IsolatedSubnet-eu-central-1b_EAC428BD.id}",
      "${aws_subnet.Vpc_PrivateSubnet-eu-central-1a_66E846FE.id}",
      "${aws_subnet.Vpc_PrivateSubnet-eu-central-1b_9EBEC342.id}",
      "${aws_vpc.Vpc.id}",
    ]);
    expect(stacks.environments.dev.data.dependencies).toContain(stacks.environments.dev.network);
  });
});

describe("cross-stack references", () => {
  const synthesized = synthApp([builtIn("dev"), builtIn("prod")]);
  const consumers = Object.entries(synthesized).filter(([, json]) => json.data?.terraform_remote_state);

  test.each(consumers.map(([name]) => name))("%s reads only outputs its upstream stacks declare", (name) => {
    const json = synthesized[name];
    const text = JSON.stringify(json);
    for (const [remote, source] of Object.entries(json.data.terraform_remote_state) as [string, any][]) {
      const producer = /^cross-stack-reference-input-(.+)$/.exec(remote)![1];
      expect(source.config.key).toBe(`${producer}.tfstate`);
      const read = referencedOutputs(text, remote);
      expect(read.length).toBeGreaterThan(0);
      expect(read.filter((output) => !(output in (synthesized[producer].output ?? {})))).toEqual([]);
    }
  });
});

describe("backends", () => {
  test("cloud: one HCP Terraform workspace per stack, named <prefix><stack>", () => {
    const config = { ...builtIn("dev"), backend: { type: "cloud" as const, organization: "road-warrior", hostname: "app.terraform.io" } };
    const synthesized = synthApp([config]);
    expect(synthesized["dev-network"].terraform.cloud).toEqual({
      organization: "road-warrior",
      hostname: "app.terraform.io",
      workspaces: { name: "road-warrior-dev-network" },
    });
    const remote = synthesized["dev-data"].data.terraform_remote_state["cross-stack-reference-input-dev-network"];
    expect(remote).toMatchObject({
      backend: "remote",
      config: { organization: "road-warrior", workspaces: { name: "road-warrior-dev-network" } },
    });
  });

  test("local: state files outside cdktf.out, read by the dependent stacks from the same place", () => {
    const synthesized = synthApp([{ ...builtIn("dev"), backend: { type: "local" } }]);
    expect(synthesized["dev-network"].terraform.backend).toEqual({ local: { path: "../../../.terraform-state/dev-network.tfstate" } });
    const remote = synthesized["dev-data"].data.terraform_remote_state["cross-stack-reference-input-dev-network"];
    expect(remote).toMatchObject({ backend: "local", config: { path: "../../../.terraform-state/dev-network.tfstate" } });
  });
});

describe("bootstrap stacks: one per account", () => {
  const dev = synthOf(stacks.bootstrap["111111111111"]).json;
  const bootstrap = synthOf(stacks.bootstrap["222222222222"]).json;

  test("one stack per account, each with its own local state: its bucket cannot hold the state of the apply that creates it", () => {
    expect(Object.keys(stacks.bootstrap).sort()).toEqual(["111111111111", "222222222222"]);
    expect(dev.terraform.backend).toEqual({ local: { path: "../../../.terraform-state/bootstrap-111111111111.tfstate" } });
    expect(bootstrap.terraform.backend).toEqual({ local: { path: "../../../.terraform-state/bootstrap-222222222222.tfstate" } });
  });

  test("every provider block of a bootstrap stack is pinned to that stack's account only", () => {
    expect(dev.provider.aws.map((p: any) => [p.alias, p.allowed_account_ids])).toEqual([
      ["account_111111111111_eu_central_1", ["111111111111"]],
    ]);
    expect(bootstrap.provider.aws.map((p: any) => [p.alias, p.allowed_account_ids])).toEqual([
      ["account_222222222222_eu_central_1", ["222222222222"]],
    ]);
    expect(bootstrap.provider.aws[0].default_tags[0].tags).toMatchObject({ environment: "bootstrap", stack: "bootstrap-222222222222" });
  });

  test("creates each environment's state bucket in that environment's account, through its own provider", () => {
    const buckets = (json: any) => Object.values(resourcesOf(json, "aws_s3_bucket")).map((b: any) => [b.bucket, b.provider, b.lifecycle]);
    expect(buckets(dev)).toEqual(
      expect.arrayContaining([["road-warrior-tfstate-111111111111", "aws.account_111111111111_eu_central_1", { prevent_destroy: true }]]),
    );
    expect(buckets(bootstrap)).toEqual(
      expect.arrayContaining([["road-warrior-tfstate-222222222222", "aws.account_222222222222_eu_central_1", { prevent_destroy: true }]]),
    );
    expect(JSON.stringify(dev)).not.toContain("222222222222");
    expect(JSON.stringify(bootstrap)).not.toContain("111111111111");
  });

  test("state buckets are hardened like the others: KMS, versioning, public access blocked, access logs", () => {
    const sse = Object.values(resourcesOf(bootstrap, "aws_s3_bucket_server_side_encryption_configuration")).map(
      (c: any) => c.rule[0].apply_server_side_encryption_by_default.sse_algorithm,
    );
    expect(sse.sort()).toEqual(["AES256", "aws:kms"]);
    expect(Object.values(resourcesOf(bootstrap, "aws_s3_bucket_versioning"))).toHaveLength(2);
    expect(Object.values(resourcesOf(bootstrap, "aws_s3_bucket_public_access_block"))).toHaveLength(2);
    expect(Object.values(resourcesOf(bootstrap, "aws_s3_bucket_logging"))).toHaveLength(1);
    expect(
      Object.values(resourcesOf(bootstrap, "aws_kms_key")).every((k: any) => k.enable_key_rotation && k.lifecycle?.prevent_destroy),
    ).toBe(true);
  });

  test("GitHub OIDC: one provider per account, audience sts.amazonaws.com", () => {
    for (const json of [dev, bootstrap]) {
      const providers = Object.values(resourcesOf(json, "aws_iam_openid_connect_provider"));
      expect(providers).toHaveLength(1);
      expect(providers[0]).toMatchObject({ url: "https://token.actions.githubusercontent.com", client_id_list: ["sts.amazonaws.com"] });
    }
  });

  // The CI roles (trust, permissions, boundary, escalation paths) are tested in ci-roles.test.ts.
  test("creates the CI roles of every environment with a ci section, in its own account's bootstrap stack", () => {
    expect(Object.keys(stacks.bootstrap["111111111111"].ciRoles)).toEqual(["dev"]);
    expect(Object.keys(stacks.bootstrap["222222222222"].ciRoles)).toEqual(["prod"]);
  });

  test("environments on the cloud or local backend need no bucket", () => {
    const specs = stateBuckets([{ ...builtIn("dev"), backend: { type: "local" } }, builtIn("prod")]);
    expect(specs.map((s) => s.bucket)).toEqual(["road-warrior-tfstate-222222222222"]);
    expect(bootstrapAccounts([{ ...builtIn("dev"), backend: { type: "local" }, ci: undefined }, builtIn("prod")])).toEqual([
      "222222222222",
    ]);
    const empty = synthOf(new BootstrapStack(Testing.app(), "road-warrior", "111111111111", [])).json;
    expect(empty.resource).toBeUndefined();
  });

  test("two environments sharing a bucket in one account get one bucket", () => {
    const prod = { ...builtIn("prod"), accountId: "111111111111", backend: builtIn("dev").backend };
    expect(stateBuckets([builtIn("dev"), prod])).toEqual([
      { bucket: "road-warrior-tfstate-111111111111", accountId: "111111111111", region: "eu-central-1", environments: ["dev", "prod"] },
    ]);
  });
});
