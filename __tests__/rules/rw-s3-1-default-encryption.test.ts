import { rule } from "../../src/rules/pack/rw-s3-1-default-encryption";
import { verdict } from "../support/rules";

const bucket = { aws_s3_bucket: { Assets: { bucket: "assets" } } };
const encryption = (ref: string) => ({
  aws_s3_bucket_server_side_encryption_configuration: {
    AssetsEncryption: { bucket: ref, rule: [{ apply_server_side_encryption_by_default: { sse_algorithm: "AES256" } }] },
  },
});

describe("RW-S3-1 S3 default encryption configured", () => {
  test.each(["${aws_s3_bucket.Assets.id}", "${aws_s3_bucket.Assets.bucket}", "assets"])(
    "compliant: configuration for the bucket via %s",
    (ref) => {
      expect(verdict(rule, { resource: { ...bucket, ...encryption(ref) } }, "aws_s3_bucket.Assets")).toEqual({ status: "compliant" });
    },
  );
  test("non-compliant: no configuration", () => {
    expect(verdict(rule, { resource: bucket }, "aws_s3_bucket.Assets")).toEqual({
      status: "non-compliant",
      detail: "no server-side encryption configuration",
    });
  });
  test("non-compliant: the configuration belongs to another bucket", () => {
    expect(verdict(rule, { resource: { ...bucket, ...encryption("${aws_s3_bucket.AssetsOld.id}") } }, "aws_s3_bucket.Assets").status).toBe(
      "non-compliant",
    );
  });
});
