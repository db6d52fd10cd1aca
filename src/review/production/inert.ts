/**
 * The inert list of the production default-deny: resource types whose update, replacement or deletion can neither
 * lose data, nor expose it, nor admit anyone. Every other type is judged in a production stack (an allow-list, not a
 * deny-list): an update or replacement passes only when every attribute it changes is on the safe list
 * (`safe-list.ts`), a delete or forget only with an allow line. A new type the stacks use is judged until it is added
 * here with why it is inert.
 */
export const INERT_TYPES: Readonly<Record<string, string>> = {
  aws_cloudwatch_metric_alarm: "an alarm definition: a threshold or action changes who is paged, never the data",
  aws_cloudwatch_composite_alarm: "an alarm over other alarms",
  aws_cloudwatch_dashboard: "a view of metrics: it reads nothing a metric does not already show",
  aws_cloudwatch_log_metric_filter: "turns log lines into a metric in the same account; it sends the lines nowhere",
  aws_acm_certificate_validation: "waits for a certificate's DNS validation; it holds and changes nothing",
  aws_ssm_parameter:
    "the front-end contract's String parameters (URLs, ids the front end may read anyway), written from values the stack knows; " +
    "only a String whose name contains /frontend/ (before and after): any other parameter may hold a secret and is judged",
  terraform_data: "stores only its trigger values; the code it runs is judged by PR-CODE-1",
  time_sleep: "waits",
  null_resource: "stores only its triggers; the code it runs is judged by PR-CODE-1",
};

/** Types inert only when their values (before and after, where present) satisfy a condition. */
const INERT_WHEN: Readonly<Record<string, (values: Record<string, unknown>) => boolean>> = {
  aws_ssm_parameter: (v) => v.type === "String" && typeof v.name === "string" && v.name.includes("/frontend/"),
};

/**
 * Why a type is inert, or undefined. With the change's before and after, a type inert only under a condition
 * (`INERT_WHEN`) is inert only when every one of them that is present meets it; without them, it is not.
 */
export function inertReason(type: string, before?: unknown, after?: unknown): string | undefined {
  if (!Object.prototype.hasOwnProperty.call(INERT_TYPES, type)) return undefined;
  const when = INERT_WHEN[type];
  if (when === undefined) return INERT_TYPES[type];
  const values = [before, after].filter((v): v is Record<string, unknown> => typeof v === "object" && v !== null);
  return values.length > 0 && values.every(when) ? INERT_TYPES[type] : undefined;
}
