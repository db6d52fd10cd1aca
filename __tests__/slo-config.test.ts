import { burnRateAlarmsEnabled, serviceObjective, serviceObjectives } from "../src/config/slo";
import { SLO_MIN_AVAILABILITY_PERCENT } from "../src/config/schema";
import { builtIn, builtInRaw, issuesOf } from "./support/environments";

type Raw = Record<string, any>;

/** Breaks one SLO field of the dev (or prod) fixture and returns the issues of that field. */
function issuesAfter(mutate: (env: Raw) => void, name: "dev" | "prod" = "dev") {
  const env = builtInRaw(name);
  mutate(env);
  return issuesOf({ [`${name}.yaml`]: env }).map((i) => `${i.path}: ${i.rule}`);
}

describe("SLO fields: every bad input is refused with the field and the rule", () => {
  const cases: [string, (env: Raw) => void, string, RegExp][] = [
    ["an objective of 100 % (no error budget)", (e) => (e.slo = { availabilityPercent: 100 }), "slo.availabilityPercent", /below 100/],
    ["an objective of 0 %", (e) => (e.slo = { availabilityPercent: 0 }), "slo.availabilityPercent", /above 0/],
    [
      "an objective so low that 100 % errors never burn 14.4 times the budget",
      (e) => (e.slo = { availabilityPercent: 90 }),
      "slo.availabilityPercent",
      new RegExp(`${SLO_MIN_AVAILABILITY_PERCENT} or more`),
    ],
    ["an objective given as text", (e) => (e.slo = { availabilityPercent: "99.9%" }), "slo.availabilityPercent", /number/],
    [
      "a percentile without the p",
      (e) => (e.slo = { latency: { percentile: "99", thresholdMs: 300 } }),
      "slo.latency.percentile",
      /percentile CloudWatch supports/,
    ],
    [
      "p100, which is no percentile CloudWatch computes as a bound",
      (e) => (e.slo = { latency: { percentile: "p100", thresholdMs: 300 } }),
      "slo.latency.percentile",
      /percentile CloudWatch supports/,
    ],
    [
      "a percentile with three decimals",
      (e) => (e.slo = { latency: { percentile: "p99.999", thresholdMs: 300 } }),
      "slo.latency.percentile",
      /at most two decimals/,
    ],
    ["p0", (e) => (e.slo = { latency: { percentile: "p0", thresholdMs: 300 } }), "slo.latency.percentile", /above p0/],
    [
      "a latency bound of 0 ms",
      (e) => (e.slo = { latency: { percentile: "p99", thresholdMs: 0 } }),
      "slo.latency.thresholdMs",
      /above 0 milliseconds/,
    ],
    [
      "a latency bound above the ALB's idle timeout",
      (e) => (e.slo = { latency: { percentile: "p99", thresholdMs: 120_000 } }),
      "slo.latency.thresholdMs",
      /60000/,
    ],
    ["a 28-day window (the alarms are computed for 30)", (e) => (e.slo = { windowDays: 28 }), "slo.windowDays", /must be 30/],
    ["a minimum request count of 0", (e) => (e.slo = { minRequests: 0 }), "slo.minRequests", /1 or more/],
    ["an unknown SLO field", (e) => (e.slo = { availability: 99.9 }), "slo.availability", /not a known field/],
    [
      "a service objective of 100 %",
      (e) => (e.services[0].slo = { availabilityPercent: 100 }),
      "services[trips-api].slo.availabilityPercent",
      /below 100/,
    ],
    [
      "a service latency percentile CloudWatch does not know",
      (e) => (e.services[0].slo = { latency: { percentile: "median" } }),
      "services[trips-api].slo.latency.percentile",
      /percentile CloudWatch supports/,
    ],
    [
      "objectives on an internal service (nothing measures them at the ALB)",
      (e) => (e.services[1].slo = { availabilityPercent: 99.9 }),
      "services[reservation-sync].slo",
      /only allowed on a public service/,
    ],
    [
      "a Slack channel id that is a channel name",
      (e) => (e.alerts.chat = { slackTeamId: "T0123ABCDE", slackChannelId: "#oncall" }),
      "alerts.chat.slackChannelId",
      /Slack channel id/,
    ],
  ];

  test.each(cases)("%s", (_title, mutate, field, rule) => {
    const issues = issuesAfter(mutate);
    expect(issues.find((i) => i.startsWith(`${field}: `) && rule.test(i))).toEqual(expect.any(String));
  });

  test("production refuses to turn the burn-rate alarms off: nothing else pages when the budget burns", () => {
    const issues = issuesAfter((e) => (e.slo = { burnRateAlarms: false }), "prod");
    expect(issues).toEqual([expect.stringMatching(/^slo\.burnRateAlarms: must be true in a production environment/)]);
  });

  test("several bad SLO fields are all reported in one run", () => {
    const issues = issuesAfter((e) => {
      e.slo = { availabilityPercent: 100, latency: { percentile: "x", thresholdMs: -1 }, windowDays: 7 };
    });
    expect(issues.filter((i) => i.startsWith("slo."))).toHaveLength(4);
  });

  test.each([
    ["p50", 99.5],
    ["p99.9", 99.95],
    ["p95.45", 99.999],
  ])("%s with %s %% is accepted", (percentile, availabilityPercent) => {
    expect(issuesAfter((e) => (e.slo = { availabilityPercent, latency: { percentile, thresholdMs: 250 } }))).toEqual([]);
  });
});

describe("SLO defaults: the service's own value, then the environment's, then the environment type's", () => {
  test("production defaults to 99.99 % and non-production to 99.5 %, latency p95 under 1000 ms", () => {
    const prod = serviceObjectives(builtIn("prod"));
    const dev = serviceObjectives(builtIn("dev"));
    expect(prod.map((o) => [o.service, o.availabilityPercent, o.errorBudget])).toEqual([["trips-api", 99.99, 0.0001]]);
    expect(dev.map((o) => [o.service, o.availabilityPercent, o.errorBudget])).toEqual([["trips-api", 99.5, 0.005]]);
    expect(prod[0]).toMatchObject({ path: "/api", latency: { percentile: "p95", thresholdMs: 1000 }, windowDays: 30 });
  });

  test("a service's objective wins over the environment's, which wins over the type's default", () => {
    const config = builtIn("prod");
    const env = { ...config, slo: { ...config.slo, availabilityPercent: 99.9, latency: { percentile: "p99", thresholdMs: 400 } } };
    const api = env.services[0];
    expect(serviceObjective(env, api)).toMatchObject({ availabilityPercent: 99.9, latency: { percentile: "p99", thresholdMs: 400 } });
    const own = { ...api, slo: { availabilityPercent: 99.95, latency: { thresholdMs: 250 } } };
    expect(serviceObjective(env, own)).toMatchObject({ availabilityPercent: 99.95, latency: { percentile: "p99", thresholdMs: 250 } });
  });

  test("internal services have no objectives", () => {
    const config = builtIn("prod");
    expect(
      serviceObjective(
        config,
        config.services.find((s) => !s.public)!,
      ),
    ).toBeUndefined();
  });

  test("burn-rate alarms are on in production and opt-in elsewhere (about $2.90 a month per public service and $0.20 per service)", () => {
    expect(burnRateAlarmsEnabled(builtIn("prod"))).toBe(true);
    const dev = builtIn("dev");
    expect(burnRateAlarmsEnabled(dev)).toBe(false);
    expect(burnRateAlarmsEnabled({ ...dev, slo: { ...dev.slo, burnRateAlarms: true } })).toBe(true);
  });
});
