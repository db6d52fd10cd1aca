/**
 * The synthetic checks and the dashboard of the apps stack, with the real Terraform CLI and AWS provider 5.100.0:
 * `terraform validate` of the canary (runtime, schedule, artifact encryption, environment variables, delete_lambda),
 * its role and policy, its alarm and the dashboard, as synthesized. The whole apps stack cannot be validated offline
 * (the Kubernetes and Helm providers are not installed here): these resources are taken out of it with the AWS
 * provider alone, and the values they read from other stacks (remote state) become literal strings.
 */
import { terraformUnavailable } from "../src/preview/offline-plan";
import { builtIn } from "./support/environments";
import { synthApp } from "./support/stacks";
import { validateExtract } from "./support/terraform-validate";

const unavailable = terraformUnavailable();
if (unavailable) console.warn(`\n*** SKIPPING the Terraform check of the apps stack's monitoring: ${unavailable}. ***\n`);
const describeWithTerraform = unavailable ? describe.skip : describe;

const apps = synthApp([builtIn("prod")])["prod-apps"];

/** Resources of `type` whose Terraform name matches, without cdktf's metadata and without dependencies outside the extract. */
function pick(group: Record<string, any> | undefined, name: RegExp): Record<string, any> {
  return Object.fromEntries(
    Object.entries(group ?? {})
      .filter(([key]) => name.test(key))
      .map(([key, value]) => {
        const { ["//"]: _metadata, depends_on: _dependsOn, ...rest } = value;
        return [key, rest];
      }),
  );
}

function extract(): Record<string, any> {
  const json = {
    terraform: { required_providers: { aws: apps.terraform.required_providers.aws } },
    provider: { aws: [{ region: "eu-central-1" }] },
    resource: {
      aws_synthetics_canary: pick(apps.resource.aws_synthetics_canary, /./),
      aws_iam_role: pick(apps.resource.aws_iam_role, /^SyntheticCheck-/),
      aws_iam_role_policy: pick(apps.resource.aws_iam_role_policy, /^SyntheticCheck-/),
      aws_cloudwatch_metric_alarm: pick(apps.resource.aws_cloudwatch_metric_alarm, /^SyntheticCheck-/),
      aws_cloudwatch_dashboard: pick(apps.resource.aws_cloudwatch_dashboard, /./),
      // The dashboard reads each public service's own target group.
      aws_lb_target_group: pick(apps.resource.aws_lb_target_group, /./),
    },
    data: {
      aws_iam_policy_document: pick(apps.data.aws_iam_policy_document, /^SyntheticCheck-/),
      aws_partition: pick(apps.data.aws_partition, /./),
      aws_lb: pick(apps.data.aws_lb, /./),
    },
  };
  // What other stacks hand over (the alarm topic, the logs bucket) is read from their state: literal values of the same shape here.
  return JSON.parse(
    JSON.stringify(json).replace(/\$\{data\.terraform_remote_state\.[^}]+\}/g, (reference) =>
      reference.includes("sns_topic")
        ? "arn:aws:sns:eu-central-1:222222222222:road-warrior-prod-alarms"
        : "road-warrior-prod-logs-222222222222",
    ),
  );
}

describeWithTerraform("apps stack: synthetic checks and the dashboard, by terraform validate (1.11)", () => {
  test("the extract holds what it should (a canary, its role, policy and alarm, the dashboard)", () => {
    const json = extract();
    expect(Object.keys(json.resource.aws_synthetics_canary)).toHaveLength(1);
    expect(Object.keys(json.resource.aws_iam_role)).toHaveLength(1);
    expect(Object.keys(json.resource.aws_iam_role_policy)).toHaveLength(1);
    expect(Object.keys(json.resource.aws_cloudwatch_metric_alarm)).toHaveLength(1);
    expect(Object.keys(json.resource.aws_cloudwatch_dashboard)).toHaveLength(1);
  });

  const validate = (json: Record<string, any>) => validateExtract(json, "rw-monitoring-");

  test("the AWS provider accepts them as synthesized", async () => {
    const result = await validate(extract());
    expect(result.output).toMatch(/The configuration is valid/);
    expect(result.status).toBe(0);
  }, 120_000);

  test("the check has teeth: an encryption mode the provider does not know is refused", async () => {
    const json = extract();
    const canary: any = Object.values(json.resource.aws_synthetics_canary)[0];
    canary.artifact_config.s3_encryption.encryption_mode = "SSE_NONE";
    const result = await validate(json);
    expect(result.status).not.toBe(0);
    expect(result.output).toMatch(/encryption_mode/);
  }, 120_000);
});
