import { CI_WORKFLOWS, ciBoundaryPolicyName } from "../../naming";
import { CiPolicyContext, CiStateResources, Statement, environmentPrefix, iamArn } from "./ci-policy-context";
import { IAM_CHANGES } from "./iam-changes";
import { keyProtectionStatements, stateProtectionStatements } from "./key-protections";
import { OidcSubject, workflowClaim } from "./oidc-trust";

/** Session of the deploy role: a first production deploy (cluster, node groups, database) takes well over an hour. */
export const DEPLOY_SESSION_SECONDS = 3 * 3600;

/**
 * The AWS-managed policies the stacks attach to their roles, by path and name (EKS cluster and
 * nodes, CNI, ECR pull, SSM, EBS CSI, CloudWatch agent, X-Ray, AWS Backup): the only AWS-managed
 * policies the deploy role may attach or detach. A stack that attaches another must add it here
 * (ci-roles.test.ts walks every attachment of the built-in stacks).
 */
export const STACK_MANAGED_POLICIES = [
  "AmazonEKSClusterPolicy",
  "AmazonEKSWorkerNodePolicy",
  "AmazonEKS_CNI_Policy",
  "AmazonEC2ContainerRegistryPullOnly",
  "AmazonSSMManagedInstanceCore",
  "service-role/AmazonEBSCSIDriverPolicy",
  "CloudWatchAgentServerPolicy",
  "AWSXrayWriteOnlyAccess",
  "service-role/AWSBackupServiceRolePolicyForBackup",
  "service-role/AWSBackupServiceRolePolicyForRestores",
  "AWSBackupServiceRolePolicyForS3Backup",
  "AWSBackupServiceRolePolicyForS3Restore",
] as const;

/** Services the deploy role may hand its stacks' roles to (EKS cluster and node groups, Pod Identity, flow logs). */
export const PASS_ROLE_SERVICES = ["eks.amazonaws.com", "pods.eks.amazonaws.com", "vpc-flow-logs.amazonaws.com", "backup.amazonaws.com"];

/**
 * Roles passed to one service only, by their component name (`<project>-<env>.<component>`): a canary's execution
 * role to CloudWatch Synthetics (which runs it as a Lambda function), the Slack channel's role to Chatbot. Never in
 * {@link PASS_ROLE_SERVICES}: a canary runs code, so no other stack role (the backup role's rights) may be given to one.
 */
export const COMPONENT_PASS_ROLES: readonly { readonly component: string; readonly services: readonly string[] }[] = [
  { component: "canary-*", services: ["lambda.amazonaws.com", "synthetics.amazonaws.com"] },
  { component: "alarms-slack", services: ["chatbot.amazonaws.com"] },
];

/** The service the CI runner's role is passed to: only that role, only to it (see `runnerRoleNames`). */
export const RUNNER_PASS_ROLE_SERVICE = "codebuild.amazonaws.com";

/** Who may deploy: the GitHub environment's jobs of the deploy workflow on the branch. */
export function deployTrustSubjects(repository: string, githubEnvironment: string, branch: string): OidcSubject[] {
  const branchRef = `refs/heads/${branch}`;
  const workflow = workflowClaim(repository, CI_WORKFLOWS.deployEnvironment, branchRef);
  const subject = `repo:${repository}:environment:${githubEnvironment}:${workflow}`;
  return [{ test: "StringEquals", values: [subject] }];
}

export interface DeployRolePolicyProps extends CiPolicyContext {
  /** A production environment: adds the data-destruction denies. @default false */
  readonly production?: boolean;
  /** The state bucket and its key. @default - no state protections */
  readonly state?: CiStateResources;
  /** Stack roles that get an instance profile (Karpenter's nodes). @default - none */
  readonly instanceProfileRoleNames?: readonly string[];
  /** The service role of the CodeBuild runner: passed only to CodeBuild. @default - none */
  readonly runnerRoleNames?: readonly string[];
}

/**
 * Production: data destruction that Terraform's prevent_destroy already refuses, now refused by IAM too,
 * so a compromised deploy job cannot do directly (AWS CLI) what no reviewed plan would do.
 */
export function productionDataProtectionStatements(context: CiPolicyContext): Statement[] {
  const { partition, accountId } = context;
  const prefix = environmentPrefix(context);
  const arn = (service: string, resource: string) => `arn:${partition}:${service}:*:${accountId}:${resource}`;
  return [
    // The Aurora cluster is prevent_destroy; its snapshots are never Terraform's (no aws_db_cluster_snapshot).
    // Not rds:DeleteDBInstance: scaling readers down deletes an instance, and the cluster keeps the data.
    {
      sid: "ProductionNeverDeletesTheDatabase",
      effect: "Deny",
      actions: ["rds:DeleteDBCluster"],
      resources: [arn("rds", `cluster:${prefix}-*`)],
    },
    {
      sid: "ProductionNeverDeletesSnapshots",
      effect: "Deny",
      actions: ["rds:DeleteDBClusterSnapshot", "rds:DeleteDBSnapshot"],
      resources: ["*"],
    },
    // Vault, lock, plan and selection are prevent_destroy in production; recovery points are never Terraform's.
    // Plan and selection ARNs carry generated ids, not names: all of them.
    {
      sid: "ProductionNeverDeletesTheBackupVaultOrItsLock",
      effect: "Deny",
      actions: ["backup:DeleteBackupVault", "backup:DeleteBackupVaultLockConfiguration", "backup:DeleteBackupVaultAccessPolicy"],
      resources: [arn("backup", `backup-vault:${prefix}-*`)],
    },
    {
      sid: "ProductionNeverDeletesBackups",
      effect: "Deny",
      actions: [
        "backup:DeleteBackupPlan",
        "backup:DeleteBackupSelection",
        "backup:DeleteRecoveryPoint",
        "backup:UpdateRecoveryPointLifecycle",
      ],
      resources: ["*"],
    },
    // The keys are prevent_destroy: their aliases stay on them (a key without its alias loses the policy-edit deny above).
    {
      sid: "ProductionNeverMovesOrDeletesTheKeyAliases",
      effect: "Deny",
      actions: ["kms:UpdateAlias", "kms:DeleteAlias"],
      resources: [arn("kms", `alias/${prefix}-*`)],
    },
    // The environment's buckets are prevent_destroy; Terraform never deletes an object version (no force_destroy).
    // Not s3:PutLifecycleConfiguration: Terraform updates lifecycle rules legitimately (a shorter expiry shows in the plan review).
    {
      sid: "ProductionNeverDeletesBucketsOrObjectVersions",
      effect: "Deny",
      actions: ["s3:DeleteBucket", "s3:DeleteObjectVersion"],
      resources: [`arn:${partition}:s3:::${prefix}-*`, `arn:${partition}:s3:::${prefix}-*/*`],
    },
  ];
}

/**
 * The deploy role's inline policy: IAM only on the roles the stacks create (`<project>-<env>.*`), and
 * only under the permissions boundary; no key destruction, no role assumption, no change to the
 * boundary, the CI roles or any other role. Its explicit denies hold whatever else is attached.
 */
export function deployRoleStatements(props: DeployRolePolicyProps): Statement[] {
  const { partition, accountId, state } = props;
  const prefix = environmentPrefix(props);
  const boundaryName = ciBoundaryPolicyName(props.project, props.environmentName);
  const boundaryArn = iamArn(props, "policy", boundaryName);
  const stackRoles = iamArn(props, "role", `${prefix}.*`);
  const stackPolicies = iamArn(props, "policy", `${prefix}.*`);
  const instanceProfileRoles = (props.instanceProfileRoleNames ?? []).map((name) => iamArn(props, "role", name));
  const instanceProfiles = (props.instanceProfileRoleNames ?? []).map((name) => iamArn(props, "instance-profile", name));
  const withBoundary = [{ test: "StringEquals", variable: "iam:PermissionsBoundary", values: [boundaryArn] }];
  return [
    {
      sid: "CreateStackRolesOnlyUnderTheBoundary",
      actions: ["iam:CreateRole", "iam:PutRolePolicy", "iam:AttachRolePolicy", "iam:PutRolePermissionsBoundary"],
      resources: [stackRoles],
      condition: withBoundary,
    },
    {
      sid: "ManageStackRoles",
      actions: [
        "iam:DeleteRole",
        "iam:DeleteRolePolicy",
        "iam:DetachRolePolicy",
        "iam:UpdateRole",
        "iam:UpdateRoleDescription",
        "iam:UpdateAssumeRolePolicy",
        "iam:TagRole",
        "iam:UntagRole",
      ],
      resources: [stackRoles],
    },
    {
      sid: "ManageStackPolicies",
      actions: [
        "iam:CreatePolicy",
        "iam:CreatePolicyVersion",
        "iam:DeletePolicy",
        "iam:DeletePolicyVersion",
        "iam:TagPolicy",
        "iam:UntagPolicy",
      ],
      resources: [stackPolicies],
    },
    {
      sid: "PassStackRolesToTheirServices",
      actions: ["iam:PassRole"],
      resources: [stackRoles],
      condition: [{ test: "StringEquals", variable: "iam:PassedToService", values: PASS_ROLE_SERVICES }],
    },
    ...COMPONENT_PASS_ROLES.map(({ component, services }) => ({
      sid: `Pass${component.replace(/[^A-Za-z0-9]/g, "")}RoleOnlyTo${services.map((s) => s.split(".")[0]).join("Or")}`,
      actions: ["iam:PassRole"],
      resources: [iamArn(props, "role", `${prefix}.${component}`)],
      condition: [{ test: "StringEquals", variable: "iam:PassedToService", values: [...services] }],
    })),
    ...((props.runnerRoleNames ?? []).length > 0
      ? [
          {
            sid: "PassTheRunnerRoleToCodeBuild",
            actions: ["iam:PassRole"],
            resources: (props.runnerRoleNames ?? []).map((name) => iamArn(props, "role", name)),
            condition: [{ test: "StringEquals", variable: "iam:PassedToService", values: [RUNNER_PASS_ROLE_SERVICE] }],
          },
        ]
      : []),
    ...(instanceProfiles.length > 0
      ? [
          {
            sid: "ManageStackInstanceProfiles",
            actions: [
              "iam:CreateInstanceProfile",
              "iam:DeleteInstanceProfile",
              "iam:AddRoleToInstanceProfile",
              "iam:RemoveRoleFromInstanceProfile",
              "iam:TagInstanceProfile",
              "iam:UntagInstanceProfile",
            ],
            resources: instanceProfiles,
          },
          // AddRoleToInstanceProfile needs PassRole on the role; AWS documents no iam:PassedToService for that call.
          // With the IfExists form the role still goes into its profile, and is passed to EC2 only.
          {
            sid: "PutNodeRolesInTheirInstanceProfiles",
            actions: ["iam:PassRole"],
            resources: instanceProfileRoles,
            condition: [{ test: "StringEqualsIfExists", variable: "iam:PassedToService", values: ["ec2.amazonaws.com"] }],
          },
        ]
      : []),
    { sid: "ReadIam", actions: ["iam:Get*", "iam:List*"], resources: ["*"] },
    {
      sid: "ServiceLinkedRoles",
      actions: ["iam:CreateServiceLinkedRole"],
      resources: [`arn:${partition}:iam::${accountId}:role/aws-service-role/*`],
    },
    // Explicit denies: they hold whatever else is attached to the role (its generated managed policies included).
    {
      sid: "NoIamChangesOutsideTheStackRoles",
      effect: "Deny",
      actions: IAM_CHANGES.filter((a) => a !== "iam:PassRole"),
      notResources: [stackRoles, stackPolicies, ...instanceProfiles, `arn:${partition}:iam::${accountId}:role/aws-service-role/*`],
    },
    {
      sid: "NoRolesOrPoliciesOutsideTheStackNames",
      effect: "Deny",
      actions: [
        "iam:CreateRole",
        "iam:CreatePolicy",
        "iam:CreatePolicyVersion",
        "iam:CreateUser",
        "iam:CreateGroup",
        "iam:CreateAccessKey",
        "iam:CreateLoginProfile",
        "iam:CreateInstanceProfile",
      ],
      notResources: [stackRoles, stackPolicies, ...instanceProfiles],
    },
    {
      sid: "NoRoleWithoutTheBoundary",
      effect: "Deny",
      actions: ["iam:CreateRole", "iam:PutRolePolicy", "iam:AttachRolePolicy", "iam:PutRolePermissionsBoundary"],
      resources: ["*"],
      condition: [{ test: "StringNotEquals", variable: "iam:PermissionsBoundary", values: [boundaryArn] }],
    },
    {
      // Not AdministratorAccess, PowerUserAccess, IAMFullAccess...: only what the stacks attach, and the stacks' own policies.
      sid: "AttachOnlyTheStacksPolicies",
      effect: "Deny",
      actions: ["iam:AttachRolePolicy", "iam:DetachRolePolicy"],
      resources: ["*"],
      condition: [
        {
          test: "ArnNotLike",
          variable: "iam:PolicyARN",
          values: [...STACK_MANAGED_POLICIES.map((p) => `arn:${partition}:iam::aws:policy/${p}`), stackPolicies],
        },
      ],
    },
    { sid: "NeverRemoveTheBoundary", effect: "Deny", actions: ["iam:DeleteRolePermissionsBoundary"], resources: ["*"] },
    {
      sid: "NeverChangeTheBoundaryOrTheCiRoles",
      effect: "Deny",
      actions: ["iam:*"],
      resources: [
        iamArn(props, "policy", boundaryName),
        iamArn(props, "role", `${prefix}-ci-*`),
        iamArn(props, "policy", `${prefix}-ci-*`),
      ],
    },
    {
      sid: "NeverAssumeAnotherRole",
      effect: "Deny",
      actions: ["sts:AssumeRole", "sts:AssumeRoleWithWebIdentity", "sts:AssumeRoleWithSAML"],
      resources: ["*"],
    },
    ...keyProtectionStatements(),
    // Not an outright deny: the deploy role creates the environment's keys, and KMS refuses a CreateKey
    // whose policy would keep its caller from a later PutKeyPolicy (the lockout safety check). A new key
    // has no alias yet; once the key carries one of the environment's aliases (or the state key's), its
    // policy is edited only by the break-glass/admin role.
    {
      sid: "NeverEditTheEnvironmentsKeyPolicies",
      effect: "Deny",
      actions: ["kms:PutKeyPolicy"],
      resources: ["*"],
      condition: [
        {
          test: "ForAnyValue:StringLike",
          variable: "kms:ResourceAliases",
          values: [`alias/${prefix}-*`, ...(state?.keyAlias ? [`alias/${state.keyAlias}`] : [])],
        },
      ],
    },
    ...stateProtectionStatements(props, state),
    ...(props.production ? productionDataProtectionStatements(props) : []),
  ];
}
