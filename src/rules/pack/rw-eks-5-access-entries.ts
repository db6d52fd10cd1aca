import { COMPLIANT, Json, nonCompliant, Rule } from "../types";

/** Cluster access is managed only through EKS access entries (no aws-auth ConfigMap). */
export const rule: Rule = {
  id: "RW-EKS-5",
  title: "EKS access through access entries only",
  message: 'set access_config { authentication_mode = "API" } and grant access with aws_eks_access_entry resources',
  source: "generic (EKS access entries instead of the aws-auth ConfigMap)",
  resourceTypes: ["aws_eks_cluster"],
  check: (cluster, stack) => {
    const access: Json | undefined = [cluster.config.access_config ?? []].flat().find((a) => a && typeof a === "object");
    const problems: string[] = [];
    if (access?.authentication_mode !== "API") problems.push(`authentication_mode is ${access?.authentication_mode ?? "unset"}`);
    if (stack.resources("aws_eks_access_entry").length === 0) problems.push("no aws_eks_access_entry in the stack");
    return problems.length === 0 ? COMPLIANT : nonCompliant(problems.join(", "));
  },
};
