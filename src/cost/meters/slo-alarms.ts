import { burnRateAlarmsEnabled, serviceObjectives, SLO_ALARM_SHAPE } from "../../config/slo";
import { CostLine, fixed, Meter, unitUsd } from "../model";
import { plural } from "../resources";

/**
 * The burn-rate alerts' composite alarms (their window alarms are standard metric-math alarms, which
 * the observability meter prices per metric). Where the burn-rate alarms are off (non-production's
 * default), a zero line says what `slo.burnRateAlarms: true` would add, so turning them on is a priced choice.
 */
export const sloAlarmsMeter: Meter = {
  types: ["aws_cloudwatch_composite_alarm"],
  measure: ({ stacks, prices, config }) => {
    const cw = prices.cloudWatch;
    const lines: CostLine[] = [];
    for (const stack of stacks) {
      const composites = stack.resources("aws_cloudwatch_composite_alarm");
      if (composites.length > 0) {
        lines.push({
          stack: stack.name,
          item: "CloudWatch composite alarms",
          detail: `${plural(composites.length, "composite alarm")} × ${unitUsd(cw.compositeAlarmMonth)}/month (burn-rate page and ticket)`,
          monthly: fixed(composites.length * cw.compositeAlarmMonth),
          addresses: composites.map((c) => c.address),
        });
      }
    }
    const apps = stacks.find((s) => s.name.endsWith("-apps"));
    if (config && apps && !burnRateAlarmsEnabled(config)) {
      const publicServices = serviceObjectives(config).length;
      const shape = SLO_ALARM_SHAPE;
      const round = (usd: number) => Math.round(usd * 100) / 100;
      const perPublic = shape.perPublicService.metrics * cw.alarmMetricMonth + shape.perPublicService.composites * cw.compositeAlarmMonth;
      const perService = shape.perService.metrics * cw.alarmMetricMonth;
      const total = publicServices * perPublic + config.services.length * perService;
      lines.push({
        stack: apps.name,
        item: "SLO alarms (off)",
        detail:
          `slo.burnRateAlarms: true would add ${unitUsd(round(total))}/month: ` +
          `${unitUsd(round(perPublic))} for each of ${plural(publicServices, "public service")} ` +
          `(burn-rate, composite and latency alarms) and ${unitUsd(round(perService))} ` +
          `for each of ${plural(config.services.length, "service")} (restarts, autoscaler ceiling)`,
        monthly: fixed(0),
        addresses: [],
      });
    }
    return { lines, usage: [], problems: [] };
  },
};
