import { Statement } from "./ci-policy-context";

/** The GitHub Actions OIDC issuer, without scheme, as IAM condition keys name it. */
export const GITHUB_OIDC_HOST = "token.actions.githubusercontent.com";

/**
 * The claims of the repository's OIDC subject template (docs/ci.md shows the API call that sets it).
 * With it a token's `sub` reads `repo:<owner/name>:<context>:job_workflow_ref:<owner/name>/<workflow>@<ref>`,
 * where `<context>` is `environment:<name>`, `ref:<ref>` or `pull_request`: one string names the
 * repository, the GitHub environment or branch, and the workflow file and the ref it ran from.
 */
export const OIDC_SUBJECT_CLAIMS = ["repo", "context", "job_workflow_ref"] as const;

/** One group of token subjects a role trusts: exact values, or patterns with `*`. */
export interface OidcSubject {
  readonly test: "StringEquals" | "StringLike";
  readonly values: string[];
}

/** The `job_workflow_ref:<repo>/<workflow path>@<ref>` part of a subject. */
export function workflowClaim(repository: string, path: string, ref: string): string {
  return `job_workflow_ref:${repository}/${path}@${ref}`;
}

/**
 * A trust policy that admits only GitHub's OIDC tokens for the audience `sts.amazonaws.com` whose
 * subject matches one of the groups (one statement per group).
 */
export function githubOidcTrustStatements(oidcProviderArn: string, subjects: readonly OidcSubject[]): Statement[] {
  return subjects.map((subject, i) => ({
    sid: `GithubActionsOidc${i}`,
    principals: [{ type: "Federated", identifiers: [oidcProviderArn] }],
    actions: ["sts:AssumeRoleWithWebIdentity"],
    condition: [
      { test: "StringEquals", variable: `${GITHUB_OIDC_HOST}:aud`, values: ["sts.amazonaws.com"] },
      { test: subject.test, variable: `${GITHUB_OIDC_HOST}:sub`, values: subject.values },
    ],
  }));
}
