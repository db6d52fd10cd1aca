import { COMPLIANT, nonCompliant, Rule } from "../types";

/** The cluster cannot be deleted by one API call. */
export const rule: Rule = {
  id: "RW-RDS-4",
  title: "Aurora deletion protection on",
  message: "set deletion_protection = true on the cluster",
  source: "Checkov CKV_AWS_139; AWS FSBP RDS.7",
  resourceTypes: ["aws_rds_cluster"],
  check: (cluster) => {
    const value = cluster.config.deletion_protection;
    return value === true || value === "true" ? COMPLIANT : nonCompliant(`deletion_protection is ${value ?? "unset"}`);
  },
};
