import { COMPLIANT, nonCompliant, Rule } from "../types";

const DEFAULT_USERNAMES = ["postgres", "admin", "root", "master", "rdsadmin"];

/** The master user has a name an attacker must guess, and its password lives in Secrets Manager, not in Terraform state. */
export const rule: Rule = {
  id: "RW-RDS-9",
  title: "Aurora master user custom, password managed by RDS",
  message: "set master_username to a non-default name and manage_master_user_password = true (no master_password)",
  source: "AWS FSBP RDS.24; AWS Config rds-cluster-default-admin-check",
  resourceTypes: ["aws_rds_cluster"],
  check: (cluster) => {
    const c = cluster.config;
    const problems: string[] = [];
    if (typeof c.master_username !== "string" || c.master_username.trim() === "") problems.push("master_username not set");
    else if (DEFAULT_USERNAMES.includes(c.master_username.toLowerCase()))
      problems.push(`master_username is the default ${c.master_username}`);
    if (c.manage_master_user_password !== true && c.manage_master_user_password !== "true")
      problems.push("manage_master_user_password not true");
    if (c.master_password !== undefined) problems.push("master_password set");
    return problems.length === 0 ? COMPLIANT : nonCompliant(problems.join(", "));
  },
};
