import { CiPolicyContext, Statement } from "./ci-policy-context";
import { OidcSubject, workflowClaim } from "./oidc-trust";

/** Any workflow file of the repository may push (the image builds live beside the services), but only runs of the branch. */
export function imagePushTrustSubjects(repository: string, branch: string): OidcSubject[] {
  const branchRef = `refs/heads/${branch}`;
  return [
    { test: "StringLike", values: [`repo:${repository}:ref:${branchRef}:${workflowClaim(repository, ".github/workflows/*", branchRef)}`] },
  ];
}

/** The image push role: log in to ECR and push to this environment's repositories (`<project>/<env>/*`), nothing else. */
export function imagePushRoleStatements(context: CiPolicyContext): Statement[] {
  const { partition, region, accountId } = context;
  return [
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
      resources: [`arn:${partition}:ecr:${region}:${accountId}:repository/${context.project}/${context.environmentName}/*`],
    },
  ];
}
