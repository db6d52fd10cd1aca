/**
 * A small evaluator of Kubernetes NetworkPolicies (networking.k8s.io/v1), for tables of
 * "from → to : port → allowed/denied" over the objects Helm rendered. It follows the API's
 * semantics: a pod is isolated for a direction once any policy of its namespace selects it with
 * that policy type; then a connection is allowed only if some such policy has a rule whose peers
 * and ports match. A pod-to-pod connection needs the source's egress and the destination's
 * ingress. Peers: `ipBlock` (with `except`) matches addresses, pod addresses included, as the
 * VPC CNI does; `namespaceSelector` / `podSelector` match labels (`matchLabels` and
 * `matchExpressions`). Ports: number, `endPort`, protocol (TCP by default), or all when absent.
 */
import { parseCidr } from "../../src/config/cidr";

type Json = Record<string, any>;

export interface PodEndpoint {
  readonly kind: "pod";
  readonly namespace: string;
  readonly labels: Record<string, string>;
  readonly ip: string;
}
export interface AddressEndpoint {
  readonly kind: "address";
  readonly ip: string;
}
export type Endpoint = PodEndpoint | AddressEndpoint;
export type Protocol = "TCP" | "UDP" | "SCTP";

export interface Connection {
  readonly from: Endpoint;
  readonly to: Endpoint;
  readonly port: number;
  readonly protocol?: Protocol;
}

/** The cluster the policies live in: namespaces and their labels (kubernetes.io/metadata.name is added). */
export interface ClusterModel {
  readonly policies: Json[];
  readonly namespaceLabels: Record<string, Record<string, string>>;
}

const ipv4ToNumber = (ip: string): number | undefined => {
  const m = /^(\d+)\.(\d+)\.(\d+)\.(\d+)$/.exec(ip);
  return m ? m.slice(1).reduce((n, o) => n * 256 + Number(o), 0) : undefined;
};

/** Whether an IPv4 address lies in a CIDR (an IPv6 block never matches an IPv4 address). */
export function inCidr(ip: string, cidr: string): boolean {
  if (ip.includes(":")) throw new Error(`IPv6 endpoints are not modelled: ${ip}`);
  if (cidr.includes(":")) return false;
  const block = parseCidr(cidr);
  const n = ipv4ToNumber(ip);
  if (!block || n === undefined) throw new Error(`not an IPv4 address/CIDR: ${ip} in ${cidr}`);
  const size = 2 ** (32 - block.prefix);
  return n >= block.network && n < block.network + size;
}

export function matchesSelector(selector: Json | undefined, labels: Record<string, string>): boolean {
  if (!selector) return true;
  const byLabels = Object.entries(selector.matchLabels ?? {}).every(([k, v]) => labels[k] === v);
  const byExpressions = (selector.matchExpressions ?? []).every((e: Json) => {
    const has = Object.prototype.hasOwnProperty.call(labels, e.key);
    switch (e.operator) {
      case "In":
        return has && e.values.includes(labels[e.key]);
      case "NotIn":
        return !has || !e.values.includes(labels[e.key]);
      case "Exists":
        return has;
      case "DoesNotExist":
        return !has;
      default:
        throw new Error(`unknown selector operator ${e.operator}`);
    }
  });
  return byLabels && byExpressions;
}

function namespaceLabelsOf(model: ClusterModel, namespace: string): Record<string, string> {
  return { ...(model.namespaceLabels[namespace] ?? {}), "kubernetes.io/metadata.name": namespace };
}

/** Whether a peer of a policy in `policyNamespace` matches an endpoint. */
function peerMatches(model: ClusterModel, peer: Json, policyNamespace: string, endpoint: Endpoint): boolean {
  if (peer.ipBlock) {
    const { cidr, except = [] } = peer.ipBlock;
    return inCidr(endpoint.ip, cidr) && !except.some((e: string) => inCidr(endpoint.ip, e));
  }
  if (endpoint.kind !== "pod") return false;
  if (peer.namespaceSelector) {
    if (!matchesSelector(peer.namespaceSelector, namespaceLabelsOf(model, endpoint.namespace))) return false;
  } else if (endpoint.namespace !== policyNamespace) {
    return false;
  }
  return matchesSelector(peer.podSelector, endpoint.labels);
}

function portMatches(ports: Json[] | undefined, port: number, protocol: Protocol): boolean {
  if (!ports || ports.length === 0) return true;
  return ports.some((p) => {
    if ((p.protocol ?? "TCP") !== protocol) return false;
    if (p.port === undefined) return true;
    if (typeof p.port === "string") throw new Error(`named ports are not supported by this evaluator: ${p.port}`);
    return p.endPort !== undefined ? port >= p.port && port <= p.endPort : port === p.port;
  });
}

function policiesFor(model: ClusterModel, pod: PodEndpoint, type: "Ingress" | "Egress"): Json[] {
  return model.policies.filter((policy) => {
    if (policy.kind !== "NetworkPolicy" || policy.metadata.namespace !== pod.namespace) return false;
    // Without policyTypes: Ingress always, Egress when the policy has egress rules.
    const types: string[] = policy.spec.policyTypes ?? ["Ingress", ...(policy.spec.egress ? ["Egress"] : [])];
    return types.includes(type) && matchesSelector(policy.spec.podSelector, pod.labels);
  });
}

function allowedBy(
  model: ClusterModel,
  pod: PodEndpoint,
  type: "Ingress" | "Egress",
  peer: Endpoint,
  port: number,
  protocol: Protocol,
): boolean {
  const policies = policiesFor(model, pod, type);
  if (policies.length === 0) return true; // not isolated in this direction
  const rulesKey = type === "Ingress" ? "ingress" : "egress";
  const peersKey = type === "Ingress" ? "from" : "to";
  return policies.some((policy) =>
    (policy.spec[rulesKey] ?? []).some(
      (rule: Json) =>
        (rule[peersKey] === undefined ||
          rule[peersKey].length === 0 ||
          rule[peersKey].some((p: Json) => peerMatches(model, p, pod.namespace, peer))) &&
        portMatches(rule.ports, port, protocol),
    ),
  );
}

/** Whether the policies let this connection through (both ends' policies). */
export function isAllowed(model: ClusterModel, c: Connection): boolean {
  const protocol = c.protocol ?? "TCP";
  const egress = c.from.kind === "pod" ? allowedBy(model, c.from, "Egress", c.to, c.port, protocol) : true;
  const ingress = c.to.kind === "pod" ? allowedBy(model, c.to, "Ingress", c.from, c.port, protocol) : true;
  return egress && ingress;
}
