/**
 * The SLO pieces with the real Terraform CLI and AWS provider 5.100.0: `terraform validate` of each public
 * service's target group, its burn-rate, composite and latency alarms, every service's workload alarms (apps
 * stack), and the page and ticket topics with the optional Slack channel (cluster stack). The apps stack cannot
 * be validated whole offline (no Kubernetes or Helm provider here): these resources are taken out of it with
 * the AWS provider alone, and what they read from other stacks (remote state) becomes literal values.
 */
import { terraformUnavailable } from "../src/preview/offline-plan";
import { builtIn } from "./support/environments";
import { synthApp } from "./support/stacks";
import { validateExtract } from "./support/terraform-validate";

const unavailable = terraformUnavailable();
if (unavailable) console.warn(`\n*** SKIPPING the Terraform check of the SLO alarms: ${unavailable}. ***\n`);
const describeWithTerraform = unavailable ? describe.skip : describe;

const prod = builtIn("prod");
const stacks = synthApp([{ ...prod, alerts: { ...prod.alerts, chat: { slackTeamId: "T0123ABCDE", slackChannelId: "C0123ABCDE" } } }]);
const apps = stacks["prod-apps"];
const cluster = stacks["prod-cluster"];

type Json = Record<string, any>;

/** Resources whose Terraform name matches, without cdktf's metadata and without dependencies outside the extract. */
function pick(group: Json | undefined, name: RegExp): Json {
  return Object.fromEntries(
    Object.entries(group ?? {})
      .filter(([key]) => name.test(key))
      .map(([key, value]) => {
        const { ["//"]: _metadata, depends_on: _dependsOn, ...rest } = value as Json;
        return [key, rest];
      }),
  );
}

/** The apps stack's SLO resources; cross-stack values (topics, VPC id) become literals of the same shape. */
function appsExtract(): Json {
  const json = {
    terraform: { required_providers: { aws: apps.terraform.required_providers.aws } },
    provider: { aws: [{ region: "eu-central-1" }] },
    resource: {
      aws_lb_target_group: pick(apps.resource.aws_lb_target_group, /./),
      aws_cloudwatch_metric_alarm: pick(apps.resource.aws_cloudwatch_metric_alarm, /^(SloAlarms|WorkloadAlarms)-/),
      aws_cloudwatch_composite_alarm: pick(apps.resource.aws_cloudwatch_composite_alarm, /./),
      aws_cloudwatch_log_metric_filter: pick(apps.resource.aws_cloudwatch_log_metric_filter, /^WorkloadAlarms-/),
    },
    data: { aws_lb: pick(apps.data.aws_lb, /./) },
  };
  return JSON.parse(
    JSON.stringify(json).replace(/\$\{data\.terraform_remote_state\.[^}]+\}/g, (reference) =>
      reference.includes("sns_topic")
        ? "arn:aws:sns:eu-central-1:222222222222:road-warrior-prod-alarms-page"
        : reference.includes("vpc")
          ? "vpc-0123456789abcdef0"
          : "road-warrior-prod",
    ),
  );
}

/** The cluster stack's topics and Slack channel (its role, policy and the provider it is created through). */
function clusterExtract(): Json {
  return {
    terraform: { required_providers: { aws: cluster.terraform.required_providers.aws } },
    provider: { aws: [{ region: "eu-central-1" }, { alias: "chatbot", region: "us-west-2" }] },
    resource: {
      aws_kms_key: { Key: { description: "stand-in for the cluster key" } },
      aws_sns_topic: pick(cluster.resource.aws_sns_topic, /^(PageTopic|TicketTopic)/),
      aws_sns_topic_policy: pick(cluster.resource.aws_sns_topic_policy, /^(PageTopic|TicketTopic)/),
      aws_iam_role: pick(cluster.resource.aws_iam_role, /^SlackChannel/),
      aws_iam_role_policy: pick(cluster.resource.aws_iam_role_policy, /^SlackChannel/),
      aws_chatbot_slack_channel_configuration: pick(cluster.resource.aws_chatbot_slack_channel_configuration, /./),
    },
    data: {
      aws_partition: pick(cluster.data.aws_partition, /./),
      aws_iam_policy_document: pick(cluster.data.aws_iam_policy_document, /^(PageTopic|TicketTopic|SlackChannel)/),
    },
  };
}

const validate = (json: Json) => validateExtract(json, "rw-slo-");

describeWithTerraform("SLO alarms, target groups, topics and the Slack channel, by terraform validate (1.11)", () => {
  test("the extracts hold what they should", () => {
    const a = appsExtract();
    expect(Object.keys(a.resource.aws_lb_target_group)).toHaveLength(1);
    // trips-api: 6 window alarms and a latency alarm; 3 services x 3 workload alarms, each with its error-line filter.
    expect(Object.keys(a.resource.aws_cloudwatch_metric_alarm)).toHaveLength(7 + 9);
    expect(Object.keys(a.resource.aws_cloudwatch_log_metric_filter)).toHaveLength(3);
    expect(Object.keys(a.resource.aws_cloudwatch_composite_alarm)).toHaveLength(2);
    const c = clusterExtract();
    expect(Object.keys(c.resource.aws_sns_topic)).toHaveLength(2);
    expect(Object.keys(c.resource.aws_chatbot_slack_channel_configuration)).toHaveLength(1);
  });

  // One configuration holds both extracts (their types do not overlap): each `terraform validate` starts the
  // 675 MB provider, which is most of its time.
  test("the AWS provider accepts the apps stack's SLO resources, the topics and the Slack channel as synthesized", async () => {
    const a = appsExtract();
    const c = clusterExtract();
    expect(Object.keys(a.resource).filter((type) => type in c.resource)).toEqual([]);
    const result = await validate({
      ...a,
      provider: c.provider,
      resource: { ...a.resource, ...c.resource },
      data: { ...a.data, ...c.data },
    });
    expect(result.output).toMatch(/The configuration is valid/);
    expect(result.status).toBe(0);
  }, 120_000);

  test("the check has teeth: a treat_missing_data the provider does not know is refused", async () => {
    const json = appsExtract();
    const alarm: Json = Object.values(json.resource.aws_cloudwatch_metric_alarm)[0] as Json;
    alarm.treat_missing_data = "ignoreIt";
    const result = await validate(json);
    expect(result.status).not.toBe(0);
    expect(result.output).toMatch(/treat_missing_data/);
  }, 120_000);
});
