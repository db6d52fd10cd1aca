import { GetCallerIdentityCommand } from "@aws-sdk/client-sts";
import { EnvironmentConfig } from "../config/schema";
import { checkAdminRoles, checkCodebuildQuota, checkHostedZone, checkServiceLinkedRoles, checkVcpuQuotas } from "./account-checks";
import { checkClusterAccess, checkGithubConnection, checkServiceImages } from "./apps-checks";
import { AwsClients } from "./aws-clients";
import { describeError, Findings, Problem } from "./findings";

/**
 * The stages of the preflight: `account` before the first stack of an environment (who is calling,
 * admin roles, hosted zone, EC2 vCPU quotas, the CodeBuild runner's quota, service-linked roles, the
 * GitHub connection; run again after the bootstrap and the connection's approval), `apps` before the apps stack
 * (the services' images, the GitHub connection of the runner, the caller's access to the cluster).
 */
export const STAGES = ["account", "apps"] as const;
export type Stage = (typeof STAGES)[number];

export type PreflightResult =
  /** The credentials could not be found or were refused: one line, nothing else was asked. */
  | { readonly kind: "no-credentials"; readonly line: string }
  | { readonly kind: "checked"; readonly caller?: { readonly account: string; readonly arn: string }; readonly findings: Findings };

/** STS's answers when the credentials exist but are not valid (a deleted key, an expired session, a wrong secret). */
const REFUSED_CREDENTIALS = new Set([
  "InvalidClientTokenId",
  "ExpiredToken",
  "ExpiredTokenException",
  "SignatureDoesNotMatch",
  "UnrecognizedClientException",
  "InvalidAccessKeyId",
]);

export const NO_CREDENTIALS_HINT =
  "export AWS_PROFILE=<profile> (after aws sso login), or AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY, for the environment's account";

/**
 * Runs the stage's read-only checks against the environment's account and collects every problem
 * (none stops the others), except that credentials of another account stop the rest: every answer
 * would describe the wrong account.
 */
export async function runPreflight(config: EnvironmentConfig, stage: Stage, clients: AwsClients): Promise<PreflightResult> {
  try {
    await clients.sts.config.credentials();
  } catch (error) {
    const reason = error instanceof Error ? error.message.split("\n")[0] : String(error);
    return { kind: "no-credentials", line: `No AWS credentials (${reason}): ${NO_CREDENTIALS_HINT}.` };
  }
  const findings = new Findings();
  let caller: { account: string; arn: string };
  try {
    const identity = await clients.sts.send(new GetCallerIdentityCommand({}));
    caller = { account: identity.Account!, arn: identity.Arn! };
  } catch (error) {
    if (error instanceof Error && REFUSED_CREDENTIALS.has(error.name)) {
      return { kind: "no-credentials", line: `AWS refused the credentials (${error.name}): ${NO_CREDENTIALS_HINT}.` };
    }
    findings.problem(
      "account",
      `STS GetCallerIdentity failed: ${describeError(error)}`,
      "check the network path to AWS STS, then run the preflight again",
    );
    return { kind: "checked", findings };
  }
  if (caller.account !== config.accountId) {
    findings.problem(
      "account",
      `the credentials are of account ${caller.account} (${caller.arn}), not ${config.accountId} (accountId): ` +
        "every stack would refuse to plan",
      `use credentials of account ${config.accountId} (another AWS_PROFILE), or correct accountId in environments/${config.name}.yaml`,
    );
    findings.notice("account", "the other checks were skipped: they would read another account");
    return { kind: "checked", caller, findings };
  }
  findings.pass("account", `credentials of ${config.accountId} (${caller.arn})`);
  if (stage === "account") {
    await Promise.all([
      checkAdminRoles(config, clients, findings),
      checkHostedZone(config, clients, findings),
      checkVcpuQuotas(config, clients, findings),
      checkCodebuildQuota(config, clients, findings),
      checkServiceLinkedRoles(caller, config, clients, findings),
      // The cluster stack's webhook needs the connection approved: asked here as well as before the apps stack.
      checkGithubConnection(config, clients, findings),
    ]);
  } else {
    await Promise.all([
      checkServiceImages(config, clients, findings),
      checkGithubConnection(config, clients, findings),
      checkClusterAccess(caller, config, clients, findings),
    ]);
  }
  return { kind: "checked", caller, findings };
}

const byCheckThenText =
  <T extends { check: string }>(text: (t: T) => string) =>
  (a: T, b: T) =>
    a.check.localeCompare(b.check) || text(a).localeCompare(text(b));

/** The report: every problem with its fix, then the notices, then what passed; the last line says whether to go on. */
export function formatPreflight(environment: string, stage: Stage, result: PreflightResult): string {
  if (result.kind === "no-credentials") return result.line;
  const { findings } = result;
  const problems = [...findings.problems].sort(byCheckThenText((p: Problem) => p.problem));
  const lines = [
    `Preflight of ${environment}, stage ${stage}${result.caller ? `, as ${result.caller.arn}` : ""}:`,
    ...problems.flatMap((p) => [`PROBLEM  ${p.check}: ${p.problem}`, `         fix: ${p.fix}`]),
    ...[...findings.notices].sort(byCheckThenText((n) => n.message)).map((n) => `note     ${n.check}: ${n.message}`),
    ...[...findings.passes].sort(byCheckThenText((p) => p.message)).map((p) => `ok       ${p.check}: ${p.message}`),
    problems.length === 0
      ? `Ready: no problem found (stage ${stage}).`
      : `${problems.length} problem${problems.length === 1 ? "" : "s"} found: fix ${problems.length === 1 ? "it" : "each"}, ` +
        `then run npm run preflight -- ${environment} --stage ${stage} again.`,
  ];
  return lines.join("\n");
}

/** 0 ready, 1 a problem found or no credentials. */
export function exitCodeOf(result: PreflightResult): 0 | 1 {
  return result.kind === "checked" && result.findings.problems.length === 0 ? 0 : 1;
}
