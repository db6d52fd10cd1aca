import { COMPLIANT, Json, nonCompliant, Rule } from "../types";

/** Kubernetes secrets are envelope-encrypted with a KMS key. */
export const rule: Rule = {
  id: "RW-EKS-1",
  title: "EKS secrets encrypted with KMS",
  message: 'add encryption_config { resources = ["secrets"], provider { key_arn = <KMS key ARN> } } to the cluster',
  source: "Checkov CKV_AWS_58; AWS FSBP EKS.3; CIS Amazon EKS Benchmark 5.3.1",
  resourceTypes: ["aws_eks_cluster"],
  check: (cluster) => {
    const configs: Json[] = [cluster.config.encryption_config ?? []].flat().filter((e) => e && typeof e === "object");
    const forSecrets = configs.filter((e) => Array.isArray(e.resources) && e.resources.includes("secrets"));
    if (forSecrets.length === 0) return nonCompliant("no encryption_config for secrets");
    const keyed = forSecrets.some((e) =>
      [e.provider ?? []].flat().some((p: Json) => typeof p?.key_arn === "string" && p.key_arn.trim() !== ""),
    );
    return keyed ? COMPLIANT : nonCompliant("encryption_config has no provider key_arn");
  },
};
