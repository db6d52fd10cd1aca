/**
 * The harness of the real-provider suites (`__tests__/terraform-plan/`): the fixture environments'
 * stacks, from the run's shared synth (support/stacks.ts), initialised from the local provider
 * mirror and planned offline against a local STS endpoint (src/preview/offline-plan.ts). Each
 * suite plans only the stacks it asserts on, so Jest's two workers share the Terraform work.
 */
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import {
  changesOf,
  initOffline,
  PlannedStack,
  planInitialized,
  startStsEndpoint,
  StsEndpoint,
  STS_URL_FILE,
  stopRunningTerraform,
  terraformUnavailable,
} from "../../src/preview/offline-plan";
import { Outcome, planAll } from "../../src/preview/preview";
import { builtIn } from "./environments";
import { synthAppDir } from "./stacks";

const unavailable = terraformUnavailable();
if (unavailable) {
  // Loud on purpose: a green run without these tests proves much less.
  console.warn(`\n*** SKIPPING the real-provider tests: ${unavailable}. ***\n`);
}
/** `describe` when Terraform and the provider mirror are here, `describe.skip` otherwise (the global teardown says so). */
export const describeWithTerraform = unavailable ? describe.skip : describe;

/** Terraform processes a suite runs at once: with Jest's two workers, at most four on the two cores. */
const PLANS_AT_ONCE = 2;

/** A generous ceiling against a hung Terraform on a shared machine; not a speed assertion. */
export const TERRAFORM_TIMEOUT_MS = 900_000;

export interface OfflinePlans {
  /** The run's synthesized fixture app (dev and prod): read only. */
  readonly outdir: string;
  /** This suite's working folder (removed after the suite). */
  readonly work: string;
  /** The STS endpoint the plans were answered by (running until the suite ends). */
  sts(): StsEndpoint;
  /** The plan of one of the stacks given. */
  plan(stack: string): PlannedStack;
  /** The planned `after` values of every resource of a type in a stack. */
  after(stack: string, type: string): any[];
}

/** A suite's working folder and the local STS endpoint its plans are answered by. */
export interface OfflineWorkspace {
  /** Removed after the suite. */
  readonly work: string;
  /** The running endpoint (from the suite's `beforeAll` on). */
  sts(): StsEndpoint;
}

/**
 * Registers, in the enclosing `describe`, a `beforeAll` that starts the STS endpoint and an `afterAll`
 * that stops Terraform (a test that ended early must not leave it running: the worker could not
 * exit), then the endpoint, and removes the working folder.
 */
export function offlineWorkspace(prefix: string): OfflineWorkspace {
  const work = fs.mkdtempSync(path.join(os.tmpdir(), prefix));
  let sts: StsEndpoint | undefined;
  beforeAll(async () => {
    sts = await startStsEndpoint();
  });
  afterAll(async () => {
    await stopRunningTerraform();
    await sts?.stop();
    fs.rmSync(work, { recursive: true, force: true });
  });
  return {
    work,
    sts: () => {
      if (!sts) throw new Error("the STS endpoint is not running");
      return sts;
    },
  };
}

/**
 * Registers, in the enclosing `describe`, a `beforeAll` that initialises and plans `stacks` of the
 * fixture environments (one init, copied into the other stacks' folders, see `initOffline`;
 * plans {@link PLANS_AT_ONCE} at a time, the largest first, as the preview does) and an `afterAll`
 * that stops Terraform and the endpoint and removes the working folder.
 */
export function planFixtureStacks(stacks: readonly string[]): OfflinePlans {
  const outdir = synthAppDir([builtIn("dev"), builtIn("prod")]);
  const workspace = offlineWorkspace("rw-terraform-");
  const work = workspace.work;
  let outcomes: ReadonlyMap<string, Outcome> = new Map();

  beforeAll(async () => {
    const files = stacks.map((stack) => path.join(outdir, "stacks", stack, "cdk.tf.json"));
    const dirs = await initOffline(files, path.join(work, "plans"), workspace.sts());
    const dirOf = new Map(stacks.map((stack, i) => [stack, dirs[i]]));
    outcomes = await planAll(
      stacks.map((name, i) => ({ name, file: files[i] })),
      (stack) => planInitialized(dirOf.get(stack.name)!),
      PLANS_AT_ONCE,
      () => undefined,
    );
  }, TERRAFORM_TIMEOUT_MS);

  return offlinePlans(outdir, work, workspace.sts, (stack) => outcomeOf(outcomes.get(stack)));
}

/** A stack's planned stack, or its error; undefined when it was not planned. */
export function outcomeOf(outcome: Outcome | undefined): PlannedStack | { error: string } | undefined {
  return outcome && "planned" in outcome ? outcome.planned : outcome;
}

/**
 * The {@link OfflinePlans} of a suite from a lookup of its planned stacks (undefined: not planned,
 * or the plan failed, which the error names).
 */
export function offlinePlans(
  outdir: string,
  work: string,
  sts: () => StsEndpoint,
  lookup: (stack: string) => PlannedStack | { error: string } | undefined,
): OfflinePlans {
  const plan = (stack: string): PlannedStack => {
    const found = lookup(stack);
    if (found === undefined) throw new Error(`${stack} was not planned`);
    if ("error" in found) throw new Error(`${stack} failed to plan:\n${found.error}`);
    return found;
  };
  return { outdir, work, sts, plan, after: (stack, type) => changesOf(plan(stack).plan, type).map((c) => c.change.after) };
}

/** The AWS-only stacks of each fixture environment, its account's bootstrap stack first: all of them are planned by the suites. */
export const FIXTURE_STACKS = {
  dev: { account: "111111111111", stacks: ["bootstrap-111111111111", "dev-network", "dev-data", "dev-cluster"] },
  prod: { account: "222222222222", stacks: ["bootstrap-222222222222", "prod-network", "prod-data", "prod-cluster"] },
} as const;

/**
 * The checks every planned stack of an environment passes: account pinning kept and asked for
 * with the environment's own account, the plan's validation clean (no error, no warning), a plan that only creates, the
 * Karpenter resources, and the bootstrap stack's OIDC provider, CI roles and state buckets.
 */
export function environmentChecks(env: keyof typeof FIXTURE_STACKS, plans: OfflinePlans): void {
  const { account, stacks } = FIXTURE_STACKS[env];

  describe("account pinning (allowed_account_ids) is kept and checked through the local STS endpoint", () => {
    test("the planned copies keep allowed_account_ids and set no credentials, skip flags or endpoints; plans go to loopback", () => {
      for (const stack of stacks) {
        const dir = plans.plan(stack).dir;
        const copy = JSON.parse(fs.readFileSync(path.join(dir, "cdk.tf.json"), "utf8"));
        for (const provider of copy.provider.aws) {
          expect(provider.allowed_account_ids).toEqual([expect.stringMatching(/^\d{12}$/)]);
          // An endpoint in the block would win over the loopback one the plan's environment names.
          for (const flag of ["access_key", "secret_key", "skip_credentials_validation", "skip_requesting_account_id", "endpoints"])
            expect(provider).not.toHaveProperty(flag);
        }
        expect(fs.readFileSync(path.join(dir, STS_URL_FILE), "utf8").trim()).toBe(plans.sts().url);
      }
      expect(plans.sts().url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    });

    test("every provider block asked STS who it is, with the credentials of the environment's own account", () => {
      const identities = plans.sts().calls.filter((c) => c.action === "GetCallerIdentity");
      expect(identities.length).toBeGreaterThanOrEqual(stacks.length);
      expect(identities.every((c) => c.status === 200)).toBe(true);
      expect(new Set(identities.map((c) => c.callerAccount))).toEqual(new Set([account]));
    });
  });

  // The plan validates the configuration before it plans and reports what validate would (src/preview/offline-plan.ts).
  test.each(stacks)("%s: the plan's validation reports no error and no warning", (stack) => {
    const { validation } = plans.plan(stack);
    expect(validation.diagnostics).toEqual([]);
  });

  test.each(stacks)("%s: the offline plan only creates resources", (stack) => {
    const changes = (plans.plan(stack).plan.resource_changes as { address: string; mode: string; change: { actions: string[] } }[]).filter(
      (c) => c.mode === "managed",
    );
    expect(changes.length).toBeGreaterThan(10);
    expect(changes.filter((c) => c.change.actions.join() !== "create").map((c) => c.address)).toEqual([]);
  });

  describe("karpenter", () => {
    test("the interruption queue with SSE and five-minute retention, its policy, and five EventBridge rules targeting it", () => {
      expect(plans.after(`${env}-cluster`, "aws_sqs_queue")).toEqual([
        expect.objectContaining({ name: `road-warrior-${env}-karpenter`, sqs_managed_sse_enabled: true, message_retention_seconds: 300 }),
      ]);
      expect(plans.after(`${env}-cluster`, "aws_sqs_queue_policy")).toHaveLength(1);
      const rules = plans.after(`${env}-cluster`, "aws_cloudwatch_event_rule");
      expect(rules.map((r) => JSON.parse(r.event_pattern)["detail-type"][0]).sort()).toEqual([
        "AWS Health Event",
        "EC2 Capacity Reservation Instance Interruption Warning",
        "EC2 Instance Rebalance Recommendation",
        "EC2 Instance State-change Notification",
        "EC2 Spot Instance Interruption Warning",
      ]);
      expect(rules.every((r) => r.name.length <= 64)).toBe(true);
      expect(plans.after(`${env}-cluster`, "aws_cloudwatch_event_target")).toHaveLength(5);
    });

    test("the controller and node roles, the nodes' instance profile and their EC2_LINUX access entry", () => {
      expect(plans.after(`${env}-cluster`, "aws_iam_role").map((r) => r.name)).toEqual(
        expect.arrayContaining([`road-warrior-${env}.karpenter`, `road-warrior-${env}.karpenter-nodes`]),
      );
      expect(plans.after(`${env}-cluster`, "aws_iam_instance_profile")).toEqual([
        expect.objectContaining({ name: `road-warrior-${env}.karpenter-nodes`, role: `road-warrior-${env}.karpenter-nodes` }),
      ]);
      expect(plans.after(`${env}-cluster`, "aws_eks_access_entry").filter((e) => e.type === "EC2_LINUX")).toHaveLength(1);
    });
  });

  describe("bootstrap", () => {
    test("the account's stack plans the GitHub OIDC provider and the CI roles of its environment", () => {
      const stack = plans.plan(`bootstrap-${account}`).plan;
      expect(changesOf(stack, "aws_iam_openid_connect_provider").map((c) => c.change.after.url)).toEqual([
        "https://token.actions.githubusercontent.com",
      ]);
      expect(
        changesOf(stack, "aws_iam_role")
          .map((c) => c.change.after.name)
          .sort(),
      ).toEqual([
        `road-warrior-${env}-ci-deploy`,
        // The front end's read role, where the environment names a front end.
        ...(builtIn(env).frontend ? [`road-warrior-${env}-ci-frontend`] : []),
        `road-warrior-${env}-ci-imagepush`,
        `road-warrior-${env}-ci-plan`,
      ]);
    });

    test("the account's stack plans its own state bucket through a provider pinned to that account", () => {
      const stack = plans.plan(`bootstrap-${account}`).plan;
      expect(
        changesOf(stack, "aws_s3_bucket")
          .map((c) => c.change.after.bucket)
          .sort(),
      ).toEqual([`road-warrior-tfstate-${account}`, `road-warrior-tfstate-${account}-logs`]);
      const keys = stack.configuration.root_module.resources
        .filter((r: any) => r.type === "aws_s3_bucket")
        .map((r: any) => r.provider_config_key);
      expect(new Set(keys)).toEqual(new Set([`aws.account_${account}_eu_central_1`]));
    });
  });
}
