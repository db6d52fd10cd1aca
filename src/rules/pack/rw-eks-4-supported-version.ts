import { KUBERNETES_RELEASES } from "../../config/catalog";
import { COMPLIANT, Json, nonCompliant, Rule } from "../types";

/** The cluster runs a Kubernetes version this project pinned, and never slides into paid extended support. */
export const rule: Rule = {
  id: "RW-EKS-4",
  title: "EKS version supported, standard support only",
  message:
    `set version to one of ${Object.keys(KUBERNETES_RELEASES).join(", ")} (KUBERNETES_RELEASES) ` +
    `and upgrade_policy { support_type = "STANDARD" }`,
  source: "AWS FSBP EKS.2; AWS Config eks-cluster-supported-version",
  resourceTypes: ["aws_eks_cluster"],
  check: (cluster) => {
    const problems: string[] = [];
    const version = cluster.config.version;
    if (typeof version !== "string" || !Object.prototype.hasOwnProperty.call(KUBERNETES_RELEASES, version))
      problems.push(`version ${version ?? "unset"} not in KUBERNETES_RELEASES`);
    const policy: Json | undefined = [cluster.config.upgrade_policy ?? []].flat().find((p) => p && typeof p === "object");
    // Without an upgrade policy, EKS puts the cluster on extended support when standard support ends.
    if (policy?.support_type !== "STANDARD") problems.push(`upgrade_policy support_type is ${policy?.support_type ?? "unset (EXTENDED)"}`);
    return problems.length === 0 ? COMPLIANT : nonCompliant(problems.join(", "));
  },
};
