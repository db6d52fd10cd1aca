import { rule } from "../../src/rules/pack/rw-s3-2-public-access-block";
import { verdict } from "../support/rules";

const bucket = { aws_s3_bucket: { Logs: { bucket: "logs" } } };
const block = (overrides: Record<string, boolean> = {}) => ({
  aws_s3_bucket_public_access_block: {
    LogsBlock: {
      bucket: "${aws_s3_bucket.Logs.id}",
      block_public_acls: true,
      block_public_policy: true,
      ignore_public_acls: true,
      restrict_public_buckets: true,
      ...overrides,
    },
  },
});

describe("RW-S3-2 S3 public access fully blocked", () => {
  test("compliant: all four settings on", () => {
    expect(verdict(rule, { resource: { ...bucket, ...block() } }, "aws_s3_bucket.Logs")).toEqual({ status: "compliant" });
  });
  test("non-compliant: no block", () => {
    expect(verdict(rule, { resource: bucket }, "aws_s3_bucket.Logs")).toEqual({
      status: "non-compliant",
      detail: "no public access block",
    });
  });
  test("non-compliant: one setting off", () => {
    expect(verdict(rule, { resource: { ...bucket, ...block({ restrict_public_buckets: false }) } }, "aws_s3_bucket.Logs")).toEqual({
      status: "non-compliant",
      detail: "restrict_public_buckets not true",
    });
  });
});
