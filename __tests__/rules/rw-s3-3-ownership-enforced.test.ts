import { rule } from "../../src/rules/pack/rw-s3-3-ownership-enforced";
import { verdict } from "../support/rules";

const bucket = { aws_s3_bucket: { Assets: { bucket: "assets" } } };
const ownership = (objectOwnership: string) => ({
  aws_s3_bucket_ownership_controls: {
    AssetsOwnership: { bucket: "${aws_s3_bucket.Assets.id}", rule: { object_ownership: objectOwnership } },
  },
});

describe("RW-S3-3 S3 ACLs disabled", () => {
  test("compliant: BucketOwnerEnforced", () => {
    expect(verdict(rule, { resource: { ...bucket, ...ownership("BucketOwnerEnforced") } }, "aws_s3_bucket.Assets")).toEqual({
      status: "compliant",
    });
  });
  test("non-compliant: ACLs still in use", () => {
    expect(verdict(rule, { resource: { ...bucket, ...ownership("ObjectWriter") } }, "aws_s3_bucket.Assets")).toEqual({
      status: "non-compliant",
      detail: "object_ownership is ObjectWriter",
    });
  });
  test("non-compliant: no ownership controls", () => {
    expect(verdict(rule, { resource: bucket }, "aws_s3_bucket.Assets")).toEqual({
      status: "non-compliant",
      detail: "no ownership controls",
    });
  });
});
