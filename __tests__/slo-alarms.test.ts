import { BURN_RATE_CONDITIONS, budgetSpent, windowProblem } from "../src/constructs/monitoring/burn-rate";
import { SLO_ALARM_SHAPE } from "../src/config/slo";
import { builtIn } from "./support/environments";
import { resourcesOf, synthApp } from "./support/stacks";

const prodConfig = builtIn("prod");
const devConfig = builtIn("dev");
const devOptIn = { ...devConfig, slo: { ...devConfig.slo, burnRateAlarms: true } };
const synthesized = synthApp([devConfig, prodConfig]);
const prod = synthesized["prod-apps"];
const dev = synthesized["dev-apps"];
const optIn = synthApp([devOptIn])["dev-apps"];

type Json = Record<string, any>;
const values = (json: Json, type: string): Json[] => Object.values(resourcesOf(json, type));
const alarmsOf = (json: Json, service: string) =>
  values(json, "aws_cloudwatch_metric_alarm").filter((a) => a.alarm_name.includes(`-${service}-`));
const burnAlarms = (json: Json, service: string) => alarmsOf(json, service).filter((a) => /-burn-/.test(a.alarm_name));
const clusterOutput = (env: string, output: string) =>
  `\${data.terraform_remote_state.cross-stack-reference-input-${env}-cluster.outputs.${output}}`;

/** CloudWatch's documented limit (PutMetricAlarm): period x evaluation periods <= 7 days, or <= 1 day below a 1-hour period. */
const withinCloudWatchLimits = (period: number, evaluations: number) =>
  period % 60 === 0 && period * evaluations <= (period >= 3_600 ? 7 * 86_400 : 86_400);

describe("burn-rate windows: the SRE workbook's table, inside CloudWatch's limits", () => {
  test("page at 14.4x over 1 h and 5 min, or 6x over 6 h and 30 min; ticket at 1x over 3 days and 6 h", () => {
    expect(BURN_RATE_CONDITIONS.map((c) => [c.level, c.factor, c.long.periodSeconds, c.short.periodSeconds])).toEqual([
      ["page", 14.4, 3_600, 300],
      ["page", 6, 21_600, 1_800],
      ["ticket", 1, 259_200, 21_600],
    ]);
  });

  test("each alert fires once it has spent 2 %, 5 % and 10 % of the 30-day budget", () => {
    expect(BURN_RATE_CONDITIONS.map((c) => Number(budgetSpent(c).toFixed(4)))).toEqual([0.02, 0.05, 0.1]);
  });

  test("the limit check refuses what CloudWatch refuses, so it can fail", () => {
    expect(windowProblem({ name: "x", periodSeconds: 300, evaluationPeriods: 289 })).toMatch(/above CloudWatch's 86400 s/);
    expect(windowProblem({ name: "x", periodSeconds: 3_600, evaluationPeriods: 169 })).toMatch(/above CloudWatch's 604800 s/);
    expect(windowProblem({ name: "x", periodSeconds: 90, evaluationPeriods: 1 })).toMatch(/multiple of 60/);
    for (const c of BURN_RATE_CONDITIONS) for (const w of [c.long, c.short]) expect(windowProblem(w)).toBeUndefined();
  });
});

describe("prod: every public service has its page and ticket burn-rate alarms, computed from its own target group", () => {
  const publicServices = prodConfig.services.filter((s) => s.public);

  test.each(publicServices.map((s) => s.name))("%s: each window's threshold and budget recomputed from the objective", (service) => {
    const objective = prodConfig.services.find((s) => s.name === service)!.slo?.availabilityPercent ?? 99.99;
    const budget = (100 - objective) / 100;
    const alarms = burnAlarms(prod, service);
    const expected = BURN_RATE_CONDITIONS.flatMap((c) => [c.long, c.short].map((w) => ({ factor: c.factor, period: w.periodSeconds })));
    expect(alarms).toHaveLength(expected.length);
    for (const { factor, period } of expected) {
      const alarm = alarms.find((a) => a.threshold === factor && a.metric_query[0].metric.period === period);
      expect({ factor, period, found: alarm !== undefined }).toEqual({ factor, period, found: true });
      const math = alarm!.metric_query.find((q: Json) => q.expression);
      // The expression divides the error ratio by the budget: read the divisor back and compare it with 1 - objective.
      const divisor = Number(/\/ ([0-9.e-]+)$/.exec(math.expression)![1]);
      expect(divisor).toBeCloseTo(budget, 12);
      expect(alarm!.comparison_operator).toBe("GreaterThanThreshold");
      expect(withinCloudWatchLimits(period, alarm!.evaluation_periods)).toBe(true);
      for (const q of alarm!.metric_query.filter((q: Json) => q.metric)) expect(q.metric.period).toBe(period);
    }
  });

  test("the signals are the service's own: every metric carries its target group and the ALB", () => {
    for (const service of publicServices) {
      // The synthetic check watches the service from outside (CloudWatchSynthetics metrics), not through its target group.
      for (const alarm of alarmsOf(prod, service.name).filter((a) => !/restarts|replicas|synthetic-check/.test(a.alarm_name))) {
        const metrics: Json[] = alarm.metric_query
          ? alarm.metric_query.filter((q: Json) => q.metric).map((q: Json) => q.metric.dimensions)
          : [alarm.dimensions];
        for (const d of metrics) {
          expect(d.TargetGroup).toMatch(new RegExp(`^\\$\\{aws_lb_target_group\\.TargetGroup-${service.name}(_[^.]+)?\\.arn_suffix\\}$`));
          expect(d.LoadBalancer).toMatch(/^\$\{data\.aws_lb\.Monitoring_LoadBalancer(_[^.]+)?\.arn_suffix\}$/);
        }
      }
    }
  });

  test("low traffic: a window with fewer than slo.minRequests requests burns 0, and missing data is not breaching", () => {
    for (const alarm of burnAlarms(prod, "trips-api")) {
      expect(alarm.metric_query.find((q: Json) => q.expression).expression).toMatch(/^IF\(requests >= 10, /);
      expect(alarm.treat_missing_data).toBe("notBreaching");
    }
  });

  test("only the composites notify: page = (1 h and 5 min) or (6 h and 30 min), ticket = 3 days and 6 h, each to its own topic", () => {
    for (const alarm of burnAlarms(prod, "trips-api")) expect(alarm.alarm_actions).toBeUndefined();
    const composites = Object.fromEntries(values(prod, "aws_cloudwatch_composite_alarm").map((c) => [c.alarm_name, c]));
    const page = composites["road-warrior-prod-trips-api-slo-page"];
    const ticket = composites["road-warrior-prod-trips-api-slo-ticket"];
    const n = (w: string, f: number) => `ALARM("road-warrior-prod-trips-api-burn-${w}-${f}x")`;
    // The rule names the window alarms by reference (so they are created first): read each reference back as the alarm's name.
    const names = resourcesOf(prod, "aws_cloudwatch_metric_alarm");
    const resolve = (rule: string) =>
      rule.replace(/\$\{aws_cloudwatch_metric_alarm\.([^.]+)\.alarm_name\}/g, (_m, key) => names[key].alarm_name);
    expect(resolve(page.alarm_rule)).toBe(`(${n("1h", 14.4)} AND ${n("5m", 14.4)}) OR (${n("6h", 6)} AND ${n("30m", 6)})`);
    expect(resolve(ticket.alarm_rule)).toBe(`(${n("3d", 1)} AND ${n("6h", 1)})`);
    expect(page.alarm_actions).toEqual([clusterOutput("prod", "cross-stack-output-aws_sns_topicPageTopicarn")]);
    expect(ticket.alarm_actions).toEqual([clusterOutput("prod", "cross-stack-output-aws_sns_topicTicketTopicarn")]);
  });

  test("latency: the objective's percentile above its bound for 15 minutes files a ticket", () => {
    const [latency] = alarmsOf(prod, "trips-api").filter((a) => /latency/.test(a.alarm_name));
    expect(latency).toMatchObject({
      extended_statistic: "p95",
      threshold: 1,
      period: 300,
      evaluation_periods: 3,
      metric_name: "TargetResponseTime",
    });
    expect(latency.alarm_actions).toEqual([expect.stringMatching(/TicketTopic/)]);
  });

  test("every service, internal ones too, has a restart and an autoscaler-ceiling alarm (Container Insights) that files a ticket", () => {
    for (const service of prodConfig.services) {
      const alarms = alarmsOf(prod, service.name);
      const restarts = alarms.find((a) => a.alarm_name.endsWith("-restarts"))!;
      const ceiling = alarms.find((a) => a.alarm_name.endsWith("-at-max-replicas"))!;
      expect(restarts.metric_query[0].metric).toMatchObject({ namespace: "ContainerInsights", dimensions: { Namespace: service.name } });
      expect(ceiling).toMatchObject({ metric_name: "service_number_of_running_pods", threshold: service.maxReplicas });
      for (const a of [restarts, ceiling]) expect(a.alarm_actions).toEqual([expect.stringMatching(/TicketTopic/)]);
    }
  });
});

describe("target groups: Terraform makes one per public service, and its chart binds the pods to it", () => {
  test("one ip target group per public service, health-checked on its healthPath; none for internal services", () => {
    const groups = values(prod, "aws_lb_target_group");
    expect(groups.map((g) => g.tags.service)).toEqual(prodConfig.services.filter((s) => s.public).map((s) => s.name));
    expect(groups[0]).toMatchObject({
      target_type: "ip",
      protocol: "HTTP",
      port: 8080,
      health_check: { path: "/healthz", matcher: "200-399" },
    });
  });

  test("the service's release gets the group's ARN (the Ingress forwards to it, the TargetGroupBinding fills it)", () => {
    const release = Object.values(resourcesOf(prod, "helm_release")).find((r: Json) => r.name === "trips-api") as Json;
    const valuesText = JSON.stringify(release.values ?? release.set ?? release);
    expect(valuesText).toMatch(/aws_lb_target_group\.TargetGroup-trips-api[^.]*\.arn/);
  });
});

describe("non-production: burn-rate alarms are opt-in (about $2.90 a month per public service and $0.20 per service; dev stays under $150)", () => {
  test("dev has none by default", () => {
    expect(values(dev, "aws_cloudwatch_composite_alarm")).toEqual([]);
    expect(values(dev, "aws_cloudwatch_metric_alarm").filter((a) => /-burn-|-restarts|-replicas|-latency-/.test(a.alarm_name))).toEqual([]);
  });

  test("slo.burnRateAlarms: true turns them on, with non-production's 99.5 % budget", () => {
    const alarms = burnAlarms(optIn, "trips-api");
    expect(alarms).toHaveLength(6);
    for (const a of alarms) expect(a.metric_query.find((q: Json) => q.expression).expression).toMatch(/ \/ 0\.005$/);
  });

  test("what the cost report says turning them on adds is what they are: their metrics and composites (SLO_ALARM_SHAPE)", () => {
    const alarms = values(optIn, "aws_cloudwatch_metric_alarm").filter((a) => /-burn-|-restarts|-replicas|-latency-/.test(a.alarm_name));
    const metrics = alarms.reduce((n, a) => n + (a.metric_query ? a.metric_query.filter((q: Json) => q.metric).length : 1), 0);
    const publicCount = devOptIn.services.filter((s) => s.public).length;
    expect(metrics).toBe(
      publicCount * SLO_ALARM_SHAPE.perPublicService.metrics + devOptIn.services.length * SLO_ALARM_SHAPE.perService.metrics,
    );
    expect(values(optIn, "aws_cloudwatch_composite_alarm")).toHaveLength(publicCount * SLO_ALARM_SHAPE.perPublicService.composites);
  });
});
