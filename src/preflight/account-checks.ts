import { SimulatePrincipalPolicyCommand } from "@aws-sdk/client-iam";
import { GetHostedZoneCommand, NoSuchHostedZone } from "@aws-sdk/client-route-53";
import { GetAWSDefaultServiceQuotaCommand, GetServiceQuotaCommand, NoSuchResourceException } from "@aws-sdk/client-service-quotas";
import { EnvironmentConfig } from "../config/schema";
import { RUNNER_CONCURRENT_BUILDS } from "../constructs/ci/codebuild-runner";
import { bootstrapStackName, ciRoleName } from "../naming";
import { AwsClients } from "./aws-clients";
import { Caller, getRole, principalOf, roleNameOf } from "./caller";
import { describeError, Findings } from "./findings";
import { serviceLinkedRoles } from "./service-linked-roles";
import { Capacity, VCPU_QUOTAS, vcpuDemand } from "./vcpu-demand";

/**
 * The ARNs of the CI roles the bootstrap stack creates for this environment (only with a `ci` section,
 * at IAM's root path): the file may list them before they exist, since the account stage runs first.
 */
function bootstrapRoleArns(config: EnvironmentConfig, partition: string): Set<string> {
  if (!config.ci) return new Set();
  const purposes = ["plan", "deploy", "imagepush"] as const;
  return new Set(purposes.map((p) => `arn:${partition}:iam::${config.accountId}:role/${ciRoleName(config.project, config.name, p)}`));
}

/**
 * Every role of `cluster.adminRoleArns` exists, at the path the file names: EKS creates an access entry
 * for each after the cluster (10-20 minutes into the apply) and fails on a role that is not there. A CI
 * role the bootstrap stack creates is only noted while missing: this stage runs before the bootstrap.
 */
export async function checkAdminRoles(config: EnvironmentConfig, clients: AwsClients, findings: Findings): Promise<void> {
  const check = "admin role";
  const bootstrap = bootstrapStackName(config.accountId);
  await Promise.all(
    config.cluster.adminRoleArns.map(async (arn, i) => {
      const field = `cluster.adminRoleArns[${i}]`;
      const [, partition, , , account] = arn.split(":");
      if (account !== config.accountId) {
        findings.notice(check, `${arn} (${field}) is in account ${account}: not checked with this account's credentials`);
        return;
      }
      try {
        const role = await getRole(clients, roleNameOf(arn));
        if (role === "missing" && bootstrapRoleArns(config, partition).has(arn)) {
          findings.notice(
            check,
            `${arn} (${field}) does not exist yet: created by ${bootstrap} (npx cdktf deploy ${bootstrap}); ` +
              "run the preflight again after it",
          );
        } else if (role === "missing") {
          findings.problem(
            check,
            `${arn} (${field}) does not exist: the cluster's access entry for it fails after the cluster is created`,
            `create the role in account ${config.accountId}, or correct ${field}`,
          );
        } else if (role.arn !== arn) {
          findings.problem(
            check,
            `${field} names ${arn}, but the role is ${role.arn} (another path): the access entry would name no role`,
            `write ${role.arn} in ${field}`,
          );
        } else findings.pass(check, `${arn} exists`);
      } catch (error) {
        findings.problem(
          check,
          `${arn} (${field}) cannot be read: ${describeError(error)}`,
          "run the preflight with credentials that may call iam:GetRole",
        );
      }
    }),
  );
}

/**
 * The domain's hosted zone exists, is public and holds the domain: the certificate is validated by DNS
 * records in that zone, and with a private or wrong zone the validation waits until it times out.
 */
export async function checkHostedZone(config: EnvironmentConfig, clients: AwsClients, findings: Findings): Promise<void> {
  const check = "hosted zone";
  if (!config.domain) {
    findings.pass(check, "no domain: nothing to check (the ALB serves HTTP)");
    return;
  }
  const { name, hostedZoneId } = config.domain;
  try {
    const { HostedZone } = await clients.route53.send(new GetHostedZoneCommand({ Id: hostedZoneId }));
    const zone = HostedZone!.Name!.replace(/\.$/, "").toLowerCase();
    const found: string[] = [];
    if (HostedZone!.Config?.PrivateZone) {
      found.push(`${hostedZoneId} (domain.hostedZoneId) is a private zone: ACM validates the certificate through public DNS only`);
    }
    if (name !== zone && !name.endsWith(`.${zone}`)) {
      found.push(`${hostedZoneId} (domain.hostedZoneId) is the zone of ${zone}, which does not hold ${name} (domain.name)`);
    }
    for (const problem of found) {
      findings.problem(
        check,
        problem,
        `set domain.hostedZoneId to the public hosted zone of ${name} (aws route53 list-hosted-zones-by-name --dns-name ${name})`,
      );
    }
    if (found.length === 0) findings.pass(check, `${hostedZoneId} is the public zone ${zone}, which holds ${name}`);
  } catch (error) {
    if (error instanceof NoSuchHostedZone) {
      findings.problem(
        check,
        `${hostedZoneId} (domain.hostedZoneId) does not exist in account ${config.accountId}`,
        `create a public hosted zone for ${name} (or its parent) and delegate it from the registrar, ` +
          "then set domain.hostedZoneId to its id",
      );
    } else
      findings.problem(
        check,
        `${hostedZoneId} cannot be read: ${describeError(error)}`,
        "run the preflight with credentials that may call route53:GetHostedZone",
      );
  }
}

/** The quota's value in the region: the applied value, or AWS's default where the account never changed it. */
async function quotaValue(clients: AwsClients, quotaCode: string, serviceCode = "ec2"): Promise<number> {
  try {
    const { Quota } = await clients.quotas.send(new GetServiceQuotaCommand({ ServiceCode: serviceCode, QuotaCode: quotaCode }));
    return Quota!.Value!;
  } catch (error) {
    if (!(error instanceof NoSuchResourceException)) throw error;
    const { Quota } = await clients.quotas.send(new GetAWSDefaultServiceQuotaCommand({ ServiceCode: serviceCode, QuotaCode: quotaCode }));
    return Quota!.Value!;
  }
}

/**
 * CodeBuild's regional quota of builds running at once on the runner's compute (BUILD_GENERAL1_SMALL,
 * Linux), as Service Quotas names it.
 */
export const CODEBUILD_LINUX_SMALL_QUOTA = {
  serviceCode: "codebuild",
  code: "L-9D07B6EF",
  name: "Concurrently running builds for Linux/Small environment",
} as const;

/**
 * The CodeBuild runner's builds at once fit the account's quota: CodeBuild refuses a project whose
 * concurrent build limit is above it (the cluster stack's apply fails), and at 0 no build starts, so the
 * apps jobs wait for a runner that never comes. Asked only when the cluster stack creates the runner.
 */
export async function checkCodebuildQuota(config: EnvironmentConfig, clients: AwsClients, findings: Findings): Promise<void> {
  const check = "CodeBuild quota";
  if (!config.ci?.githubConnectionArn || config.ci.appsRunnerLabel) {
    findings.pass(check, "no CodeBuild runner here (ci.githubConnectionArn unset, or ci.appsRunnerLabel set): nothing to check");
    return;
  }
  const { serviceCode, code, name } = CODEBUILD_LINUX_SMALL_QUOTA;
  const label = `${code} "${name}"`;
  const needed = RUNNER_CONCURRENT_BUILDS;
  try {
    const value = await quotaValue(clients, code, serviceCode);
    if (value < needed) {
      findings.problem(
        check,
        `${label} is ${value} in ${config.region}; the runner's project runs ${needed} build${needed === 1 ? "" : "s"} at once, ` +
          "and CodeBuild refuses a limit above the quota",
        `request at least ${needed}: aws service-quotas request-service-quota-increase --service-code ${serviceCode} ` +
          `--quota-code ${code} --desired-value ${needed} --region ${config.region}`,
      );
    } else findings.pass(check, `${label} is ${value}; the runner runs ${needed} at once`);
  } catch (error) {
    findings.problem(
      check,
      `${label} cannot be read: ${describeError(error)}`,
      "run the preflight with credentials that may call servicequotas:GetServiceQuota",
    );
  }
}

/**
 * The Spot and on-demand vCPU quotas of the region allow what the environment reaches at its maxima
 * (node groups at maxSize, Karpenter pools at limits.cpu, the NAT instance). A new account's Spot quota
 * is 5 vCPUs: the first nodes fit, the first scale-out fails with MaxSpotInstanceCountExceeded.
 */
export async function checkVcpuQuotas(config: EnvironmentConfig, clients: AwsClients, findings: Findings): Promise<void> {
  const check = "vCPU quota";
  const demand = vcpuDemand(config);
  for (const { field, type } of demand.unsized) {
    findings.problem(
      check,
      `${field}: the vCPUs of ${type} are not in the catalog, so the quota check cannot count them`,
      `add ${type} to INSTANCE_SPECS (src/config/catalog.ts) with its vCPUs from the EC2 instance type page`,
    );
  }
  for (const other of demand.otherQuotas) {
    findings.notice(check, `${other}: not a standard family, counted against another EC2 quota that the preflight does not check`);
  }
  await Promise.all(
    (Object.keys(VCPU_QUOTAS) as Capacity[]).map(async (capacity) => {
      const needed = demand.total[capacity];
      const quota = VCPU_QUOTAS[capacity];
      if (needed === 0) return;
      const label = `${quota.code} "${quota.name}"`;
      try {
        const value = await quotaValue(clients, quota.code);
        const how = demand.sources
          .filter((s) => s.capacity === capacity)
          .map((s) => `${s.field} ${s.vcpus} (${s.how})`)
          .join(" + ");
        if (value < needed) {
          findings.problem(
            check,
            `${label} is ${value} vCPUs in ${config.region}; the environment reaches ${needed}: ${how}`,
            `request at least ${needed}: aws service-quotas request-service-quota-increase --service-code ec2 --quota-code ${quota.code} ` +
              `--desired-value ${needed} --region ${config.region} (other instances in the region count too), or lower the maxima`,
          );
        } else findings.pass(check, `${label} is ${value} vCPUs; the environment reaches ${needed}`);
      } catch (error) {
        findings.problem(
          check,
          `${label} cannot be read: ${describeError(error)}`,
          "run the preflight with credentials that may call servicequotas:GetServiceQuota",
        );
      }
    }),
  );
}

/**
 * Every service-linked role the stacks need exists, or can be created: AWS creates one on first use
 * with the caller's `iam:CreateServiceLinkedRole`, and an organization's policy (SCP) that denies it
 * stops the apply where the role is first needed. IAM's policy simulation answers for these
 * credentials, SCPs included; a role that is missing and cannot be created is a problem, one that
 * will be created on first use a notice.
 */
export async function checkServiceLinkedRoles(
  caller: Caller,
  config: EnvironmentConfig,
  clients: AwsClients,
  findings: Findings,
): Promise<void> {
  const check = "service-linked role";
  const partition = caller.arn.split(":")[1];
  let principal: Promise<string | "root" | undefined> | undefined;
  await Promise.all(
    serviceLinkedRoles(config).map(async (slr) => {
      const create = `an administrator runs: aws iam create-service-linked-role --aws-service-name ${slr.service}`;
      try {
        if ((await getRole(clients, slr.roleName)) !== "missing") {
          findings.pass(check, `${slr.roleName} exists`);
          return;
        }
        principal ??= principalOf(caller, clients);
        const who = await principal;
        if (who === "root") {
          findings.notice(check, `${slr.roleName} is missing; AWS creates it on first use (${slr.why})`);
          return;
        }
        if (who === undefined) {
          findings.problem(
            check,
            `${slr.roleName} is missing, and IAM cannot simulate whether ${caller.arn} may create it (${slr.why})`,
            create,
          );
          return;
        }
        const { EvaluationResults } = await clients.iam.send(
          new SimulatePrincipalPolicyCommand({
            PolicySourceArn: who,
            ActionNames: ["iam:CreateServiceLinkedRole"],
            ResourceArns: [`arn:${partition}:iam::${config.accountId}:role/aws-service-role/${slr.service}/${slr.roleName}`],
            ContextEntries: [{ ContextKeyName: "iam:AWSServiceName", ContextKeyType: "string", ContextKeyValues: [slr.service] }],
          }),
        );
        const decision = EvaluationResults?.[0]?.EvalDecision ?? "no answer";
        if (decision === "allowed") findings.notice(check, `${slr.roleName} is missing; AWS creates it on first use (${slr.why})`);
        else findings.problem(check, `${slr.roleName} is missing and ${who} may not create it (${decision}): ${slr.why}`, create);
      } catch (error) {
        findings.problem(
          check,
          `${slr.roleName} cannot be checked: ${describeError(error)}`,
          `${create} (or run the preflight with iam:GetRole and iam:SimulatePrincipalPolicy)`,
        );
      }
    }),
  );
}
