import { COMPLIANT, nonCompliant, Rule } from "../types";

/**
 * Every control-plane log type EKS offers, stated here and not read from the construct it checks
 * (`constructs/cluster/eks-cluster.ts` writes its own list): dropping one there fails the rule.
 */
export const REQUIRED_LOG_TYPES: readonly string[] = ["api", "audit", "authenticator", "controllerManager", "scheduler"];

/** Every control-plane log type goes to CloudWatch Logs. */
export const rule: Rule = {
  id: "RW-EKS-3",
  title: "EKS control-plane logging complete",
  message: `set enabled_cluster_log_types to all of ${REQUIRED_LOG_TYPES.join(", ")}`,
  source: "Checkov CKV_AWS_37; AWS FSBP EKS.8; CIS Amazon EKS Benchmark 2.1.1",
  resourceTypes: ["aws_eks_cluster"],
  check: (cluster) => {
    const enabled: unknown[] = Array.isArray(cluster.config.enabled_cluster_log_types) ? cluster.config.enabled_cluster_log_types : [];
    const missing = REQUIRED_LOG_TYPES.filter((type) => !enabled.includes(type));
    return missing.length === 0 ? COMPLIANT : nonCompliant(`${missing.join(", ")} not enabled`);
  },
};
