import { COMPLIANT, nonCompliant, Rule } from "../types";

/** No database instance gets a public address. */
export const rule: Rule = {
  id: "RW-RDS-2",
  title: "Aurora instances not publicly accessible",
  message: "set publicly_accessible = false on the cluster instance",
  source: "Checkov CKV_AWS_17; AWS FSBP RDS.2",
  resourceTypes: ["aws_rds_cluster_instance"],
  check: (instance) => {
    const value = instance.config.publicly_accessible;
    if (value === false || value === "false") return COMPLIANT;
    return nonCompliant(value === undefined ? "publicly_accessible not set" : `publicly_accessible is ${value}`);
  },
};
