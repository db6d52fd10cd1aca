import { burnRateAlarmsEnabled, serviceObjectives, SLO_ALARM_SHAPE } from "../../config/slo";
import { CostLine, fixed, Meter, unitUsd } from "../model";
import { plural } from "../resources";

/**
 * The SLO alarms where they are off (non-production's default, `slo.burnRateAlarms`): a zero line that
 * says what turning them on would add, so it is a priced choice. When they are on, the observability
 * meter prices them with every other alarm (per metric, and composites at their own price).
 */
export const sloAlarmsMeter: Meter = {
  types: [],
  measure: ({ stacks, prices, config }) => {
    const cw = prices.cloudWatch;
    const lines: CostLine[] = [];
    const apps = stacks.find((s) => s.name.endsWith("-apps"));
    if (config && apps && !burnRateAlarmsEnabled(config)) {
      const publicServices = serviceObjectives(config).length;
      const shape = SLO_ALARM_SHAPE;
      const round = (usd: number) => Math.round(usd * 100) / 100;
      const perPublic = shape.perPublicService.metrics * cw.alarmMetricMonth + shape.perPublicService.composites * cw.compositeAlarmMonth;
      const perService = shape.perService.metrics * cw.alarmMetricMonth + shape.perService.customMetrics * cw.customMetricMonth;
      const total = publicServices * perPublic + config.services.length * perService;
      lines.push({
        stack: apps.name,
        item: "SLO alarms (off)",
        detail:
          `slo.burnRateAlarms: true would add ${unitUsd(round(total))}/month: ` +
          `${unitUsd(round(perPublic))} for each of ${plural(publicServices, "public service")} ` +
          `(burn-rate, composite and latency alarms) and ${unitUsd(round(perService))} ` +
          `for each of ${plural(config.services.length, "service")} (restarts, autoscaler ceiling, error lines)`,
        monthly: fixed(0),
        addresses: [],
      });
    }
    return { lines, usage: [], problems: [] };
  },
};
