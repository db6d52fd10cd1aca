import { COMPLIANT, nonCompliant, Rule } from "../types";

/** Performance Insights is on, and its data (which holds SQL text) is encrypted with a customer managed key. */
export const rule: Rule = {
  id: "RW-RDS-3",
  title: "Performance Insights on, encrypted with a customer managed key",
  message:
    "set performance_insights_enabled = true and performance_insights_kms_key_id = <customer managed key ARN> on the cluster instance",
  source: "Trivy AVD-AWS-0078",
  resourceTypes: ["aws_rds_cluster_instance"],
  check: (instance) => {
    const c = instance.config;
    const problems: string[] = [];
    if (c.performance_insights_enabled !== true && c.performance_insights_enabled !== "true")
      problems.push("performance_insights_enabled not true");
    if (typeof c.performance_insights_kms_key_id !== "string" || c.performance_insights_kms_key_id.trim() === "")
      problems.push("no performance_insights_kms_key_id");
    return problems.length === 0 ? COMPLIANT : nonCompliant(problems.join(", "));
  },
};
