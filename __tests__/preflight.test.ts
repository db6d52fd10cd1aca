import { ECRClient } from "@aws-sdk/client-ecr";
import { ecrDescribeImage } from "../src/ci/image-check";
import { EnvironmentConfig } from "../src/config/schema";
import { Naming } from "../src/naming";
import { githubConnectionArn } from "../src/preflight/apps-checks";
import { AwsClients, createAwsClients, destroyAwsClients } from "../src/preflight/aws-clients";
import { parseArguments, preflightCommand } from "../src/preflight/command";
import { CODEBUILD_LINUX_SMALL_QUOTA } from "../src/preflight/account-checks";
import { exitCodeOf, formatPreflight, PreflightResult, runPreflight, Stage } from "../src/preflight/preflight";
import { serviceLinkedRoles } from "../src/preflight/service-linked-roles";
import { isStandardFamily, nodeGroupPeak, VCPU_QUOTAS, vcpuDemand } from "../src/preflight/vcpu-demand";
import { builtIn, ENVIRONMENTS_DIR } from "./support/environments";
import { FAKE_CREDENTIALS, FakeAws, FakeAwsEndpoint, startFakeAws } from "./support/fake-aws";

// The SDK's notice that its future releases need Node 22 (the versions here are pinned).
process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED = "true";

/*
 * The preflight against AWS answered from loopback: each test plants one problem in an account where
 * everything else is ready, and expects that problem, with its fix, and nothing else. The answers
 * follow AWS's documented behaviour (error codes, the quota's default when the account never changed it).
 */

const CONNECTION = "arn:aws:codeconnections:eu-central-1:222222222222:connection/0a1b2c3d-4e5f-6789-abcd-ef0123456789";
/** The environment with the CodeBuild runner: a GitHub connection and no runner of its own. */
const withConnection = (config: EnvironmentConfig, arn: string | undefined = CONNECTION) =>
  ({ ...config, ci: { ...config.ci!, githubConnectionArn: arn, appsRunnerLabel: undefined } }) as EnvironmentConfig;

/** CodeBuild's quota, answered only when asked under the service code codebuild. */
const CODEBUILD_QUOTA_KEY = "codebuild/L-9D07B6EF";

/** An account where the environment is ready: every role, the zone, ample quotas, every image, an approved connection. */
function readyAccount(config: EnvironmentConfig): FakeAws {
  const naming = new Naming(config);
  const roles = new Map<string, string>(config.cluster.adminRoleArns.map((arn) => [arn.split("/").pop()!, arn]));
  for (const slr of serviceLinkedRoles(config)) {
    roles.set(slr.roleName, `arn:aws:iam::${config.accountId}:role/aws-service-role/${slr.service}/${slr.roleName}`);
  }
  return {
    // A session of the first admin role, as `aws sso login` or assuming the role gives.
    caller: {
      account: config.accountId,
      arn: config.cluster.adminRoleArns[0].replace(/^arn:aws:iam::(\d+):role\/(.*)$/, "arn:aws:sts::$1:assumed-role/$2/deployer"),
    },
    roles,
    createServiceLinkedRole: "allowed",
    hostedZones: new Map(config.domain ? [[config.domain.hostedZoneId, { name: "road-warrior.example", private: false }]] : []),
    appliedQuotas: new Map([
      [VCPU_QUOTAS.spot.code, 512],
      [VCPU_QUOTAS.onDemand.code, 512],
    ]),
    defaultQuotas: new Map([
      [VCPU_QUOTAS.spot.code, 5],
      [VCPU_QUOTAS.onDemand.code, 5],
      // Reported for new accounts: one build at a time on the runner's compute.
      [CODEBUILD_QUOTA_KEY, 1],
    ]),
    images: new Map(config.services.map((s) => [naming.ecrRepository(s.name), new Set([s.imageTag])])),
    connections: new Map([CONNECTION, githubConnectionArn(config)].flatMap((arn) => (arn ? [[arn, "AVAILABLE"] as const] : []))),
  };
}

let endpoint: FakeAwsEndpoint;
let aws: FakeAws;
const clientsFor = (config: EnvironmentConfig): AwsClients =>
  createAwsClients({ region: config.region, endpoint: endpoint.url, credentials: FAKE_CREDENTIALS, maxAttempts: 1 });

beforeAll(async () => {
  aws = readyAccount(builtIn("prod"));
  endpoint = await startFakeAws(aws);
});
afterAll(() => endpoint.stop());

/** Plants `change` in a ready account of `config`, runs the stage, returns its result and report. */
async function preflight(config: EnvironmentConfig, stage: Stage, change: (account: FakeAws) => void = () => {}) {
  Object.assign(aws, readyAccount(config));
  change(aws);
  endpoint.calls.length = 0;
  const clients = clientsFor(config);
  try {
    const result = await runPreflight(config, stage, clients);
    return { result, code: exitCodeOf(result), report: formatPreflight(config.name, stage, result), problems: problemsOf(result) };
  } finally {
    destroyAwsClients(clients);
  }
}
const problemsOf = (result: PreflightResult) => (result.kind === "checked" ? result.findings.problems : []);

describe("preflight, stage account: what would stop the first apply, asked of the account before any stack", () => {
  const dev = builtIn("dev");
  const prod = builtIn("prod");

  test("a ready account passes (exit 0), each check saying what it found", async () => {
    const { code, report, problems } = await preflight(prod, "account");
    expect(problems).toEqual([]);
    expect(code).toBe(0);
    expect(report).toMatch(/ok {7}admin role: arn:aws:iam::222222222222:role\/road-warrior-prod-admin exists/);
    expect(report).toMatch(/ok {7}hosted zone: Z0123456789ABCDEFGHIJ is the public zone road-warrior\.example/);
    expect(report).toMatch(/ok {7}vCPU quota: L-1216C47A .* is 512 vCPUs; the environment reaches 78/);
    expect(report).toMatch(/Ready: no problem found \(stage account\)\.$/);
    // Read-only: every call the preflight made is a Get, Describe or Simulate.
    expect(endpoint.calls.map((c) => c.action).filter((a) => !/^(Get|Describe|Simulate)/.test(a))).toEqual([]);
  });

  test("credentials of another account: one problem naming both accounts, and nothing else is asked", async () => {
    const { code, problems, result } = await preflight(prod, "account", (a) => {
      a.caller = { account: "111111111111", arn: "arn:aws:iam::111111111111:user/deployer" };
    });
    expect(code).toBe(1);
    expect(problems).toEqual([
      expect.objectContaining({
        check: "account",
        problem: expect.stringMatching(/of account 111111111111 .*not 222222222222 \(accountId\)/),
      }),
    ]);
    expect(problems[0].fix).toMatch(/use credentials of account 222222222222/);
    expect(result.kind === "checked" && result.findings.notices[0].message).toMatch(/other checks were skipped/);
    expect(endpoint.calls.map((c) => c.service)).toEqual(["sts"]);
  });

  test("an admin role that does not exist is a problem; a CI role the bootstrap stack creates is a note, not a problem", async () => {
    // Both shipped files list <project>-<env>-ci-deploy, which bootstrap creates: the account stage runs before it.
    const { code, problems, result } = await preflight(prod, "account", (a) => {
      a.roles.delete("road-warrior-prod-admin");
      a.roles.delete("road-warrior-prod-ci-deploy");
    });
    expect(code).toBe(1);
    expect(problems).toEqual([
      expect.objectContaining({
        check: "admin role",
        problem: expect.stringMatching(
          /^arn:aws:iam::222222222222:role\/road-warrior-prod-admin \(cluster\.adminRoleArns\[0\]\) does not exist/,
        ),
        fix: "create the role in account 222222222222, or correct cluster.adminRoleArns[0]",
      }),
    ]);
    expect(result.kind === "checked" && result.findings.notices).toContainEqual({
      check: "admin role",
      message: expect.stringMatching(
        /^arn:aws:iam::222222222222:role\/road-warrior-prod-ci-deploy \(cluster\.adminRoleArns\[1\]\) does not exist yet: created by bootstrap-222222222222/,
      ),
    });
  });

  test("before bootstrap (its CI roles missing), the account stage of a shipped file can say Ready", async () => {
    const { code, report } = await preflight(prod, "account", (a) => {
      for (const purpose of ["plan", "deploy", "imagepush"]) a.roles.delete(`road-warrior-prod-ci-${purpose}`);
    });
    expect(code).toBe(0);
    expect(report).toMatch(/note {5}admin role: .*road-warrior-prod-ci-deploy .*created by bootstrap-222222222222/);
  });

  test.each<[string, (config: EnvironmentConfig) => EnvironmentConfig]>([
    // Bootstrap creates CI roles only for an environment with a ci section, and at the root path only.
    ["of an environment without CI", (config) => ({ ...config, ci: undefined })],
    [
      "at another path than bootstrap's",
      (config) => ({
        ...config,
        cluster: { ...config.cluster, adminRoleArns: config.cluster.adminRoleArns.map((arn) => arn.replace("role/", "role/ci/")) },
      }),
    ],
  ])("a missing role named like a CI role but %s stays a problem", async (_, change) => {
    const config = change(prod);
    const { problems } = await preflight(config, "account", (a) => a.roles.clear());
    expect(problems.filter((p) => p.check === "admin role").map((p) => p.problem.split(" ")[0])).toEqual(config.cluster.adminRoleArns);
  });

  test("an admin role at another path than the file names: the access entry would name no role", async () => {
    const { problems } = await preflight(prod, "account", (a) => {
      a.roles.set("road-warrior-prod-admin", "arn:aws:iam::222222222222:role/ops/road-warrior-prod-admin");
    });
    expect(problems).toEqual([
      expect.objectContaining({
        check: "admin role",
        fix: "write arn:aws:iam::222222222222:role/ops/road-warrior-prod-admin in cluster.adminRoleArns[0]",
      }),
    ]);
  });

  test("a hosted zone that does not exist: create and delegate a public zone", async () => {
    const { problems } = await preflight(prod, "account", (a) => a.hostedZones.clear());
    expect(problems).toEqual([
      expect.objectContaining({
        check: "hosted zone",
        problem: "Z0123456789ABCDEFGHIJ (domain.hostedZoneId) does not exist in account 222222222222",
      }),
    ]);
    expect(problems[0].fix).toMatch(/create a public hosted zone for api\.road-warrior\.example/);
  });

  test("a private hosted zone: ACM validates through public DNS only", async () => {
    const { problems } = await preflight(prod, "account", (a) =>
      a.hostedZones.set("Z0123456789ABCDEFGHIJ", { name: "road-warrior.example", private: true }),
    );
    expect(problems).toEqual([expect.objectContaining({ check: "hosted zone", problem: expect.stringMatching(/is a private zone/) })]);
    expect(problems[0].fix).toMatch(/set domain\.hostedZoneId to the public hosted zone of api\.road-warrior\.example/);
  });

  test("the zone of another domain: the certificate's records would land where nobody looks", async () => {
    const { problems } = await preflight(prod, "account", (a) =>
      // A suffix that is not a parent label: "warrior.example" does not hold "api.road-warrior.example".
      a.hostedZones.set("Z0123456789ABCDEFGHIJ", { name: "warrior.example", private: false }),
    );
    expect(problems).toEqual([
      expect.objectContaining({
        problem: expect.stringMatching(/is the zone of warrior\.example, which does not hold api\.road-warrior\.example/),
      }),
    ]);
  });

  test("a new account's Spot quota (AWS's default, 5 vCPUs, read when the account never changed it) is below dev's maxima", async () => {
    const { problems, report } = await preflight(dev, "account", (a) => a.appliedQuotas.delete(VCPU_QUOTAS.spot.code));
    expect(problems).toHaveLength(1);
    // dev: the Spot system group at maxSize 4, plus 4 more during an update (twice its 2 AZs), x t4g.medium (2 vCPU) = 16,
    // plus the Spot pool's limits.cpu 8.
    expect(problems[0].problem).toMatch(/L-34B43A08 .* is 5 vCPUs in eu-central-1; the environment reaches 24: /);
    expect(problems[0].fix).toMatch(/--quota-code L-34B43A08 --desired-value 24 --region eu-central-1/);
    expect(report).toMatch(/cluster\.nodeGroups\[general\] 16 \(maxSize 4 \+ 4 during an update = 8 x 2 vCPU \(t4g\.medium\)\)/);
  });

  test("an on-demand quota below prod's maxima: the node group at maxSize plus the pool's limits.cpu", async () => {
    const { problems } = await preflight(prod, "account", (a) => a.appliedQuotas.set(VCPU_QUOTAS.onDemand.code, 32));
    // (9 + 6 during an update: twice its 3 AZs) x m7g.large (2 vCPU) + limits.cpu 48 = 78
    expect(problems).toEqual([
      expect.objectContaining({ check: "vCPU quota", problem: expect.stringMatching(/L-1216C47A .* is 32 vCPUs .* reaches 78/) }),
    ]);
  });

  test("the runner's builds at once fit CodeBuild's quota of running Linux/Small builds: a ready account's 1 passes", async () => {
    const { problems, report } = await preflight(dev, "account");
    expect(problems).toEqual([]);
    expect(report).toMatch(
      /ok {7}CodeBuild quota: L-9D07B6EF "Concurrently running builds for Linux\/Small environment" is 1; the runner runs 1/,
    );
    expect(CODEBUILD_LINUX_SMALL_QUOTA).toMatchObject({ serviceCode: "codebuild", code: "L-9D07B6EF" });
  });

  test.each<[string, (a: FakeAws) => void]>([
    ["an applied value of 0", (a) => a.appliedQuotas.set(CODEBUILD_QUOTA_KEY, 0)],
    ["AWS's default of 0 where the account never changed it", (a) => a.defaultQuotas.set(CODEBUILD_QUOTA_KEY, 0)],
  ])("CodeBuild's Linux/Small quota at %s: no build of the runner could start, so the apps jobs would never run", async (_, plant) => {
    const { code, problems } = await preflight(dev, "account", plant);
    expect(code).toBe(1);
    expect(problems).toEqual([
      {
        check: "CodeBuild quota",
        problem: expect.stringMatching(
          /^L-9D07B6EF "Concurrently running builds for Linux\/Small environment" is 0 in eu-central-1; the runner's project runs 1 build at once/,
        ),
        fix: expect.stringMatching(/--service-code codebuild --quota-code L-9D07B6EF --desired-value 1 --region eu-central-1/),
      },
    ]);
  });

  test("no CodeBuild runner (no connection, or a runner of the team's own): the quota is not asked", async () => {
    const noRunner = [
      { ...dev, ci: { ...dev.ci!, githubConnectionArn: undefined } },
      { ...dev, ci: { ...dev.ci!, appsRunnerLabel: "rw-dev-runner" } },
    ] as EnvironmentConfig[];
    for (const config of noRunner) {
      const { problems, report } = await preflight(config, "account", (a) => a.defaultQuotas.set(CODEBUILD_QUOTA_KEY, 0));
      expect(problems).toEqual([]);
      expect(report).not.toMatch(/L-9D07B6EF/);
    }
  });

  test("a missing service-linked role that the caller may not create (an SCP's deny): an administrator creates it first", async () => {
    const { problems } = await preflight(dev, "account", (a) => {
      a.roles.delete("AWSServiceRoleForEC2Spot");
      a.createServiceLinkedRole = "explicitDeny";
    });
    expect(problems).toEqual([
      expect.objectContaining({
        check: "service-linked role",
        problem: expect.stringMatching(
          /AWSServiceRoleForEC2Spot is missing and arn:aws:iam::111111111111:role\/road-warrior-dev-admin may not create it \(explicitDeny\)/,
        ),
        fix: "an administrator runs: aws iam create-service-linked-role --aws-service-name spot.amazonaws.com",
      }),
    ]);
  });

  test("a missing service-linked role the caller may create is a notice, not a problem: AWS creates it on first use", async () => {
    const { code, result } = await preflight(dev, "account", (a) => a.roles.delete("AWSServiceRoleForAmazonEKS"));
    expect(code).toBe(0);
    expect(result.kind === "checked" && result.findings.notices.map((n) => n.message)).toEqual([
      expect.stringMatching(/^AWSServiceRoleForAmazonEKS is missing; AWS creates it on first use/),
    ]);
  });
});

describe("preflight, stage apps: what the apps stack needs before it applies", () => {
  const prod = withConnection(builtIn("prod"));

  test("every image there and the connection approved: ready", async () => {
    const { code, problems, report } = await preflight(prod, "apps");
    expect(problems).toEqual([]);
    expect(code).toBe(0);
    expect(report).toMatch(/ok {7}GitHub connection: .* is AVAILABLE/);
    expect(report).toMatch(/ok {7}image: trips-api: road-warrior\/prod\/trips-api:0\.1\.0/);
  });

  test("a service's image tag not pushed, and a repository not there: each named with its fix", async () => {
    const { problems } = await preflight(prod, "apps", (a) => {
      a.images.set("road-warrior/prod/trips-api", new Set(["0.0.9"]));
      a.images.delete("road-warrior/prod/notifications");
    });
    expect(problems.map((p) => p.problem).sort()).toEqual([
      "notifications: road-warrior/prod/notifications:0.1.0 is not in the registry (no such repository)",
      "trips-api: road-warrior/prod/trips-api:0.1.0 is not in the registry (no image with this tag)",
    ]);
    expect(problems[0].fix).toMatch(/push the image .*or set the imageTag of service/);
  });

  // The account stage asks too: the cluster stack's webhook needs the connection AVAILABLE.
  test.each<Stage>(["account", "apps"])(
    "stage %s: a connection never approved (PENDING): approve it once in the console",
    async (stage) => {
      const { problems } = await preflight(prod, stage, (a) => a.connections.set(CONNECTION, "PENDING"));
      expect(problems).toEqual([
        expect.objectContaining({ check: "GitHub connection", problem: expect.stringMatching(/is PENDING: it was never approved/) }),
      ]);
      expect(problems[0].fix).toMatch(/Developer Tools > Settings > Connections \(region eu-central-1\)/);
    },
  );

  test.each<Stage>(["account", "apps"])("stage %s: a connection that does not exist: the bootstrap stack creates it", async (stage) => {
    const { problems } = await preflight(prod, stage, (a) => a.connections.clear());
    expect(problems).toEqual([
      expect.objectContaining({ fix: expect.stringMatching(/^deploy bootstrap-222222222222 \(it creates the connection\)/) }),
    ]);
  });

  test("credentials of a role the cluster does not admit: the apps stack would get Unauthorized from Kubernetes", async () => {
    const { problems } = await preflight(prod, "apps", (a) => {
      a.roles.set("road-warrior-prod-readonly", "arn:aws:iam::222222222222:role/road-warrior-prod-readonly");
      a.caller = { account: "222222222222", arn: "arn:aws:sts::222222222222:assumed-role/road-warrior-prod-readonly/someone" };
    });
    expect(problems).toEqual([
      expect.objectContaining({
        check: "cluster access",
        problem: expect.stringMatching(/^arn:aws:iam::222222222222:role\/road-warrior-prod-readonly is not in cluster\.adminRoleArns/),
        fix: expect.stringMatching(/^run the apps stack as one of arn:aws:iam::222222222222:role\/road-warrior-prod-admin, /),
      }),
    ]);
  });

  test("no connection in the environment file, or a runner of the team's own: skipped with a notice", async () => {
    const withoutConnection = { ...prod, ci: { ...prod.ci!, githubConnectionArn: undefined } } as EnvironmentConfig;
    const ownRunner = { ...prod, ci: { ...prod.ci!, appsRunnerLabel: "team-runner" } };
    for (const [config, notice] of [
      [withoutConnection, /ci\.githubConnectionArn is not set/],
      [ownRunner, /not checked: the apps jobs run on your own runner \(ci\.appsRunnerLabel team-runner\)/],
    ] as const) {
      const { code, result } = await preflight(config, "apps");
      expect(code).toBe(0);
      expect(result.kind === "checked" && result.findings.notices[0].message).toMatch(notice);
      expect(endpoint.calls.filter((c) => c.service === "codestar-connections")).toEqual([]);
    }
  });
});

describe("preflight without usable credentials: one line that says how to provide them", () => {
  const dev = builtIn("dev");

  test("no credentials found: one line, no stack trace, exit 1, nothing asked of AWS", async () => {
    endpoint.calls.length = 0;
    const clients = createAwsClients({
      region: dev.region,
      endpoint: endpoint.url,
      credentials: async () => {
        throw Object.assign(new Error("Could not load credentials from any providers"), { name: "CredentialsProviderError" });
      },
    });
    const result = await runPreflight(dev, "account", clients).finally(() => destroyAwsClients(clients));
    const text = formatPreflight("dev", "account", result);
    expect(exitCodeOf(result)).toBe(1);
    expect(text.split("\n")).toHaveLength(1);
    expect(text).toMatch(/^No AWS credentials \(Could not load credentials from any providers\): export AWS_PROFILE=/);
    expect(endpoint.calls).toEqual([]);
  });

  test("credentials STS refuses (a deleted key): one line", async () => {
    Object.assign(aws, readyAccount(dev));
    const clients = createAwsClients({
      region: dev.region,
      endpoint: endpoint.url,
      credentials: { accessKeyId: "AKIADELETEDKEY", secretAccessKey: "x" },
      maxAttempts: 1,
    });
    const result = await runPreflight(dev, "account", clients).finally(() => destroyAwsClients(clients));
    expect(formatPreflight("dev", "account", result)).toMatch(/^AWS refused the credentials \(InvalidClientTokenId\): [^\n]+$/);
    expect(exitCodeOf(result)).toBe(1);
  });
});

describe("preflight command: arguments, environments and exit codes", () => {
  const run = async (...argv: string[]) => {
    const out: string[] = [];
    const err: string[] = [];
    const code = await preflightCommand(argv, {
      environmentsDir: ENVIRONMENTS_DIR,
      clients: clientsFor,
      out: (t) => out.push(t),
      err: (t) => err.push(t),
    });
    return { code, out: out.join("\n"), err: err.join("\n") };
  };

  test("the stage defaults to account; --stage apps and --stage=apps select apps", () => {
    expect(parseArguments(["dev"])).toEqual({ kind: "run", environment: "dev", stage: "account" });
    expect(parseArguments(["dev", "--stage", "apps"])).toEqual({ kind: "run", environment: "dev", stage: "apps" });
    expect(parseArguments(["--stage=apps", "dev"])).toEqual({ kind: "run", environment: "dev", stage: "apps" });
  });

  test.each([
    [["dev", "--stage", "cluster"], /--stage must be one of account, apps, not cluster/],
    [["dev", "--stage"], /--stage must be one of account, apps, not nothing/],
    [["dev", "--force"], /unknown option --force/],
    [[], /name one environment/],
    [["dev", "prod"], /one environment only, not dev prod/],
    [["staging"], /no environment named staging in .* \(there: dev, prod\)/],
  ])("usage error %j: exit 2, naming what is wrong", async (argv, message) => {
    const { code, err, out } = await run(...argv);
    expect(code).toBe(2);
    expect(err).toMatch(message);
    expect(out).toBe("");
  });

  test("--help prints the usage and exits 0", async () => {
    const { code, out } = await run("--help");
    expect(code).toBe(0);
    expect(out).toMatch(/^Usage: npm run preflight -- <environment> \[--stage account\|apps\]/);
  });

  test("a ready account through the whole command: the report on stdout, exit 0", async () => {
    Object.assign(aws, readyAccount(builtIn("dev")));
    const { code, out } = await run("dev");
    expect(out).toMatch(/^Preflight of dev, stage account, as arn:aws:sts::111111111111:assumed-role\/road-warrior-dev-admin\/deployer:/);
    expect(code).toBe(0);
  });
});

describe("the vCPUs an environment reaches at its maxima", () => {
  const dev = builtIn("dev");

  test("a pool that may launch Spot or on-demand counts in full against both quotas; a NAT instance counts on-demand", () => {
    const both = {
      ...dev,
      cluster: {
        ...dev.cluster,
        karpenter: {
          ...dev.cluster.karpenter!,
          nodePools: [{ ...dev.cluster.karpenter!.nodePools[0], capacityTypes: ["spot", "on-demand"] }],
        },
      },
    } as EnvironmentConfig;
    // Spot: the group 8 x 2 + the pool 8; on-demand: the pool 8 + the NAT instance t4g.nano (2 vCPU).
    expect(vcpuDemand(both).total).toEqual({ spot: 24, onDemand: 10 });
  });

  test("an update adds the larger of twice its AZs and its maxUnavailable (EKS starts new nodes before draining old ones)", () => {
    expect(nodeGroupPeak({ maxSize: 4, maxUnavailablePercentage: 33 }, 2)).toBe(8);
    expect(nodeGroupPeak({ maxSize: 40, maxUnavailablePercentage: 50 }, 3)).toBe(60);
  });

  test("only standard families count: look-alikes with quotas of their own are left out", () => {
    expect(
      ["t4g.medium", "m7g.large", "c7i-flex.large", "i4i.large", "im4gn.large", "z1d.large", "d3.xlarge"].every(isStandardFamily),
    ).toBe(true);
    expect(
      ["dl1.24xlarge", "inf2.xlarge", "trn1.2xlarge", "hpc7g.4xlarge", "mac2.metal", "g5g.xlarge", "x2gd.large", "u-6tb1.112xlarge"].some(
        isStandardFamily,
      ),
    ).toBe(false);
  });

  test("an instance type the catalog does not size is named, never guessed", () => {
    const group = { ...dev.cluster.nodeGroups[0], instanceTypes: ["t4g.medium", "m7g.4xlarge"] };
    const demand = vcpuDemand({ ...dev, cluster: { ...dev.cluster, nodeGroups: [group] } });
    expect(demand.unsized).toEqual([{ field: "cluster.nodeGroups[general]", type: "m7g.4xlarge" }]);
  });
});

describe("check-images reads ECR's answers through the SDK", () => {
  test("found, no such tag, no such repository; any other answer is an error, never a pass", async () => {
    Object.assign(aws, readyAccount(builtIn("dev")));
    aws.images.set("repo", new Set(["1.0.0"]));
    const client = new ECRClient({ region: "eu-central-1", endpoint: endpoint.url, credentials: FAKE_CREDENTIALS, maxAttempts: 1 });
    const describe = ecrDescribeImage(client);
    const ask = (repository: string, tag: string) => describe({ repository, tag, accountId: "111111111111", region: "eu-central-1" });
    try {
      expect(await ask("repo", "1.0.0")).toEqual({ status: "found" });
      expect(await ask("repo", "2.0.0")).toEqual({ status: "missing", reason: "no image with this tag" });
      expect(await ask("other", "1.0.0")).toEqual({ status: "missing", reason: "no such repository" });
      const refused = new ECRClient({
        region: "eu-central-1",
        endpoint: endpoint.url,
        credentials: { accessKeyId: "AKIAOTHER", secretAccessKey: "x" },
        maxAttempts: 1,
      });
      expect(await ecrDescribeImage(refused)({ repository: "repo", tag: "1.0.0", accountId: "1", region: "eu-central-1" })).toEqual({
        status: "error",
        reason: expect.stringMatching(/^UnrecognizedClientException: /),
      });
      refused.destroy();
    } finally {
      client.destroy();
    }
  });
});

describe("the service-linked roles an environment needs: what its stacks use, and nothing else", () => {
  const dev = builtIn("dev");
  const names = (config: EnvironmentConfig) => serviceLinkedRoles(config).map((r) => r.roleName);

  test("EKS, its node groups' Auto Scaling groups and Aurora always; the ALB's with a public service; EC2 Spot with a Spot pool", () => {
    expect(names(dev)).toEqual([
      "AWSServiceRoleForAmazonEKS",
      "AWSServiceRoleForAmazonEKSNodegroup",
      "AWSServiceRoleForAutoScaling",
      "AWSServiceRoleForRDS",
      "AWSServiceRoleForElasticLoadBalancing",
      "AWSServiceRoleForEC2Spot",
    ]);
    const onDemandPool = { ...dev.cluster.karpenter!.nodePools[0], capacityTypes: ["on-demand" as const] };
    const internal = {
      ...dev,
      services: dev.services.map((s) => ({ ...s, public: false, path: undefined })),
      cluster: { ...dev.cluster, karpenter: { ...dev.cluster.karpenter!, nodePools: [onDemandPool] } },
    };
    expect(names(internal)).not.toEqual(expect.arrayContaining(["AWSServiceRoleForElasticLoadBalancing"]));
    expect(names(internal)).not.toEqual(expect.arrayContaining(["AWSServiceRoleForEC2Spot"]));
  });
});
