import { ALB_SSL_POLICY } from "../../constructs/apps/alb-ingress";
import { readAlbAnnotations, listenPorts } from "../ingress-annotations";
import { COMPLIANT, NOT_APPLICABLE, nonCompliant, Rule } from "../types";

/** The ALB serves HTTPS on 443 with the TLS 1.3 policy. */
export const rule: Rule = {
  id: "RW-ALB-1",
  title: "ALB serves HTTPS with the TLS 1.3 policy",
  message: `add {"HTTPS": 443} to the listen-ports annotation and set ssl-policy to ${ALB_SSL_POLICY} (AlbGroupSettings.https)`,
  source: "as Checkov CKV_AWS_103 and AWS FSBP ELB.17 (TLS policy), for ALB Ingress annotations",
  resourceTypes: ["kubernetes_ingress_v1", "helm_release"],
  check: (ingress) => {
    const annotations = readAlbAnnotations(ingress);
    if (!annotations) return NOT_APPLICABLE;
    const ports = listenPorts(annotations);
    if (!ports) return nonCompliant("listen-ports is not a JSON list");
    const problems: string[] = [];
    if (!ports.some((p) => Number(p.HTTPS) === 443)) problems.push("no HTTPS 443 listener");
    if (annotations["ssl-policy"] !== ALB_SSL_POLICY) problems.push(`ssl-policy is ${annotations["ssl-policy"] ?? "unset"}`);
    return problems.length === 0 ? COMPLIANT : nonCompliant(problems.join(", "));
  },
};
