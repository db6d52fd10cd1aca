import { Json, Resource } from "./types";

/** Reading the AWS Load Balancer Controller annotations of a synthesized Ingress, for the RW-ALB rules. */
const PREFIX = "alb.ingress.kubernetes.io/";

/**
 * The AWS Load Balancer Controller annotations of an Ingress (keys without the prefix), or
 * undefined when the Ingress is not served by an ALB.
 */
export function readAlbAnnotations(ingress: Resource): Record<string, string> | undefined {
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

