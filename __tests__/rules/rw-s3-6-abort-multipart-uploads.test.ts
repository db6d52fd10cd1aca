import { rule } from "../../src/rules/pack/rw-s3-6-abort-multipart-uploads";
import { Json } from "../../src/rules/types";
import { verdict } from "../support/rules";

const bucket = { aws_s3_bucket: { Assets: { bucket: "assets" } } };
const lifecycle = (rules: Json[]) => ({
  aws_s3_bucket_lifecycle_configuration: { AssetsLifecycle: { bucket: "${aws_s3_bucket.Assets.id}", rule: rules } },
});
const abort = (status: string) => ({
  id: "abort",
  status,
  filter: [{ prefix: "" }],
  abort_incomplete_multipart_upload: [{ days_after_initiation: 7 }],
});
const expireVersions = {
  id: "versions",
  status: "Enabled",
  filter: [{ prefix: "" }],
  noncurrent_version_expiration: [{ noncurrent_days: 30 }],
};

describe("RW-S3-6 S3 lifecycle aborts incomplete multipart uploads", () => {
  test("compliant: an Enabled abort rule", () => {
    expect(verdict(rule, { resource: { ...bucket, ...lifecycle([abort("Enabled"), expireVersions]) } }, "aws_s3_bucket.Assets")).toEqual({
      status: "compliant",
    });
  });
  test("non-compliant: lifecycle without an abort rule", () => {
    expect(verdict(rule, { resource: { ...bucket, ...lifecycle([expireVersions]) } }, "aws_s3_bucket.Assets")).toEqual({
      status: "non-compliant",
      detail: "no Enabled rule with abort_incomplete_multipart_upload",
    });
  });
  test("non-compliant: the abort rule is Disabled", () => {
    expect(verdict(rule, { resource: { ...bucket, ...lifecycle([abort("Disabled")]) } }, "aws_s3_bucket.Assets").status).toBe(
      "non-compliant",
    );
  });
  test("non-compliant: no lifecycle configuration", () => {
    expect(verdict(rule, { resource: bucket }, "aws_s3_bucket.Assets")).toEqual({
      status: "non-compliant",
      detail: "no lifecycle configuration",
    });
  });
});
