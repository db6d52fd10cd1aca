import { canariesEnabled, dashboardEnabled, EnvironmentConfig } from "../../config/schema";
import { stackName } from "../../naming";
import { asList } from "../../synthesized/json";
import { Resource } from "../../synthesized/types";
import { cents, CostLine, fixed, Meter, UsageLine, unitUsd, usd } from "../model";
import { HOURS_PER_MONTH, PriceTable } from "../prices/types";
import { plural } from "../resources";

/** Runs a month of a canary that runs every `minutes` minutes (730 hours a month, like every hourly price here). */
export const runsPerMonth = (minutes: number): number => Math.round((HOURS_PER_MONTH * 60) / minutes);

/** The minutes between runs of a canary's `rate(...)` schedule; undefined for any other expression (cron, run once). */
export function canaryIntervalMinutes(canary: Resource): number | undefined {
  const schedule = asList(canary.config.schedule)[0];
  const match = /^rate\((\d+) (minute|minutes|hour|hours)\)$/.exec(String(schedule?.expression ?? ""));
  if (!match || Number(match[1]) === 0) return undefined;
  return Number(match[1]) * (match[2].startsWith("hour") ? 60 : 1);
}

/** What the synthetic checks of `config` would cost a month: each canary's runs and its one-metric alarm. */
export function canariesMonthly(config: EnvironmentConfig, prices: PriceTable): { canaries: number; runs: number; monthly: number } {
  const canaries = config.services.filter((s) => s.public && !s.authenticate).length;
  const runs = runsPerMonth(config.monitoring.canaries.intervalMinutes);
  return { canaries, runs, monthly: cents(canaries * (runs * prices.cloudWatch.canaryRun + prices.cloudWatch.alarmMetricMonth)) };
}

/**
 * CloudWatch Synthetics: every canary run is billed, so a canary is a fixed monthly cost set by its schedule; its
 * Lambda compute is usage. For an environment whose checks or dashboard are off (non-production by default), a
 * $0 line says what turning them on would add, so the choice is visible in the report.
 */
export const syntheticsMeter: Meter = {
  types: ["aws_synthetics_canary"],
  measure: ({ stacks, prices, config }) => {
    const lines: CostLine[] = [];
    const usage: UsageLine[] = [];
    const problems: string[] = [];
    const cw = prices.cloudWatch;
    for (const stack of stacks) {
      const canaries = stack.resources("aws_synthetics_canary");
      if (canaries.length === 0) continue;
      let runs = 0;
      for (const canary of canaries) {
        const minutes = canaryIntervalMinutes(canary);
        if (minutes === undefined) {
          problems.push(`${stack.name}: ${canary.address}: only rate(N minutes) or rate(N hours) schedules are priced`);
          continue;
        }
        runs += runsPerMonth(minutes);
      }
      lines.push({
        stack: stack.name,
        item: "CloudWatch Synthetics canaries",
        detail: `${plural(canaries.length, "canary", "canaries")}, ${runs.toLocaleString("en-US")} runs a month × ${unitUsd(cw.canaryRun)}`,
        monthly: fixed(runs * cw.canaryRun),
        addresses: canaries.map((c) => c.address),
      });
      usage.push({
        stack: stack.name,
        item: "Canary runs' Lambda compute",
        price: prices.lambdaGbSecond,
        unit: "GB-second",
        detail: `${runs.toLocaleString("en-US")} runs a month of a few seconds each at about 1 GB (plus their S3 artifacts and logs)`,
      });
    }
    if (config) {
      const apps = stackName(config.name, "apps");
      const hasAlb = config.services.some((s) => s.public);
      if (hasAlb && !canariesEnabled(config)) {
        const off = canariesMonthly(config, prices);
        if (off.canaries > 0) {
          lines.push({
            stack: apps,
            item: "CloudWatch Synthetics canaries (off)",
            detail:
              `off (monitoring.canaries.enabled; off by default outside production); on: +${usd(off.monthly)}/month for ` +
              `${plural(off.canaries, "canary", "canaries")} × ${off.runs.toLocaleString("en-US")} runs × ${unitUsd(cw.canaryRun)} ` +
              `and ${plural(off.canaries, "alarm")} × ${unitUsd(cw.alarmMetricMonth)}`,
            monthly: fixed(0),
            addresses: [],
          });
        }
      }
      if (hasAlb && !dashboardEnabled(config)) {
        lines.push({
          stack: apps,
          item: "CloudWatch dashboard (off)",
          detail: `off (monitoring.dashboard; off by default outside production); on: +${usd(cw.dashboardMonth)}/month`,
          monthly: fixed(0),
          addresses: [],
        });
      }
    }
    return { lines, usage, problems };
  },
};
