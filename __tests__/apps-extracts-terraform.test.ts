/**
 * The apps stack's SLO and monitoring resources and the cluster stack's alarm topics and Slack channel,
 * with the real Terraform CLI and AWS provider 5.100.0: `terraform validate` of each public service's
 * target group, its burn-rate, composite and latency alarms, every service's workload alarms, the
 * canary (runtime, schedule, artifact encryption, environment variables, delete_lambda) with its role,
 * policy and alarm, the dashboard, and the page and ticket topics with the optional Slack channel
 * (support/apps-extracts.ts says how they are taken out of the stacks). Each `terraform validate`
 * starts the 675 MB provider, most of its time: everything as synthesized is one configuration, and
 * every deliberate break is one more.
 */
import { terraformUnavailable } from "../src/preview/offline-plan";
import { monitoringExtract, sloAppsExtract, sloClusterExtract, union } from "./support/apps-extracts";
import { validateExtract } from "./support/terraform-validate";

const unavailable = terraformUnavailable();
if (unavailable) console.warn(`\n*** SKIPPING the Terraform check of the apps stack's alarms and monitoring: ${unavailable}. ***\n`);
const describeWithTerraform = unavailable ? describe.skip : describe;

type Json = Record<string, any>;
const validate = (json: Json) => validateExtract(json, "rw-apps-extracts-");

describeWithTerraform("SLO alarms, canaries, the dashboard, topics and the Slack channel, by terraform validate (1.11)", () => {
  test("the extracts hold what they should", () => {
    const a = sloAppsExtract();
    expect(Object.keys(a.resource.aws_lb_target_group)).toHaveLength(1);
    // trips-api: 6 window alarms and a latency alarm; 3 services x 3 workload alarms, each with its error-line filter.
    expect(Object.keys(a.resource.aws_cloudwatch_metric_alarm)).toHaveLength(7 + 9);
    expect(Object.keys(a.resource.aws_cloudwatch_log_metric_filter)).toHaveLength(3);
    expect(Object.keys(a.resource.aws_cloudwatch_composite_alarm)).toHaveLength(2);
    const c = sloClusterExtract();
    expect(Object.keys(c.resource.aws_sns_topic)).toHaveLength(2);
    expect(Object.keys(c.resource.aws_chatbot_slack_channel_configuration)).toHaveLength(1);
    // A canary, its role, policy and alarm, the dashboard.
    const m = monitoringExtract();
    expect(Object.keys(m.resource.aws_synthetics_canary)).toHaveLength(1);
    expect(Object.keys(m.resource.aws_iam_role)).toHaveLength(1);
    expect(Object.keys(m.resource.aws_iam_role_policy)).toHaveLength(1);
    expect(Object.keys(m.resource.aws_cloudwatch_metric_alarm)).toHaveLength(1);
    expect(Object.keys(m.resource.aws_cloudwatch_dashboard)).toHaveLength(1);
  });

  test("the AWS provider accepts them all as synthesized", async () => {
    const result = await validate(union(sloAppsExtract(), monitoringExtract(), sloClusterExtract()));
    expect(result.output).toMatch(/The configuration is valid/);
    expect(result.status).toBe(0);
  }, 120_000);

  test("the check has teeth: a treat_missing_data and an encryption mode the provider does not know are each refused", async () => {
    const slo = sloAppsExtract();
    (Object.values(slo.resource.aws_cloudwatch_metric_alarm)[0] as Json).treat_missing_data = "ignoreIt";
    const monitoring = monitoringExtract();
    (Object.values(monitoring.resource.aws_synthetics_canary)[0] as Json).artifact_config.s3_encryption.encryption_mode = "SSE_NONE";
    const result = await validate(union(slo, monitoring));
    expect(result.status).not.toBe(0);
    expect(result.output).toMatch(/treat_missing_data/);
    expect(result.output).toMatch(/encryption_mode/);
  }, 120_000);
});
