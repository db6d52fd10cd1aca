import { rule } from "../../src/rules/pack/rw-alb-3-drop-invalid-headers";
import { verdict } from "../support/rules";

const ingress = (attributes?: string) => ({
  resource: {
    kubernetes_ingress_v1: {
      Api: {
        metadata: {
          name: "api",
          annotations: attributes === undefined ? {} : { "alb.ingress.kubernetes.io/load-balancer-attributes": attributes },
        },
        spec: { ingress_class_name: "alb" },
      },
    },
  },
});
const at = "kubernetes_ingress_v1.Api";

describe("RW-ALB-3 ALB drops invalid header fields", () => {
  test("compliant", () => {
    expect(verdict(rule, ingress("deletion_protection.enabled=true, routing.http.drop_invalid_header_fields.enabled=true"), at)).toEqual({
      status: "compliant",
    });
  });
  test("non-compliant: set to false", () => {
    expect(verdict(rule, ingress("routing.http.drop_invalid_header_fields.enabled=false"), at)).toEqual({
      status: "non-compliant",
      detail: "routing.http.drop_invalid_header_fields.enabled is false",
    });
  });
  test("non-compliant: no attributes", () => {
    expect(verdict(rule, ingress(), at)).toEqual({
      status: "non-compliant",
      detail: "routing.http.drop_invalid_header_fields.enabled is unset",
    });
  });
});
