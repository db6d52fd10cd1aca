import { Json, Resource } from "./types";

/**
 * Reading the AWS Load Balancer Controller annotations of a synthesized Ingress (raw, or in a Helm release of the
 * backend-service chart), for the RW-ALB rules and the cost.
 */
const PREFIX = "alb.ingress.kubernetes.io/";

/**
 * The Ingress a resource puts in the cluster, as `{ annotations, className }` (annotations with
 * their full keys): a `kubernetes_ingress_v1`, or a `helm_release` of the backend-service chart
 * whose values enable its Ingress. The chart renders `ingress.annotations` and `ingress.className`
 * verbatim and the apps stack writes all of them, so they are read as written, with no chart
 * default filled in. Undefined for anything else, such as a release without an Ingress.
 */
export function ingressOf(resource: Resource): { annotations: Record<string, string>; className?: string } | undefined {
  if (resource.type === "helm_release") {
    const values = [resource.config.values ?? []]
      .flat()
      .map(parseValues)
      .reduce((all, v) => ({ ...all, ...v }), {} as Json);
    const ingress = values.ingress;
    if (!ingress || typeof ingress !== "object" || ingress.enabled !== true) return undefined;
    return { annotations: { ...(ingress.annotations ?? {}) }, className: ingress.className };
  }
  if (resource.type !== "kubernetes_ingress_v1") return undefined;
  const metadata: Json | undefined = [resource.config.metadata ?? []].flat().find((m) => m && typeof m === "object");
  const spec: Json | undefined = [resource.config.spec ?? []].flat().find((s) => s && typeof s === "object");
  const all: Record<string, string> = metadata?.annotations ?? {};
  return { annotations: all, className: spec?.ingress_class_name ?? all["kubernetes.io/ingress.class"] };
}

/** A release's values document (JSON, as the apps stack writes it); {} when it is not JSON. */
function parseValues(text: unknown): Json {
  if (typeof text !== "string") return {};
  try {
    const parsed: unknown = JSON.parse(text);
    return parsed && typeof parsed === "object" && !Array.isArray(parsed) ? (parsed as Json) : {};
  } catch {
    return {};
  }
}

/**
 * The AWS Load Balancer Controller annotations of an Ingress (keys without the prefix), or
 * undefined when the resource puts no Ingress served by an ALB in the cluster.
 */
export function readAlbAnnotations(resource: Resource): Record<string, string> | undefined {
  const ingress = ingressOf(resource);
  if (!ingress) return undefined;
  const all = ingress.annotations;
  const alb = Object.fromEntries(
    Object.entries(all)
      .filter(([key]) => key.startsWith(PREFIX))
      .map(([key, value]) => [key.slice(PREFIX.length), String(value)]),
  );
  const isAlb = ingress.className === "alb" || Object.keys(alb).length > 0;
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
  const pairs = (annotations["load-balancer-attributes"] ?? "")
    .split(",")
    .map((p) => p.trim())
    .filter((p) => p.includes("="));
  return new Map(pairs.map((p) => [p.slice(0, p.indexOf("=")).trim(), p.slice(p.indexOf("=") + 1).trim()]));
}
