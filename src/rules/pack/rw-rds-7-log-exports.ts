import { COMPLIANT, NOT_APPLICABLE, nonCompliant, Rule } from "../types";

/** The PostgreSQL log (connections, errors, slow statements) goes to CloudWatch Logs. */
export const rule: Rule = {
  id: "RW-RDS-7",
  title: "Aurora PostgreSQL log exported to CloudWatch",
  message: 'add "postgresql" to enabled_cloudwatch_logs_exports on the cluster',
  source: "AWS Config rds-postgresql-logs-to-cloudwatch (for clusters)",
  resourceTypes: ["aws_rds_cluster"],
  check: (cluster) => {
    if (!String(cluster.config.engine ?? "").includes("postgres")) return NOT_APPLICABLE;
    const exports: unknown[] = Array.isArray(cluster.config.enabled_cloudwatch_logs_exports)
      ? cluster.config.enabled_cloudwatch_logs_exports
      : [];
    return exports.includes("postgresql") ? COMPLIANT : nonCompliant("postgresql not in enabled_cloudwatch_logs_exports");
  },
};
