import { rule } from "../../src/rules/pack/rw-alb-2-http-redirect";
import { verdict } from "../support/rules";

const P = "alb.ingress.kubernetes.io";
const ingress = (annotations: Record<string, string>, spec: Record<string, unknown> = { ingress_class_name: "alb" }) => ({
  resource: { kubernetes_ingress_v1: { Api: { metadata: { name: "api", annotations }, spec } } },
});
const at = "kubernetes_ingress_v1.Api";

describe("RW-ALB-2 ALB HTTP listener only redirects to HTTPS", () => {
  test("compliant: HTTP redirects to 443", () => {
    expect(verdict(rule, ingress({ [`${P}/listen-ports`]: '[{"HTTP":80},{"HTTPS":443}]', [`${P}/ssl-redirect`]: "443" }), at)).toEqual({
      status: "compliant",
    });
  });
  test("compliant: HTTPS only", () => {
    expect(verdict(rule, ingress({ [`${P}/listen-ports`]: '[{"HTTPS":443}]' }), at)).toEqual({ status: "compliant" });
  });
  test("non-compliant: HTTP serves the application", () => {
    expect(verdict(rule, ingress({ [`${P}/listen-ports`]: '[{"HTTP":80}]' }), at)).toEqual({
      status: "non-compliant",
      detail: "HTTP listener with ssl-redirect unset",
    });
  });
  test("non-compliant: default HTTP listener without a certificate", () => {
    expect(verdict(rule, ingress({ [`${P}/scheme`]: "internet-facing" }, {}), at)).toEqual({
      status: "non-compliant",
      detail: "HTTP listener with ssl-redirect unset",
    });
  });
  test("not applicable: no ALB", () => {
    expect(verdict(rule, ingress({}, { ingress_class_name: "nginx" }), at)).toEqual({ status: "not-applicable" });
  });
});
