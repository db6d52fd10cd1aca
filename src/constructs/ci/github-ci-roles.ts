import { DataAwsIamPolicyDocument, DataAwsIamPolicyDocumentStatement } from "@cdktf/provider-aws/lib/data-aws-iam-policy-document";
import { IamRole } from "@cdktf/provider-aws/lib/iam-role";
import { IamRolePolicy } from "@cdktf/provider-aws/lib/iam-role-policy";
import { IamRolePolicyAttachment } from "@cdktf/provider-aws/lib/iam-role-policy-attachment";
import { TerraformProvider } from "cdktf";
import { Construct } from "constructs";
import { AwsEnvironment } from "../../stacks/aws-stack";

/** The GitHub Actions OIDC issuer, without scheme, as IAM condition keys name it. */
export const GITHUB_OIDC_HOST = "token.actions.githubusercontent.com";

export interface GithubCiRolesProps {
  readonly environment: AwsEnvironment;
  readonly provider?: TerraformProvider;
  /** ARN of the account's GitHub OIDC identity provider. */
  readonly oidcProviderArn: string;
  /** `owner/name` of the repository whose workflows may assume the roles. */
  readonly repository: string;
  /** GitHub environment of the deploy job (deploy trusts only jobs of it). */
  readonly githubEnvironment: string;
  /** Branch whose pushes may push images. */
  readonly branch: string;
  /** Prefix of the role names and of every IAM name the deploy role may manage, e.g. `road-warrior`. */
  readonly project: string;
  /** Environment name, e.g. `dev`: roles are `<project>-<env>-ci-<purpose>`. */
  readonly environmentName: string;
  /** The state bucket and its key, when the environment keeps its state in S3. @default - no state permissions */
  readonly state?: { readonly bucketArn: string; readonly keyArn: string };
}

/**
 * The three roles CI needs, each assumable only through GitHub's OIDC tokens for the audience
 * `sts.amazonaws.com` and one subject:
 * - plan (`repo:<repo>:pull_request`): read-only, plus the state bucket (read, and the lock file);
 * - deploy (`repo:<repo>:environment:<env>`): power user, plus IAM limited to the environment's
 *   names (`<project>-<env>-*`) except the CI roles, no administrative policies, and nothing that
 *   deletes or weakens the state bucket or its key;
 * - image push (`repo:<repo>:ref:refs/heads/<branch>`): push to this environment's repositories only.
 */
export class GithubCiRoles extends Construct {
  public readonly planRole: IamRole;
  public readonly deployRole: IamRole;
  public readonly imagePushRole: IamRole;

  constructor(scope: Construct, id: string, props: GithubCiRolesProps) {
    super(scope, id);
    const { partition, accountId, region } = props.environment;
    const provider = props.provider;
    const prefix = `${props.project}-${props.environmentName}`;

    const role = (purpose: string, subject: string, statements: DataAwsIamPolicyDocumentStatement[], managed: string[]) => {
      const trust = new DataAwsIamPolicyDocument(this, `${purpose}Trust`, {
        provider,
        statement: [
          {
            sid: "GithubActionsOidc",
            principals: [{ type: "Federated", identifiers: [props.oidcProviderArn] }],
            actions: ["sts:AssumeRoleWithWebIdentity"],
            condition: [
              { test: "StringEquals", variable: `${GITHUB_OIDC_HOST}:aud`, values: ["sts.amazonaws.com"] },
              { test: "StringEquals", variable: `${GITHUB_OIDC_HOST}:sub`, values: [subject] },
            ],
          },
        ],
      });
      const created = new IamRole(this, `${purpose}Role`, {
        provider,
        name: `${prefix}-ci-${purpose.toLowerCase()}`,
        assumeRolePolicy: trust.json,
        maxSessionDuration: 3600,
      });
      managed.forEach(
        (policy) => new IamRolePolicyAttachment(this, `${purpose}${policy}`, { provider, role: created.name, policyArn: `arn:${partition}:iam::aws:policy/${policy}` }),
      );
      if (statements.length > 0) {
        const document = new DataAwsIamPolicyDocument(this, `${purpose}Permissions`, { provider, statement: statements });
        new IamRolePolicy(this, `${purpose}Policy`, { provider, role: created.id, name: "permissions", policy: document.json });
      }
      return created;
    };

    const state = props.state;
    const stateStatements: DataAwsIamPolicyDocumentStatement[] = state
      ? [
          { sid: "ListStateBucket", actions: ["s3:ListBucket"], resources: [state.bucketArn] },
          { sid: "ReadState", actions: ["s3:GetObject"], resources: [`${state.bucketArn}/*`] },
          { sid: "StateLockFiles", actions: ["s3:PutObject", "s3:DeleteObject"], resources: [`${state.bucketArn}/*.tflock`] },
          { sid: "StateKey", actions: ["kms:Decrypt", "kms:Encrypt", "kms:GenerateDataKey"], resources: [state.keyArn] },
        ]
      : [];
    this.planRole = role("Plan", `repo:${props.repository}:pull_request`, stateStatements, ["ReadOnlyAccess"]);

    // IAM only on this environment's names, never on the CI roles themselves.
    const iam = (kind: string, suffix = "*") => `arn:${partition}:iam::${accountId}:${kind}/${prefix}-${suffix}`;
    this.deployRole = role(
      "Deploy",
      `repo:${props.repository}:environment:${props.githubEnvironment}`,
      [
        {
          sid: "ManageEnvironmentIam",
          actions: ["iam:*"],
          resources: [iam("role"), iam("policy"), iam("instance-profile")],
        },
        {
          sid: "ReadIam",
          actions: ["iam:Get*", "iam:List*"],
          resources: ["*"],
        },
        {
          sid: "ServiceLinkedRoles",
          actions: ["iam:CreateServiceLinkedRole"],
          resources: [`arn:${partition}:iam::${accountId}:role/aws-service-role/*`],
        },
        {
          sid: "NeverChangeTheCiRoles",
          effect: "Deny",
          actions: ["iam:*"],
          resources: [iam("role", "ci-*"), iam("policy", "ci-*")],
        },
        {
          sid: "NeverAttachAdministrativePolicies",
          effect: "Deny",
          actions: ["iam:AttachRolePolicy", "iam:PutRolePermissionsBoundary", "iam:DeleteRolePermissionsBoundary"],
          resources: ["*"],
          condition: [
            {
              test: "ArnLike",
              variable: "iam:PolicyARN",
              values: ["AdministratorAccess", "IAMFullAccess", "PowerUserAccess"].map((p) => `arn:${partition}:iam::aws:policy/${p}`),
            },
          ],
        },
        ...(state
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
                  "kms:ScheduleKeyDeletion",
                  "kms:DisableKey",
                  "kms:PutKeyPolicy",
                ],
                resources: [state.bucketArn, `${state.bucketArn}/*`, state.keyArn],
              },
            ]
          : []),
      ],
      ["PowerUserAccess"],
    );

    this.imagePushRole = role(
      "ImagePush",
      `repo:${props.repository}:ref:refs/heads/${props.branch}`,
      [
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
      ],
      [],
    );
  }
}
