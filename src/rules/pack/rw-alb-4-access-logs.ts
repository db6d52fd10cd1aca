import { COMPLIANT, NOT_APPLICABLE, nonCompliant, Rule } from "../types";
import { readAlbAnnotations, loadBalancerAttributes } from "../../synthesized/ingress-annotations";

/** The ALB writes access logs to S3. */
export const rule: Rule = {
  id: "RW-ALB-4",
  title: "ALB access logs on",
  message: "add access_logs.s3.enabled=true and access_logs.s3.bucket=<log bucket> to the load-balancer-attributes annotation",
  source: "Checkov CKV_AWS_91; AWS FSBP ELB.5 (for ALB Ingress annotations)",
  resourceTypes: ["kubernetes_ingress_v1", "helm_release"],
  check: (ingress) => {
    const annotations = readAlbAnnotations(ingress);
    if (!annotations) return NOT_APPLICABLE;
    const attributes = loadBalancerAttributes(annotations);
    const problems: string[] = [];
    if (attributes.get("access_logs.s3.enabled") !== "true")
      problems.push(`access_logs.s3.enabled is ${attributes.get("access_logs.s3.enabled") ?? "unset"}`);
    if (!attributes.get("access_logs.s3.bucket")) problems.push("no access_logs.s3.bucket");
    return problems.length === 0 ? COMPLIANT : nonCompliant(problems.join(", "));
  },
};
