import { COMPLIANT, nonCompliant, Rule } from "../types";

/** Aurora storage is encrypted with a customer managed key. */
export const rule: Rule = {
  id: "RW-RDS-1",
  title: "Aurora storage encrypted with a customer managed key",
  message: "set storage_encrypted = true and kms_key_id = <customer managed key ARN> on the cluster",
  source: "Checkov CKV_AWS_96; AWS FSBP RDS.27",
  resourceTypes: ["aws_rds_cluster"],
  check: (cluster) => {
    const c = cluster.config;
    const problems: string[] = [];
    if (c.storage_encrypted !== true && c.storage_encrypted !== "true") problems.push("storage_encrypted not true");
    if (typeof c.kms_key_id !== "string" || c.kms_key_id.trim() === "") problems.push("no kms_key_id");
    return problems.length === 0 ? COMPLIANT : nonCompliant(problems.join(", "));
  },
};
