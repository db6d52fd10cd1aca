import { DataAwsIamPolicyDocument, DataAwsIamPolicyDocumentStatement } from "@cdktf/provider-aws/lib/data-aws-iam-policy-document";
import { IamPolicy } from "@cdktf/provider-aws/lib/iam-policy";
import { IamRole } from "@cdktf/provider-aws/lib/iam-role";
import { IamRolePolicy } from "@cdktf/provider-aws/lib/iam-role-policy";
import { IamRolePolicyAttachment } from "@cdktf/provider-aws/lib/iam-role-policy-attachment";
import { TerraformProvider } from "cdktf";
import { Construct } from "constructs";
import { AwsEnvironment } from "../../aws-environment";
import { CI_WORKFLOWS, ciBoundaryPolicyName, ciRoleName, planGithubEnvironment, stackName, bootstrapStackName } from "../../naming";
import { suppress } from "../../rules/suppress";
import { PLAN_READ_ACTIONS } from "./plan-read-actions";

/** The GitHub Actions OIDC issuer, without scheme, as IAM condition keys name it. */
export const GITHUB_OIDC_HOST = "token.actions.githubusercontent.com";

/**
 * The claims of the repository's OIDC subject template (docs/ci.md shows the API call that sets it).
 * With it a token's `sub` reads `repo:<owner/name>:<context>:job_workflow_ref:<owner/name>/<workflow>@<ref>`,
 * where `<context>` is `environment:<name>`, `ref:<ref>` or `pull_request`: one string names the
 * repository, the GitHub environment or branch, and the workflow file and the ref it ran from.
 */
export const OIDC_SUBJECT_CLAIMS = ["repo", "context", "job_workflow_ref"] as const;

/** Session of the deploy role: a first production deploy (cluster, node groups, database) takes well over an hour. */
export const DEPLOY_SESSION_SECONDS = 3 * 3600;

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

/** What destroys a key or locks everyone out of it. */
export const KEY_DESTRUCTION = ["kms:ScheduleKeyDeletion", "kms:DisableKey", "kms:DeleteImportedKeyMaterial"];

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

/** The stacks the plan role plans (the apps stack is planned by the deploy role on the in-VPC runner). */
export const PLANNED_STACKS = ["network", "data", "cluster"] as const;

/** Services the deploy role may hand its stacks' roles to (EKS cluster and node groups, Pod Identity, flow logs). */
export const PASS_ROLE_SERVICES = ["eks.amazonaws.com", "pods.eks.amazonaws.com", "vpc-flow-logs.amazonaws.com", "backup.amazonaws.com"];

/** The service the CI runner's role is passed to: only that role, only to it (see `runnerRoleNames`). */
export const RUNNER_PASS_ROLE_SERVICE = "codebuild.amazonaws.com";

export interface GithubCiRolesProps {
  readonly environment: AwsEnvironment;
  readonly provider?: TerraformProvider;
  /** ARN of the account's GitHub OIDC identity provider. */
  readonly oidcProviderArn: string;
  /** `owner/name` of the repository whose workflows may assume the roles. */
  readonly repository: string;
  /** GitHub environment of the deploy jobs (deploy trusts only jobs of it). */
  readonly githubEnvironment: string;
  /** Branch whose workflow runs deploy and push images. */
  readonly branch: string;
  /** Prefix of the role names and of every IAM name the deploy role may manage, e.g. `road-warrior`. */
  readonly project: string;
  /** Environment name, e.g. `dev`: roles are `<project>-<env>-ci-<purpose>`. */
  readonly environmentName: string;
  /**
   * A production environment: its pull-request plans run in the protected GitHub environment
   * `<githubEnvironment>-plan`, not from any pull request. @default false
   */
  readonly production?: boolean;
  /** The state bucket and its key, when the environment keeps its state in S3. @default - no state permissions */
  readonly state?: {
    readonly bucketArn: string;
    readonly keyArn: string;
    /**
     * Alias of the state key without `alias/` (naming.ts `stateKeyAlias`): nobody but an admin may
     * create, repoint or delete it. @default - no alias deny
     */
    readonly keyAlias?: string;
  };
  /**
   * Stack roles that get an instance profile (Karpenter's nodes): the deploy role may create the
   * profiles named like them and put these roles in them (AddRoleToInstanceProfile needs
   * `iam:PassRole` on the role). @default - none
   */
  readonly instanceProfileRoleNames?: readonly string[];
  /**
   * The service role of the CodeBuild runner the cluster stack creates: the deploy role may pass it,
   * and only it, to CodeBuild (a project names its role). @default - none
   */
  readonly runnerRoleNames?: readonly string[];
}

/**
 * The CI roles of one environment, each assumable only through GitHub's OIDC tokens for the
 * audience `sts.amazonaws.com` and subjects that name the workflow file and the ref it ran from
 * (see {@link OIDC_SUBJECT_CLAIMS}):
 * - plan: reads configuration, never data (no log events, objects, image layers or secret values),
 *   reads the state and writes saved plans under `plans/` of the state bucket, never a lock;
 *   trusted by the deploy workflow on the branch, and by pull requests (production: only in the
 *   protected GitHub environment `<githubEnvironment>-plan`);
 * - deploy: power user whose IAM reaches only the roles the stacks create (`<project>-<env>.*`),
 *   and only under the permissions boundary {@link boundary}; no key destruction, no role
 *   assumption, no change to the boundary, the CI roles or any other role; 3-hour sessions;
 *   trusted by the deploy workflow on the branch, in the GitHub environment;
 * - image push: push to this environment's repositories, from the branch.
 */
export class GithubCiRoles extends Construct {
  public readonly planRole: IamRole;
  public readonly deployRole: IamRole;
  public readonly imagePushRole: IamRole;
  /** The permissions boundary of every role the environment's stacks create. */
  public readonly boundary: IamPolicy;

  constructor(scope: Construct, id: string, props: GithubCiRolesProps) {
    super(scope, id);
    const { partition, accountId, region } = props.environment;
    const provider = props.provider;
    const prefix = `${props.project}-${props.environmentName}`;
    const repo = props.repository;
    const branchRef = `refs/heads/${props.branch}`;
    const workflow = (path: string, ref: string) => `job_workflow_ref:${repo}/${path}@${ref}`;
    const iam = (kind: string, name: string) => `arn:${partition}:iam::${accountId}:${kind}/${name}`;

    const role = (
      purpose: "Plan" | "Deploy" | "ImagePush",
      subjects: { test: "StringEquals" | "StringLike"; values: string[] }[],
      sessionSeconds = 3600,
    ) => {
      const trust = new DataAwsIamPolicyDocument(this, `${purpose}Trust`, {
        provider,
        statement: subjects.map((subject, i) => ({
          sid: `GithubActionsOidc${i}`,
          principals: [{ type: "Federated", identifiers: [props.oidcProviderArn] }],
          actions: ["sts:AssumeRoleWithWebIdentity"],
          condition: [
            { test: "StringEquals", variable: `${GITHUB_OIDC_HOST}:aud`, values: ["sts.amazonaws.com"] },
            { test: subject.test, variable: `${GITHUB_OIDC_HOST}:sub`, values: subject.values },
          ],
        })),
      });
      return new IamRole(this, `${purpose}Role`, {
        provider,
        name: ciRoleName(props.project, props.environmentName, purpose.toLowerCase() as "plan" | "deploy" | "imagepush"),
        assumeRolePolicy: trust.json,
        maxSessionDuration: sessionSeconds,
      });
    };
    const inline = (purpose: string, target: IamRole, statements: DataAwsIamPolicyDocumentStatement[]) => {
      const document = new DataAwsIamPolicyDocument(this, `${purpose}Permissions`, { provider, statement: statements });
      new IamRolePolicy(this, `${purpose}Policy`, { provider, role: target.id, name: "permissions", policy: document.json });
    };

    const state = props.state;
    // Denied to the deploy role and to every stack role (the boundary): a key is destroyed, locked,
    // stripped of rotation or shared (a grant to an outside principal) only by the break-glass/admin role.
    const keyProtections: DataAwsIamPolicyDocumentStatement[] = [
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
    // The state bucket and its key: never deleted, never weakened, the key's alias never repointed.
    const stateProtections: DataAwsIamPolicyDocumentStatement[] = state
      ? [
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
                  resources: [`arn:${partition}:kms:*:${accountId}:alias/${state.keyAlias}`],
                },
              ]
            : []),
        ]
      : [];

    // The boundary: whatever a stack's role is granted, it never changes IAM, assumes a role or destroys a key.
    const boundaryName = ciBoundaryPolicyName(props.project, props.environmentName);
    const boundaryArn = iam("policy", boundaryName);
    const boundaryDocument = new DataAwsIamPolicyDocument(this, "BoundaryDocument", {
      provider,
      statement: [
        { sid: "AtMostWhatTheRoleIsGranted", actions: ["*"], resources: ["*"] },
        { sid: "NoIamChanges", effect: "Deny", actions: IAM_CHANGES.filter((a) => a !== "iam:PassRole"), resources: ["*"] },
        // Stack roles create no keys, so no lockout safety check needs them able to edit a policy.
        { sid: "NoKeyPolicyChanges", effect: "Deny", actions: ["kms:PutKeyPolicy"], resources: ["*"] },
        // Karpenter launches nodes with the nodes' role: a stack role may pass the environment's own
        // stack roles (all under this boundary, so no more than it already has) to EC2, nothing else.
        { sid: "PassOnlyTheEnvironmentsRoles", effect: "Deny", actions: ["iam:PassRole"], notResources: [iam("role", `${prefix}.*`)] },
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
        ...keyProtections,
        { sid: "NoOrganizationOrAccountChanges", effect: "Deny", actions: ["organizations:*", "account:*"], resources: ["*"] },
        ...stateProtections,
      ],
    });
    this.boundary = new IamPolicy(this, "Boundary", {
      provider,
      name: boundaryName,
      description:
        `Permissions boundary of every role the ${props.environmentName} stacks create ` +
        "(the deploy role can create roles only with it)",
      policy: boundaryDocument.json,
    });

    // Plan: configuration only, from the deploy workflow on the branch or from pull requests.
    const planSubjects = [
      { test: "StringEquals" as const, values: [`repo:${repo}:ref:${branchRef}:${workflow(CI_WORKFLOWS.deployEnvironment, branchRef)}`] },
      {
        test: "StringLike" as const,
        values: [
          props.production
            ? `repo:${repo}:environment:${planGithubEnvironment(props.githubEnvironment)}:` +
              workflow(CI_WORKFLOWS.pullRequest, "refs/pull/*/merge")
            : `repo:${repo}:pull_request:${workflow(CI_WORKFLOWS.pullRequest, "refs/pull/*/merge")}`,
        ],
      },
    ];
    this.planRole = role("Plan", planSubjects);
    suppress(
      this.planRole,
      "RW-IAM-3",
      "pull-request plans: the subject names the repository, the pull-request workflow file and refs/pull/<number>/merge; " +
        "the number is the wildcard. The role reads configuration, not data; " +
        "production's PR plans need its protected -plan GitHub environment",
    );
    inline("Plan", this.planRole, [
      { sid: "ReadConfiguration", actions: [...PLAN_READ_ACTIONS], resources: ["*"] },
      {
        sid: "PublicParametersOnly",
        actions: ["ssm:GetParameter", "ssm:GetParameters"],
        resources: [`arn:${partition}:ssm:${region}::parameter/aws/service/*`],
      },
      ...(state
        ? [
            { sid: "ListStateBucket", actions: ["s3:ListBucket"], resources: [state.bucketArn] },
            // Its own environment's AWS stacks (their own state, and the upstream outputs terraform_remote_state reads),
            // and the account's bootstrap stack, planned on every pull request once its state moved to the bucket.
            {
              sid: "ReadState",
              actions: ["s3:GetObject"],
              resources: [
                ...PLANNED_STACKS.map((kind) => `${state.bucketArn}/${stackName(props.environmentName, kind)}.tfstate`),
                `${state.bucketArn}/${bootstrapStackName(accountId)}.tfstate`,
              ],
            },
            // Saved plans for the apply job; never the state, never a lock file.
            { sid: "WriteSavedPlans", actions: ["s3:PutObject"], resources: [`${state.bucketArn}/plans/*`] },
            // The apps stack (planned and applied by the deploy role, Kubernetes secrets in its state), the states
            // a failed apply saved, and the saved plans (the deploy role reads them to apply) are never read.
            {
              sid: "NeverReadAppsStateErroredStatesOrSavedPlans",
              effect: "Deny",
              actions: ["s3:GetObject", "s3:GetObjectVersion"],
              resources: [`${state.bucketArn}/*-apps.tfstate`, `${state.bucketArn}/errored/*`, `${state.bucketArn}/plans/*`],
            },
            { sid: "StateKey", actions: ["kms:Decrypt", "kms:GenerateDataKey"], resources: [state.keyArn] },
          ]
        : []),
    ]);

    // Deploy: the GitHub environment's jobs of the deploy workflow on the branch, for three hours.
    const deploySubject = `repo:${repo}:environment:${props.githubEnvironment}:${workflow(CI_WORKFLOWS.deployEnvironment, branchRef)}`;
    this.deployRole = role("Deploy", [{ test: "StringEquals", values: [deploySubject] }], DEPLOY_SESSION_SECONDS);
    new IamRolePolicyAttachment(this, "DeployPowerUserAccess", {
      provider,
      role: this.deployRole.name,
      policyArn: `arn:${partition}:iam::aws:policy/PowerUserAccess`,
    });
    const stackRoles = iam("role", `${prefix}.*`);
    const stackPolicies = iam("policy", `${prefix}.*`);
    const instanceProfileRoles = (props.instanceProfileRoleNames ?? []).map((name) => iam("role", name));
    const instanceProfiles = (props.instanceProfileRoleNames ?? []).map((name) => iam("instance-profile", name));
    const withBoundary = [{ test: "StringEquals", variable: "iam:PermissionsBoundary", values: [boundaryArn] }];
    // Production: data destruction that Terraform's prevent_destroy already refuses, now refused by IAM too,
    // so a compromised deploy job cannot do directly (AWS CLI) what no reviewed plan would do.
    const arn = (service: string, resource: string) => `arn:${partition}:${service}:*:${accountId}:${resource}`;
    const productionDataProtections: DataAwsIamPolicyDocumentStatement[] = [
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
    inline("Deploy", this.deployRole, [
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
      ...((props.runnerRoleNames ?? []).length > 0
        ? [
            {
              sid: "PassTheRunnerRoleToCodeBuild",
              actions: ["iam:PassRole"],
              resources: (props.runnerRoleNames ?? []).map((name) => iam("role", name)),
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
      // Explicit denies: they hold whatever else is attached to the role, PowerUserAccess included.
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
        resources: [iam("policy", boundaryName), iam("role", `${prefix}-ci-*`), iam("policy", `${prefix}-ci-*`)],
      },
      {
        sid: "NeverAssumeAnotherRole",
        effect: "Deny",
        actions: ["sts:AssumeRole", "sts:AssumeRoleWithWebIdentity", "sts:AssumeRoleWithSAML"],
        resources: ["*"],
      },
      ...keyProtections,
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
      ...stateProtections,
      ...(props.production ? productionDataProtections : []),
    ]);

    // Any workflow of the branch may push (the image builds live beside the services), never a pull request.
    this.imagePushRole = role("ImagePush", [
      { test: "StringLike", values: [`repo:${repo}:ref:${branchRef}:${workflow(".github/workflows/*", branchRef)}`] },
    ]);
    suppress(
      this.imagePushRole,
      "RW-IAM-3",
      "image builds: any workflow file of the repository, but only runs of the branch (never a pull request); " +
        "it can only push to this environment's repositories",
    );
    inline("ImagePush", this.imagePushRole, [
      { sid: "EcrLogin", actions: ["ecr:GetAuthorizationToken"], resources: ["*"] },
      {
        sid: "PushToThisEnvironmentsRepositories",
        actions: [
          "ecr:BatchCheckLayerAvailability",
          "ecr:InitiateLayerUpload",
          "ecr:UploadLayerPart",
          "ecr:CompleteLayerUpload",
          "ecr:PutImage",
          "ecr:BatchGetImage",
          "ecr:DescribeImages",
        ],
        resources: [`arn:${partition}:ecr:${region}:${accountId}:repository/${props.project}/${props.environmentName}/*`],
      },
    ]);
  }
}
