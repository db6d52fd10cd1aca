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
    "the front-end contract's String parameters (URLs, ids the front end may read anyway), written from values the stack knows",
  terraform_data: "stores only its trigger values; the code it runs is judged by PR-CODE-1",
  time_sleep: "waits",
  null_resource: "stores only its triggers; the code it runs is judged by PR-CODE-1",
};

/** Why a type is inert, or undefined. */
export function inertReason(type: string): string | undefined {
  return Object.prototype.hasOwnProperty.call(INERT_TYPES, type) ? INERT_TYPES[type] : undefined;
}
