import { rule } from "../../src/rules/pack/rw-s3-8-kms-encryption";
import { verdict } from "../support/rules";

const bucket = { aws_s3_bucket: { Assets: { bucket: "assets" } } };
const encryption = (byDefault: Record<string, string>) => ({
  aws_s3_bucket_server_side_encryption_configuration: {
    AssetsEncryption: {
      bucket: "${aws_s3_bucket.Assets.id}",
      rule: [{ apply_server_side_encryption_by_default: byDefault, bucket_key_enabled: true }],
    },
  },
});

describe("RW-S3-8 S3 default encryption uses a KMS key", () => {
  test("compliant: aws:kms with a key", () => {
    const resource = { ...bucket, ...encryption({ sse_algorithm: "aws:kms", kms_master_key_id: "${aws_kms_key.Key.arn}" }) };
    expect(verdict(rule, { resource }, "aws_s3_bucket.Assets")).toEqual({ status: "compliant" });
  });
  test("non-compliant: AES256", () => {
    expect(verdict(rule, { resource: { ...bucket, ...encryption({ sse_algorithm: "AES256" }) } }, "aws_s3_bucket.Assets")).toEqual({
      status: "non-compliant",
      detail: "sse_algorithm is AES256, no KMS key",
    });
  });
  test("non-compliant: aws:kms without a key (the AWS managed aws/s3 key)", () => {
    expect(verdict(rule, { resource: { ...bucket, ...encryption({ sse_algorithm: "aws:kms" }) } }, "aws_s3_bucket.Assets").status).toBe(
      "non-compliant",
    );
  });
  test("non-compliant: no configuration", () => {
    expect(verdict(rule, { resource: bucket }, "aws_s3_bucket.Assets")).toEqual({
      status: "non-compliant",
      detail: "no server-side encryption configuration",
    });
  });
});
