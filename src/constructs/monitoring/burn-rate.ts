/**
 * The multi-window, multi-burn-rate scheme of Google's SRE workbook ("Alerting on SLOs"), for a
 * 30-day objective. A burn rate is the error ratio divided by the error budget (1 - objective): at 1x
 * the budget lasts exactly the 30 days; at 14.4x, 2% of it goes in one hour. Each alert needs a long
 * window (is the budget really burning?) and a short one (is it still burning now?), so it fires fast
 * and clears soon after the service recovers.
 */

/** CloudWatch's limits on one alarm's evaluation range (PutMetricAlarm): period x evaluation periods. */
export const CLOUDWATCH_MAX_RANGE_SECONDS = { periodOfAnHourOrMore: 7 * 86_400, shorterPeriod: 86_400 } as const;

/** One window: a single datapoint whose period is the whole window (CloudWatch slides it forward at each evaluation). */
export interface BurnRateWindow {
  /** Short name used in alarm names: 5m, 30m, 1h, 6h, 3d. */
  readonly name: string;
  readonly periodSeconds: number;
  readonly evaluationPeriods: number;
}

export type AlertLevel = "page" | "ticket";

/** One pair of windows that must both burn faster than `factor` times the budget. */
export interface BurnRateCondition {
  readonly level: AlertLevel;
  readonly factor: number;
  readonly long: BurnRateWindow;
  readonly short: BurnRateWindow;
}

const window = (name: string, periodSeconds: number): BurnRateWindow => ({ name, periodSeconds, evaluationPeriods: 1 });

/** The workbook's table for a 30-day window: 2% of the budget in 1 h, 5% in 6 h (page); 10% in 3 days (ticket). */
export const BURN_RATE_CONDITIONS: readonly BurnRateCondition[] = [
  { level: "page", factor: 14.4, long: window("1h", 3_600), short: window("5m", 300) },
  { level: "page", factor: 6, long: window("6h", 21_600), short: window("30m", 1_800) },
  { level: "ticket", factor: 1, long: window("3d", 259_200), short: window("6h", 21_600) },
];

/** Whether CloudWatch accepts a window as an alarm's period and evaluation count (undefined) or why not. */
export function windowProblem(w: BurnRateWindow): string | undefined {
  if (w.periodSeconds % 60 !== 0) return `period ${w.periodSeconds} s is not a multiple of 60`;
  const range = w.periodSeconds * w.evaluationPeriods;
  const max = w.periodSeconds >= 3_600 ? CLOUDWATCH_MAX_RANGE_SECONDS.periodOfAnHourOrMore : CLOUDWATCH_MAX_RANGE_SECONDS.shorterPeriod;
  return range > max ? `period x evaluation periods is ${range} s, above CloudWatch's ${max} s for this period` : undefined;
}

/** The budget share a condition spends before it fires: factor x long window / 30 days (2 %, 5 %, 10 %). */
export function budgetSpent(condition: BurnRateCondition, windowDays = 30): number {
  return (condition.factor * condition.long.periodSeconds) / (windowDays * 86_400);
}
