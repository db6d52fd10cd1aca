import { rule } from "../../src/rules/pack/rw-s3-5-versioning";
import { verdict } from "../support/rules";

const bucket = { aws_s3_bucket: { Assets: { bucket: "assets" } } };
const versioning = (status: string) => ({
  aws_s3_bucket_versioning: { AssetsVersioning: { bucket: "${aws_s3_bucket.Assets.id}", versioning_configuration: { status } } },
});

describe("RW-S3-5 S3 versioning enabled", () => {
  test("compliant: Enabled", () => {
    expect(verdict(rule, { resource: { ...bucket, ...versioning("Enabled") } }, "aws_s3_bucket.Assets")).toEqual({ status: "compliant" });
  });
  test("non-compliant: Suspended", () => {
    expect(verdict(rule, { resource: { ...bucket, ...versioning("Suspended") } }, "aws_s3_bucket.Assets")).toEqual({
      status: "non-compliant",
      detail: "versioning status is Suspended",
    });
  });
  test("non-compliant: no versioning configuration", () => {
    expect(verdict(rule, { resource: bucket }, "aws_s3_bucket.Assets")).toEqual({
      status: "non-compliant",
      detail: "no versioning configuration",
    });
  });
});
