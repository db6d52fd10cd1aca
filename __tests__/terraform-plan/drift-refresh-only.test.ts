/*
 * The drift summary from refresh-only plans that the real Terraform CLI and AWS provider made: a
 * hand-written prior state of two CloudWatch log groups, and CloudWatch Logs answered from loopback
 * the way AWS documents it (JSON 1.1, `X-Amz-Target: Logs_20140328.<action>`): one log group's
 * retention was shortened and a tag added by hand, the other was deleted. A refresh reads every
 * resource, so these two calls are all the provider makes; any other is answered with an error
 * naming it, so a provider that starts reading more fails here instead of reaching the network.
 */
import * as fs from "fs";
import * as http from "http";
import * as os from "os";
import * as path from "path";
import { AWS_PROVIDER_VERSION } from "../../src/config/versions";
import { driftMarkdown, driftReport } from "../../src/ci/drift";
import { stopRunningTerraform, terraform } from "../../src/preview/offline-plan";
import { listenOnLoopback, LoopbackEndpoint } from "../../src/preview/sts-endpoint";
import { describeWithTerraform, TERRAFORM_TIMEOUT_MS } from "../support/terraform-plan";

const ACCOUNT = "123456789012";
const REGION = "eu-central-1";
const HAND_ADDED = "value-set-in-the-console";

interface LogGroup {
  readonly name: string;
  readonly retentionInDays: number;
  readonly tags: Record<string, string>;
}

/** CloudWatch Logs as AWS answers DescribeLogGroups (by name prefix) and ListTagsForResource (by ARN without `:*`). */
function startLogs(groups: LogGroup[]): Promise<LoopbackEndpoint<string>> {
  const calls: string[] = [];
  const arn = (name: string) => `arn:aws:logs:${REGION}:${ACCOUNT}:log-group:${name}`;
  const server = http.createServer((request, response) => {
    const chunks: Buffer[] = [];
    request.on("data", (chunk: Buffer) => chunks.push(chunk));
    request.on("end", () => {
      const target = String(request.headers["x-amz-target"] ?? "");
      const input = JSON.parse(Buffer.concat(chunks).toString("utf8") || "{}");
      calls.push(target);
      let status = 200;
      let body: unknown;
      if (target === "Logs_20140328.DescribeLogGroups") {
        const found = groups.filter((g) => g.name.startsWith(input.logGroupNamePrefix ?? ""));
        body = {
          logGroups: found.map((g) => ({
            logGroupName: g.name,
            arn: `${arn(g.name)}:*`,
            logGroupArn: arn(g.name),
            retentionInDays: g.retentionInDays,
            creationTime: 1767225600000,
            storedBytes: 0,
            logGroupClass: "STANDARD",
          })),
        };
      } else if (target === "Logs_20140328.ListTagsForResource") {
        const group = groups.find((g) => arn(g.name) === input.resourceArn);
        [status, body] = group
          ? [200, { tags: group.tags }]
          : [400, { __type: "ResourceNotFoundException", message: "The specified log group does not exist." }];
      } else {
        status = 400;
        body = { __type: "UnknownOperationException", message: `not answered by the test's CloudWatch Logs: ${target}` };
      }
      const text = JSON.stringify(body);
      response.writeHead(status, { "content-type": "application/x-amz-json-1.1", "content-length": Buffer.byteLength(text) });
      response.end(text);
    });
  });
  return listenOnLoopback(server, calls);
}

/** The version-4 state Terraform wrote when it created the log group (the provider's schema version 0). */
function logGroupState(name: string, tags: Record<string, string>) {
  return {
    mode: "managed",
    type: "aws_cloudwatch_log_group",
    name,
    provider: 'provider["registry.terraform.io/hashicorp/aws"]',
    instances: [
      {
        schema_version: 0,
        attributes: {
          arn: `arn:aws:logs:${REGION}:${ACCOUNT}:log-group:${name}`,
          id: name,
          kms_key_id: "",
          log_group_class: "STANDARD",
          name,
          name_prefix: "",
          retention_in_days: 30,
          skip_destroy: false,
          tags,
          tags_all: tags,
        },
        sensitive_attributes: [],
      },
    ],
  };
}

describeWithTerraform("drift from a refresh-only plan of the real provider, AWS answered from loopback", () => {
  const work = fs.mkdtempSync(path.join(os.tmpdir(), "rw-drift-terraform-"));
  let logs: LoopbackEndpoint<string>;
  let plan: Record<string, any>;
  let exitCode: number;

  beforeAll(async () => {
    // "flow" exists with a shorter retention and a tag someone added; "audit" is gone.
    logs = await startLogs([{ name: "flow", retentionInDays: 7, tags: { team: "platform", owner: HAND_ADDED } }]);
    fs.writeFileSync(
      path.join(work, "main.tf.json"),
      JSON.stringify({
        terraform: { required_providers: { aws: { source: "hashicorp/aws", version: AWS_PROVIDER_VERSION } } },
        provider: {
          aws: {
            region: REGION,
            access_key: "AKIAIOSFODNN7EXAMPLE",
            secret_key: "offline-plan-fake-secret",
            skip_credentials_validation: true,
            skip_requesting_account_id: true,
            skip_metadata_api_check: true,
          },
        },
        resource: {
          aws_cloudwatch_log_group: {
            flow: { name: "flow", retention_in_days: 30, tags: { team: "platform" } },
            audit: { name: "audit", retention_in_days: 30, tags: { team: "platform" } },
          },
        },
      }),
    );
    fs.writeFileSync(
      path.join(work, "terraform.tfstate"),
      JSON.stringify({
        version: 4,
        terraform_version: "1.11.4",
        serial: 1,
        lineage: "3f1c9a52-0000-4000-8000-000000000025",
        outputs: {},
        resources: [logGroupState("flow", { team: "platform" }), logGroupState("audit", { team: "platform" })],
      }),
    );
    const init = await terraform(["init", "-input=false", "-no-color"], work);
    if (init.status !== 0) throw new Error(init.stderr);
    // What the drift workflow runs, flags included.
    const planned = await terraform(
      ["plan", "-refresh-only", "-detailed-exitcode", "-lock=false", "-input=false", "-no-color", "-out=drift.tfplan"],
      work,
      // CloudWatch Logs, and any other service, at loopback through the SDK's variables (an `endpoints`
      // block costs the provider seconds to validate): a call this test does not expect is answered with an error.
      { AWS_ENDPOINT_URL: logs.url, AWS_ENDPOINT_URL_CLOUDWATCH_LOGS: logs.url },
    );
    exitCode = planned.status;
    if (exitCode !== 2) throw new Error(`refresh-only plan: exit ${exitCode}\n${planned.stderr}${planned.stdout}`);
    const shown = await terraform(["show", "-json", "drift.tfplan"], work);
    plan = JSON.parse(shown.stdout);
  }, TERRAFORM_TIMEOUT_MS);

  afterAll(async () => {
    await stopRunningTerraform();
    await logs?.stop();
    fs.rmSync(work, { recursive: true, force: true });
  });

  test("exit 2 (-detailed-exitcode: drift), and the provider asked only the calls answered here", () => {
    expect(exitCode).toBe(2);
    expect([...new Set(logs.calls)].sort()).toEqual(["Logs_20140328.DescribeLogGroups", "Logs_20140328.ListTagsForResource"]);
  });

  test("the summary names the changed attributes of one and the deletion of the other", () => {
    expect(driftReport("dev", [{ stack: "dev-network", plan }]).drifted).toEqual([
      { stack: "dev-network", address: "aws_cloudwatch_log_group.audit", drift: "deleted", attributes: [] },
      {
        stack: "dev-network",
        address: "aws_cloudwatch_log_group.flow",
        drift: "changed",
        attributes: ["retention_in_days", "tags.owner", "tags_all.owner"],
      },
    ]);
  });

  test("the issue body carries no value the plan holds (the plan JSON does hold them)", () => {
    expect(JSON.stringify(plan)).toContain(HAND_ADDED);
    const markdown = driftMarkdown(driftReport("dev", [{ stack: "dev-network", plan }]), "https://run/1");
    expect(markdown).not.toContain(HAND_ADDED);
    expect(markdown).not.toMatch(/\b7\b/);
  });
});
