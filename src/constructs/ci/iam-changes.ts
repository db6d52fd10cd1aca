/**
 * Actions that change IAM; the boundary denies them to every role the stacks create. Not
 * `iam:CreateServiceLinkedRole`: AWS defines those roles' permissions, and the cluster role and the
 * Load Balancer Controller need it in a new account (the first ALB creates the ELB service-linked role).
 */
export const IAM_CHANGES = [
  "iam:Add*",
  "iam:Attach*",
  "iam:Change*",
  "iam:CreateAccessKey",
  "iam:CreateAccountAlias",
  "iam:CreateGroup",
  "iam:CreateInstanceProfile",
  "iam:CreateLoginProfile",
  "iam:CreateOpenIDConnectProvider",
  "iam:CreatePolicy",
  "iam:CreatePolicyVersion",
  "iam:CreateRole",
  "iam:CreateSAMLProvider",
  "iam:CreateServiceSpecificCredential",
  "iam:CreateUser",
  "iam:CreateVirtualMFADevice",
  "iam:Deactivate*",
  "iam:Delete*",
  "iam:Detach*",
  "iam:Enable*",
  "iam:PassRole",
  "iam:Put*",
  "iam:Remove*",
  "iam:Reset*",
  "iam:Resync*",
  "iam:Set*",
  "iam:Tag*",
  "iam:Untag*",
  "iam:Update*",
  "iam:Upload*",
];
