import { DEFAULT_SLO_LATENCY, EnvironmentConfig, ServiceConfig, SLO_WINDOW_DAYS } from "./schema";

/** Default availability objectives when neither the service nor the environment's `slo` sets one. */
export const DEFAULT_AVAILABILITY_PERCENT = { production: 99.99, "non-production": 99.5 } as const;

/** One public service's objectives, every default resolved. */
export interface ServiceObjective {
  readonly service: string;
  /** The URL path the ALB routes to the service (its canary and dashboard link use it). */
  readonly path: string;
  readonly healthPath: string;
  /** e.g. 99.99 (%). */
  readonly availabilityPercent: number;
  /** 1 - objective, as a fraction of requests (0.0001 for 99.99 %). */
  readonly errorBudget: number;
  readonly latency: { readonly percentile: string; readonly thresholdMs: number };
  readonly windowDays: number;
}

type SloInputs = Pick<EnvironmentConfig, "environmentType" | "slo" | "services">;

/**
 * The objectives of one public service: its own `slo` first, then the environment's `slo`, then the
 * default of the environment type (99.99 % in production, 99.5 % elsewhere; latency p95 under 1000 ms).
 * Undefined for a service that is not public (its objectives are measured at the ALB).
 */
export function serviceObjective(config: SloInputs, service: ServiceConfig): ServiceObjective | undefined {
  if (!service.public || !service.path) return undefined;
  const availabilityPercent =
    service.slo?.availabilityPercent ?? config.slo.availabilityPercent ?? DEFAULT_AVAILABILITY_PERCENT[config.environmentType];
  return {
    service: service.name,
    path: service.path,
    healthPath: service.healthPath,
    availabilityPercent,
    // Rounded so 100 - 99.99 reads 0.0001, not 0.00010000000000331966.
    errorBudget: Number(((100 - availabilityPercent) / 100).toPrecision(12)),
    latency: {
      percentile: service.slo?.latency?.percentile ?? config.slo.latency.percentile ?? DEFAULT_SLO_LATENCY.percentile,
      thresholdMs: service.slo?.latency?.thresholdMs ?? config.slo.latency.thresholdMs ?? DEFAULT_SLO_LATENCY.thresholdMs,
    },
    windowDays: config.slo.windowDays ?? SLO_WINDOW_DAYS,
  };
}

/** Every public service's objectives, in the order of `services`. */
export function serviceObjectives(config: SloInputs): ServiceObjective[] {
  return config.services.flatMap((s) => serviceObjective(config, s) ?? []);
}

/** Whether the burn-rate alarms exist: `slo.burnRateAlarms`, else on in production and off elsewhere (they cost). */
export function burnRateAlarmsEnabled(config: Pick<EnvironmentConfig, "environmentType" | "slo">): boolean {
  return config.slo.burnRateAlarms ?? config.environmentType === "production";
}

/**
 * What the SLO alarms of one environment are made of, for the cost report when they are off: per
 * public service six metric-math window alarms of three metrics each, a latency alarm (one metric)
 * and two composites; per service a restart and an autoscaler-ceiling alarm (one metric each).
 * `__tests__/slo-alarms.test.ts` checks it against what the apps stack creates.
 */
export const SLO_ALARM_SHAPE = {
  perPublicService: { metrics: 6 * 3 + 1, composites: 2 },
  perService: { metrics: 2 },
} as const;
