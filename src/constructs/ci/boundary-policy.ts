import { ciBoundaryPolicyName } from "../../naming";
import { boundaryAllowedActions } from "./boundary-actions";
import { BOUNDARY_PASS_ROLES, BoundaryGrant } from "./boundary-allow-list";
import { CiPolicyContext, CiStateResources, Statement, environmentPrefix, iamArn } from "./ci-policy-context";
import { KEY_DESTRUCTION } from "./key-protections";
import { productionBoundaryDenies } from "./production-data-denies";

export interface BoundaryPolicyProps extends CiPolicyContext {
  /** The state bucket and its key. @default - no state protections */
  readonly state?: CiStateResources;
  /** A production environment: the boundary carries the production data denies. @default false */
  readonly production?: boolean;
  /** The allow-list. @default BOUNDARY_ALLOW_LIST */
  readonly allowList?: Readonly<Record<string, BoundaryGrant>>;
}

/** ARN of the environment's permissions boundary (the deploy role creates roles only with it). */
export function boundaryPolicyArn(context: CiPolicyContext): string {
  return iamArn(context, "policy", ciBoundaryPolicyName(context.project, context.environmentName));
}

/**
 * The permissions boundary of every role the environment's stacks create. It allows only the actions of
 * the allow-list (boundary-allow-list.ts: what the roles under it use) and passes only the roles
 * `BOUNDARY_PASS_ROLES` names, each to its one service; whatever a role is granted, it never changes IAM,
 * assumes a role, destroys a key or weakens the state; in production it never destroys, shares or
 * unprotects the environment's data (production-data-denies.ts). IAM allows a role's call only when both
 * its own policies and this boundary allow it, and any explicit deny in either wins.
 */
export function boundaryStatements(props: BoundaryPolicyProps): Statement[] {
  const prefix = environmentPrefix(props);
  const state = props.state;
  return [
    { sid: "AllowList", actions: boundaryAllowedActions(props.allowList), resources: ["*"] },
    ...BOUNDARY_PASS_ROLES.map((pass) => ({
      sid: `Pass${pass.component.replace(/(^|-)(\w)/g, (_m, _d, c: string) => c.toUpperCase())}Only`,
      actions: ["iam:PassRole"],
      resources: [iamArn(props, "role", `${prefix}.${pass.component}`)],
      condition: [{ test: "StringEquals", variable: "iam:PassedToService", values: [pass.service] }],
    })),
    // Every call on an IAM resource (a role, policy, user, instance profile...) but reads, the scoped pass
    // above and AWS's service-linked roles: no IAM change, and no sts:AssumeRole (its resource is a role).
    {
      sid: "NoIamNoAssume",
      effect: "Deny",
      notActions: ["iam:Get*", "iam:List*", "iam:PassRole", "iam:CreateServiceLinkedRole"],
      resources: [`arn:${props.partition}:iam::*`],
    },
    // Stack roles create no keys, so no lockout safety check needs them able to edit a key policy.
    {
      sid: "NoKeyDestruction",
      effect: "Deny",
      actions: [...KEY_DESTRUCTION, "kms:DisableKeyRotation", "kms:PutKeyPolicy"],
      resources: ["*"],
    },
    // Grants only through AWS services on the caller's behalf (EKS, RDS, EBS, Backup): a direct grant could name any principal.
    {
      sid: "GrantsOnlyForAwsResources",
      effect: "Deny",
      actions: ["kms:CreateGrant"],
      resources: ["*"],
      condition: [{ test: "BoolIfExists", variable: "kms:GrantIsForAWSResource", values: ["false"] }],
    },
    { sid: "NoOrgOrAccount", effect: "Deny", actions: ["organizations:*", "account:*"], resources: ["*"] },
    // No stack role touches the state: it holds every secret Terraform knows.
    ...(state
      ? [
          {
            sid: "NeverTheState",
            effect: "Deny",
            actions: ["s3:*", "kms:*"],
            resources: [
              state.bucketArn,
              `${state.bucketArn}/*`,
              state.keyArn,
              ...(state.keyAlias ? [`arn:${props.partition}:kms:*:${props.accountId}:alias/${state.keyAlias}`] : []),
            ],
          },
        ]
      : []),
    ...(props.production ? productionBoundaryDenies(props) : []),
  ];
}
