import { COMPLIANT, nonCompliant, Rule } from "../types";

/** Every log group expires its events after a set number of days. */
export const rule: Rule = {
  id: "RW-LOG-2",
  title: "CloudWatch log group retention set",
  message: "set retention_in_days on the log group (unset or 0 keeps logs forever)",
  source: "Checkov CKV_AWS_66",
  resourceTypes: ["aws_cloudwatch_log_group"],
  check: (group) => {
    const days = group.config.retention_in_days;
    return typeof days === "number" && days > 0
      ? COMPLIANT
      : nonCompliant(days == null ? "retention_in_days is unset" : `retention_in_days is ${days}`);
  },
};
