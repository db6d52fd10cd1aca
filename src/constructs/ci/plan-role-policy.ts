import { CI_WORKFLOWS, bootstrapStackName, planGithubEnvironment, stackName } from "../../naming";
import { CiPolicyContext, CiStateResources, environmentPrefix, Statement } from "./ci-policy-context";
import { OidcSubject, workflowClaim } from "./oidc-trust";
import { PLAN_READ_ACTIONS } from "./plan-read-actions";

/** The stacks the plan role plans (the apps stack is planned by the deploy role on the in-VPC runner). */
export const PLANNED_STACKS = ["network", "data", "cluster"] as const;

export interface PlanTrustProps {
  /** `owner/name` of the repository. */
  readonly repository: string;
  /** Branch whose deploy workflow plans. */
  readonly branch: string;
  /** GitHub environment of the deploy jobs; production's pull-request plans run in `<it>-plan`. */
  readonly githubEnvironment: string;
  /** A production environment. @default false */
  readonly production?: boolean;
}

/**
 * Who may plan: the deploy and drift workflows on the branch, and pull requests (production: only jobs in the
 * protected GitHub environment `<githubEnvironment>-plan`).
 */
export function planTrustSubjects(props: PlanTrustProps): OidcSubject[] {
  const repo = props.repository;
  const branchRef = `refs/heads/${props.branch}`;
  return [
    {
      test: "StringEquals",
      values: [
        `repo:${repo}:ref:${branchRef}:${workflowClaim(repo, CI_WORKFLOWS.deployEnvironment, branchRef)}`,
        // The drift workflow's refresh-only plans, on the branch only (scheduled runs run on the default branch).
        `repo:${repo}:ref:${branchRef}:${workflowClaim(repo, CI_WORKFLOWS.drift, branchRef)}`,
      ],
    },
    {
      test: "StringLike",
      values: [
        props.production
          ? `repo:${repo}:environment:${planGithubEnvironment(props.githubEnvironment)}:` +
            workflowClaim(repo, CI_WORKFLOWS.pullRequest, "refs/pull/*/merge")
          : `repo:${repo}:pull_request:${workflowClaim(repo, CI_WORKFLOWS.pullRequest, "refs/pull/*/merge")}`,
      ],
    },
  ];
}

export interface PlanRolePolicyProps extends CiPolicyContext {
  /** The state bucket and its key. @default - no state permissions */
  readonly state?: CiStateResources;
}

/**
 * The plan role: reads configuration, never data (no log events, objects, image layers or secret
 * values), reads the state and writes saved plans under `plans/` of the state bucket, never a lock.
 */
export function planRoleStatements(props: PlanRolePolicyProps): Statement[] {
  const { partition, region, accountId, state } = props;
  return [
    { sid: "ReadConfiguration", actions: [...PLAN_READ_ACTIONS], resources: ["*"] },
    {
      sid: "PublicParametersOnly",
      actions: ["ssm:GetParameter", "ssm:GetParameters"],
      resources: [`arn:${partition}:ssm:${region}::parameter/aws/service/*`],
    },
    // Refreshing a bucket starts with HeadBucket, which IAM authorizes as s3:ListBucket: without it every plan of the
    // data stack stops at AccessDenied. Only the environment's own buckets; object names are listed, never read.
    { sid: "FindTheEnvironmentsBuckets", actions: ["s3:ListBucket"], resources: [`arn:${partition}:s3:::${environmentPrefix(props)}-*`] },
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
  ];
}
