import { CiPolicyContext, CiStateResources, Statement } from "./ci-policy-context";

/** What destroys a key or locks everyone out of it. */
export const KEY_DESTRUCTION = ["kms:ScheduleKeyDeletion", "kms:DisableKey", "kms:DeleteImportedKeyMaterial"];

/**
 * Denied to the deploy role and to every stack role (the boundary): a key is destroyed, locked,
 * stripped of rotation or shared (a grant to an outside principal) only by the break-glass/admin role.
 */
export function keyProtectionStatements(): Statement[] {
  return [
    { sid: "NeverDestroyOrLockAKey", effect: "Deny", actions: [...KEY_DESTRUCTION, "kms:DisableKeyRotation"], resources: ["*"] },
    {
      sid: "NeverBypassTheKeyPolicyLockoutCheck",
      effect: "Deny",
      actions: ["kms:PutKeyPolicy", "kms:CreateKey"],
      resources: ["*"],
      condition: [{ test: "Bool", variable: "kms:BypassPolicyLockoutSafetyCheck", values: ["true"] }],
    },
    // Grants only through AWS services on the caller's behalf (EKS, RDS, EBS, Backup): a direct grant could name any principal.
    {
      sid: "GrantsOnlyForAwsResources",
      effect: "Deny",
      actions: ["kms:CreateGrant"],
      resources: ["*"],
      condition: [{ test: "BoolIfExists", variable: "kms:GrantIsForAWSResource", values: ["false"] }],
    },
  ];
}

/** The state bucket and its key: never deleted, never weakened, the key's alias never repointed (none without a state bucket). */
export function stateProtectionStatements(context: CiPolicyContext, state: CiStateResources | undefined): Statement[] {
  if (!state) return [];
  return [
    {
      sid: "NeverDeleteOrWeakenTheState",
      effect: "Deny",
      actions: [
        "s3:DeleteBucket",
        "s3:PutBucketPolicy",
        "s3:DeleteBucketPolicy",
        "s3:PutBucketVersioning",
        "s3:PutLifecycleConfiguration",
        "s3:PutEncryptionConfiguration",
        "s3:DeleteObjectVersion",
        "kms:PutKeyPolicy",
      ],
      resources: [state.bucketArn, `${state.bucketArn}/*`, state.keyArn],
    },
    ...(state.keyAlias
      ? [
          {
            // For alias calls IAM checks the alias ARN and the key ARN: a deny on the alias ARN suffices.
            sid: "NeverRepointTheStateKeyAlias",
            effect: "Deny",
            actions: ["kms:CreateAlias", "kms:UpdateAlias", "kms:DeleteAlias"],
            resources: [`arn:${context.partition}:kms:*:${context.accountId}:alias/${state.keyAlias}`],
          },
        ]
      : []),
  ];
}
