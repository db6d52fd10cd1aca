import { rule } from "../../src/rules/pack/rw-s3-4-tls-only-policy";
import { Json } from "../../src/rules/types";
import { policyDocument, verdict } from "../support/rules";

const bucket = { aws_s3_bucket: { Assets: { bucket: "assets" } } };
const denyHttp = (overrides: Json = {}): Json => ({
  sid: "DenyInsecureTransport",
  effect: "Deny",
  actions: ["s3:*"],
  principals: [{ type: "*", identifiers: ["*"] }],
  resources: ["${aws_s3_bucket.Assets.arn}", "${aws_s3_bucket.Assets.arn}/*"],
  condition: [{ test: "Bool", variable: "aws:SecureTransport", values: ["false"] }],
  ...overrides,
});
const withPolicy = (statements: Json[]) => {
  const document = policyDocument("AssetsPolicy", statements);
  return {
    resource: { ...bucket, aws_s3_bucket_policy: { AssetsPolicy: { bucket: "${aws_s3_bucket.Assets.id}", policy: document.ref } } },
    data: document.data,
  };
};

describe("RW-S3-4 S3 bucket policy denies non-TLS requests", () => {
  test("compliant: Deny s3:* for everyone without TLS", () => {
    expect(verdict(rule, withPolicy([denyHttp()]), "aws_s3_bucket.Assets")).toEqual({ status: "compliant" });
  });
  test("non-compliant: no bucket policy", () => {
    expect(verdict(rule, { resource: bucket }, "aws_s3_bucket.Assets")).toEqual({ status: "non-compliant", detail: "no bucket policy" });
  });
  test("non-compliant: the policy only allows", () => {
    const allow = {
      actions: ["s3:GetObject"],
      principals: [{ type: "Service", identifiers: ["logging.s3.amazonaws.com"] }],
      resources: ["*"],
    };
    expect(verdict(rule, withPolicy([allow]), "aws_s3_bucket.Assets").status).toBe("non-compliant");
  });
  test.each([
    ["the condition is on true", { condition: [{ test: "Bool", variable: "aws:SecureTransport", values: ["true"] }] }],
    ["only one action is denied", { actions: ["s3:GetObject"] }],
    ["only one principal is denied", { principals: [{ type: "AWS", identifiers: ["arn:aws:iam::111111111111:root"] }] }],
  ])("non-compliant: %s", (_, overrides) => {
    expect(verdict(rule, withPolicy([denyHttp(overrides)]), "aws_s3_bucket.Assets").status).toBe("non-compliant");
  });
  test("non-compliant: a policy the rule cannot read", () => {
    const resource = {
      ...bucket,
      aws_s3_bucket_policy: { AssetsPolicy: { bucket: "${aws_s3_bucket.Assets.id}", policy: '{"Statement":[]}' } },
    };
    expect(verdict(rule, { resource }, "aws_s3_bucket.Assets").status).toBe("non-compliant");
  });
});
