import { DataAwsIamPolicyDocument, DataAwsIamPolicyDocumentStatement } from "@cdktf/provider-aws/lib/data-aws-iam-policy-document";
import { S3Bucket } from "@cdktf/provider-aws/lib/s3-bucket";
import {
  S3BucketLifecycleConfiguration,
  S3BucketLifecycleConfigurationRule,
} from "@cdktf/provider-aws/lib/s3-bucket-lifecycle-configuration";
import { S3BucketLoggingA } from "@cdktf/provider-aws/lib/s3-bucket-logging";
import { S3BucketOwnershipControls } from "@cdktf/provider-aws/lib/s3-bucket-ownership-controls";
import { S3BucketPolicy } from "@cdktf/provider-aws/lib/s3-bucket-policy";
import { S3BucketPublicAccessBlock } from "@cdktf/provider-aws/lib/s3-bucket-public-access-block";
import { S3BucketServerSideEncryptionConfigurationA } from "@cdktf/provider-aws/lib/s3-bucket-server-side-encryption-configuration";
import { S3BucketVersioningA } from "@cdktf/provider-aws/lib/s3-bucket-versioning";
import { TerraformProvider } from "cdktf";
import { Construct } from "constructs";
import { suppress } from "../../rules/suppress";

export interface SecureBucketProps {
  readonly bucketName: string;
  /**
   * Key for SSE-KMS (with an S3 Bucket Key, so KMS requests stay cheap).
   * @default - SSE-S3 (AES256): required for buckets that receive S3 server access logs or ALB access logs
   */
  readonly kmsKeyArn?: string;
  /**
   * Days a replaced or deleted object version is kept. The environment file owns the default
   * (`storage.noncurrentVersionExpirationDays`); the bootstrap stack's buckets set their own.
   */
  readonly noncurrentVersionExpirationDays: number;
  /** Days before current objects expire. @default - never */
  readonly expirationDays?: number;
  /**
   * Rules added to the bucket's one lifecycle configuration (a second `aws_s3_bucket_lifecycle_configuration` of the
   * same bucket would overwrite this one on every apply), e.g. a shorter expiry under one prefix. @default - none
   */
  readonly extraLifecycleRules?: readonly S3BucketLifecycleConfigurationRule[];
  /** Days before an incomplete multipart upload is aborted. @default 7 */
  readonly abortIncompleteUploadDays?: number;
  /** Where this bucket's server access logs go. @default - no access logging (only for the logs bucket itself) */
  readonly accessLogs?: { readonly bucketName: string; readonly prefix: string };
  /**
   * Let Terraform delete the bucket with objects in it. The environment file owns the default
   * (`storage.forceDestroy`); the bootstrap stack's state buckets never allow it.
   */
  readonly forceDestroy: boolean;
  /** Statements added to the TLS-only bucket policy (e.g. log delivery). @default - none */
  readonly extraPolicyStatements?: readonly DataAwsIamPolicyDocumentStatement[];
  /** Make Terraform refuse any plan that destroys the bucket or its versioning (destroying that suspends versioning). @default false */
  readonly preventDestroy?: boolean;
  /**
   * The bucket receives S3 server access logs or ALB access logs: AWS delivers those only to
   * SSE-S3 buckets, and it does not log into itself. The two security rules that would ask for
   * a KMS key and for access logging are suppressed with that reason. @default false
   */
  readonly logDeliveryTarget?: boolean;
  /** Provider for every resource, for stacks with several accounts or regions. @default - the stack's default provider */
  readonly provider?: TerraformProvider;
}

/**
 * An S3 bucket that is private and safe by construction: every public access block on,
 * ACLs disabled (bucket owner enforced), default encryption, versioning, a policy that denies
 * anything but TLS 1.2+, lifecycle rules that bound the cost of old versions and failed
 * uploads, and access logging to the logs bucket.
 */
export class SecureBucket extends Construct {
  public readonly bucket: S3Bucket;

  constructor(scope: Construct, id: string, props: SecureBucketProps) {
    super(scope, id);
    const provider = props.provider;
    if (props.logDeliveryTarget && (props.kmsKeyArn || props.accessLogs)) {
      throw new Error(
        `SecureBucket ${id}: a log delivery target takes neither kmsKeyArn (log delivery needs SSE-S3) ` +
          "nor accessLogs (it would log into itself)",
      );
    }
    this.bucket = new S3Bucket(this, "Default", {
      provider,
      bucket: props.bucketName,
      forceDestroy: props.forceDestroy,
      lifecycle: props.preventDestroy ? { preventDestroy: true } : undefined,
    });
    const bucket = this.bucket.id;

    const publicAccess = new S3BucketPublicAccessBlock(this, "PublicAccessBlock", {
      provider,
      bucket,
      blockPublicAcls: true,
      blockPublicPolicy: true,
      ignorePublicAcls: true,
      restrictPublicBuckets: true,
    });
    new S3BucketOwnershipControls(this, "Ownership", {
      provider,
      bucket,
      rule: { objectOwnership: "BucketOwnerEnforced" },
    });
    new S3BucketServerSideEncryptionConfigurationA(this, "Encryption", {
      provider,
      bucket,
      rule: [
        props.kmsKeyArn
          ? { applyServerSideEncryptionByDefault: { sseAlgorithm: "aws:kms", kmsMasterKeyId: props.kmsKeyArn }, bucketKeyEnabled: true }
          : { applyServerSideEncryptionByDefault: { sseAlgorithm: "AES256" } },
      ],
    });
    const versioning = new S3BucketVersioningA(this, "Versioning", {
      provider,
      bucket,
      versioningConfiguration: { status: "Enabled" },
      lifecycle: props.preventDestroy ? { preventDestroy: true } : undefined,
    });

    const rules: S3BucketLifecycleConfigurationRule[] = [
      {
        id: "abort-incomplete-multipart-uploads",
        status: "Enabled",
        filter: [{ prefix: "" }],
        abortIncompleteMultipartUpload: [{ daysAfterInitiation: props.abortIncompleteUploadDays ?? 7 }],
      },
      {
        id: "expire-noncurrent-versions",
        status: "Enabled",
        filter: [{ prefix: "" }],
        noncurrentVersionExpiration: [{ noncurrentDays: props.noncurrentVersionExpirationDays }],
      },
    ];
    if (props.expirationDays !== undefined) {
      rules.push({
        id: "expire-current-objects",
        status: "Enabled",
        filter: [{ prefix: "" }],
        expiration: [{ days: props.expirationDays }],
      });
    }
    rules.push(...(props.extraLifecycleRules ?? []));
    new S3BucketLifecycleConfiguration(this, "Lifecycle", {
      provider,
      bucket,
      rule: rules,
      dependsOn: [versioning],
    });

    if (props.accessLogs) {
      new S3BucketLoggingA(this, "AccessLogs", {
        provider,
        bucket,
        targetBucket: props.accessLogs.bucketName,
        targetPrefix: props.accessLogs.prefix,
      });
    }

    if (props.logDeliveryTarget) {
      suppress(
        this.bucket,
        "RW-S3-8",
        "a log delivery target: AWS delivers S3 server access logs and ALB access logs only to SSE-S3 (AES256) buckets; " +
          "it holds logs, not customer data",
      );
      suppress(
        this.bucket,
        "RW-S3-7",
        "this is the access-log bucket: logging it into itself would loop; its object access is auditable with CloudTrail data events",
      );
    }

    const arn = this.bucket.arn;
    const document = new DataAwsIamPolicyDocument(this, "PolicyDocument", {
      provider,
      statement: [
        {
          sid: "DenyInsecureTransport",
          effect: "Deny",
          principals: [{ type: "*", identifiers: ["*"] }],
          actions: ["s3:*"],
          resources: [arn, `${arn}/*`],
          condition: [{ test: "Bool", variable: "aws:SecureTransport", values: ["false"] }],
        },
        {
          sid: "DenyTlsBelow12",
          effect: "Deny",
          principals: [{ type: "*", identifiers: ["*"] }],
          actions: ["s3:*"],
          resources: [arn, `${arn}/*`],
          condition: [{ test: "NumericLessThan", variable: "s3:TlsVersion", values: ["1.2"] }],
        },
        ...(props.extraPolicyStatements ?? []),
      ],
    });
    // The public access block must exist first, or a policy with a service principal can be refused.
    new S3BucketPolicy(this, "Policy", {
      provider,
      bucket,
      policy: document.json,
      dependsOn: [publicAccess],
    });
  }
}
