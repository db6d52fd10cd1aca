import { parse, stringify } from "yaml";

/** What docs/environments.md "Fields a copy must change" says must change in a copy of dev.yaml. */
export interface NewEnvironment {
  readonly name: string;
  readonly accountId: string;
  readonly region: string;
  /** A /16 that overlaps no other environment's VPC. */
  readonly vpcCidr: string;
}

/**
 * A copy of an environment file edited as the checklist says: name, account, region and its AZs,
 * VPC range, admin roles, GitHub environment and connection, alert address, cost-center tag and state bucket.
 * Everything else (sizes, services) stays as in the source, as a newcomer's copy would.
 */
export function copyEnvironment(sourceText: string, target: NewEnvironment): string {
  const raw = parse(sourceText) as Record<string, any>;
  const source = { name: raw.name as string, accountId: raw.accountId as string };
  raw.name = target.name;
  raw.accountId = target.accountId;
  raw.region = target.region;
  raw.availabilityZones = (raw.availabilityZones as string[]).map((_, i) => `${target.region}${"abcd"[i]}`);
  raw.network.vpcCidr = target.vpcCidr;
  raw.cluster.adminRoleArns = (raw.cluster.adminRoleArns as string[]).map((arn) =>
    arn.replace(`::${source.accountId}:`, `::${target.accountId}:`).replace(`-${source.name}-`, `-${target.name}-`),
  );
  if (raw.ci) raw.ci.githubEnvironment = target.name;
  // The new account's GitHub connection (output github-connection of its bootstrap stack): its own id, in its account.
  if (raw.ci?.githubConnectionArn) {
    const id = "00000000-0000-4000-8000-000000000000";
    raw.ci.githubConnectionArn = `arn:aws:codeconnections:${target.region}:${target.accountId}:connection/${id}`;
  }
  if (raw.alerts?.emails) raw.alerts.emails = (raw.alerts.emails as string[]).map((e) => e.replace(`+${source.name}@`, `+${target.name}@`));
  if (raw.tags?.["cost-center"]) raw.tags["cost-center"] = `road-warrior-${target.name}`;
  if (raw.backend?.type === "s3") raw.backend = { type: "s3", bucket: `road-warrior-tfstate-${target.accountId}` };
  return `# yaml-language-server: $schema=./environment.schema.json\n${stringify(raw)}`;
}
