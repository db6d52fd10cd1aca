import { DataAwsIamPolicyDocument, DataAwsIamPolicyDocumentStatement } from "@cdktf/provider-aws/lib/data-aws-iam-policy-document";
import { KmsAlias } from "@cdktf/provider-aws/lib/kms-alias";
import { KmsKey } from "@cdktf/provider-aws/lib/kms-key";
import { TerraformProvider } from "cdktf";
import { Construct } from "constructs";
import { AwsEnvironment } from "../../aws-environment";
import { keyPolicyEditorsDenied } from "../../naming";

/** What destroys a key's data for good (deletion) or makes it unusable (disabling). */
export const KEY_GUARDED_ACTIONS = ["kms:ScheduleKeyDeletion", "kms:DisableKey"] as const;

/** The destruction guard of an environment's key: CI and stack roles never edit its policy; the deploy role creates it. */
export function envKeyGuard(partition: string, accountId: string, prefix: string): { ciPrincipalArns: string[]; keyCreatorArn: string } {
  const denied = keyPolicyEditorsDenied(partition, accountId, prefix);
  return { ciPrincipalArns: denied.others, keyCreatorArn: denied.deploy };
}

export interface EncryptionKeyProps {
  readonly environment: AwsEnvironment;
  /** Alias without the `alias/` prefix, e.g. `road-warrior-dev-data`. */
  readonly alias: string;
  readonly description: string;
  /**
   * Waiting period in days (7-30) before a scheduled deletion completes. The environment file owns
   * the default (`kms.deletionWindowDays`); keys outside an environment (the state keys) pass 30, the maximum.
   */
  readonly deletionWindowDays: number;
  /**
   * AWS services (e.g. `logs`) allowed to use the key in this account and region, for services
   * that call KMS as themselves rather than on behalf of a caller. @default - none
   */
  readonly servicePrincipals?: readonly ("logs" | "sns")[];
  /** Make Terraform refuse any plan that destroys the key. @default false */
  readonly preventDestroy?: boolean;
  /**
   * Deny scheduling deletion, disabling and a key policy change that bypasses the lockout check to
   * every principal, the account root included, except `breakGlassRoleArn` when one is given: no
   * single CI credential can destroy the key or lock everyone out. Any key policy change
   * (`kms:PutKeyPolicy`) is denied to every principal but the break-glass role when there is one;
   * without one (non-production) only to `ciPrincipalArns`, so the account root and an admin
   * role keep editing the policy (the lockout check applies to that edit) and the account is
   * never locked out. @default - no such deny
   */
  readonly destructionGuard?: {
    readonly breakGlassRoleArn?: string;
    /**
     * ARN patterns (`ArnLike`) of the CI and stack roles, e.g. `arn:<partition>:iam::1:role/road-warrior-dev-ci-*`:
     * never allowed to change the key policy. @default - none (only the break-glass exception applies)
     */
    readonly ciPrincipalArns?: readonly string[];
    /**
     * The role that creates the key (the deploy role): excepted from the key policy's deny of policy
     * edits, since KMS refuses a CreateKey whose policy would keep its caller from a later
     * PutKeyPolicy; its own IAM policy denies it edits of keys that carry the environment's aliases.
     * @default - none
     */
    readonly keyCreatorArn?: string;
    /**
     * Roles that may also schedule the key's deletion (never disable it or bypass the lockout check):
     * a non-production environment's administrators, so that it can be torn down and deployed again.
     * Never a CI or stack role: `ciPrincipalArns` and `keyCreatorArn` are denied it even when listed here.
     * @default - none (only the break-glass role)
     */
    readonly teardownRoleArns?: readonly string[];
  };
  /** Provider for every resource, for stacks with several accounts or regions. @default - the stack's default provider */
  readonly provider?: TerraformProvider;
}

/**
 * A customer-managed symmetric key with yearly rotation and an explicit key policy. The policy
 * always keeps the account root as an administrator, so losing the identity that created the
 * key cannot lock the account out of it; IAM policies then grant use to roles.
 */
export class EncryptionKey extends Construct {
  public readonly key: KmsKey;
  public readonly arn: string;

  constructor(scope: Construct, id: string, props: EncryptionKeyProps) {
    super(scope, id);
    const { accountId, region, partition } = props.environment;
    const statements: DataAwsIamPolicyDocumentStatement[] = [
      {
        sid: "AccountRootAdministers",
        principals: [{ type: "AWS", identifiers: [`arn:${partition}:iam::${accountId}:root`] }],
        actions: ["kms:*"],
        resources: ["*"],
      },
    ];
    if (props.servicePrincipals?.includes("logs")) {
      statements.push({
        sid: "CloudWatchLogsEncryptsThisAccountsLogGroups",
        principals: [{ type: "Service", identifiers: [`logs.${region}.amazonaws.com`] }],
        actions: ["kms:Encrypt*", "kms:Decrypt*", "kms:ReEncrypt*", "kms:GenerateDataKey*", "kms:Describe*"],
        resources: ["*"],
        condition: [
          {
            test: "ArnLike",
            variable: "kms:EncryptionContext:aws:logs:arn",
            values: [`arn:${partition}:logs:${region}:${accountId}:log-group:*`],
          },
        ],
      });
    }
    if (props.servicePrincipals?.includes("sns")) {
      statements.push({
        sid: "SnsDeliversEncryptedMessages",
        principals: [{ type: "Service", identifiers: ["sns.amazonaws.com", "cloudwatch.amazonaws.com"] }],
        actions: ["kms:Decrypt", "kms:GenerateDataKey*"],
        resources: ["*"],
        condition: [{ test: "StringEquals", variable: "aws:SourceAccount", values: [accountId] }],
      });
    }
    const guard = props.destructionGuard;
    if (guard) {
      const exceptBreakGlass = guard.breakGlassRoleArn
        ? [{ test: "ArnNotEquals", variable: "aws:PrincipalArn", values: [guard.breakGlassRoleArn] }]
        : [];
      const everyone = [{ type: "AWS", identifiers: ["*"] }];
      const teardown = guard.teardownRoleArns ?? [];
      if (teardown.length === 0) {
        statements.push({
          sid: "OnlyBreakGlassDestroysOrDisablesTheKey",
          effect: "Deny",
          principals: everyone,
          actions: [...KEY_GUARDED_ACTIONS],
          resources: ["*"],
          condition: exceptBreakGlass.length > 0 ? exceptBreakGlass : undefined,
        });
      } else {
        const ci = [...(guard.ciPrincipalArns ?? []), ...(guard.keyCreatorArn ? [guard.keyCreatorArn] : [])];
        if (ci.length === 0) throw new Error(`${this.node.path}: teardownRoleArns needs ciPrincipalArns: no CI role may schedule deletion`);
        statements.push(
          {
            sid: "OnlyBreakGlassDisablesTheKey",
            effect: "Deny",
            principals: everyone,
            actions: ["kms:DisableKey"],
            resources: ["*"],
            condition: exceptBreakGlass.length > 0 ? exceptBreakGlass : undefined,
          },
          {
            sid: "OnlyBreakGlassAndAdministratorsScheduleDeletion",
            effect: "Deny",
            principals: everyone,
            actions: ["kms:ScheduleKeyDeletion"],
            resources: ["*"],
            condition: [
              {
                test: "ArnNotEquals",
                variable: "aws:PrincipalArn",
                values: [...(guard.breakGlassRoleArn ? [guard.breakGlassRoleArn] : []), ...teardown],
              },
            ],
          },
          {
            // An administrator role may also be a CI role (the deploy role is often one): CI never deletes a key.
            sid: "CiNeverSchedulesDeletion",
            effect: "Deny",
            principals: everyone,
            actions: ["kms:ScheduleKeyDeletion"],
            resources: ["*"],
            condition: [{ test: "ArnLike", variable: "aws:PrincipalArn", values: ci }],
          },
        );
      }
      statements.push({
        sid: "OnlyBreakGlassBypassesTheLockoutCheck",
        effect: "Deny",
        principals: everyone,
        actions: ["kms:PutKeyPolicy"],
        resources: ["*"],
        condition: [{ test: "Bool", variable: "kms:BypassPolicyLockoutSafetyCheck", values: ["true"] }, ...exceptBreakGlass],
      });
      // A policy edit without the bypass can still lock everyone but its author out: only the break-glass
      // role edits; without one, never a CI or stack role (the root and an admin role still can).
      const editors = guard.breakGlassRoleArn
        ? [
            {
              test: "ArnNotEquals",
              variable: "aws:PrincipalArn",
              values: [guard.breakGlassRoleArn, ...(guard.keyCreatorArn ? [guard.keyCreatorArn] : [])],
            },
          ]
        : guard.ciPrincipalArns && guard.ciPrincipalArns.length > 0
          ? [{ test: "ArnLike", variable: "aws:PrincipalArn", values: [...guard.ciPrincipalArns] }]
          : undefined;
      if (editors) {
        statements.push({
          sid: "OnlyBreakGlassChangesTheKeyPolicy",
          effect: "Deny",
          principals: everyone,
          actions: ["kms:PutKeyPolicy"],
          resources: ["*"],
          condition: editors,
        });
      }
    }
    const provider = props.provider;
    const policy = new DataAwsIamPolicyDocument(this, "Policy", { provider, statement: statements });

    this.key = new KmsKey(this, "Default", {
      provider,
      lifecycle: props.preventDestroy ? { preventDestroy: true } : undefined,
      description: props.description,
      enableKeyRotation: true,
      rotationPeriodInDays: 365,
      deletionWindowInDays: props.deletionWindowDays,
      policy: policy.json,
    });
    new KmsAlias(this, "Alias", { provider, name: `alias/${props.alias}`, targetKeyId: this.key.keyId });
    this.arn = this.key.arn;
  }
}
