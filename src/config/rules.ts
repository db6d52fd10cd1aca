import { overlaps, parseCidr } from "./cidr";
import { frontendFindings } from "./frontend-rules";
import { karpenterFindings } from "./karpenter-rules";
import { BACKUP_VAULT_ARN_PATTERN, EnvironmentConfig } from "./schema";
import { AZ_SLOTS, layoutProblem } from "./subnet-layout";

/**
 * Rules that relate several top-level fields of one environment file (rules within one section
 * are refinements in `schema.ts`). Each rule names the top-level
 * fields it needs and runs when those parsed, so a file with a broken `cluster` section still
 * gets its network checked: every problem is reported in one run.
 */
export interface RuleFinding {
  readonly path: string;
  readonly value: unknown;
  readonly rule: string;
}

type Key = keyof EnvironmentConfig;
interface Rule<K extends Key> {
  readonly needs: readonly K[];
  /** Gets the fields it needs, and whatever else parsed (optional fields may be absent). */
  readonly check: (env: Pick<EnvironmentConfig, K> & Partial<EnvironmentConfig>, fileStem: string) => RuleFinding[];
}
const rule = <K extends Key>(needs: readonly K[], check: Rule<K>["check"]): Rule<Key> => ({ needs, check }) as Rule<Key>;

export const MIN_AVAILABILITY_ZONES = 2;

export const ENVIRONMENT_RULES: readonly Rule<Key>[] = [
  rule(["name"], (env, stem) =>
    env.name === stem ? [] : [{ path: "name", value: env.name, rule: `must equal the file name (${stem}.yaml)` }],
  ),

  rule(["region", "availabilityZones"], ({ region, availabilityZones: azs }) => {
    const findings: RuleFinding[] = [];
    if (azs.length < MIN_AVAILABILITY_ZONES || azs.length > AZ_SLOTS) {
      findings.push({
        path: "availabilityZones",
        value: azs,
        rule:
          `must list ${MIN_AVAILABILITY_ZONES} to ${AZ_SLOTS} availability zones ` +
          `(Aurora and EKS need at least two; the subnet layout has ${AZ_SLOTS} slots)`,
      });
    }
    azs.forEach((az, i) => {
      if (!new RegExp(`^${region}[a-z]$`).test(az)) {
        findings.push({
          path: `availabilityZones[${i}]`,
          value: az,
          rule: `must be an availability zone of ${region} (${region}a, ${region}b, ...)`,
        });
      }
    });
    return findings;
  }),

  rule(["network", "availabilityZones"], ({ network, availabilityZones }) => {
    const problem = layoutProblem(parseCidr(network.vpcCidr)!, availabilityZones.length);
    return problem ? [{ path: "network.vpcCidr", value: network.vpcCidr, rule: problem }] : [];
  }),

  // Production data needs a copy that no single credential can erase.
  rule(["environmentType", "backup", "accountId"], ({ environmentType, backup, accountId }) => {
    const findings: RuleFinding[] = [];
    if (environmentType === "production" && backup.enabled === false) {
      findings.push({
        path: "backup.enabled",
        value: false,
        rule:
          "must be true in a production environment: the locked AWS Backup vault is the copy a compromised credential cannot delete " +
          "(set environmentType: non-production to allow it)",
      });
    }
    const copyAccount = backup.copyToVaultArn ? BACKUP_VAULT_ARN_PATTERN.exec(backup.copyToVaultArn)?.[1] : undefined;
    if (copyAccount && copyAccount === accountId) {
      findings.push({
        path: "backup.copyToVaultArn",
        value: backup.copyToVaultArn,
        rule: `must be a vault in another account than ${accountId}: a copy in the same account falls with the same credentials`,
      });
    }
    return findings;
  }),

  // Production promises its objectives: nothing may silence the alarms that say the error budget is burning.
  rule(["environmentType", "slo"], ({ environmentType, slo }) =>
    environmentType === "production" && slo.burnRateAlarms === false
      ? [
          {
            path: "slo.burnRateAlarms",
            value: false,
            rule:
              "must be true in a production environment: the burn-rate alarms are what pages when a service breaks its objective " +
              "(set environmentType: non-production to allow it)",
          },
        ]
      : [],
  ),

  // The own account is trusted already: listing it again hides a typo of another account id in review.
  rule(["accountId", "trustedAccountIds"], ({ accountId, trustedAccountIds }) =>
    trustedAccountIds.flatMap((id, i) =>
      id === accountId
        ? [
            {
              path: `trustedAccountIds[${i}]`,
              value: id,
              rule: `must be another account than accountId (${accountId}): the environment's own account is always trusted`,
            },
          ]
        : [],
    ),
  ),

  // A non-production ALB without a domain has no HTTPS, WAF or sign-in: it must not be open to the world.
  rule(["environmentType", "ingress", "services"], ({ environmentType, ingress, services, domain }) =>
    environmentType === "non-production" && !domain && ingress.allowedCidrs.length === 0 && services.some((s) => s.public)
      ? [
          {
            path: "ingress.allowedCidrs",
            value: [],
            rule:
              "must list the CIDRs allowed to reach the ALB in a non-production environment without a domain " +
              "(plain HTTP, no WAF, no sign-in): " +
              "set ingress.allowedCidrs to your office, VPN or CI egress ranges (e.g. [203.0.113.0/24]), or set domain",
          },
        ]
      : [],
  ),

  // A canary runs from AWS addresses that are not fixed: an ALB that admits only some CIDRs refuses it, and its alarm never clears.
  rule(["monitoring", "ingress"], ({ monitoring, ingress }) =>
    monitoring.canaries.enabled === true && ingress.allowedCidrs.length > 0
      ? [
          {
            path: "monitoring.canaries.enabled",
            value: true,
            rule:
              "must not be true while ingress.allowedCidrs restricts the ALB: a canary runs outside the VPC from AWS addresses " +
              "that are not fixed, so the ALB would refuse every run and its alarm would never clear " +
              "(empty ingress.allowedCidrs, with a domain, or leave the canaries off)",
          },
        ]
      : [],
  ),

  // A release tag must never expire: the image of a running Deployment is pulled again on every reschedule.
  rule(["registry", "services"], ({ registry, services }) =>
    services.flatMap((s, i) => {
      const prefix = registry.throwawayTagPrefixes.find((p) => s.imageTag.startsWith(p));
      return prefix
        ? [
            {
              path: `services[${i}].imageTag`,
              value: s.imageTag,
              rule:
                `must not start with the throwaway prefix "${prefix}" (registry.throwawayTagPrefixes): ` +
                `such images expire after ${registry.throwawayExpirationDays} days and the pods could no longer be rescheduled; ` +
                "deploy a release tag",
            },
          ]
        : [];
    }),
  ),

  rule(["database", "services"], ({ database, services }) =>
    services.flatMap((s, i) =>
      s.databaseUser === database.masterUsername
        ? [
            {
              path: `services[${i}].databaseUser`,
              value: s.databaseUser,
              rule: "must not be the master user: each service connects as its own user",
            },
          ]
        : [],
    ),
  ),

  // Production may not take the relaxations that only save money or time (see environmentType).
  rule(["environmentType", "database", "storage", "kms"], (env) => {
    if (env.environmentType !== "production") return [];
    const relaxed: RuleFinding[] = [];
    const refuse = (path: string, value: unknown, what: string) =>
      relaxed.push({ path, value, rule: `${what} in a production environment (set environmentType: non-production to allow it)` });
    if (!env.database.deletionProtection) refuse("database.deletionProtection", false, "must be true");
    if (!env.database.finalSnapshot) refuse("database.finalSnapshot", false, "must be true");
    if (env.database.backupRetentionDays < 7) refuse("database.backupRetentionDays", env.database.backupRetentionDays, "must be 7 or more");
    if (env.storage.forceDestroy) refuse("storage.forceDestroy", true, "must be false");
    const recoveryDays = env.storage.secretRecoveryDays;
    if (recoveryDays !== undefined && recoveryDays < 30) refuse("storage.secretRecoveryDays", recoveryDays, "must be 30");
    if (env.kms.deletionWindowDays < 30) refuse("kms.deletionWindowDays", env.kms.deletionWindowDays, "must be 30 (the maximum)");
    if (!env.domain) refuse("domain", undefined, "is required: HTTPS only");
    return relaxed;
  }),

  // One Spot pool can be reclaimed all at once: production spreads Spot over several; a dev environment may accept the outage.
  rule(["environmentType", "cluster"], ({ environmentType, cluster }) =>
    environmentType !== "production"
      ? []
      : cluster.nodeGroups.flatMap((g, i) =>
          g.capacityType === "SPOT" && g.instanceTypes.length < 2
            ? [
                {
                  path: `cluster.nodeGroups[${i}].instanceTypes`,
                  value: g.instanceTypes,
                  rule:
                    "must list at least two instance types for SPOT capacity in a production environment, " +
                    "so one interrupted pool does not take the group down (set environmentType: non-production to allow one)",
                },
              ]
            : [],
        ),
  ),

  rule(["environmentType", "network"], ({ environmentType, network }) =>
    environmentType === "production" && network.natMode === "instance"
      ? [
          {
            path: "network.natMode",
            value: "instance",
            rule:
              "must be single or per-az in a production environment: a NAT instance is one machine in one AZ " +
              "(set environmentType: non-production to allow it)",
          },
        ]
      : [],
  ),

  rule(["network", "cluster"], ({ network, cluster }) => {
    const vpc = parseCidr(network.vpcCidr)!;
    const services = parseCidr(cluster.serviceCidr)!;
    return overlaps(vpc, services)
      ? [
          {
            path: "cluster.serviceCidr",
            value: cluster.serviceCidr,
            rule: `must not overlap network.vpcCidr (${network.vpcCidr}): Kubernetes service addresses would shadow VPC addresses`,
          },
        ]
      : [];
  }),

  // The environment's keys deny deletion, disabling and a lockout-bypassing policy change to everyone but this role.
  rule(["environmentType", "kms"], ({ environmentType, kms }) =>
    environmentType === "production" && !kms.breakGlassRoleArn
      ? [
          {
            path: "kms.breakGlassRoleArn",
            value: undefined,
            rule:
              "is required in a production environment: " +
              "name the break-glass role (outside CI) that alone may schedule deletion of or disable the environment's keys",
          },
        ]
      : [],
  ),

  rule(["accountId", "kms"], ({ accountId, kms }) => {
    const account = kms.breakGlassRoleArn?.split(":")[4];
    return account !== undefined && account !== accountId
      ? [
          {
            path: "kms.breakGlassRoleArn",
            value: kms.breakGlassRoleArn,
            rule: `must be a role of the environment's account (${accountId}): the key policy names it`,
          },
        ]
      : [];
  }),

  // Production's API endpoint stays private: production deploys only through CI, from the runner inside the VPC.
  // The public endpoint (the deployer's /32) is the laptop path of a non-production environment (docs/deploy.md).
  rule(["environmentType", "cluster"], ({ environmentType, cluster }) =>
    environmentType === "production" && cluster.endpointPublicAccessCidrs.length > 0
      ? [
          {
            path: "cluster.endpointPublicAccessCidrs",
            value: cluster.endpointPublicAccessCidrs,
            rule:
              "must be empty in a production environment: its API endpoint stays private and production deploys only through CI " +
              "(the runner inside the VPC); a public endpoint for a laptop is for non-production (docs/deploy.md)",
          },
        ]
      : [],
  ),

  // The apps jobs run inside the VPC: on the CodeBuild runner the cluster stack creates, which reaches GitHub
  // through NAT, or on the team's own runner (ci.appsRunnerLabel). Without NAT only the team's own runner can.
  rule(["network"], ({ network, ci }) =>
    ci && !ci.appsRunnerLabel && network.natMode === "none"
      ? [
          {
            path: "ci.appsRunnerLabel",
            value: undefined,
            rule:
              "is required when network.natMode is none: the CodeBuild runner the project creates needs a route to GitHub " +
              "(NAT), so name your own runner inside the VPC that deploys the apps stack (docs/ci.md)",
          },
        ]
      : [],
  ),

  // The runner's service role uses the connection: a connection of another account is not the account's to use.
  rule(["accountId"], ({ accountId, ci }) => {
    const account = ci?.githubConnectionArn?.split(":")[4];
    return account !== undefined && account !== accountId
      ? [
          {
            path: "ci.githubConnectionArn",
            value: ci!.githubConnectionArn,
            rule:
              `must be a connection of the environment's account (${accountId}): ` +
              `bootstrap-${accountId} creates it (output github-connection)`,
          },
        ]
      : [];
  }),

  // The deploy role manages only roles named <project>-<env>.<component>: an admin role named so would be in its reach.
  rule(["project", "name", "cluster"], ({ project, name, cluster }) =>
    cluster.adminRoleArns.flatMap((arn, i) =>
      arn.split(":role/")[1]?.split("/").pop()?.startsWith(`${project}-${name}.`)
        ? [
            {
              path: `cluster.adminRoleArns[${i}]`,
              value: arn,
              rule:
                `must not be named ${project}-${name}.*: ` +
                "that prefix belongs to the roles the stacks create, which the deploy role manages",
            },
          ]
        : [],
    ),
  ),

  // Karpenter: the system group holds its pods, production Spot spans types, pools match the images.
  rule(["environmentType", "cluster", "services"], (env) => karpenterFindings(env)),

  // The front end's origins: HTTPS and no wildcard in production, plain HTTP only for a local front end.
  rule(["environmentType", "services"], (env) => frontendFindings(env)),

  // A copied file keeps the admin roles of the account it came from: they would administer a cluster in another account.
  rule(["accountId", "cluster"], ({ accountId, cluster }) => {
    const allowed = [accountId, ...cluster.allowedAdminAccountIds];
    return cluster.adminRoleArns.flatMap((arn, i) => {
      const account = /^arn:[^:]+:iam::(\d{12}):/.exec(arn)?.[1];
      return account === undefined || allowed.includes(account)
        ? []
        : [
            {
              path: `cluster.adminRoleArns[${i}]`,
              value: arn,
              rule:
                `must be a role in this environment's account ${accountId} (accountId), not ${account}; ` +
                "a role of another account must have that account listed in cluster.allowedAdminAccountIds",
            },
          ];
    });
  }),

  // The state bucket is in the environment's region unless the file says otherwise on purpose.
  rule(["region", "backend"], ({ region, backend }) =>
    backend.type === "s3" && backend.region !== undefined && backend.region !== region && !backend.crossRegion
      ? [
          {
            path: "backend.region",
            value: backend.region,
            rule:
              `must be the environment's region ${region} (or be left out: it defaults to it); ` +
              "a state bucket in another region needs backend.crossRegion: true",
          },
        ]
      : [],
  ),

  rule(["services"], ({ services, domain }) =>
    domain
      ? []
      : services.flatMap((s, i) =>
          s.authenticate
            ? [
                {
                  path: `services[${i}].authenticate`,
                  value: true,
                  rule: "needs a domain: ALB sign-in only works over HTTPS (set domain, or remove authenticate)",
                },
              ]
            : [],
        ),
  ),
  // NetworkPolicies allow a caller only by name: a name that is not a service would silently allow nothing (or a service added later).
  rule(["services"], ({ services }) => {
    const names = services.map((s) => s.name);
    return services.flatMap((s, i) =>
      s.allowedCallers.flatMap((caller, j) => {
        const path = `services[${i}].allowedCallers[${j}]`;
        if (caller === s.name)
          return [{ path, value: caller, rule: "must not be the service itself: a service's own pods do not call it through its port" }];
        if (!names.includes(caller))
          return [{ path, value: caller, rule: `must name a service of this environment (${names.join(", ")})` }];
        return [];
      }),
    );
  }),

  // Egress inside the VPC would bypass the isolation between services and the database: those go through allowedCallers and databaseUser.
  rule(["network", "services"], ({ network, services }) => {
    const vpc = parseCidr(network.vpcCidr);
    if (!vpc) return [];
    return services.flatMap((s, i) =>
      s.egress.flatMap((e, j) => {
        const block = parseCidr(e.cidr);
        return block && overlaps(block, vpc)
          ? [
              {
                path: `services[${i}].egress[${j}].cidr`,
                value: e.cidr,
                rule:
                  `must not overlap network.vpcCidr (${network.vpcCidr}): ` +
                  "reach other services with allowedCallers and the database with databaseUser",
              },
            ]
          : [];
      }),
    );
  }),
];

/** The GitHub repository and environment whose jobs may deploy an environment (the name when ci.githubEnvironment is unset). */
function githubEnvironmentOf(config: Partial<EnvironmentConfig>): { repository: string; environment: string } | undefined {
  if (!config.ci || !config.name) return undefined;
  return { repository: config.ci.githubRepository, environment: config.ci.githubEnvironment ?? config.name };
}

/** Runs every rule whose fields are present in `partial`. */
export function checkEnvironment(partial: Partial<EnvironmentConfig>, fileStem: string): RuleFinding[] {
  return ENVIRONMENT_RULES.filter((r) => r.needs.every((k) => partial[k] !== undefined)).flatMap((r) =>
    r.check(partial as EnvironmentConfig, fileStem),
  );
}

/**
 * Rules across environments: VPCs must not overlap (peering, VPN and Transit Gateway need
 * distinct ranges), no two share a GitHub environment or a runner label, and a state bucket lives
 * in one account and region, so environments that share one must share those too.
 */
export function checkAcrossEnvironments(
  envs: readonly { file: string; config: Partial<EnvironmentConfig> }[],
): { file: string; finding: RuleFinding }[] {
  const results: { file: string; finding: RuleFinding }[] = [];
  // Each clash of two files is one problem, reported once on the later file and naming the earlier
  // one (a copy of an environment usually comes second): the fix is in either file, never both.
  envs.forEach((b, j) => {
    envs.slice(0, j).forEach((a) => {
      const ca = a.config.network && parseCidr(a.config.network.vpcCidr);
      const cb = b.config.network && parseCidr(b.config.network.vpcCidr);
      if (ca && cb && overlaps(ca, cb)) {
        results.push({
          file: b.file,
          finding: {
            path: "network.vpcCidr",
            value: b.config.network!.vpcCidr,
            rule:
              `must not overlap the VPC of ${a.file} (${a.config.network!.vpcCidr}): ` +
              "environments need distinct ranges to be peered or reached over VPN; change the range of one of the two",
          },
        });
      }
      // GitHub jobs of one GitHub environment may assume the deploy role of every environment that names it.
      const ga = githubEnvironmentOf(a.config);
      const gb = githubEnvironmentOf(b.config);
      if (ga && gb && ga.repository === gb.repository && ga.environment === gb.environment) {
        results.push({
          file: b.file,
          finding: {
            path: "ci.githubEnvironment",
            value: gb.environment,
            rule:
              `${b.config.ci?.githubEnvironment === undefined ? "(unset: the environment's name) " : ""}` +
              `must not be shared with ${a.file}: ` +
              `the jobs of GitHub environment ${ga.environment} could then assume the deploy roles of both environments; ` +
              "give each environment its own",
          },
        });
      }
      // A runner takes any queued job that asks for its label: a copied file would hand its jobs to the other environment's runner.
      const la = a.config.ci?.appsRunnerLabel;
      if (la !== undefined && la === b.config.ci?.appsRunnerLabel) {
        results.push({
          file: b.file,
          finding: {
            path: "ci.appsRunnerLabel",
            value: la,
            rule:
              `must not be shared with ${a.file}: a runner takes any job that asks for its label, ` +
              "so one environment's apps jobs would run on the other's runner (in its VPC); give each environment its own runner",
          },
        });
      }
      const sa = a.config.backend?.type === "s3" ? a.config.backend : undefined;
      const sb = b.config.backend?.type === "s3" ? b.config.backend : undefined;
      if (sa && sb && sa.bucket === sb.bucket && a.config.accountId && b.config.accountId && a.config.region && b.config.region) {
        const ra = sa.region ?? a.config.region;
        const rb = sb.region ?? b.config.region;
        if (a.config.accountId !== b.config.accountId || ra !== rb) {
          results.push({
            file: b.file,
            finding: {
              path: "backend.bucket",
              value: sb.bucket,
              rule:
                `must not be shared with ${a.file}, which is in account ${a.config.accountId} and region ${ra}: ` +
                "a state bucket belongs to one account and region",
            },
          });
        }
      }
    });
  });
  return results;
}
