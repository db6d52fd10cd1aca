/**
 * Pieces of the prod apps and cluster stacks that `terraform validate` can check with the AWS provider
 * alone: the whole apps stack cannot be validated offline (no Kubernetes or Helm provider binary here),
 * so these resources are taken out of it, and what they read from other stacks (remote state) becomes
 * literal values of the same shape. Used by apps-extracts-terraform.test.ts.
 */
import { builtIn } from "./environments";
import { synthApp } from "./stacks";

type Json = Record<string, any>;

const prod = builtIn("prod");
// With a Slack channel, so the cluster stack has its Chatbot configuration too.
const stacks = synthApp([{ ...prod, alerts: { ...prod.alerts, chat: { slackTeamId: "T0123ABCDE", slackChannelId: "C0123ABCDE" } } }]);
const apps = stacks["prod-apps"];
const cluster = stacks["prod-cluster"];

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
export function sloAppsExtract(): Json {
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
export function sloClusterExtract(): Json {
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

/** The canary, its role, policy and alarm, and the dashboard (with the target groups it reads). */
export function monitoringExtract(): Json {
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
  // What other stacks hand over (the alarm topic, the VPC id, the logs bucket) comes from their state: literals of the same shape here.
  return JSON.parse(
    JSON.stringify(json).replace(/\$\{data\.terraform_remote_state\.[^}]+\}/g, (reference) =>
      reference.includes("sns_topic")
        ? "arn:aws:sns:eu-central-1:222222222222:road-warrior-prod-alarms"
        : reference.includes("vpc")
          ? "vpc-0123456789abcdef0"
          : "road-warrior-prod-logs-222222222222",
    ),
  );
}

/**
 * One configuration of several extracts: resources and data sources merged by type and name (a name in
 * two extracts must be the same block), with the last extract's providers.
 */
export function union(...extracts: Json[]): Json {
  const merged: Json = { terraform: extracts[0].terraform, provider: extracts[extracts.length - 1].provider, resource: {}, data: {} };
  for (const extract of extracts) {
    for (const block of ["resource", "data"] as const) {
      for (const [type, byName] of Object.entries<Json>(extract[block] ?? {})) {
        const clash = Object.keys(byName).filter(
          (name) => name in (merged[block][type] ?? {}) && JSON.stringify(merged[block][type][name]) !== JSON.stringify(byName[name]),
        );
        if (clash.length > 0) throw new Error(`extracts share ${block} ${type}.${clash.join(", ")}`);
        merged[block][type] = { ...merged[block][type], ...byName };
      }
    }
  }
  return merged;
}
