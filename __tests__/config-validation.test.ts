import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { stringify } from "yaml";
import { ConfigError } from "../src/config/issues";
import { synthesize } from "../src/synth";
import { ENDPOINTS_REQUIRED_WITHOUT_NAT } from "../src/config/catalog";
import { builtInRaw, ENVIRONMENTS_DIR, issuesOf } from "./support/environments";

const STAGING_CONNECTION = "arn:aws:codeconnections:eu-central-1:333333333333:connection/00000000-0000-4000-8000-000000000000";
import { snapshotTree } from "./support/files";

type Raw = Record<string, any>;
type Case = [description: string, mutate: (env: Raw) => void, path: string, rule: RegExp];

/** Files that are not YAML mappings at all. */
const syntaxCases: [string, string, RegExp][] = [
  ["YAML with an unclosed flow sequence", "name: dev\nregion: [eu-central-1\n", /not valid YAML at line \d+, column \d+/],
  ["YAML with a key given twice", "name: dev\nname: prod\n", /not valid YAML.*unique/i],
  ["YAML with a tab indentation", "name: dev\nnetwork:\n\tvpcCidr: 10.0.0.0/16\n", /not valid YAML/],
  ["a list instead of a mapping", "- a\n- b\n", /must be a YAML mapping/],
  ["an empty file", "", /must be a YAML mapping/],
];

/** Each rule, broken once on an otherwise valid dev.yaml: the message names the field and the rule. */
const cases: Case[] = [
  ["unknown top-level key", (e) => (e.databse = {}), "databse", /is not a known field/],
  ["unknown nested key", (e) => (e.network.natGateways = 2), "network.natGateways", /is not a known field/],
  ["missing required field", (e) => delete e.region, "region", /is required/],
  ["wrong type: text for a number", (e) => (e.database.maxCapacityAcu = "four"), "database.maxCapacityAcu", /must be a number/],
  ["wrong type: unquoted account id", (e) => (e.accountId = 111111111111), "accountId", /quoted string of 12 digits/],
  ["wrong type: unquoted engine version", (e) => (e.database.engineVersion = 16.8), "database.engineVersion", /quote it/],
  [
    "wrong type: unquoted 15.10, which YAML reads as 15.1",
    (e) => (e.database.engineVersion = 15.1),
    "database.engineVersion",
    /must be one of 15\.10, 16\.8, 17\.7 \(quote it/,
  ],
  ["account id of 11 digits", (e) => (e.accountId = "11111111111"), "accountId", /must be 12 digits/],
  ["environment name with capitals", (e) => (e.name = "Dev"), "name", /lowercase letters/],
  ["environment name too long for AWS names", (e) => (e.name = "development-eu"), "name", /2-12 lowercase/],
  ["environment name with a double hyphen", (e) => (e.name = "de--v"), "name", /single hyphens/],
  ["name other than the file name", (e) => (e.name = "qa"), "name", /must equal the file name \(dev\.yaml\)/],
  ["region that does not exist", (e) => (e.region = "europe-1"), "region", /must be an AWS region/],
  ["CIDR with a /33 prefix", (e) => (e.network.vpcCidr = "10.0.0.0/33"), "network.vpcCidr", /prefix length above 32/],
  ["CIDR with host bits", (e) => (e.network.vpcCidr = "10.0.0.1/16"), "network.vpcCidr", /host bits set/],
  ["CIDR with an octet above 255", (e) => (e.network.vpcCidr = "10.300.0.0/16"), "network.vpcCidr", /octet above 255/],
  ["CIDR that is not a CIDR", (e) => (e.network.vpcCidr = "ten-dot-zero"), "network.vpcCidr", /IPv4 CIDR block/],
  ["public VPC range", (e) => (e.network.vpcCidr = "8.8.0.0/16"), "network.vpcCidr", /private range/],
  ["VPC too small for the subnets", (e) => (e.network.vpcCidr = "10.10.0.0/22"), "network.vpcCidr", /too small.*\/24.*use \/21 or larger/],
  ["VPC larger than AWS allows", (e) => (e.network.vpcCidr = "10.0.0.0/15"), "network.vpcCidr", /AWS allows VPCs from \/16/],
  ["one availability zone", (e) => (e.availabilityZones = ["eu-central-1a"]), "availabilityZones", /2 to 4 availability zones/],
  ["zero availability zones", (e) => (e.availabilityZones = []), "availabilityZones", /2 to 4 availability zones/],
  [
    "five availability zones",
    (e) => (e.availabilityZones = ["a", "b", "c", "d", "e"].map((z) => `eu-central-1${z}`)),
    "availabilityZones",
    /2 to 4 availability zones/,
  ],
  ["AZ of another region", (e) => (e.availabilityZones[1] = "eu-west-1b"), "availabilityZones[1]", /availability zone of eu-central-1/],
  ["duplicate AZ", (e) => (e.availabilityZones[1] = "eu-central-1a"), "availabilityZones[1]", /must be unique/],
  [
    "NAT none without endpoints",
    (e) => (e.network.natMode = "none"),
    "network.interfaceEndpoints",
    /must include ecr\.api, ecr\.dkr, sts, eks-auth, ec2, elasticloadbalancing, logs, secretsmanager, ssm, sqs when/,
  ],
  [
    "NAT none without the Pod Identity and CNI endpoints",
    (e) =>
      Object.assign(e.network, {
        natMode: "none",
        interfaceEndpoints: ["ecr.api", "ecr.dkr", "sts", "logs", "elasticloadbalancing", "secretsmanager"],
      }),
    "network.interfaceEndpoints",
    /must include eks-auth, ec2, ssm, sqs when network.natMode is none/,
  ],
  [
    "NAT none without Karpenter's SSM and SQS endpoints",
    (e) =>
      Object.assign(e.network, {
        natMode: "none",
        interfaceEndpoints: ["ecr.api", "ecr.dkr", "sts", "eks-auth", "ec2", "logs", "elasticloadbalancing", "secretsmanager"],
      }),
    "network.interfaceEndpoints",
    /must include ssm, sqs when network.natMode is none/,
  ],
  ["NAT mode unknown", (e) => (e.network.natMode = "two"), "network.natMode", /must be one of none, instance, single, per-az/],
  [
    "NAT instance type not an instance type",
    (e) => (e.network.natInstanceType = "nano"),
    "network.natInstanceType",
    /must be an EC2 instance type/,
  ],
  [
    "duplicate interface endpoint",
    (e) => (e.network.interfaceEndpoints = ["sts", "sts"]),
    "network.interfaceEndpoints[1]",
    /must be unique/,
  ],
  [
    "log retention CloudWatch refuses",
    (e) => (e.network.flowLogs.retentionDays = 45),
    "network.flowLogs.retentionDays",
    /retention CloudWatch Logs accepts/,
  ],
  [
    "database min above max",
    (e) => Object.assign(e.database, { minCapacityAcu: 8, maxCapacityAcu: 4 }),
    "database.minCapacityAcu",
    /must not exceed database\.maxCapacityAcu \(4\)/,
  ],
  ["database capacity above 256 ACU", (e) => (e.database.maxCapacityAcu = 512), "database.maxCapacityAcu", /256 or less/],
  ["database capacity not a multiple of 0.5", (e) => (e.database.maxCapacityAcu = 2.3), "database.maxCapacityAcu", /multiple of 0\.5/],
  [
    "engine version not pinned here",
    (e) => (e.database.engineVersion = "16.1"),
    "database.engineVersion",
    /must be one of 15\.10, 16\.8, 17\.7/,
  ],
  [
    "default master user name",
    (e) => (e.database.masterUsername = "postgres"),
    "database.masterUsername",
    /must not be a default or reserved name/,
  ],
  ["backup retention above 35 days", (e) => (e.database.backupRetentionDays = 36), "database.backupRetentionDays", /35 or less/],
  [
    "node group min above max",
    (e) => Object.assign(e.cluster.nodeGroups[0], { minSize: 5, desiredSize: 5, maxSize: 4 }),
    "cluster.nodeGroups[0].minSize",
    /must not exceed maxSize \(4\)/,
  ],
  [
    "node group desired outside min..max",
    (e) => (e.cluster.nodeGroups[0].desiredSize = 9),
    "cluster.nodeGroups[0].desiredSize",
    /between minSize \(1\) and maxSize \(4\)/,
  ],
  [
    "production SPOT with one instance type",
    (e) => Object.assign(e, { environmentType: "production" }),
    "cluster.nodeGroups[0].instanceTypes",
    /at least two instance types for SPOT capacity in a production environment/,
  ],
  [
    "instance type in no family format",
    (e) => (e.cluster.nodeGroups[0].instanceTypes[0] = "large"),
    "cluster.nodeGroups[0].instanceTypes[0]",
    /EC2 instance type/,
  ],
  [
    "x86 type in an arm64 group",
    (e) => (e.cluster.nodeGroups[0].instanceTypes[0] = "m7i.large"),
    "cluster.nodeGroups[0].instanceTypes[0]",
    /must match architecture arm64/,
  ],
  [
    "duplicate node group name",
    (e) => e.cluster.nodeGroups.push({ ...e.cluster.nodeGroups[0] }),
    "cluster.nodeGroups[1].name",
    /must be unique/,
  ],
  ["no node group", (e) => (e.cluster.nodeGroups = []), "cluster.nodeGroups", /at least one node group/],
  [
    "API endpoint open to the internet",
    (e) => (e.cluster.endpointPublicAccessCidrs = ["0.0.0.0/0"]),
    "cluster.endpointPublicAccessCidrs[0]",
    /whole internet/,
  ],
  // The public endpoint sees public source addresses only: an entry that is no public unicast range admits nobody
  // (or a copied example), and a wide one admits a whole provider. Each refused entry is named by its index.
  ...(
    [
      ["a private (RFC 1918) range", "10.20.0.0/24", /private \(RFC 1918\)/],
      ["the loopback range", "127.0.0.1/32", /loopback/],
      ["a link-local address", "169.254.169.254/32", /link-local/],
      ["carrier-grade NAT's shared range", "100.64.1.0/24", /shared address space of carrier-grade NAT \(RFC 6598\)/],
      ["a multicast range", "224.0.0.0/24", /multicast/],
      ["a reserved range", "240.0.0.0/24", /reserved/],
      ["a documentation range (a copied example)", "203.0.113.0/24", /documentation/],
      ["a public range wider than /24", "81.2.0.0/16", /must be \/24 or longer/],
    ] as const
  ).map(([what, value, rule]): Case => [
    `API endpoint open to ${what}`,
    (e) => (e.cluster.endpointPublicAccessCidrs = ["81.2.69.160/32", value]),
    "cluster.endpointPublicAccessCidrs[1]",
    rule,
  ]),
  [
    "Kubernetes version not supported",
    (e) => (e.cluster.kubernetesVersion = "1.29"),
    "cluster.kubernetesVersion",
    /must be a Kubernetes version this project supports: 1\.36 \(EKS standard support until \d{4}-\d\d-\d\d\)\. Versions are added in src\/config\/catalog\.ts/,
  ],
  ["unknown key close to a known one", (e) => (e.databse = {}), "databse", /is not a known field \(did you mean database\?\)/],
  [
    "unknown nested key close to a known one",
    (e) => (e.cluster.nodeGroups[0].instanceType = ["t4g.medium"]),
    "cluster.nodeGroups[0].instanceType",
    /did you mean instanceTypes\?/,
  ],
  [
    "node group instance type that does not exist",
    (e) => (e.cluster.nodeGroups[0].instanceTypes = ["t4g.mega"]),
    "cluster.nodeGroups[0].instanceTypes[0]",
    /is not an EC2 instance type \(t4g comes in nano, micro, small, medium, large, xlarge, 2xlarge\): checked against src\/config\/ec2-instance-types\.ts.*npm run instance-types/,
  ],
  [
    "node group instance size the family lacks",
    (e) => (e.cluster.nodeGroups[0].instanceTypes = ["t4g.24xlarge"]),
    "cluster.nodeGroups[0].instanceTypes[0]",
    /is not an EC2 instance type/,
  ],
  [
    "NAT instance type that does not exist",
    (e) => (e.network.natInstanceType = "t4g.mega"),
    "network.natInstanceType",
    /is not an EC2 instance type \(t4g comes in nano, /,
  ],
  [
    "admin role of another account (a copy-paste leftover)",
    (e) => (e.cluster.adminRoleArns[1] = "arn:aws:iam::222222222222:role/road-warrior-prod-ci-deploy"),
    "cluster.adminRoleArns[1]",
    /must be a role in this environment's account 111111111111 \(accountId\), not 222222222222; .*cluster\.allowedAdminAccountIds/,
  ],
  [
    "trusted account that is the environment's own (a typo of another account would hide behind it)",
    (e) => (e.trustedAccountIds = ["444444444444", "111111111111"]),
    "trustedAccountIds[1]",
    /must be another account than accountId \(111111111111\): the environment's own account is always trusted/,
  ],
  [
    "trusted account that is not 12 digits",
    (e) => (e.trustedAccountIds = ["44444444444"]),
    "trustedAccountIds[0]",
    /must be a quoted AWS account id of 12 digits/,
  ],
  [
    "state bucket region other than the environment's, not marked",
    (e) => (e.backend.region = "eu-west-1"),
    "backend.region",
    /must be the environment's region eu-central-1 .*backend\.crossRegion: true/,
  ],
  ["no admin role for the cluster", (e) => (e.cluster.adminRoleArns = []), "cluster.adminRoleArns", /at least one IAM role/],
  [
    "service range overlapping the VPC",
    (e) => (e.cluster.serviceCidr = "10.10.128.0/24"),
    "cluster.serviceCidr",
    /must not overlap network\.vpcCidr/,
  ],
  ["image tag latest", (e) => (e.services[0].imageTag = "latest"), "services[trips-api].imageTag", /not latest/],
  ["image tag missing", (e) => delete e.services[0].imageTag, "services[trips-api].imageTag", /is required/],
  ["sign-in without a domain", (e) => (e.services[0].authenticate = true), "services[trips-api].authenticate", /needs a domain/],
  [
    "sign-in on a worker",
    (e) =>
      Object.assign(
        e,
        { domain: { name: "api.example.com", hostedZoneId: "Z123" } },
        { services: [e.services[0], { ...e.services[1], authenticate: true }] },
      ),
    "services[reservation-sync].authenticate",
    /only possible on a public service/,
  ],
  ["domain that is not a DNS name", (e) => (e.domain = { name: "API_example", hostedZoneId: "Z123" }), "domain.name", /DNS name/],
  ["domain without a zone", (e) => (e.domain = { name: "api.example.com" }), "domain.hostedZoneId", /is required/],
  [
    "production without deletion protection",
    (e) => Object.assign(e, { environmentType: "production" }),
    "database.deletionProtection",
    /must be true in a production environment/,
  ],
  [
    "production without a final snapshot",
    (e) => Object.assign(e, { environmentType: "production" }),
    "database.finalSnapshot",
    /must be true in a production environment/,
  ],
  [
    "production with 3 days of backups",
    (e) => Object.assign(e, { environmentType: "production" }),
    "database.backupRetentionDays",
    /must be 7 or more in a production environment/,
  ],
  [
    "production with force-destroyable buckets",
    (e) => Object.assign(e, { environmentType: "production" }),
    "storage.forceDestroy",
    /must be false in a production environment/,
  ],
  [
    "production with a 7-day KMS window",
    (e) => Object.assign(e, { environmentType: "production" }),
    "kms.deletionWindowDays",
    /must be 30 \(the maximum\) in a production environment/,
  ],
  [
    "production with a secret deleted at once",
    (e) => Object.assign(e, { environmentType: "production", storage: { ...e.storage, secretRecoveryDays: 0 } }),
    "storage.secretRecoveryDays",
    /must be 30 in a production environment/,
  ],
  [
    "production with a NAT instance",
    (e) => Object.assign(e, { environmentType: "production" }),
    "network.natMode",
    /must be single or per-az in a production environment/,
  ],
  [
    "production over plain HTTP",
    (e) => Object.assign(e, { environmentType: "production" }),
    "domain",
    /is required: HTTPS only in a production environment/,
  ],
  ["unknown environment type", (e) => (e.environmentType = "staging"), "environmentType", /must be production or non-production/],
  [
    "environment type left out (a copied file does not become production silently)",
    (e) => delete e.environmentType,
    "environmentType",
    /is required: production or non-production/,
  ],
  [
    "public API endpoint in production (production deploys only through CI)",
    (e) => {
      e.environmentType = "production";
      e.cluster.endpointPublicAccessCidrs = ["81.2.69.160/32"];
    },
    "cluster.endpointPublicAccessCidrs",
    /must be empty in a production environment: .*deploys only through CI/,
  ],
  [
    "secret recovery window Secrets Manager refuses",
    (e) => (e.storage.secretRecoveryDays = 3),
    "storage.secretRecoveryDays",
    /must be 0 \(deleted at once\) or 7 to 30/,
  ],
  ["KMS window below AWS's minimum", (e) => (e.kms.deletionWindowDays = 3), "kms.deletionWindowDays", /7 or more/],
  ["node group size above the EKS limit", (e) => (e.cluster.nodeGroups[0].maxSize = 1000), "cluster.nodeGroups[0].maxSize", /450 or less/],
  ["CPU request that is not a quantity", (e) => (e.services[0].cpu = "half"), "services[trips-api].cpu", /Kubernetes CPU quantity/],
  ["health path that is not a path", (e) => (e.services[0].healthPath = "healthz"), "services[trips-api].healthPath", /absolute URL path/],
  ["CI repository without an owner", (e) => (e.ci.githubRepository = "road-warrior-infra"), "ci.githubRepository", /owner\/name/],
  ["alert address that is not an email", (e) => (e.alerts.emails = ["oncall"]), "alerts.emails[0]", /email address/],
  ["admin role that is not a role ARN", (e) => (e.cluster.adminRoleArns = ["admin"]), "cluster.adminRoleArns[0]", /IAM role ARN/],
  ["duplicate service name", (e) => (e.services[1].name = "trips-api"), "services[1].name", /must be unique/],
  [
    "duplicate service path",
    (e) => Object.assign(e.services[1], { public: true, path: "/api" }),
    "services[reservation-sync].path",
    /must be unique/,
  ],
  ["public service without a path", (e) => delete e.services[0].path, "services[trips-api].path", /required for a public service/],
  ["worker with a path", (e) => (e.services[1].path = "/sync"), "services[reservation-sync].path", /only allowed on a public service/],
  ["service name too long for its IAM role name", (e) => (e.services[0].name = "a".repeat(29)), "services[0].name", /2-28 lowercase/],
  ["service named like a platform role", (e) => (e.services[2].name = "nodes"), "services[2].name", /must not be a name the platform uses/],
  [
    "service named like a system namespace",
    (e) => (e.services[2].name = "kube-system"),
    "services[2].name",
    /must not be a name the platform uses/,
  ],
  ["privileged container port", (e) => (e.services[0].port = 80), "services[trips-api].port", /1024 or more/],
  ["port out of range", (e) => (e.services[0].port = 70000), "services[trips-api].port", /65535 or less/],
  [
    "replicas min above max",
    (e) => Object.assign(e.services[0], { minReplicas: 5, maxReplicas: 2 }),
    "services[trips-api].minReplicas",
    /must not exceed maxReplicas \(2\)/,
  ],
  [
    "the removed registry.keepImages",
    (e) => (e.registry.keepImages = 20),
    "registry.keepImages",
    /was removed: keeping the last N images of any tag expired the release/,
  ],
  [
    "a throwaway prefix of digits and dots",
    (e) => (e.registry.throwawayTagPrefixes = ["1."]),
    "registry.throwawayTagPrefixes[0]",
    /would also match release tags/,
  ],
  [
    "an empty throwaway prefix",
    (e) => (e.registry.throwawayTagPrefixes = [""]),
    "registry.throwawayTagPrefixes[0]",
    /must be the start of a Docker image tag/,
  ],
  [
    "a throwaway prefix twice",
    (e) => (e.registry.throwawayTagPrefixes = ["pr-", "pr-"]),
    "registry.throwawayTagPrefixes[1]",
    /must be unique/,
  ],
  [
    "a service deployed from a throwaway tag",
    (e) => (e.services[0].imageTag = "pr-17"),
    "services[trips-api].imageTag",
    /must not start with the throwaway prefix "pr-" \(registry\.throwawayTagPrefixes\): such images expire after 7 days/,
  ],
  [
    "non-production without a domain and without allowed CIDRs",
    (e) => (e.ingress.allowedCidrs = []),
    "ingress.allowedCidrs",
    /must list the CIDRs allowed to reach the ALB in a non-production environment without a domain .*set ingress\.allowedCidrs to your office, VPN or CI egress ranges .*or set domain/,
  ],
  [
    "an ALB open to the whole internet by CIDR",
    (e) => (e.ingress.allowedCidrs = ["0.0.0.0/0"]),
    "ingress.allowedCidrs[0]",
    /must not open the ALB to the whole internet/,
  ],
  ["an allowed CIDR with host bits", (e) => (e.ingress.allowedCidrs = ["198.51.100.7/24"]), "ingress.allowedCidrs[0]", /host bits set/],
  [
    "an allowed CIDR twice",
    (e) => (e.ingress.allowedCidrs = ["198.51.100.0/24", "198.51.100.0/24"]),
    "ingress.allowedCidrs[1]",
    /must be unique/,
  ],
  [
    "production with backups turned off",
    (e) => Object.assign(e, { environmentType: "production", backup: { enabled: false } }),
    "backup.enabled",
    /must be true in a production environment/,
  ],
  [
    "backup retention shorter than the vault lock's minimum",
    (e) => (e.backup = { retentionDays: 5, minRetentionDays: 7 }),
    "backup.retentionDays",
    /must be at least minRetentionDays \(7\)/,
  ],
  ["a vault lock grace time under 3 days", (e) => (e.backup = { changeableForDays: 1 }), "backup.changeableForDays", /must be 3 or more/],
  [
    "a backup copy to a vault of the same account",
    (e) => (e.backup = { copyToVaultArn: "arn:aws:backup:eu-central-1:111111111111:backup-vault:copies" }),
    "backup.copyToVaultArn",
    /must be a vault in another account than 111111111111/,
  ],
  [
    "a backup copy target that is not a vault ARN",
    (e) => (e.backup = { copyToVaultArn: "road-warrior-copies" }),
    "backup.copyToVaultArn",
    /must be a backup vault ARN/,
  ],
  [
    "service as the master user",
    (e) => (e.services[0].databaseUser = "rw_admin"),
    "services[trips-api].databaseUser",
    /must not be the master user/,
  ],
  [
    "two services, one database user",
    (e) => (e.services[1].databaseUser = "trips_api"),
    "services[reservation-sync].databaseUser",
    /must be unique/,
  ],
  ["no service", (e) => (e.services = []), "services", /at least one service/],
  [
    "caller that is not a service",
    (e) => (e.services[2].allowedCallers = ["trips-api", "billing"]),
    "services[notifications].allowedCallers[1]",
    /must name a service of this environment \(trips-api, reservation-sync, notifications\)/,
  ],
  [
    "service as its own caller",
    (e) => (e.services[2].allowedCallers = ["notifications"]),
    "services[notifications].allowedCallers[0]",
    /must not be the service itself/,
  ],
  [
    "caller listed twice",
    (e) => (e.services[2].allowedCallers = ["trips-api", "trips-api"]),
    "services[notifications].allowedCallers[1]",
    /must be unique/,
  ],
  [
    "outbound destination inside the VPC",
    (e) => (e.services[1].egress = [{ cidr: "10.10.160.0/21", ports: [5432] }]),
    "services[reservation-sync].egress[0].cidr",
    /must not overlap network\.vpcCidr \(10\.10\.0\.0\/16\)/,
  ],
  [
    "outbound destination to anywhere (covers the VPC)",
    (e) => (e.services[1].egress = [{ cidr: "0.0.0.0/0", ports: [22] }]),
    "services[reservation-sync].egress[0].cidr",
    /must not overlap network\.vpcCidr/,
  ],
  [
    "outbound destination that is a host name",
    (e) => (e.services[1].egress = [{ cidr: "api.agency.example", ports: [443] }]),
    "services[reservation-sync].egress[0].cidr",
    /IPv4 CIDR block/,
  ],
  [
    "outbound destination without ports",
    (e) => (e.services[1].egress = [{ cidr: "198.51.100.0/24", ports: [] }]),
    "services[reservation-sync].egress[0].ports",
    /at least one port/,
  ],
  [
    "more outbound ports than the VPC CNI allows in one rule",
    (e) => (e.services[1].egress = [{ cidr: "198.51.100.0/24", ports: Array.from({ length: 25 }, (_, i) => 2000 + i) }]),
    "services[reservation-sync].egress[0].ports",
    /at most 24 ports/,
  ],
  [
    "outbound port out of range",
    (e) => (e.services[1].egress = [{ cidr: "198.51.100.0/24", ports: [0] }]),
    "services[reservation-sync].egress[0].ports[0]",
    /1 or more/,
  ],
  ["tag key in the aws: namespace", (e) => (e.tags = { "aws:owner": "me" }), "tags.aws:owner", /not starting with aws:/],
  ["unknown backend type", (e) => (e.backend = { type: "gcs" }), "backend.type", /must be one of s3, cloud, local/],
  ["s3 backend without a bucket", (e) => (e.backend = { type: "s3" }), "backend.bucket", /is required/],
  ["state bucket name S3 rejects", (e) => (e.backend.bucket = "Road_Warrior"), "backend.bucket", /S3 bucket name/],
  ["cloud backend without organization", (e) => (e.backend = { type: "cloud" }), "backend.organization", /is required/],
];

/**
 * Every case runs the real synth entry point on a folder holding only the broken file, with a
 * previous cdktf.out in place: exit 1, a line naming the file, the field path and the rule, and
 * cdktf.out exactly as it was.
 */
describe("bad environment files: one failing case per rule, end to end", () => {
  const work = fs.mkdtempSync(path.join(os.tmpdir(), "rw-bad-input-"));
  const outdir = path.join(work, "cdktf.out");
  let before: Record<string, string>;

  beforeAll(() => {
    expect(synthesize({ environmentsDir: ENVIRONMENTS_DIR, outdir, log: { log: () => undefined, error: console.error } })).toBe(0);
    before = snapshotTree(outdir);
  });
  afterAll(() => fs.rmSync(work, { recursive: true, force: true }));

  test("the table has at least 40 malformed files", () => {
    expect(cases.length + syntaxCases.length).toBeGreaterThanOrEqual(40);
  });

  const run = (text: string) => {
    const dir = fs.mkdtempSync(path.join(work, "envs-"));
    fs.writeFileSync(path.join(dir, "dev.yaml"), text);
    const errors: string[] = [];
    const code = synthesize({ environmentsDir: dir, outdir, log: { log: () => undefined, error: (m: string) => errors.push(m) } });
    return { code, lines: errors.join("\n").split("\n"), file: path.join(dir, "dev.yaml") };
  };

  test.each(cases)("%s", (_description, mutate, field, rule) => {
    const env = builtInRaw("dev");
    mutate(env);
    const { code, lines, file } = run(stringify(env));
    expect(code).toBe(1);
    const line = lines.find((l) => l.includes(`${file}: ${field} = `) && rule.test(l));
    expect({ line, lines }).toEqual({ line: expect.any(String), lines });
    expect(snapshotTree(outdir)).toEqual(before);
  });

  test.each(syntaxCases)("%s", (_description, text, rule) => {
    const { code, lines, file } = run(text);
    expect(code).toBe(1);
    expect(lines.some((l) => l.startsWith(`  - ${file}: (whole file): `) && rule.test(l))).toBe(true);
    expect(snapshotTree(outdir)).toEqual(before);
  });

  test("the built-in environments are valid", () => {
    expect(issuesOf({ "dev.yaml": builtInRaw("dev"), "prod.yaml": builtInRaw("prod") })).toEqual([]);
  });
});

describe("the public API endpoint's CIDRs: an allow-list of public ranges", () => {
  test.each(["81.2.69.160/32", "81.2.69.0/24"])("%s (the deployer's /32, or an office /24) is accepted in a non-production file", (c) => {
    const dev = builtInRaw("dev");
    dev.cluster.endpointPublicAccessCidrs = [c];
    expect(issuesOf({ "dev.yaml": dev })).toEqual([]);
  });

  test("every refused entry is reported at once, each with its index, value and rule", () => {
    const dev = builtInRaw("dev");
    dev.cluster.endpointPublicAccessCidrs = ["192.168.1.0/24", "81.2.69.160/32", "81.0.0.0/8"];
    expect(issuesOf({ "dev.yaml": dev })).toEqual([
      expect.objectContaining({
        path: "cluster.endpointPublicAccessCidrs[0]",
        value: "192.168.1.0/24",
        rule: expect.stringMatching(/RFC 1918/),
      }),
      expect.objectContaining({
        path: "cluster.endpointPublicAccessCidrs[2]",
        value: "81.0.0.0/8",
        rule: expect.stringMatching(/\/24 or longer/),
      }),
    ]);
  });
});

describe("environment validation: files as a whole", () => {
  test("every problem of every file is reported at once", () => {
    const dev = builtInRaw("dev");
    dev.network.vpcCidr = "10.0.0.0/33";
    dev.cluster.nodeGroups[0].minSize = 9;
    dev.services[1].name = "trips-api";
    const prod = builtInRaw("prod");
    prod.region = "mars-1";
    const issues = issuesOf({ "dev.yaml": dev, "prod.yaml": prod });
    expect(issues.map((i) => `${i.file}:${i.path}`)).toEqual(
      expect.arrayContaining([
        "dev.yaml:network.vpcCidr",
        "dev.yaml:cluster.nodeGroups[0].minSize",
        "dev.yaml:services[1].name",
        "prod.yaml:region",
      ]),
    );
  });

  test("a broken section does not hide the rules of the others", () => {
    const dev = builtInRaw("dev");
    dev.cluster.nodeGroups = "many";
    dev.availabilityZones = ["eu-west-1a", "eu-west-1b"];
    const paths = issuesOf({ "dev.yaml": dev }).map((i) => i.path);
    expect(paths).toEqual(expect.arrayContaining(["cluster.nodeGroups", "availabilityZones[0]", "availabilityZones[1]"]));
  });

  test("overlapping VPCs of two environments are one problem, on the later file, naming both files", () => {
    const dev = builtInRaw("dev");
    const prod = builtInRaw("prod");
    prod.network.vpcCidr = "10.10.128.0/17";
    const issues = issuesOf({ "dev.yaml": dev, "prod.yaml": prod }).filter((i) => i.path === "network.vpcCidr");
    expect(issues).toEqual([
      expect.objectContaining({
        file: "prod.yaml",
        value: "10.10.128.0/17",
        rule: expect.stringMatching(/^must not overlap the VPC of dev\.yaml \(10\.10\.0\.0\/16\): .*change the range of one of the two$/),
      }),
    ]);
  });

  test("a state bucket shared by two accounts is refused", () => {
    const dev = builtInRaw("dev");
    const prod = builtInRaw("prod");
    prod.backend.bucket = dev.backend.bucket;
    const issues = issuesOf({ "dev.yaml": dev, "prod.yaml": prod }).filter((i) => i.path === "backend.bucket");
    expect(issues).toHaveLength(1);
    expect(issues[0]).toMatchObject({
      file: "prod.yaml",
      rule: expect.stringMatching(/^must not be shared with dev\.yaml, which is in account/),
    });
    expect(issues[0].rule).toMatch(/belongs to one account and region/);
  });

  test("two environments may not share a GitHub environment (a copy that keeps dev's would let dev's jobs deploy it)", () => {
    const dev = builtInRaw("dev");
    const staging: Record<string, any> = { ...builtInRaw("dev"), name: "staging", accountId: "333333333333" };
    staging.network = { ...staging.network, vpcCidr: "10.30.0.0/16" };
    staging.backend = { type: "s3", bucket: "road-warrior-tfstate-333333333333" };
    staging.cluster = { ...staging.cluster, adminRoleArns: ["arn:aws:iam::333333333333:role/admin"] };
    staging.ci = { ...staging.ci, githubConnectionArn: STAGING_CONNECTION };
    const issues = issuesOf({ "dev.yaml": dev, "staging.yaml": staging });
    expect(issues.map((i) => `${i.file}: ${i.path} = ${JSON.stringify(i.value)}: ${i.rule}`)).toEqual([
      expect.stringMatching(
        /^staging\.yaml: ci\.githubEnvironment = "dev": must not be shared with dev\.yaml: the jobs of GitHub environment dev could then assume the deploy roles of both/,
      ),
    ]);
    staging.ci = { ...staging.ci, githubEnvironment: "staging" };
    expect(issuesOf({ "dev.yaml": dev, "staging.yaml": staging })).toEqual([]);
    // Unset, it defaults to the environment's name: two files that leave it out do not clash.
    delete dev.ci.githubEnvironment;
    delete staging.ci.githubEnvironment;
    expect(issuesOf({ "dev.yaml": dev, "staging.yaml": staging })).toEqual([]);
  });

  /** dev copied into a staging file in another account: everything else made its own, so only the rule under test fires. */
  const stagingCopy = (): Record<string, any> => {
    const staging: Record<string, any> = { ...builtInRaw("dev"), name: "staging", accountId: "333333333333" };
    staging.network = { ...staging.network, vpcCidr: "10.30.0.0/16" };
    staging.backend = { type: "s3", bucket: "road-warrior-tfstate-333333333333" };
    staging.cluster = { ...staging.cluster, adminRoleArns: ["arn:aws:iam::333333333333:role/admin"] };
    staging.ci = { ...staging.ci, githubEnvironment: "staging", githubConnectionArn: STAGING_CONNECTION };
    return staging;
  };

  test("two environments may not share a runner label (a copy that keeps dev's would send its apps jobs to dev's runner)", () => {
    const dev = builtInRaw("dev");
    dev.ci.appsRunnerLabel = "team-runner";
    const staging = stagingCopy();
    staging.ci.appsRunnerLabel = "team-runner";
    const issues = issuesOf({ "dev.yaml": dev, "staging.yaml": staging });
    // One clash, one problem: on the later file (usually the copy), naming the other.
    expect(issues.map((i) => `${i.file}: ${i.path} = ${JSON.stringify(i.value)}: ${i.rule}`)).toEqual([
      expect.stringMatching(
        /^staging\.yaml: ci\.appsRunnerLabel = "team-runner": must not be shared with dev\.yaml: a runner takes any job/,
      ),
    ]);
    staging.ci.appsRunnerLabel = "staging-runner";
    expect(issuesOf({ "dev.yaml": dev, "staging.yaml": staging })).toEqual([]);
    // Both on the CodeBuild runners the project creates: each environment has its own project.
    delete dev.ci.appsRunnerLabel;
    delete staging.ci.appsRunnerLabel;
    expect(issuesOf({ "dev.yaml": dev, "staging.yaml": staging })).toEqual([]);
  });

  test("without NAT, an environment with ci must name its own runner: the CodeBuild runner would have no route to GitHub", () => {
    const dev = builtInRaw("dev");
    dev.network = { ...dev.network, natMode: "none", interfaceEndpoints: [...ENDPOINTS_REQUIRED_WITHOUT_NAT] };
    expect(issuesOf({ "dev.yaml": dev }).map((i) => `${i.path}: ${i.rule}`)).toEqual([
      expect.stringMatching(
        /^ci\.appsRunnerLabel: is required when network\.natMode is none: the CodeBuild runner the project creates needs a route to GitHub/,
      ),
    ]);
    expect(issuesOf({ "dev.yaml": { ...dev, ci: { ...dev.ci, appsRunnerLabel: "dev-in-vpc" } } })).toEqual([]);
    expect(issuesOf({ "dev.yaml": { ...dev, ci: undefined } })).toEqual([]);
  });

  test("the GitHub connection must be a CodeConnections connection ARN of the environment's own account", () => {
    const dev = builtInRaw("dev");
    dev.ci.githubConnectionArn = STAGING_CONNECTION;
    expect(issuesOf({ "dev.yaml": dev }).map((i) => `${i.path}: ${i.rule}`)).toEqual([
      expect.stringMatching(
        /^ci\.githubConnectionArn: must be a connection of the environment's account \(111111111111\): bootstrap-111111111111 creates it/,
      ),
    ]);
    dev.ci.githubConnectionArn = "arn:aws:codestar-connections:eu-central-1:111111111111:connection/x";
    expect(issuesOf({ "dev.yaml": dev }).map((i) => `${i.path}: ${i.rule}`)).toEqual([
      expect.stringMatching(/^ci\.githubConnectionArn: must be a CodeConnections connection ARN/),
    ]);
    // Left out (before bootstrap is applied and the connection approved), the file is valid: ci-matrix asks for it.
    delete dev.ci.githubConnectionArn;
    expect(issuesOf({ "dev.yaml": dev })).toEqual([]);
  });

  test("an admin role of another account is allowed when that account is listed on purpose", () => {
    const dev = builtInRaw("dev");
    dev.cluster.adminRoleArns.push("arn:aws:iam::444444444444:role/platform-operations");
    expect(issuesOf({ "dev.yaml": dev }).map((i) => i.path)).toEqual(["cluster.adminRoleArns[2]"]);
    dev.cluster.allowedAdminAccountIds = ["444444444444"];
    expect(issuesOf({ "dev.yaml": dev })).toEqual([]);
  });

  test("a state bucket in another region is allowed when the file says so; left out, it is the environment's region", () => {
    const dev = builtInRaw("dev");
    dev.backend.region = "eu-west-1";
    dev.backend.crossRegion = true;
    expect(issuesOf({ "dev.yaml": dev })).toEqual([]);
    delete dev.backend.region;
    delete dev.backend.crossRegion;
    expect(issuesOf({ "dev.yaml": dev })).toEqual([]);
  });

  test("service problems name the service, not its position", () => {
    const dev = builtInRaw("dev");
    dev.services[0].port = 80;
    dev.services[2].cpu = "lots";
    expect(issuesOf({ "dev.yaml": dev }).map((i) => i.path)).toEqual(["services[trips-api].port", "services[notifications].cpu"]);
  });

  test("messages show file, field, value and rule on one line", () => {
    const dev = builtInRaw("dev");
    dev.network.vpcCidr = "10.0.0.0/33";
    const message = new ConfigError(issuesOf({ "environments/dev.yaml": dev })).message;
    expect(message).toContain('environments/dev.yaml: network.vpcCidr = "10.0.0.0/33": has a prefix length above 32');
  });
});

describe("one problem, one message", () => {
  test("one badly indented line of a real file is one YAML problem, at that line", () => {
    const text = fs.readFileSync(path.join(__dirname, "..", "environments", "dev.yaml"), "utf8");
    const broken = text.replace(/^ {2}natMode:/m, "   natMode:");
    expect(broken).not.toBe(text);
    const issues = issuesOf({ "dev.yaml": broken });
    expect(issues).toHaveLength(1);
    expect(issues[0].rule).toMatch(/^is not valid YAML at line \d+, column \d+: /);
  });

  test("every key given twice is its own problem (a duplicate misleads the parser about nothing else)", () => {
    const issues = issuesOf({ "dev.yaml": "name: dev\nname: prod\nregion: a\nregion: b\n" });
    expect(issues.map((i) => i.rule)).toEqual([
      expect.stringMatching(/line 2, .*"name" is given twice/),
      expect.stringMatching(/line 4, .*"region" is given twice/),
    ]);
  });

  test("a file of garbage is one problem that asks whether it is YAML at all", () => {
    const issues = issuesOf({ "dev.yaml": "]]] [[[ {{ }} ::\n".repeat(20) });
    expect(issues).toHaveLength(1);
    expect(issues[0].rule).toMatch(/is it YAML at all\?/);
  });

  test("a port below 1024 says why: non-root, no capabilities, under the restricted Pod Security profile", () => {
    const dev = builtInRaw("dev");
    dev.services[0].port = 80;
    expect(issuesOf({ "dev.yaml": dev }).map((i) => i.rule)).toEqual([
      expect.stringMatching(
        /^must be 1024 or more: the services run as non-root with every capability dropped \(the restricted Pod Security profile\)/,
      ),
    ]);
  });
});
