import { DataAwsIamPolicyDocument } from "@cdktf/provider-aws/lib/data-aws-iam-policy-document";
import { IamPolicy } from "@cdktf/provider-aws/lib/iam-policy";
import { IamRole } from "@cdktf/provider-aws/lib/iam-role";
import { IamRolePolicy } from "@cdktf/provider-aws/lib/iam-role-policy";
import { IamRolePolicyAttachment } from "@cdktf/provider-aws/lib/iam-role-policy-attachment";
import { TerraformProvider } from "cdktf";
import { Construct } from "constructs";
import { AwsEnvironment } from "../../aws-environment";
import { ciBoundaryPolicyName, ciRoleName } from "../../naming";
import { suppress } from "../../rules/suppress";
import { boundaryStatements } from "./boundary-policy";
import { CiPolicyContext, CiStateResources, Statement } from "./ci-policy-context";
import { deployPolicyDocuments } from "./deploy-permissions";
import { DEPLOY_SESSION_SECONDS, deployRoleStatements, deployTrustSubjects } from "./deploy-role-policy";
import { imagePushRoleStatements, imagePushTrustSubjects } from "./image-push-role-policy";
import { OidcSubject, githubOidcTrustStatements } from "./oidc-trust";
import { planRoleStatements, planTrustSubjects } from "./plan-role-policy";

// The tables and constants other files and tests read, from the files that now own them.
export { GITHUB_OIDC_HOST, OIDC_SUBJECT_CLAIMS } from "./oidc-trust";
export { IAM_CHANGES } from "./iam-changes";
export { KEY_DESTRUCTION } from "./key-protections";
export { PLANNED_STACKS } from "./plan-role-policy";
export { DEPLOY_SESSION_SECONDS, PASS_ROLE_SERVICES, RUNNER_PASS_ROLE_SERVICE, STACK_MANAGED_POLICIES } from "./deploy-role-policy";

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
  readonly state?: CiStateResources;
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
  /**
   * The cluster's administrator roles (`cluster.adminRoleArns`): in production the deploy role creates
   * cluster access entries only for them and for the instance-profile (node) roles. @default - none
   */
  readonly clusterAdminRoleArns?: readonly string[];
}

/**
 * The CI roles of one environment, each assumable only through GitHub's OIDC tokens for the
 * audience `sts.amazonaws.com` and subjects that name the workflow file and the ref it ran from
 * (see `OIDC_SUBJECT_CLAIMS`); each role's statements live in their own file:
 * - plan (`plan-role-policy.ts`): reads configuration, never data, reads the state and writes saved
 *   plans; trusted by the deploy workflow on the branch, and by pull requests (production: only in
 *   the protected GitHub environment `<githubEnvironment>-plan`);
 * - deploy (`deploy-role-policy.ts`): IAM only on the roles the stacks create, and only under the
 *   permissions boundary {@link boundary} (`boundary-policy.ts`); 3-hour sessions; trusted by the
 *   deploy workflow on the branch, in the GitHub environment;
 * - image push (`image-push-role-policy.ts`): push to this environment's repositories, from the branch.
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
    const context: CiPolicyContext = { partition, accountId, region, project: props.project, environmentName: props.environmentName };

    const role = (purpose: "Plan" | "Deploy" | "ImagePush", subjects: OidcSubject[], sessionSeconds = 3600) => {
      const trust = new DataAwsIamPolicyDocument(this, `${purpose}Trust`, {
        provider,
        statement: githubOidcTrustStatements(props.oidcProviderArn, subjects),
      });
      return new IamRole(this, `${purpose}Role`, {
        provider,
        name: ciRoleName(props.project, props.environmentName, purpose.toLowerCase() as "plan" | "deploy" | "imagepush"),
        assumeRolePolicy: trust.json,
        maxSessionDuration: sessionSeconds,
      });
    };
    const inline = (purpose: string, target: IamRole, statements: Statement[]) => {
      const document = new DataAwsIamPolicyDocument(this, `${purpose}Permissions`, { provider, statement: statements });
      new IamRolePolicy(this, `${purpose}Policy`, { provider, role: target.id, name: "permissions", policy: document.json });
    };

    // The boundary: the most any role the stacks create may do, whatever it is granted.
    const boundaryDocument = new DataAwsIamPolicyDocument(this, "BoundaryDocument", {
      provider,
      statement: boundaryStatements({ ...context, state: props.state, production: props.production }),
    });
    this.boundary = new IamPolicy(this, "Boundary", {
      provider,
      name: ciBoundaryPolicyName(props.project, props.environmentName),
      description:
        `Permissions boundary of every role the ${props.environmentName} stacks create ` +
        "(the deploy role can create roles only with it)",
      policy: boundaryDocument.json,
    });

    // Plan: configuration only, from the deploy workflow on the branch or from pull requests.
    this.planRole = role("Plan", planTrustSubjects(props));
    suppress(
      this.planRole,
      "RW-IAM-3",
      "pull-request plans: the subject names the repository, the pull-request workflow file and refs/pull/<number>/merge; " +
        "the number is the wildcard. The role reads configuration, not data; " +
        "production's PR plans need its protected -plan GitHub environment",
    );
    inline("Plan", this.planRole, planRoleStatements({ ...context, state: props.state }));

    // Deploy: the GitHub environment's jobs of the deploy workflow on the branch, for three hours.
    this.deployRole = role("Deploy", deployTrustSubjects(props.repository, props.githubEnvironment, props.branch), DEPLOY_SESSION_SECONDS);
    // What its deploys create, update and delete, generated from the per-type table (deploy-permissions.ts):
    // customer-managed policies `<project>-<env>-ci-deploy-<n>`, which its own denies keep it from editing.
    deployPolicyDocuments({
      ...context,
      production: props.production ?? false,
      state: props.state,
      clusterAdminRoleArns: props.clusterAdminRoleArns,
      nodeRoleNames: props.instanceProfileRoleNames,
    }).forEach((document, i) => {
      const policy = new IamPolicy(this, `DeployManaged${i}`, {
        provider,
        name: `${ciRoleName(props.project, props.environmentName, "deploy")}-${i + 1}`,
        description: `Deploy role of ${props.environmentName} (${i + 1}): generated from src/constructs/ci/resource-permissions.ts`,
        policy: JSON.stringify(document),
      });
      new IamRolePolicyAttachment(this, `DeployManaged${i}Attachment`, { provider, role: this.deployRole.name, policyArn: policy.arn });
    });
    inline(
      "Deploy",
      this.deployRole,
      deployRoleStatements({
        ...context,
        production: props.production,
        state: props.state,
        instanceProfileRoleNames: props.instanceProfileRoleNames,
        runnerRoleNames: props.runnerRoleNames,
      }),
    );

    // Any workflow of the branch may push (the image builds live beside the services), never a pull request.
    this.imagePushRole = role("ImagePush", imagePushTrustSubjects(props.repository, props.branch));
    suppress(
      this.imagePushRole,
      "RW-IAM-3",
      "image builds: any workflow file of the repository, but only runs of the branch (never a pull request); " +
        "it can only push to this environment's repositories",
    );
    inline("ImagePush", this.imagePushRole, imagePushRoleStatements(context));
  }
}
