import { DataAwsIamPolicyDocument } from "@cdktf/provider-aws/lib/data-aws-iam-policy-document";
import { IamPolicy } from "@cdktf/provider-aws/lib/iam-policy";
import { IamRole } from "@cdktf/provider-aws/lib/iam-role";
import { IamRolePolicy } from "@cdktf/provider-aws/lib/iam-role-policy";
import { TerraformProvider } from "cdktf";
import { Construct } from "constructs";
import { AwsEnvironment } from "../../aws-environment";
import { ciRoleName, frontendParameterPath } from "../../naming";
import { boundaryPolicyArn } from "./boundary-policy";
import { CiPolicyContext, Statement } from "./ci-policy-context";
import { githubOidcTrustStatements, OidcSubject } from "./oidc-trust";

/** Every action the front end's read role is granted: reading parameters under the contract's path, nothing else. */
export const FRONTEND_READ_ACTIONS = ["ssm:GetParameter", "ssm:GetParameters", "ssm:GetParametersByPath"] as const;

/** Session of the read role: a build reads the contract in its first minutes. */
export const FRONTEND_READ_SESSION_SECONDS = 3600;

/**
 * The subject the read role trusts: runs of the front end's repository on its default branch, as
 * GitHub's default subject template names them (`repo:<owner/name>:ref:refs/heads/<branch>`), exactly:
 * never a pull request, another branch or a job in a GitHub environment (whose subject names the environment instead).
 */
export function frontendTrustSubjects(repository: string, branch: string): OidcSubject[] {
  return [{ test: "StringEquals", values: [`repo:${repository}:ref:refs/heads/${branch}`] }];
}

/** The read role's permissions: the parameters under the environment's front-end path (the path itself, for GetParametersByPath). */
export function frontendReadStatements(context: CiPolicyContext): Statement[] {
  const path = frontendParameterPath(context.project, context.environmentName);
  const parameter = (name: string) => `arn:${context.partition}:ssm:${context.region}:${context.accountId}:parameter${name}`;
  return [{ sid: "ReadTheFrontEndContract", actions: [...FRONTEND_READ_ACTIONS], resources: [parameter(path), parameter(`${path}/*`)] }];
}

export interface FrontendReadRoleProps {
  readonly environment: AwsEnvironment;
  readonly provider?: TerraformProvider;
  /** ARN of the account's GitHub OIDC identity provider (the CI roles' own). */
  readonly oidcProviderArn: string;
  /** `owner/name` of the front end's repository (`frontend.githubRepository`). */
  readonly repository: string;
  /** Its default branch (`frontend.branch`). */
  readonly branch: string;
  readonly project: string;
  readonly environmentName: string;
  /**
   * The CI roles' permissions boundary of the environment, the most this role could ever do: set by its
   * ARN (as on every role under it), created first (IAM refuses a role whose boundary does not exist yet).
   */
  readonly boundary: IamPolicy;
}

/**
 * `<project>-<env>-ci-frontend`: the front end's CI reads the environment's contract from SSM with it.
 * The contract is not secret, but the role still reads only its path: no other parameter of the
 * account (which may hold SecureStrings' names and values), no KMS, no write.
 */
export class FrontendReadRole extends Construct {
  public readonly role: IamRole;

  constructor(scope: Construct, id: string, props: FrontendReadRoleProps) {
    super(scope, id);
    const { provider } = props;
    const context: CiPolicyContext = { ...props.environment, project: props.project, environmentName: props.environmentName };
    const trust = new DataAwsIamPolicyDocument(this, "Trust", {
      provider,
      statement: githubOidcTrustStatements(props.oidcProviderArn, frontendTrustSubjects(props.repository, props.branch)),
    });
    this.role = new IamRole(this, "Role", {
      provider,
      name: ciRoleName(props.project, props.environmentName, "frontend"),
      description: `The front end's CI (${props.repository}, ${props.branch}) reads the ${props.environmentName} front-end contract`,
      assumeRolePolicy: trust.json,
      maxSessionDuration: FRONTEND_READ_SESSION_SECONDS,
      permissionsBoundary: boundaryPolicyArn(context),
      dependsOn: [props.boundary],
    });
    const document = new DataAwsIamPolicyDocument(this, "Permissions", {
      provider,
      statement: frontendReadStatements(context),
    });
    new IamRolePolicy(this, "Policy", { provider, role: this.role.id, name: "permissions", policy: document.json });
  }
}
