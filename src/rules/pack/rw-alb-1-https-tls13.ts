import { readAlbAnnotations, listenPorts } from "../../synthesized/ingress-annotations";
import { COMPLIANT, NOT_APPLICABLE, nonCompliant, Rule } from "../types";

/**
 * The standard this rule holds the ALB to, stated here and not read from the construct it checks
 * (`constructs/apps/backend-service/ingress-annotations.ts` writes its own copy): weakening the construct then fails the rule.
 * TLS 1.3, and TLS 1.2 with forward secrecy only, the policy AWS recommends.
 */
export const REQUIRED_SSL_POLICY = "ELBSecurityPolicy-TLS13-1-2-2021-06";

/** The ALB serves HTTPS on 443 with the TLS 1.3 policy. */
export const rule: Rule = {
  id: "RW-ALB-1",
  title: "ALB serves HTTPS with the TLS 1.3 policy",
  message: `add {"HTTPS": 443} to the listen-ports annotation and set ssl-policy to ${REQUIRED_SSL_POLICY} (AlbGroupSettings.https)`,
  source: "as Checkov CKV_AWS_103 and AWS FSBP ELB.17 (TLS policy), for ALB Ingress annotations",
  resourceTypes: ["kubernetes_ingress_v1", "helm_release"],
  check: (ingress) => {
    const annotations = readAlbAnnotations(ingress);
    if (!annotations) return NOT_APPLICABLE;
    const ports = listenPorts(annotations);
    if (!ports) return nonCompliant("listen-ports is not a JSON list");
    const problems: string[] = [];
    if (!ports.some((p) => Number(p.HTTPS) === 443)) problems.push("no HTTPS 443 listener");
    if (annotations["ssl-policy"] !== REQUIRED_SSL_POLICY) problems.push(`ssl-policy is ${annotations["ssl-policy"] ?? "unset"}`);
    return problems.length === 0 ? COMPLIANT : nonCompliant(problems.join(", "));
  },
};
