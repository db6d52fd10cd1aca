/** The NetworkPolicy evaluator the backend-service tables rely on, against the API's documented semantics. */
import { inCidr, isAllowed, matchesSelector, PodEndpoint } from "./support/network-policy";

const pod = (namespace: string, app: string, ip: string): PodEndpoint => ({ kind: "pod", namespace, labels: { app }, ip });
const a = pod("a", "web", "10.0.0.10");
const b = pod("b", "db", "10.0.0.20");
const policy = (namespace: string, spec: Record<string, unknown>) => ({ kind: "NetworkPolicy", metadata: { name: "p", namespace }, spec });

describe("NetworkPolicy evaluator", () => {
  test("no policy: everything is allowed (pods are not isolated)", () => {
    expect(isAllowed({ policies: [], namespaceLabels: {} }, { from: a, to: b, port: 5432 })).toBe(true);
  });

  test("a default deny on the destination's ingress or the source's egress denies; an unrelated namespace's policy doesn't matter", () => {
    const denyIngressB = policy("b", { podSelector: {}, policyTypes: ["Ingress"] });
    const denyEgressA = policy("a", { podSelector: {}, policyTypes: ["Egress"] });
    expect(isAllowed({ policies: [denyIngressB], namespaceLabels: {} }, { from: a, to: b, port: 5432 })).toBe(false);
    expect(isAllowed({ policies: [denyEgressA], namespaceLabels: {} }, { from: a, to: b, port: 5432 })).toBe(false);
    expect(
      isAllowed(
        { policies: [policy("c", { podSelector: {}, policyTypes: ["Ingress", "Egress"] })], namespaceLabels: {} },
        { from: a, to: b, port: 5432 },
      ),
    ).toBe(true);
  });

  test("policies add up: an allow beside a default deny opens exactly its peers and ports", () => {
    const policies = [
      policy("b", { podSelector: {}, policyTypes: ["Ingress"] }),
      policy("b", {
        podSelector: { matchLabels: { app: "db" } },
        policyTypes: ["Ingress"],
        ingress: [
          {
            from: [
              { namespaceSelector: { matchLabels: { "kubernetes.io/metadata.name": "a" } }, podSelector: { matchLabels: { app: "web" } } },
            ],
            ports: [{ protocol: "TCP", port: 5432 }],
          },
        ],
      }),
    ];
    const model = { policies, namespaceLabels: {} };
    expect(isAllowed(model, { from: a, to: b, port: 5432 })).toBe(true);
    expect(isAllowed(model, { from: a, to: b, port: 5433 })).toBe(false);
    expect(isAllowed(model, { from: a, to: b, port: 5432, protocol: "UDP" })).toBe(false);
    expect(isAllowed(model, { from: pod("a", "worker", "10.0.0.11"), to: b, port: 5432 })).toBe(false);
    expect(isAllowed(model, { from: pod("c", "web", "10.0.0.12"), to: b, port: 5432 })).toBe(false);
  });

  test("a podSelector peer without namespaceSelector means the policy's own namespace", () => {
    const model = {
      policies: [
        policy("b", { podSelector: {}, policyTypes: ["Ingress"], ingress: [{ from: [{ podSelector: { matchLabels: { app: "web" } } }] }] }),
      ],
      namespaceLabels: {},
    };
    expect(isAllowed(model, { from: pod("b", "web", "10.0.0.30"), to: b, port: 1 })).toBe(true);
    expect(isAllowed(model, { from: a, to: b, port: 1 })).toBe(false);
  });

  test("ipBlock with except, endPort, and a rule without ports", () => {
    const model = {
      policies: [
        policy("a", {
          podSelector: {},
          policyTypes: ["Egress"],
          egress: [
            { to: [{ ipBlock: { cidr: "203.0.113.0/24", except: ["203.0.113.128/25"] } }], ports: [{ port: 8000, endPort: 8010 }] },
            { to: [{ ipBlock: { cidr: "198.51.100.1/32" } }] },
          ],
        }),
      ],
      namespaceLabels: {},
    };
    const to = (ip: string) => ({ kind: "address" as const, ip });
    expect(isAllowed(model, { from: a, to: to("203.0.113.5"), port: 8005 })).toBe(true);
    expect(isAllowed(model, { from: a, to: to("203.0.113.200"), port: 8005 })).toBe(false);
    expect(isAllowed(model, { from: a, to: to("203.0.113.5"), port: 8011 })).toBe(false);
    expect(isAllowed(model, { from: a, to: to("198.51.100.1"), port: 22, protocol: "UDP" })).toBe(true);
  });

  test("selectors: matchLabels and matchExpressions; CIDR membership; IPv6 blocks never match IPv4 addresses", () => {
    expect(matchesSelector({ matchExpressions: [{ key: "app", operator: "In", values: ["web", "api"] }] }, { app: "web" })).toBe(true);
    expect(matchesSelector({ matchExpressions: [{ key: "app", operator: "NotIn", values: ["web"] }] }, { app: "web" })).toBe(false);
    expect(matchesSelector({ matchExpressions: [{ key: "tier", operator: "DoesNotExist" }] }, { app: "web" })).toBe(true);
    expect(matchesSelector({ matchLabels: { app: "web" }, matchExpressions: [{ key: "tier", operator: "Exists" }] }, { app: "web" })).toBe(
      false,
    );
    expect(inCidr("10.20.135.255", "10.20.128.0/21")).toBe(true);
    expect(inCidr("10.20.136.0", "10.20.128.0/21")).toBe(false);
    expect(inCidr("169.254.170.23", "fd00:ec2::23/128")).toBe(false);
  });
});
