import { albAnnotations } from "../../src/constructs/apps/backend-service/ingress-annotations";
import { rule } from "../../src/rules/pack/rw-alb-1-https-tls13";
import { verdict } from "../support/rules";

const P = "alb.ingress.kubernetes.io";
/** The standard, written out: the rule states its own, so this test does not read it from the construct either. */
const ALB_SSL_POLICY = "ELBSecurityPolicy-TLS13-1-2-2021-06";
const ingress = (annotations: Record<string, string>, spec: Record<string, unknown> = { ingress_class_name: "alb" }) => ({
  resource: { kubernetes_ingress_v1: { Api: { metadata: { name: "api", annotations }, spec } } },
});
const at = "kubernetes_ingress_v1.Api";

describe("RW-ALB-1 ALB serves HTTPS with the TLS 1.3 policy", () => {
  test("compliant: HTTPS 443 with the TLS 1.3 policy", () => {
    expect(
      verdict(rule, ingress({ [`${P}/listen-ports`]: '[{"HTTP":80},{"HTTPS":443}]', [`${P}/ssl-policy`]: ALB_SSL_POLICY }), at),
    ).toEqual({ status: "compliant" });
  });
  test("compliant: default listener of an Ingress with a certificate", () => {
    expect(verdict(rule, ingress({ [`${P}/certificate-arn`]: "arn:cert", [`${P}/ssl-policy`]: ALB_SSL_POLICY }), at)).toEqual({
      status: "compliant",
    });
  });
  test("non-compliant: HTTP only", () => {
    expect(verdict(rule, ingress({ [`${P}/listen-ports`]: '[{"HTTP":80}]' }), at)).toEqual({
      status: "non-compliant",
      detail: "no HTTPS 443 listener, ssl-policy is unset",
    });
  });
  test("non-compliant: older TLS policy", () => {
    expect(
      verdict(rule, ingress({ [`${P}/listen-ports`]: '[{"HTTPS":443}]', [`${P}/ssl-policy`]: "ELBSecurityPolicy-2016-08" }), at),
    ).toEqual({
      status: "non-compliant",
      detail: "ssl-policy is ELBSecurityPolicy-2016-08",
    });
  });
  test("non-compliant: listen-ports not JSON", () => {
    expect(verdict(rule, ingress({ [`${P}/listen-ports`]: "HTTPS:443" }), at)).toEqual({
      status: "non-compliant",
      detail: "listen-ports is not a JSON list",
    });
  });
  test("not applicable: an Ingress of another controller", () => {
    expect(verdict(rule, ingress({ "nginx.ingress.kubernetes.io/ssl-redirect": "true" }, { ingress_class_name: "nginx" }), at)).toEqual({
      status: "not-applicable",
    });
  });
});

describe("RW-ALB-1 on a backend-service release (its Ingress is in the chart values)", () => {
  const release = (values: Record<string, unknown>) => ({
    resource: { helm_release: { Api: { name: "api", chart: "./assets/BackendServiceChart/ABC", values: [JSON.stringify(values)] } } },
  });
  const releaseAt = "helm_release.Api";
  test("compliant: the release's Ingress listens on HTTPS with the TLS 1.3 policy", () => {
    const annotations = { [`${P}/listen-ports`]: '[{"HTTP":80},{"HTTPS":443}]', [`${P}/ssl-policy`]: ALB_SSL_POLICY };
    expect(verdict(rule, release({ ingress: { enabled: true, path: "/api", annotations } }), releaseAt)).toEqual({ status: "compliant" });
  });
  test("non-compliant: the release's Ingress is HTTP only", () => {
    expect(
      verdict(
        rule,
        release({ ingress: { enabled: true, path: "/api", annotations: { [`${P}/listen-ports`]: '[{"HTTP":80}]' } } }),
        releaseAt,
      ),
    ).toEqual({
      status: "non-compliant",
      detail: "no HTTPS 443 listener, ssl-policy is unset",
    });
  });
  test("not applicable: a release without an Ingress, or with it disabled", () => {
    expect(verdict(rule, release({ replicaCount: 2 }), releaseAt)).toEqual({ status: "not-applicable" });
    expect(
      verdict(rule, release({ ingress: { enabled: false, annotations: { [`${P}/listen-ports`]: '[{"HTTP":80}]' } } }), releaseAt),
    ).toEqual({ status: "not-applicable" });
  });
});

describe("RW-ALB-1 against the construct it checks", () => {
  const group = { groupName: "g", accessLogs: { bucket: "logs", prefix: "alb" }, deletionProtection: true };
  test("the annotations albAnnotations writes with HTTPS satisfy the rule (weakening the construct fails here)", () => {
    const annotations = albAnnotations({
      group: { ...group, https: { hostName: "app.example.com", certificateArn: "arn:cert", webAclArn: "arn:acl" } },
      serviceName: "api",
      healthPath: "/health",
    });
    expect(verdict(rule, ingress(annotations), at)).toEqual({ status: "compliant" });
  });
  test("without HTTPS settings the construct's annotations break it (the rule is not a mirror of the construct)", () => {
    const annotations = albAnnotations({ group, serviceName: "api", healthPath: "/health" });
    expect(verdict(rule, ingress(annotations), at)).toEqual({
      status: "non-compliant",
      detail: "no HTTPS 443 listener, ssl-policy is unset",
    });
  });
});
