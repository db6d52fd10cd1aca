import { COMPLIANT, nonCompliant, Rule } from "../types";

const MIN_DAYS = 7;

/** Automated backups are kept at least a week. */
export const rule: Rule = {
  id: "RW-RDS-5",
  title: `Aurora backups kept at least ${MIN_DAYS} days`,
  message: `set backup_retention_period to ${MIN_DAYS} or more on the cluster`,
  source: "Checkov CKV_AWS_133 (stricter: at least 7 days)",
  resourceTypes: ["aws_rds_cluster"],
  check: (cluster) => {
    const value = cluster.config.backup_retention_period;
    // RDS keeps 1 day when the argument is not set.
    const days = value === undefined ? 1 : Number(value);
    return days >= MIN_DAYS ? COMPLIANT : nonCompliant(`backup_retention_period is ${value ?? "unset (1)"}`);
  },
};
