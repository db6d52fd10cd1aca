import { Testing, TerraformStack } from "cdktf";
import { SecureBucket, SecureBucketProps } from "../../src/constructs/storage/secure-bucket";
import { suppressionsOf } from "../../src/rules/suppress";
import { all, Json, one, statements, synthConstruct } from "../support/constructs";

const KEY = "arn:aws:kms:eu-central-1:111111111111:key/data";
const BASE: SecureBucketProps = { bucketName: "rw-dev-assets", noncurrentVersionExpirationDays: 90, forceDestroy: false };

function bucket(props: Partial<SecureBucketProps> = {}): Json {
  return synthConstruct((scope) => {
    new SecureBucket(scope, "Bucket", { ...BASE, ...props });
  });
}

describe("SecureBucket", () => {
  test("private by construction: every public access block on, ACLs disabled, versioning on", () => {
    const json = bucket();
    expect(one(json, "aws_s3_bucket_public_access_block")).toMatchObject({
      block_public_acls: true,
      block_public_policy: true,
      ignore_public_acls: true,
      restrict_public_buckets: true,
    });
    expect(one(json, "aws_s3_bucket_ownership_controls").rule).toEqual({ object_ownership: "BucketOwnerEnforced" });
    expect(one(json, "aws_s3_bucket_versioning").versioning_configuration).toEqual({ status: "Enabled" });
  });

  test("with a key: SSE-KMS with an S3 Bucket Key (cheap KMS requests); without: SSE-S3", () => {
    expect(one(bucket({ kmsKeyArn: KEY }), "aws_s3_bucket_server_side_encryption_configuration").rule).toEqual([
      { apply_server_side_encryption_by_default: { sse_algorithm: "aws:kms", kms_master_key_id: KEY }, bucket_key_enabled: true },
    ]);
    expect(one(bucket(), "aws_s3_bucket_server_side_encryption_configuration").rule).toEqual([
      { apply_server_side_encryption_by_default: { sse_algorithm: "AES256" } },
    ]);
  });

  test("the policy denies plain HTTP and TLS below 1.2 to everyone, then adds the caller's statements", () => {
    const extra = { sid: "LogDelivery", actions: ["s3:PutObject"], resources: ["arn:aws:s3:::rw-dev-assets/x/*"] };
    const policy = statements(bucket({ extraPolicyStatements: [extra] }), "PolicyDocument");
    expect(policy.map((s: Json) => s.sid)).toEqual(["DenyInsecureTransport", "DenyTlsBelow12", "LogDelivery"]);
    expect(policy[0]).toMatchObject({
      effect: "Deny",
      principals: [{ type: "*", identifiers: ["*"] }],
      actions: ["s3:*"],
      condition: [{ test: "Bool", variable: "aws:SecureTransport", values: ["false"] }],
    });
    expect(policy[0].resources).toHaveLength(2);
    expect(policy[1]).toMatchObject({
      effect: "Deny",
      condition: [{ test: "NumericLessThan", variable: "s3:TlsVersion", values: ["1.2"] }],
    });
  });

  test("the bucket policy waits for the public access block (else a policy with a service principal can be refused)", () => {
    const json = bucket();
    const blockName = Object.keys(json.resource.aws_s3_bucket_public_access_block)[0];
    expect(one(json, "aws_s3_bucket_policy").depends_on).toEqual([`aws_s3_bucket_public_access_block.${blockName}`]);
  });

  test("lifecycle: failed uploads aborted after 7 days, old versions after the given days, current objects only when asked", () => {
    const rules = (json: Json) => one(json, "aws_s3_bucket_lifecycle_configuration").rule as Json[];
    expect(rules(bucket({ noncurrentVersionExpirationDays: 30 }))).toEqual([
      expect.objectContaining({
        id: "abort-incomplete-multipart-uploads",
        abort_incomplete_multipart_upload: [{ days_after_initiation: 7 }],
      }),
      expect.objectContaining({ id: "expire-noncurrent-versions", noncurrent_version_expiration: [{ noncurrent_days: 30 }] }),
    ]);
    expect(rules(bucket({ expirationDays: 365 }))[2]).toMatchObject({ id: "expire-current-objects", expiration: [{ days: 365 }] });
    expect(rules(bucket({ abortIncompleteUploadDays: 2 }))[0].abort_incomplete_multipart_upload).toEqual([{ days_after_initiation: 2 }]);
    expect(rules(bucket()).every((r) => r.status === "Enabled")).toBe(true);
  });

  test("data safety: force_destroy as given; prevent_destroy on the bucket and its versioning when asked", () => {
    expect(one(bucket(), "aws_s3_bucket")).toMatchObject({ bucket: "rw-dev-assets", force_destroy: false });
    expect(one(bucket(), "aws_s3_bucket").lifecycle).toBeUndefined();
    expect(one(bucket({ forceDestroy: true }), "aws_s3_bucket").force_destroy).toBe(true);
    const guarded = bucket({ preventDestroy: true });
    expect(one(guarded, "aws_s3_bucket").lifecycle).toEqual({ prevent_destroy: true });
    expect(one(guarded, "aws_s3_bucket_versioning").lifecycle).toEqual({ prevent_destroy: true });
  });

  test("access logging only when a target is given, under its prefix", () => {
    expect(all(bucket(), "aws_s3_bucket_logging")).toEqual([]);
    expect(
      one(bucket({ accessLogs: { bucketName: "rw-dev-logs", prefix: "s3-access/rw-dev-assets/" } }), "aws_s3_bucket_logging"),
    ).toMatchObject({ target_bucket: "rw-dev-logs", target_prefix: "s3-access/rw-dev-assets/" });
  });

  describe("log delivery target", () => {
    test("refuses a KMS key: AWS delivers access logs only to SSE-S3 buckets", () => {
      expect(() => bucket({ logDeliveryTarget: true, kmsKeyArn: KEY })).toThrow(
        /SecureBucket Bucket: a log delivery target takes neither kmsKeyArn/,
      );
    });

    test("refuses access logging: it would log into itself", () => {
      expect(() => bucket({ logDeliveryTarget: true, accessLogs: { bucketName: "x", prefix: "y/" } })).toThrow(/nor accessLogs/);
    });

    test("SSE-S3, and the two rules that cannot apply (RW-S3-7, RW-S3-8) suppressed on the bucket with a reason", () => {
      // Testing.synthScope and Testing.synth drop the `//` blocks the suppressions travel in: read the stack's own JSON.
      const stack = new TerraformStack(Testing.app(), "test");
      new SecureBucket(stack, "Logs", { ...BASE, bucketName: "rw-dev-logs", logDeliveryTarget: true });
      const json = stack.toTerraform();
      const suppressed = suppressionsOf(one(json, "aws_s3_bucket"));
      expect(suppressed.map((s) => s.rule).sort()).toEqual(["RW-S3-7", "RW-S3-8"]);
      expect(suppressed.every((s) => s.reason.length > 20)).toBe(true);
      expect(one(json, "aws_s3_bucket_server_side_encryption_configuration").rule[0].apply_server_side_encryption_by_default).toEqual({
        sse_algorithm: "AES256",
      });
      const ordinary = new TerraformStack(Testing.app(), "ordinary");
      new SecureBucket(ordinary, "Assets", BASE);
      expect(suppressionsOf(one(ordinary.toTerraform(), "aws_s3_bucket"))).toEqual([]);
    });
  });
});
