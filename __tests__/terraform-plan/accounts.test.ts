/**
 * Account pinning against the real Terraform CLI and AWS provider, offline: a stack planned with
 * another account's credentials fails exactly as on AWS ("AWS account ID not allowed"), because
 * the local STS endpoint (src/preview/sts-endpoint.ts) answers who the caller is. Also: the
 * real-provider suites together plan every AWS-only stack of the fixture environments.
 */
import * as fs from "fs";
import * as path from "path";
import { AWS_PROVIDER_VERSION } from "../../src/config/versions";
import { Diagnostic, planOffline, stopRunningTerraform, terraform, TerraformError } from "../../src/preview/offline-plan";
import { builtIn } from "../support/environments";
import { synthAppDir } from "../support/stacks";
import { describeWithTerraform, offlineWorkspace, FIXTURE_STACKS, TERRAFORM_TIMEOUT_MS } from "../support/terraform-plan";

const outdir = synthAppDir([builtIn("dev"), builtIn("prod")]);

test("every stack but the apps stacks is AWS-only, and the real-provider suites plan all of those", () => {
  const stacks = fs.readdirSync(path.join(outdir, "stacks"));
  const awsOnly = stacks.filter((stack) => {
    const json = JSON.parse(fs.readFileSync(path.join(outdir, "stacks", stack, "cdk.tf.json"), "utf8"));
    return Object.keys(json.terraform.required_providers).join() === "aws";
  });
  expect(awsOnly.sort()).toEqual([...FIXTURE_STACKS.dev.stacks, ...FIXTURE_STACKS.prod.stacks].sort());
  expect(stacks.filter((s) => !awsOnly.includes(s)).sort()).toEqual(["dev-apps", "prod-apps"]);
});

describeWithTerraform("account pinning (allowed_account_ids) is checked through the local STS endpoint", () => {
  const { work, sts } = offlineWorkspace("rw-terraform-accounts-");

  /**
   * One plan answers both tests below (each plan starts the provider and reads its schema, about 7 s of
   * CPU): dev-network as synthesized, planned with the credentials of account 222222222222, plus two
   * provider blocks that assume roles. Its own provider is refused (dev-network is pinned to dev's
   * account). `assumed` takes a role in 333333333333, which it allows: it passes its check, and its data
   * source's EC2 read is refused by loopback. `refused` takes a role in 444444444444 but allows only
   * 333333333333: it is refused after assuming. The providers do not depend on each other, so Terraform
   * configures each and one plan reports all three errors.
   */
  const PROVIDER = 'provider["registry.terraform.io/hashicorp/aws"]';
  let wrongAccountPlan: Promise<{ error: unknown; calls: ReturnType<typeof sts>["calls"] }> | undefined;
  function planWithWrongAccount() {
    wrongAccountPlan ??= (async () => {
      const stack = JSON.parse(fs.readFileSync(path.join(outdir, "stacks", "dev-network", "cdk.tf.json"), "utf8"));
      const assuming = (alias: string, roleAccount: string) => ({
        alias,
        region: "eu-central-1",
        allowed_account_ids: ["333333333333"],
        assume_role: [{ role_arn: `arn:aws:iam::${roleAccount}:role/deploy` }],
      });
      stack.provider.aws.push(assuming("assumed", "333333333333"), assuming("refused", "444444444444"));
      // A data source that reads an AWS API (EC2) when it is planned: the stacks have none today.
      stack.data = { ...stack.data, aws_availability_zones: { AssumedZones: { provider: "aws.assumed", state: "available" } } };
      // Terraform configures only the providers something uses.
      const refusedBucket = { provider: "aws.refused", bucket: "road-warrior-refused" };
      stack.resource.aws_s3_bucket = { ...stack.resource.aws_s3_bucket, RefusedBucket: refusedBucket };
      const file = path.join(work, "wrong-account", "stack", "cdk.tf.json");
      fs.mkdirSync(path.dirname(file), { recursive: true });
      fs.writeFileSync(file, JSON.stringify(stack));
      const before = sts().calls.length;
      const error = await planOffline(file, path.join(work, "plans-wrong-account"), sts(), { callerAccount: "222222222222" }).then(
        () => undefined,
        (e: unknown) => e,
      );
      return { error, calls: sts().calls.slice(before) };
    })();
    return wrongAccountPlan;
  }
  const refusal = (account: string, address: string) =>
    expect.objectContaining({ severity: "error", summary: `AWS account ID not allowed: ${account}`, address });

  test(
    "a stack planned with another account's credentials fails as on AWS: AWS account ID not allowed",
    async () => {
      const { error } = await planWithWrongAccount();
      expect(error).toBeInstanceOf(TerraformError);
      // The stack's own provider (no alias) is the one refused for the caller's account.
      expect((error as TerraformError).diagnostics).toContainEqual(refusal("222222222222", PROVIDER));
      expect((error as TerraformError).message).toMatch(/AWS account ID not allowed: 222222222222/);
    },
    TERRAFORM_TIMEOUT_MS,
  );

  test(
    "a provider block that assumes a role asks loopback, is checked in the role's account, and reads no AWS API over the network",
    async () => {
      const { error, calls } = await planWithWrongAccount();
      expect(error).toBeInstanceOf(TerraformError);
      const failure = error as TerraformError;
      // Checked in the role's account: a role in an account the block does not allow is refused.
      expect(failure.diagnostics).toContainEqual(refusal("444444444444", `${PROVIDER}.refused`));
      expect(failure.diagnostics.filter((d) => d.summary.startsWith("AWS account ID not allowed"))).toHaveLength(2);
      // The EC2 call is answered by the loopback endpoint with an error, not sent to AWS with the fake keys.
      expect(failure.message).toMatch(/EC2: DescribeAvailabilityZones, https response error StatusCode: 400/);
      expect(calls).toContainEqual({ action: "AssumeRole", callerAccount: "222222222222", status: 200 });
      expect(calls).toContainEqual({ action: "GetCallerIdentity", callerAccount: "333333333333", status: 200 });
      expect(calls).toContainEqual({ action: "GetCallerIdentity", callerAccount: "444444444444", status: 200 });
      expect(calls).toContainEqual({ action: "DescribeAvailabilityZones", callerAccount: "333333333333", status: 400 });
    },
    TERRAFORM_TIMEOUT_MS,
  );

  test("Terraform still running when a test ends is stopped, so the jest worker can exit", async () => {
    const dir = fs.mkdtempSync(path.join(work, "stop-"));
    // terraform console waits for input on its open stdin and ignores SIGTERM: it runs until killed.
    const console = terraform(["console"], dir);
    await new Promise((resolve) => setTimeout(resolve, 2000));
    expect(await stopRunningTerraform(1000)).toBe(1);
    const result = await console;
    expect(result.status).toBe(-1);
    expect(await stopRunningTerraform()).toBe(0);
  });

  describe("the plan reports exactly the errors and warnings terraform validate reports, so validate need not run apart", () => {
    const provider = { aws: [{ region: "eu-central-1", allowed_account_ids: ["111111111111"] }] };
    const required = { required_providers: { aws: { source: "hashicorp/aws", version: AWS_PROVIDER_VERSION } } };
    // Deprecated in provider 5.x: a warning. An argument the resource does not have: an error.
    const deprecated = { aws_s3_bucket: { Logs: { bucket: "road-warrior-diagnostics", acl: "private" } } };
    const unknownArgument = { aws_sqs_queue: { Queue: { name: "road-warrior-diagnostics", no_such_argument: 1 } } };
    // Terraform walks the configuration concurrently: the order of its diagnostics varies from run to run.
    const essentials = (list: readonly Diagnostic[]) =>
      list
        .map(({ severity, summary, detail, address }) => ({ severity, summary, detail, address }))
        .sort((a, b) => `${a.severity} ${a.summary}`.localeCompare(`${b.severity} ${b.summary}`));
    const deprecation = expect.objectContaining({ severity: "warning", summary: "Argument is deprecated", address: "aws_s3_bucket.Logs" });

    /** Writes the configuration as a stack, plans it offline, and runs `terraform validate -json` in the plan's folder. */
    async function planAndValidate(name: string, resource: Record<string, unknown>) {
      const file = path.join(work, name, "stack", "cdk.tf.json");
      fs.mkdirSync(path.dirname(file), { recursive: true });
      fs.writeFileSync(file, JSON.stringify({ terraform: required, provider, resource }));
      const outcome = await planOffline(file, path.join(work, `plans-${name}`), sts()).then(
        (planned) => ({ planned }),
        (error: unknown) => ({ error }),
      );
      const validated = JSON.parse((await terraform(["validate", "-json"], path.join(work, `plans-${name}`, "stack"))).stdout);
      return { outcome, validated: essentials(validated.diagnostics) };
    }

    test(
      "a plan that succeeds returns validate's warnings",
      async () => {
        const { outcome, validated } = await planAndValidate("warning", deprecated);
        if (!("planned" in outcome)) throw outcome.error;
        expect(essentials(outcome.planned.validation.diagnostics)).toEqual(validated);
        expect(validated).toEqual([deprecation]);
      },
      TERRAFORM_TIMEOUT_MS,
    );

    test(
      "a plan that fails throws validate's errors and warnings, errors first",
      async () => {
        const { outcome, validated } = await planAndValidate("error", { ...deprecated, ...unknownArgument });
        expect("error" in outcome && outcome.error).toBeInstanceOf(TerraformError);
        const failure = (outcome as { error: TerraformError }).error;
        expect(essentials(failure.diagnostics)).toEqual(validated);
        expect(validated).toEqual([
          expect.objectContaining({ severity: "error", summary: "Extraneous JSON object property" }),
          deprecation,
        ]);
        expect(failure.output).toMatch(/^Error: Extraneous JSON object property[\s\S]*Warning: Argument is deprecated/);
      },
      TERRAFORM_TIMEOUT_MS,
    );
  });
});
