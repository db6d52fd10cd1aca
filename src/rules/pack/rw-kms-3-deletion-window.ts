import { COMPLIANT, nonCompliant, Rule } from "../types";

/** Every key waits the maximum 30 days before a scheduled deletion completes. */
export const rule: Rule = {
  id: "RW-KMS-3",
  title: "KMS key deletion window is 30 days",
  message:
    "set deletion_window_in_days = 30 (or leave it unset: 30 is the default and the maximum) so a mistaken deletion can be cancelled",
  source: "AWS FSBP KMS.3 (keys not deleted unintentionally)",
  resourceTypes: ["aws_kms_key"],
  check: (key) => {
    const days = key.config.deletion_window_in_days;
    return days == null || days === 30 ? COMPLIANT : nonCompliant(`deletion_window_in_days is ${days}`);
  },
};
