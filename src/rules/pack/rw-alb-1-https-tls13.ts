import { ALB_SSL_POLICY } from "../../constructs/apps/alb-ingress";
import { COMPLIANT, Json, NOT_APPLICABLE, nonCompliant, Resource, Rule } from "../types";

const PREFIX = "alb.ingress.kubernetes.io/";

/**
 * The AWS Load Balancer Controller annotations of an Ingress (keys without the prefix), or
 * undefined when the Ingress is not served by an ALB. Shared by the RW-ALB rules.
 */
export function albAnnotations(ingress: Resource): Record<string, string> | undefined {
  const metadata: Json | undefined = [ingress.config.metadata ?? []].flat().find((m) => m && typeof m === "object");
  const spec: Json | undefined = [ingress.config.spec ?? []].flat().find((s) => s && typeof s === "object");
  const all: Record<string, string> = metadata?.annotations ?? {};
  const alb = Object.fromEntries(Object.entries(all).filter(([key]) => key.startsWith(PREFIX)).map(([key, value]) => [key.slice(PREFIX.length), String(value)]));
  const isAlb = spec?.ingress_class_name === "alb" || all["kubernetes.io/ingress.class"] === "alb" || Object.keys(alb).length > 0;
  return isAlb ? alb : undefined;
}

/** The listeners as `{ HTTP: 80 }` / `{ HTTPS: 443 }` entries, with the controller's default; undefined when not valid JSON. */
export function listenPorts(annotations: Record<string, string>): Json[] | undefined {
  const value = annotations["listen-ports"];
  if (value === undefined) return annotations["certificate-arn"] ? [{ HTTPS: 443 }] : [{ HTTP: 80 }];
  try {
    const parsed: unknown = JSON.parse(value);
    return Array.isArray(parsed) ? parsed.filter((p) => p && typeof p === "object") : undefined;
  } catch {
    return undefined;
  }
}

/** The `key=value` pairs of the load-balancer-attributes annotation. */
export function loadBalancerAttributes(annotations: Record<string, string>): Map<string, string> {
  const pairs = (annotations["load-balancer-attributes"] ?? "").split(",").map((p) => p.trim()).filter((p) => p.includes("="));
  return new Map(pairs.map((p) => [p.slice(0, p.indexOf("=")).trim(), p.slice(p.indexOf("=") + 1).trim()]));
}

/** The ALB serves HTTPS on 443 with the TLS 1.3 policy. */
export const rule: Rule = {
  id: "RW-ALB-1",
  title: "ALB serves HTTPS with the TLS 1.3 policy",
  message: `add {"HTTPS": 443} to the listen-ports annotation and set ssl-policy to ${ALB_SSL_POLICY} (AlbGroupSettings.https)`,
  source: "as Checkov CKV_AWS_103 and AWS FSBP ELB.17 (TLS policy), for ALB Ingress annotations",
  resourceTypes: ["kubernetes_ingress_v1"],
  check: (ingress) => {
    const annotations = albAnnotations(ingress);
    if (!annotations) return NOT_APPLICABLE;
    const ports = listenPorts(annotations);
    if (!ports) return nonCompliant("listen-ports is not a JSON list");
    const problems: string[] = [];
    if (!ports.some((p) => Number(p.HTTPS) === 443)) problems.push("no HTTPS 443 listener");
    if (annotations["ssl-policy"] !== ALB_SSL_POLICY) problems.push(`ssl-policy is ${annotations["ssl-policy"] ?? "unset"}`);
    return problems.length === 0 ? COMPLIANT : nonCompliant(problems.join(", "));
  },
};
