import { COMPLIANT, nonCompliant, Rule } from "../types";

/** Applications can sign in with IAM instead of long-lived database passwords. */
export const rule: Rule = {
  id: "RW-RDS-6",
  title: "Aurora IAM database authentication on",
  message: "set iam_database_authentication_enabled = true on the cluster",
  source: "Checkov CKV_AWS_162; AWS FSBP RDS.12",
  resourceTypes: ["aws_rds_cluster"],
  check: (cluster) => {
    const value = cluster.config.iam_database_authentication_enabled;
    return value === true || value === "true" ? COMPLIANT : nonCompliant(`iam_database_authentication_enabled is ${value ?? "unset"}`);
  },
};
