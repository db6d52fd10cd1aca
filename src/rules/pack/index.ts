import { Rule } from "../types";
import { rule as s31DefaultEncryption } from "./rw-s3-1-default-encryption";
import { rule as s32PublicAccessBlock } from "./rw-s3-2-public-access-block";
import { rule as s33OwnershipEnforced } from "./rw-s3-3-ownership-enforced";
import { rule as s34TlsOnlyPolicy } from "./rw-s3-4-tls-only-policy";
import { rule as s35Versioning } from "./rw-s3-5-versioning";
import { rule as s36AbortMultipartUploads } from "./rw-s3-6-abort-multipart-uploads";
import { rule as s37AccessLogging } from "./rw-s3-7-access-logging";
import { rule as s38KmsEncryption } from "./rw-s3-8-kms-encryption";
import { rule as kms1KeyRotation } from "./rw-kms-1-key-rotation";
import { rule as kms2NoWildcardPrincipal } from "./rw-kms-2-no-wildcard-principal";
import { rule as kms3DeletionWindow } from "./rw-kms-3-deletion-window";
import { rule as log1LogGroupKms } from "./rw-log-1-log-group-kms";
import { rule as log2LogRetention } from "./rw-log-2-log-retention";
import { rule as sns1TopicKms } from "./rw-sns-1-topic-kms";
import { rule as sm1SecretKms } from "./rw-sm-1-secret-kms";
import { rule as ecr1KmsEncryption } from "./rw-ecr-1-kms-encryption";
import { rule as ecr2ImmutableScanned } from "./rw-ecr-2-immutable-scanned";
import { rule as ecr3LifecyclePolicy } from "./rw-ecr-3-lifecycle-policy";
import { rule as iam1NoWildcardActions } from "./rw-iam-1-no-wildcard-actions";
import { rule as iam2NoUnconstrainedWrites } from "./rw-iam-2-no-unconstrained-writes";
import { rule as iam3ScopedTrust } from "./rw-iam-3-scoped-trust";
import { rule as iam4ManagedPolicyExists } from "./rw-iam-4-managed-policy-exists";
import { rule as ec21Imdsv2 } from "./rw-ec2-1-imdsv2";
import { rule as ec22NoPublicIp } from "./rw-ec2-2-no-public-ip";
import { rule as ec23EbsEncrypted } from "./rw-ec2-3-ebs-encrypted";
import { rule as ec24EbsCustomerKey } from "./rw-ec2-4-ebs-customer-key";
import { rule as vpc1NoAutoPublicIp } from "./rw-vpc-1-no-auto-public-ip";
import { rule as vpc2FlowLogs } from "./rw-vpc-2-flow-logs";
import { rule as vpc3DefaultSgClosed } from "./rw-vpc-3-default-sg-closed";
import { rule as vpc4SubnetRanges } from "./rw-vpc-4-subnet-ranges";
import { rule as sg1NoPublicIngress } from "./rw-sg-1-no-public-ingress";
import { rule as sg2Descriptions } from "./rw-sg-2-descriptions";
import { rule as sg3Attached } from "./rw-sg-3-attached";
import { rule as eks1SecretsEncryption } from "./rw-eks-1-secrets-encryption";
import { rule as eks2PrivateEndpoint } from "./rw-eks-2-private-endpoint";
import { rule as eks3ControlPlaneLogs } from "./rw-eks-3-control-plane-logs";
import { rule as eks4SupportedVersion } from "./rw-eks-4-supported-version";
import { rule as eks5AccessEntries } from "./rw-eks-5-access-entries";
import { rule as rds1Encrypted } from "./rw-rds-1-encrypted";
import { rule as rds2NotPublic } from "./rw-rds-2-not-public";
import { rule as rds3PerformanceInsights } from "./rw-rds-3-performance-insights";
import { rule as rds4DeletionProtection } from "./rw-rds-4-deletion-protection";
import { rule as rds5BackupRetention } from "./rw-rds-5-backup-retention";
import { rule as rds6IamAuth } from "./rw-rds-6-iam-auth";
import { rule as rds7LogExports } from "./rw-rds-7-log-exports";
import { rule as rds8ForceSsl } from "./rw-rds-8-force-ssl";
import { rule as rds9MasterUser } from "./rw-rds-9-master-user";
import { rule as alb1HttpsTls13 } from "./rw-alb-1-https-tls13";
import { rule as alb2HttpRedirect } from "./rw-alb-2-http-redirect";
import { rule as alb3DropInvalidHeaders } from "./rw-alb-3-drop-invalid-headers";
import { rule as alb4AccessLogs } from "./rw-alb-4-access-logs";
import { rule as data1PreventDestroy } from "./rw-data-1-prevent-destroy";

/** Every rule of the pack, in the order of the docs table: storage, keys and logs, IAM, network and nodes, EKS, Aurora, ALB. */
export const RULES: readonly Rule[] = [
  s31DefaultEncryption,
  s32PublicAccessBlock,
  s33OwnershipEnforced,
  s34TlsOnlyPolicy,
  s35Versioning,
  s36AbortMultipartUploads,
  s37AccessLogging,
  s38KmsEncryption,
  kms1KeyRotation,
  kms2NoWildcardPrincipal,
  kms3DeletionWindow,
  log1LogGroupKms,
  log2LogRetention,
  sns1TopicKms,
  sm1SecretKms,
  ecr1KmsEncryption,
  ecr2ImmutableScanned,
  ecr3LifecyclePolicy,
  iam1NoWildcardActions,
  iam2NoUnconstrainedWrites,
  iam3ScopedTrust,
  iam4ManagedPolicyExists,
  ec21Imdsv2,
  ec22NoPublicIp,
  ec23EbsEncrypted,
  ec24EbsCustomerKey,
  vpc1NoAutoPublicIp,
  vpc2FlowLogs,
  vpc3DefaultSgClosed,
  vpc4SubnetRanges,
  sg1NoPublicIngress,
  sg2Descriptions,
  sg3Attached,
  eks1SecretsEncryption,
  eks2PrivateEndpoint,
  eks3ControlPlaneLogs,
  eks4SupportedVersion,
  eks5AccessEntries,
  rds1Encrypted,
  rds2NotPublic,
  rds3PerformanceInsights,
  rds4DeletionProtection,
  rds5BackupRetention,
  rds6IamAuth,
  rds7LogExports,
  rds8ForceSsl,
  rds9MasterUser,
  alb1HttpsTls13,
  alb2HttpRedirect,
  alb3DropInvalidHeaders,
  alb4AccessLogs,
  data1PreventDestroy,
];
