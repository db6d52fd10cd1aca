import { rule } from "../../src/rules/pack/rw-alb-4-access-logs";
import { verdict } from "../support/rules";

const ingress = (attributes: string) => ({
  resource: {
    kubernetes_ingress_v1: {
      Api: {
        metadata: { name: "api", annotations: { "alb.ingress.kubernetes.io/load-balancer-attributes": attributes } },
        spec: { ingress_class_name: "alb" },
      },
    },
  },
});
const at = "kubernetes_ingress_v1.Api";

describe("RW-ALB-4 ALB access logs on", () => {
  test("compliant", () => {
    expect(
      verdict(
        rule,
        ingress(
          "access_logs.s3.enabled=true,access_logs.s3.bucket=${data.terraform_remote_state.data.outputs.bucket},access_logs.s3.prefix=alb",
        ),
        at,
      ),
    ).toEqual({
      status: "compliant",
    });
  });
  test("non-compliant: enabled without a bucket", () => {
    expect(verdict(rule, ingress("access_logs.s3.enabled=true"), at)).toEqual({
      status: "non-compliant",
      detail: "no access_logs.s3.bucket",
    });
  });
  test("non-compliant: off", () => {
    expect(verdict(rule, ingress("routing.http.drop_invalid_header_fields.enabled=true"), at)).toEqual({
      status: "non-compliant",
      detail: "access_logs.s3.enabled is unset, no access_logs.s3.bucket",
    });
  });
});

describe("RW-ALB-4 on a backend-service release", () => {
  const release = (attributes: string) => ({
    resource: {
      helm_release: {
        Api: {
          name: "api",
          values: [
            JSON.stringify({
              ingress: { enabled: true, path: "/api", annotations: { "alb.ingress.kubernetes.io/load-balancer-attributes": attributes } },
            }),
          ],
        },
      },
    },
  });
  test("compliant with access logs on; non-compliant without", () => {
    expect(verdict(rule, release("access_logs.s3.enabled=true,access_logs.s3.bucket=logs"), "helm_release.Api")).toEqual({
      status: "compliant",
    });
    expect(verdict(rule, release("routing.http.drop_invalid_header_fields.enabled=true"), "helm_release.Api").status).toBe("non-compliant");
  });
});
