import { COMPLIANT, NOT_APPLICABLE, nonCompliant, Rule } from "../types";
import { readAlbAnnotations, loadBalancerAttributes } from "../../synthesized/ingress-annotations";

const ATTRIBUTE = "routing.http.drop_invalid_header_fields.enabled";

/** The ALB drops requests' invalid HTTP headers instead of passing them to the service (request smuggling). */
export const rule: Rule = {
  id: "RW-ALB-3",
  title: "ALB drops invalid header fields",
  message: `add ${ATTRIBUTE}=true to the load-balancer-attributes annotation`,
  source: "Checkov CKV_AWS_131; AWS FSBP ELB.4 (for ALB Ingress annotations)",
  resourceTypes: ["kubernetes_ingress_v1", "helm_release"],
  check: (ingress) => {
    const annotations = readAlbAnnotations(ingress);
    if (!annotations) return NOT_APPLICABLE;
    const value = loadBalancerAttributes(annotations).get(ATTRIBUTE);
    return value === "true" ? COMPLIANT : nonCompliant(`${ATTRIBUTE} is ${value ?? "unset"}`);
  },
};
