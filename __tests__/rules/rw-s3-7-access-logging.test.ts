import { rule } from "../../src/rules/pack/rw-s3-7-access-logging";
import { verdict } from "../support/rules";

const buckets = { aws_s3_bucket: { Assets: { bucket: "assets" }, Logs: { bucket: "logs" } } };
const logging = {
  aws_s3_bucket_logging: {
    AssetsAccessLogs: {
      bucket: "${aws_s3_bucket.Assets.id}",
      target_bucket: "${aws_s3_bucket.Logs.id}",
      target_prefix: "s3-access/assets/",
    },
  },
};

describe("RW-S3-7 S3 server access logging enabled", () => {
  test("compliant: the bucket logs to the logs bucket", () => {
    expect(verdict(rule, { resource: { ...buckets, ...logging } }, "aws_s3_bucket.Assets")).toEqual({ status: "compliant" });
  });
  test("non-compliant: being the target of another bucket's logs is not logging", () => {
    expect(verdict(rule, { resource: { ...buckets, ...logging } }, "aws_s3_bucket.Logs")).toEqual({
      status: "non-compliant",
      detail: "no server access logging",
    });
  });
});
