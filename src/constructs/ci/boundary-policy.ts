import { ciBoundaryPolicyName } from "../../naming";
import { CiPolicyContext, CiStateResources, Statement, environmentPrefix, iamArn } from "./ci-policy-context";
import { IAM_CHANGES } from "./iam-changes";
import { keyProtectionStatements, stateProtectionStatements } from "./key-protections";

export interface BoundaryPolicyProps extends CiPolicyContext {
  /** The state bucket and its key. @default - no state protections */
  readonly state?: CiStateResources;
}

/** ARN of the environment's permissions boundary (the deploy role creates roles only with it). */
export function boundaryPolicyArn(context: CiPolicyContext): string {
  return iamArn(context, "policy", ciBoundaryPolicyName(context.project, context.environmentName));
}

/**
 * The permissions boundary of every role the environment's stacks create: whatever a stack's role is
 * granted, it never changes IAM, assumes a role or destroys a key.
 */
export function boundaryStatements(props: BoundaryPolicyProps): Statement[] {
  const prefix = environmentPrefix(props);
  return [
    { sid: "AtMostWhatTheRoleIsGranted", actions: ["*"], resources: ["*"] },
    { sid: "NoIamChanges", effect: "Deny", actions: IAM_CHANGES.filter((a) => a !== "iam:PassRole"), resources: ["*"] },
    // Stack roles create no keys, so no lockout safety check needs them able to edit a policy.
    { sid: "NoKeyPolicyChanges", effect: "Deny", actions: ["kms:PutKeyPolicy"], resources: ["*"] },
    // Karpenter launches nodes with the nodes' role: a stack role may pass the environment's own
    // stack roles (all under this boundary, so no more than it already has) to EC2, nothing else.
    {
      sid: "PassOnlyTheEnvironmentsRoles",
      effect: "Deny",
      actions: ["iam:PassRole"],
      notResources: [iamArn(props, "role", `${prefix}.*`)],
    },
    {
      sid: "PassRolesOnlyToEc2",
      effect: "Deny",
      actions: ["iam:PassRole"],
      resources: ["*"],
      condition: [{ test: "StringNotEquals", variable: "iam:PassedToService", values: ["ec2.amazonaws.com"] }],
    },
    {
      sid: "NoRoleAssumption",
      effect: "Deny",
      actions: ["sts:AssumeRole", "sts:AssumeRoleWithWebIdentity", "sts:AssumeRoleWithSAML"],
      resources: ["*"],
    },
    ...keyProtectionStatements(),
    { sid: "NoOrganizationOrAccountChanges", effect: "Deny", actions: ["organizations:*", "account:*"], resources: ["*"] },
    ...stateProtectionStatements(props, props.state),
  ];
}
