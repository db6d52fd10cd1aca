import { COMPLIANT, NOT_APPLICABLE, nonCompliant, Rule } from "../types";
import { readAlbAnnotations, listenPorts } from "../../synthesized/ingress-annotations";

/** A plain HTTP listener only redirects to HTTPS. */
export const rule: Rule = {
  id: "RW-ALB-2",
  title: "ALB HTTP listener only redirects to HTTPS",
  message: 'set the ssl-redirect annotation to "443" (with an HTTPS 443 listener), or remove the HTTP listener',
  source: "Checkov CKV2_AWS_20; AWS FSBP ELB.1 (for ALB Ingress annotations)",
  resourceTypes: ["kubernetes_ingress_v1", "helm_release"],
  check: (ingress) => {
    const annotations = readAlbAnnotations(ingress);
    if (!annotations) return NOT_APPLICABLE;
    const ports = listenPorts(annotations);
    if (!ports) return nonCompliant("listen-ports is not a JSON list");
    if (!ports.some((p) => p.HTTP !== undefined)) return COMPLIANT;
    return annotations["ssl-redirect"] === "443"
      ? COMPLIANT
      : nonCompliant(`HTTP listener with ssl-redirect ${annotations["ssl-redirect"] ?? "unset"}`);
  },
};
