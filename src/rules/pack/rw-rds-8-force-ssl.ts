import { COMPLIANT, Json, NOT_APPLICABLE, nonCompliant, Rule } from "../types";

/** The database refuses connections without TLS. */
export const rule: Rule = {
  id: "RW-RDS-8",
  title: "Aurora PostgreSQL forces SSL",
  message: 'give the cluster an aws_rds_cluster_parameter_group of this stack that sets rds.force_ssl = "1"',
  source: "generic (Aurora PostgreSQL rds.force_ssl)",
  resourceTypes: ["aws_rds_cluster"],
  check: (cluster, stack) => {
    if (!String(cluster.config.engine ?? "").includes("postgres")) return NOT_APPLICABLE;
    const reference = cluster.config.db_cluster_parameter_group_name;
    const group = stack
      .resources("aws_rds_cluster_parameter_group")
      .find((g) => typeof reference === "string" && reference.includes(`${g.address}.`));
    if (!group) return nonCompliant("db_cluster_parameter_group_name references no parameter group of this stack");
    const parameter: Json | undefined = [group.config.parameter ?? []].flat().find((p) => p?.name === "rds.force_ssl");
    return parameter !== undefined && String(parameter.value) === "1"
      ? COMPLIANT
      : nonCompliant(`${group.address} sets rds.force_ssl to ${parameter?.value ?? "nothing"}`);
  },
};
