import { COMPLIANT, Json, nonCompliant, Rule } from "../types";

const ANY_IPV4 = "0.0.0.0/0";

/** The Kubernetes API is reachable privately, and not from the whole internet. */
export const rule: Rule = {
  id: "RW-EKS-2",
  title: "EKS API endpoint private",
  message:
    "set vpc_config endpoint_private_access = true and endpoint_public_access = false (or restrict public_access_cidrs to known CIDRs)",
  source: "Checkov CKV_AWS_38, CKV_AWS_39; AWS FSBP EKS.1; CIS Amazon EKS Benchmark 5.4.2",
  resourceTypes: ["aws_eks_cluster"],
  check: (cluster) => {
    const vpc: Json = [cluster.config.vpc_config ?? []].flat().find((v) => v && typeof v === "object") ?? {};
    const problems: string[] = [];
    if (vpc.endpoint_private_access !== true && vpc.endpoint_private_access !== "true") problems.push("endpoint_private_access not true");
    const publicOff = vpc.endpoint_public_access === false || vpc.endpoint_public_access === "false";
    if (!publicOff) {
      // AWS opens an enabled public endpoint to 0.0.0.0/0 when no CIDRs are given.
      const cidrs: unknown[] =
        Array.isArray(vpc.public_access_cidrs) && vpc.public_access_cidrs.length > 0 ? vpc.public_access_cidrs : [ANY_IPV4];
      if (cidrs.includes(ANY_IPV4)) problems.push(`public endpoint open to ${ANY_IPV4}`);
    }
    return problems.length === 0 ? COMPLIANT : nonCompliant(problems.join(", "));
  },
};
