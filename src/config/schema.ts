import { z } from "./zod";
import {
  AURORA_MAX_ACU,
  AURORA_MIN_ACU,
  AURORA_POSTGRES_VERSIONS,
  DEFAULT_AURORA_POSTGRES_VERSION,
  ENDPOINTS_REQUIRED_WITHOUT_NAT,
  DEFAULT_KUBERNETES_VERSION,
  INTERFACE_ENDPOINT_SERVICES,
  KUBERNETES_RELEASES,
  KUBERNETES_VERSIONS,
  LOG_RETENTION_DAYS,
} from "./catalog";
import { cidrProblem, contains, formatCidr, parseCidr, PRIVATE_RANGES, publicAllowListProblem } from "./cidr";
import { EC2_INSTANCE_TYPES, EC2_INSTANCE_TYPES_SOURCE } from "./ec2-instance-types";
import { RESERVED_SERVICE_NAMES } from "../naming";
import { closest } from "./suggest";

/**
 * The environment file, field by field. This is the single source of truth: the TypeScript
 * types, the validation and `environments/environment.schema.json` (for editors) all come from it.
 * Rules that relate several fields (AZs of the region, min <= max, overlapping CIDRs) live in
 * `rules.ts`. Every default is visible here.
 */

const text = (pattern: RegExp, rule: string) => z.string().regex(pattern, { error: rule });
const int = (min: number, max: number) =>
  z
    .int({ error: "must be a whole number" })
    .min(min, { error: `must be ${min} or more` })
    .max(max, { error: `must be ${max} or less` });

/** A DNS label as Kubernetes, ECR and most AWS resource names accept it. */
const dnsLabel = (maxLength: number) =>
  text(
    new RegExp(`^(?=.{1,${maxLength}}$)[a-z]([a-z0-9]|-(?!-))*[a-z0-9]$`),
    `must be 2-${maxLength} lowercase letters, digits and single hyphens, starting with a letter and ending with a letter or digit`,
  );

/** Adds an issue at `path` (relative to the object being refined). */
type Ctx = z.core.$RefinementCtx;
const fail = (ctx: Ctx, path: PropertyKey[], message: string) => ctx.addIssue({ code: "custom", path, message });

/** Array refinement: `field` of every item must be unique. */
const uniqueBy =
  <T>(field: keyof T & string, what: string) =>
  (items: T[], ctx: Ctx) => {
    const seen = new Map<unknown, number>();
    items.forEach((item, i) => {
      const value = item[field];
      if (value === undefined) return;
      const first = seen.get(value);
      if (first === undefined) seen.set(value, i);
      else fail(ctx, [i, field], `must be unique: ${what} is already used by item [${first}]`);
    });
  };

/** Array refinement: no value twice. */
const distinct = (what: string) => (items: readonly string[], ctx: Ctx) => {
  items.forEach((item, i) => {
    const first = items.indexOf(item);
    if (first !== i) fail(ctx, [i], `must be unique: ${what} is already listed at [${first}]`);
  });
};

/**
 * 0 ACU (auto-pause) on an engine version that cannot pause. Every version in today's catalog can
 * (the LTS minors are all recent enough); the rule stays for versions added later.
 */
export function autoPauseProblem(
  engineVersion: string,
  minCapacityAcu: number,
  versions: Readonly<Record<string, { readonly supportsAutoPause: boolean }>> = AURORA_POSTGRES_VERSIONS,
): string | undefined {
  if (minCapacityAcu !== 0 || versions[engineVersion]?.supportsAutoPause !== false) return undefined;
  const pausable = Object.keys(versions).filter((v) => versions[v].supportsAutoPause);
  return (
    `can be 0 (auto-pause) only on engine versions that support it (${pausable.join(", ")}); ` +
    `engine ${engineVersion} needs at least 0.5`
  );
}

const cidr = z.string().superRefine((value, ctx) => {
  const problem = cidrProblem(value);
  if (problem) ctx.addIssue({ code: "custom", message: problem });
});

const logRetentionDays = z.number().refine((v) => (LOG_RETENTION_DAYS as readonly number[]).includes(v), {
  error: `must be a retention CloudWatch Logs accepts: ${LOG_RETENTION_DAYS.join(", ")}`,
});

/** Refinement: an EC2 instance type that exists (the catalog in ec2-instance-types.ts), with the closest one suggested. */
export function instanceTypeProblem(type: string): string | undefined {
  if (EC2_INSTANCE_TYPES.has(type)) return undefined;
  // A family that exists lists its sizes (t4g.mega: nano ... 2xlarge); otherwise the closest type (m7q.large: m7g.large).
  const [family, size] = type.split(".");
  const sizes = [...EC2_INSTANCE_TYPES].filter((t) => t.startsWith(`${family}.`)).map((t) => t.slice(family.length + 1));
  const order = (s: string) =>
    ["nano", "micro", "small", "medium", "large"].indexOf(s) + 1 || 6 + (parseInt(s, 10) || (s.includes("metal") ? 999 : 1));
  const hint =
    sizes.length > 0
      ? ` (${family} comes in ${sizes.sort((a, b) => order(a) - order(b)).join(", ")})`
      : ((suggestion) => (suggestion ? ` (did you mean ${suggestion}?)` : ""))(
          closest(
            type,
            [...EC2_INSTANCE_TYPES].filter((t) => t.endsWith(`.${size}`)),
            2,
          ),
        );
  return (
    `is not an EC2 instance type${hint}: checked against src/config/ec2-instance-types.ts, ` +
    `the ${EC2_INSTANCE_TYPES.size} types of ${EC2_INSTANCE_TYPES_SOURCE.package} ${EC2_INSTANCE_TYPES_SOURCE.version} ` +
    `(${EC2_INSTANCE_TYPES_SOURCE.published}); ` +
    `a newer type: bump that devDependency and run npm run instance-types`
  );
}
const existingInstanceType = (type: string, ctx: Ctx) => {
  const problem = instanceTypeProblem(type);
  if (problem) ctx.addIssue({ code: "custom", message: problem });
};

export const REGION_PATTERN =
  /^(us|eu|ap|sa|ca|me|af|il|mx)-(gov-)?(north|south|east|west|central|northeast|southeast|northwest|southwest)-\d$/;

const flowLogsSchema = z
  .strictObject({
    trafficType: z.enum(["ALL", "REJECT", "ACCEPT"]).default("ALL").meta({ description: "Which traffic the VPC flow logs record." }),
    retentionDays: logRetentionDays.default(90).meta({ description: "Flow log retention in CloudWatch Logs (days)." }),
  })
  .meta({ description: "VPC flow logs to CloudWatch Logs, encrypted with the network stack's key." });

const networkSchema = z
  .strictObject({
    vpcCidr: cidr.meta({
      description: "VPC IPv4 range, /16 to /21, private (RFC 1918 or 100.64.0.0/10). Subnets are computed from it.",
      examples: ["10.10.0.0/16"],
    }),
    natMode: z
      .enum(["none", "instance", "single", "per-az"])
      .default("single")
      .meta({
        description:
          "NAT for the private subnets: none (needs interface endpoints), " +
          "instance (one small EC2 NAT instance, about $7/month, non-production only), " +
          "single (one NAT gateway, about $36/month) or per-az (a gateway per AZ, survives an AZ outage).",
      }),
    natInstanceType: z
      .string()
      .regex(/^[a-z][a-z0-9-]*\.[a-z0-9]+$/, "must be an EC2 instance type such as t4g.nano")
      .superRefine((type, ctx) => {
        if (/^[a-z][a-z0-9-]*\.[a-z0-9]+$/.test(type)) existingInstanceType(type, ctx);
      })
      .default("t4g.nano")
      .meta({ description: "The NAT instance's EC2 type when natMode is instance (Graviton types run the arm64 image)." }),
    interfaceEndpoints: z.array(z.enum(INTERFACE_ENDPOINT_SERVICES)).superRefine(distinct("this endpoint")).default([]).meta({
      description: "Interface VPC endpoints to create (about $7/month per endpoint and AZ). The S3 gateway endpoint is always created.",
    }),
    flowLogs: flowLogsSchema.default({ trafficType: "ALL", retentionDays: 90 }),
  })
  .superRefine((network, ctx) => {
    const vpc = parseCidr(network.vpcCidr);
    if (vpc && !PRIVATE_RANGES.some((range) => contains(range, vpc))) {
      fail(ctx, ["vpcCidr"], `must lie inside a private range (${PRIVATE_RANGES.map(formatCidr).join(", ")})`);
    }
    if (network.natMode === "none") {
      const missing = ENDPOINTS_REQUIRED_WITHOUT_NAT.filter((e) => !network.interfaceEndpoints.includes(e));
      if (missing.length > 0) {
        fail(
          ctx,
          ["interfaceEndpoints"],
          `must include ${missing.join(", ")} when network.natMode is none: without NAT the cluster reaches AWS only through them`,
        );
      }
    }
  });

const databaseSchema = z
  .strictObject({
    engineVersion: z
      .enum(Object.keys(AURORA_POSTGRES_VERSIONS) as [string, ...string[]])
      .default(DEFAULT_AURORA_POSTGRES_VERSION)
      .meta({ description: "Aurora PostgreSQL engine version (pinned; minor upgrades are not automatic)." }),
    databaseName: text(
      /^[a-z][a-z0-9_]{0,62}$/,
      "must be a PostgreSQL identifier: a lowercase letter, then up to 62 lowercase letters, digits or underscores",
    )
      .default("roadwarrior")
      .meta({ description: "Name of the database Aurora creates; the services connect to it." }),
    masterUsername: text(/^[a-z][a-z0-9_]{0,15}$/, "must be a lowercase letter, then up to 15 lowercase letters, digits or underscores")
      .refine((v) => !["postgres", "admin", "root", "rdsadmin", "rds_superuser", "master"].includes(v), {
        error: "must not be a default or reserved name (postgres, admin, root, rdsadmin, rds_superuser, master)",
      })
      .default("rw_admin")
      .meta({ description: "Aurora's master user; its password is kept in a secret RDS manages. Reserved names are refused." }),
    minCapacityAcu: z
      .number()
      .min(AURORA_MIN_ACU, { error: `must be ${AURORA_MIN_ACU} or more` })
      .max(AURORA_MAX_ACU, { error: `must be ${AURORA_MAX_ACU} or less` })
      .refine((v) => Number.isInteger(v * 2), { error: "must be a multiple of 0.5 ACU" })
      .default(0.5)
      .meta({ description: "Aurora Serverless v2 minimum capacity (ACU). 0 pauses the database when idle (versions that support it)." }),
    maxCapacityAcu: z
      .number()
      .min(1, { error: "must be 1 or more" })
      .max(AURORA_MAX_ACU, { error: `must be ${AURORA_MAX_ACU} or less` })
      .refine((v) => Number.isInteger(v * 2), { error: "must be a multiple of 0.5 ACU" })
      .default(4)
      .meta({ description: "Aurora Serverless v2 maximum capacity (ACU): the ceiling of the database's cost." }),
    secondsUntilAutoPause: int(300, 86400).default(900).meta({ description: "Idle time before a 0-ACU database pauses." }),
    readers: int(0, 15).default(0).meta({ description: "Reader instances, placed in the AZs after the writer's." }),
    backupRetentionDays: int(1, 35).default(7).meta({ description: "Days Aurora keeps its automated backups (point-in-time restore)." }),
    deletionProtection: z
      .boolean()
      .default(true)
      .meta({ description: "Aurora refuses to be deleted until this is turned off and deployed; production requires it." }),
    finalSnapshot: z.boolean().default(true).meta({ description: "Take a final snapshot when the cluster is destroyed." }),
    performanceInsightsRetentionDays: z
      .union([z.literal(7), z.literal(465)])
      .default(7)
      .meta({ description: "Performance Insights retention: 7 days is free, 465 days is paid long-term retention." }),
    slowQueryThresholdMs: int(0, 3_600_000).default(500).meta({ description: "log_min_duration_statement in milliseconds." }),
    logRetentionDays: logRetentionDays
      .default(90)
      .meta({ description: "Retention of the exported postgresql log (it holds slow statements)." }),
  })
  .superRefine((db, ctx) => {
    if (db.minCapacityAcu > db.maxCapacityAcu)
      fail(ctx, ["minCapacityAcu"], `must not exceed database.maxCapacityAcu (${db.maxCapacityAcu})`);
    const pause = autoPauseProblem(db.engineVersion, db.minCapacityAcu);
    if (pause) fail(ctx, ["minCapacityAcu"], pause);
  });

const storageSchema = z.strictObject({
  logsExpirationDays: int(1, 3650).default(365).meta({ description: "Days before access logs in the logs bucket expire." }),
  noncurrentVersionExpirationDays: int(1, 3650).default(90).meta({ description: "Days a replaced or deleted object version is kept." }),
  forceDestroy: z
    .boolean()
    .default(false)
    .meta({ description: "Let Terraform delete non-empty buckets and image repositories. Never in prod." }),
  secretRecoveryDays: int(0, 30)
    .refine((days) => days === 0 || days >= 7, {
      error: "must be 0 (deleted at once) or 7 to 30: Secrets Manager accepts no other recovery window",
    })
    .optional()
    .meta({
      description:
        "Days a deleted service secret can still be restored: 0 deletes it at once (non-production only), or 7 to 30. " +
        "Default: 30 in production; 0 in non-production, so a torn-down environment can be deployed again at once " +
        "(a secret scheduled for deletion keeps its name until the window ends).",
    }),
});

/** Tag prefixes of throwaway builds whose images expire; release tags never match one. */
export const DEFAULT_THROWAWAY_TAG_PREFIXES = ["pr-", "tmp-"];

const registrySchema = z
  .strictObject({
    untaggedExpirationDays: int(1, 365)
      .default(7)
      .meta({ description: "Days before an untagged image (a layer no tag names any more) expires." }),
    throwawayTagPrefixes: z
      .array(
        text(/^[A-Za-z0-9_][A-Za-z0-9_.-]{0,99}$/, "must be the start of a Docker image tag (1-100 letters, digits, _ . -)").refine(
          (p) => /[^0-9.]/.test(p),
          {
            error: "must contain a letter, _ or -: a prefix of digits and dots would also match release tags such as 1.2.0",
          },
        ),
      )
      .max(20, { error: "must list 20 prefixes or fewer" })
      .superRefine(distinct("this prefix"))
      .default(DEFAULT_THROWAWAY_TAG_PREFIXES)
      .meta({
        description:
          "Tag prefixes of throwaway builds (pull requests, experiments): their images expire after throwawayExpirationDays. " +
          "Every other tagged image (a release) is kept forever, so a Deployment can always pull what it runs. " +
          "A service's imageTag may not start with one.",
      }),
    throwawayExpirationDays: int(1, 365)
      .default(14)
      .meta({ description: "Days after push before an image whose tag starts with a throwaway prefix expires." }),
    keepImages: z
      .unknown()
      .optional()
      .superRefine((value, ctx) => {
        if (value !== undefined) {
          ctx.addIssue({
            code: "custom",
            message:
              "was removed: keeping the last N images of any tag expired the release a Deployment runs " +
              "(ImagePullBackOff on the next reschedule). " +
              "Remove it; releases are now kept, and throwawayTagPrefixes / throwawayExpirationDays expire throwaway builds",
          });
        }
      })
      .meta({ description: "Removed (it expired release images): use throwawayTagPrefixes and throwawayExpirationDays." }),
  })
  .meta({ description: "ECR image expiry: untagged images and throwaway tag prefixes only; release tags never expire." });

const kmsSchema = z.strictObject({
  deletionWindowDays: int(7, 30).default(30).meta({ description: "Waiting period before a deleted key is gone (7-30 days)." }),
  breakGlassRoleArn: text(/^arn:aws[a-z-]*:iam::\d{12}:role\/[\w+=,.@/-]{1,512}$/, "must be an IAM role ARN")
    .optional()
    .meta({
      description:
        "The only role that may schedule deletion of, disable, or bypass the lockout check " +
        "on the environment's data, cluster and network keys; " +
        "required in production. Keep it out of CI. Without it, nobody may (an administrator must edit the key policy first).",
    }),
});

const taintSchema = z.strictObject({
  key: text(/^([a-z0-9.-]+\/)?[A-Za-z0-9]([A-Za-z0-9._-]{0,61}[A-Za-z0-9])?$/, "must be a Kubernetes label key").meta({
    description: "Taint key, as a Kubernetes label key (optional DNS prefix and a name).",
  }),
  value: z.string().max(63, { error: "must be 63 characters or fewer" }).default("").meta({ description: "Taint value (may be empty)." }),
  effect: z
    .enum(["NO_SCHEDULE", "NO_EXECUTE", "PREFER_NO_SCHEDULE"])
    .meta({ description: "What the taint does to pods that do not tolerate it (the EKS API's spelling)." }),
});

const GRAVITON_FAMILY = /^[a-z]+\d+[a-z-]*g[a-z-]*\./;

const nodeGroupSchema = z
  .strictObject({
    name: dnsLabel(32).meta({ description: "Node group name, unique in the environment (part of the EKS node group's name)." }),
    architecture: z.enum(["x86_64", "arm64"]).default("arm64").meta({ description: "arm64 runs on Graviton (about 20% cheaper)." }),
    capacityType: z
      .enum(["ON_DEMAND", "SPOT"])
      .default("ON_DEMAND")
      .meta({ description: "SPOT is cheaper and can be interrupted; production needs at least two instance types for it." }),
    instanceTypes: z
      .array(z.string().superRefine(existingInstanceType))
      .min(1, { error: "must list at least one instance type" })
      .superRefine(distinct("this instance type"))
      .meta({ description: "EC2 instance types of the group, all of the group's architecture (checked against the EC2 catalog)." }),
    minSize: int(0, 450).meta({ description: "Fewest nodes of the group." }),
    desiredSize: int(0, 450).meta({
      description: "Nodes at creation, between minSize and maxSize (later changes are kept out of the plan).",
    }),
    maxSize: int(1, 450).meta({ description: "Most nodes of the group." }),
    diskSizeGib: int(20, 16384).default(40).meta({ description: "Encrypted root volume size of each node." }),
    maxUnavailablePercentage: int(1, 100).default(33).meta({ description: "update_config: share of nodes replaced at once." }),
    labels: z.record(z.string(), z.string()).default({}).meta({ description: "Kubernetes labels on the group's nodes." }),
    taints: z.array(taintSchema).default([]).meta({ description: "Kubernetes taints on the group's nodes." }),
  })
  .superRefine((g, ctx) => {
    if (g.minSize > g.maxSize) fail(ctx, ["minSize"], `must not exceed maxSize (${g.maxSize})`);
    if (g.desiredSize < g.minSize || g.desiredSize > g.maxSize) {
      fail(ctx, ["desiredSize"], `must lie between minSize (${g.minSize}) and maxSize (${g.maxSize})`);
    }
    g.instanceTypes.forEach((type, j) => {
      const graviton = GRAVITON_FAMILY.test(type);
      if (EC2_INSTANCE_TYPES.has(type) && graviton !== (g.architecture === "arm64")) {
        fail(
          ctx,
          ["instanceTypes", j],
          `must match architecture ${g.architecture}: ${type} is ${graviton ? "" : "not "}a Graviton (arm64) type`,
        );
      }
    });
  });

/** A Kubernetes duration as Karpenter takes it (`30s`, `5m`, `720h`, `1h30m`). */
const duration = text(/^(\d+(s|m|h))+$/, "must be a duration such as 30s, 5m or 720h");

const karpenterBudgetSchema = z
  .strictObject({
    nodes: text(/^(\d+|\d{1,2}%|100%)$/, "must be a node count such as 1 or a percentage such as 10%").meta({
      description: "How many of the pool's nodes may be disrupted at once (a number or a percentage).",
    }),
    schedule: text(
      /^(@(yearly|annually|monthly|weekly|daily|midnight|hourly)|(\S+\s+){4}\S+)$/,
      "must be a cron expression of five fields or a macro such as @daily",
    )
      .optional()
      .meta({ description: "When the budget applies (cron, UTC); needs duration." }),
    duration: duration.optional().meta({ description: "How long the budget applies from each scheduled start." }),
    reasons: z
      .array(z.enum(["Underutilized", "Empty", "Drifted"]))
      .min(1, { error: "must list at least one reason, or be left out for all reasons" })
      .optional()
      .meta({ description: "Disruption reasons the budget limits; all of them when left out." }),
  })
  .superRefine((b, ctx) => {
    if ((b.schedule === undefined) !== (b.duration === undefined)) fail(ctx, ["schedule"], "and duration must be set together");
  });

export const KARPENTER_INSTANCE_CATEGORIES = ["c", "m", "r", "t"] as const;

const nodePoolSchema = z
  .strictObject({
    name: dnsLabel(40).meta({ description: "NodePool name, unique in the environment." }),
    architectures: z
      .array(z.enum(["arm64", "x86_64"]))
      .min(1, { error: "must list at least one architecture" })
      .superRefine(distinct("this architecture"))
      .default(["arm64"])
      .meta({
        description: "CPU architectures the pool may launch; every service image must run on each (services[].imageArchitectures).",
      }),
    capacityTypes: z
      .array(z.enum(["spot", "on-demand"]))
      .min(1, { error: "must list at least one capacity type" })
      .superRefine(distinct("this capacity type"))
      .default(["on-demand"])
      .meta({ description: "spot and/or on-demand; with both, Karpenter prefers Spot and falls back to on-demand." }),
    instanceCategories: z
      .array(z.enum(KARPENTER_INSTANCE_CATEGORIES))
      .superRefine(distinct("this category"))
      .optional()
      .meta({ description: "EC2 instance categories (c compute, m general, r memory, t burstable). Not with instanceTypes." }),
    instanceFamilies: z
      .array(text(/^[a-z]+\d+[a-z-]*$/, "must be an EC2 instance family such as m7g"))
      .superRefine(distinct("this family"))
      .optional()
      .meta({ description: "EC2 instance families such as m7g, c7g. Not with instanceTypes." }),
    instanceSizes: z
      .array(text(/^(nano|micro|small|medium|large|\d*xlarge)$/, "must be an EC2 instance size such as large or 2xlarge"))
      .superRefine(distinct("this size"))
      .optional()
      .meta({ description: "EC2 instance sizes such as medium, large, xlarge. Not with instanceTypes." }),
    instanceTypes: z
      .array(z.string().superRefine(existingInstanceType))
      .min(1, { error: "must list at least one instance type, or be left out" })
      .superRefine(distinct("this instance type"))
      .optional()
      .meta({ description: "Explicit instance types, instead of categories, families and sizes." }),
    limits: z
      .strictObject(
        {
          cpu: int(1, 100_000).meta({ description: "Most vCPUs the pool may run at once, summed over its nodes." }),
          memoryGib: int(1, 1_000_000).meta({ description: "Most memory (GiB) the pool may run at once, summed over its nodes." }),
        },
        { error: "is required: the pool's CPU and memory limits are the environment's cost ceiling" },
      )
      .meta({ description: "Required: the ceiling Karpenter never launches past; the cost ceiling of the pool." }),
    consolidationPolicy: z
      .enum(["WhenEmptyOrUnderutilized", "WhenEmpty"])
      .default("WhenEmptyOrUnderutilized")
      .meta({ description: "Remove or replace underutilized nodes too, or only empty ones." }),
    consolidateAfter: duration
      .default("1m")
      .meta({ description: "How long a node stays empty or underutilized before it is consolidated." }),
    expireAfter: z
      .union([duration, z.literal("Never")])
      .default("720h")
      .meta({ description: "Nodes older than this are replaced (fresh AMI and kernel); Never keeps them." }),
    budgets: z
      .array(karpenterBudgetSchema)
      .min(1, { error: "must list at least one budget" })
      .default([{ nodes: "10%" }])
      .meta({ description: "Disruption budgets: how many nodes consolidation, drift and expiry may take at once." }),
    diskSizeGib: int(20, 16384).default(40).meta({ description: "Encrypted gp3 root volume size." }),
    labels: z
      .record(text(/^([a-z0-9.-]+\/)?[A-Za-z0-9]([A-Za-z0-9._-]{0,61}[A-Za-z0-9])?$/, "must be a Kubernetes label key"), z.string().max(63))
      .default({})
      .meta({ description: "Kubernetes labels on the pool's nodes (not in a domain Karpenter or Kubernetes reserves)." }),
    taints: z.array(taintSchema).default([]).meta({ description: "Kubernetes taints on the pool's nodes." }),
  })
  .superRefine((pool, ctx) => {
    if (pool.instanceTypes && (pool.instanceCategories || pool.instanceFamilies || pool.instanceSizes)) {
      fail(
        ctx,
        ["instanceTypes"],
        "must not be combined with instanceCategories, instanceFamilies or instanceSizes: list explicit types or describe them, not both",
      );
    }
    (pool.instanceTypes ?? []).forEach((type, j) => {
      const arch = GRAVITON_FAMILY.test(type) ? "arm64" : "x86_64";
      if (EC2_INSTANCE_TYPES.has(type) && !pool.architectures.includes(arch)) {
        fail(ctx, ["instanceTypes", j], `must match the pool's architectures (${pool.architectures.join(", ")}): ${type} is ${arch}`);
      }
    });
    for (const key of Object.keys(pool.labels)) {
      if (/^(karpenter\.sh|karpenter\.k8s\.aws|kubernetes\.io|k8s\.io)\//.test(key) || key.includes(".kubernetes.io/")) {
        fail(
          ctx,
          ["labels", key],
          "must not use a label domain Karpenter or Kubernetes reserves (karpenter.sh, karpenter.k8s.aws, kubernetes.io, k8s.io)",
        );
      }
    }
  });

const karpenterSchema = z
  .strictObject({
    systemNodeGroup: dnsLabel(32).meta({
      description:
        "The managed node group that runs Karpenter, CoreDNS, the Load Balancer Controller and metrics-server " +
        "(never a node Karpenter made).",
    }),
    nodePools: z
      .array(nodePoolSchema)
      .min(1, { error: "must define at least one node pool" })
      .superRefine(uniqueBy("name", "this node pool name"))
      .meta({ description: "Karpenter NodePools, each with its EC2NodeClass and its limits." }),
  })
  .meta({
    description: "Karpenter: nodes for pods that do not fit, launched and removed by load, within each pool's limits (docs/karpenter.md).",
  });

const clusterSchema = z.strictObject({
  kubernetesVersion: z
    .enum(KUBERNETES_VERSIONS, {
      error: () =>
        "must be a Kubernetes version this project supports: " +
        KUBERNETES_VERSIONS.map((v) => `${v} (EKS standard support until ${KUBERNETES_RELEASES[v].endOfStandardSupport})`).join(", ") +
        ". " +
        "Versions are added in src/config/catalog.ts (KUBERNETES_RELEASES, each with its pinned add-on versions)",
    })
    .default(DEFAULT_KUBERNETES_VERSION)
    .meta({ description: "EKS Kubernetes version (standard support only)." }),
  // An allow-list: each entry a public unicast range of /24 or longer. (Production must leave it empty: rules.ts.)
  endpointPublicAccessCidrs: z
    .array(
      cidr
        .refine((c) => parseCidr(c)?.prefix !== 0, {
          error:
            "must not open the API endpoint to the whole internet: " +
            "list your office or VPN ranges, or leave the list empty for a private endpoint",
        })
        .superRefine((value, ctx) => {
          const block = parseCidr(value);
          if (!block || block.prefix === 0) return;
          const problem = publicAllowListProblem(value);
          if (problem) ctx.addIssue({ code: "custom", message: problem });
        }),
    )
    .default([])
    .meta({
      description:
        "CIDRs allowed to reach the public API endpoint; empty (the default) keeps the endpoint private. Non-production only " +
        "(the laptop path, docs/deploy.md): each entry a public IPv4 unicast range of /24 or longer, such as your own address " +
        "as a /32 or your office's range (not private, loopback, link-local, carrier-grade NAT, multicast, documentation or reserved).",
    }),
  adminRoleArns: z
    .array(text(/^arn:aws[a-z-]*:iam::\d{12}:role\/[\w+=,.@/-]{1,512}$/, "must be an IAM role ARN"))
    .min(1, {
      error:
        "must list at least one IAM role: " +
        "the cluster is created without admin rights for its creator, so nobody else could administer it or deploy the apps stack",
    })
    .superRefine(distinct("this role"))
    .meta({ description: "IAM roles that get cluster-admin through EKS access entries (the deploying role among them)." }),
  allowedAdminAccountIds: z
    .array(text(/^\d{12}$/, "must be a quoted AWS account id of 12 digits"))
    .superRefine(distinct("this account"))
    .default([])
    .meta({
      description:
        "Other AWS accounts whose roles adminRoleArns may name (e.g. a central operations account). " +
        "Empty: every admin role must be in this environment's own account (accountId).",
    }),
  serviceCidr: cidr.default("172.20.0.0/16").meta({ description: "Kubernetes service range; must not overlap the VPC." }),
  logRetentionDays: logRetentionDays.default(90).meta({ description: "Retention of the control-plane logs in CloudWatch Logs (days)." }),
  nodeGroups: z
    .array(nodeGroupSchema)
    .min(1, { error: "must define at least one node group" })
    .superRefine(uniqueBy("name", "this node group name"))
    .meta({ description: "EKS managed node groups (at least one: it runs the add-ons and, with Karpenter, Karpenter itself)." }),
  karpenter: karpenterSchema.optional(),
});

/**
 * Service-level objectives (docs/slo.md). CloudWatch writes a percentile statistic as p and a number
 * above 0 and below 100 with at most two decimals (pNN.NN: p50, p95, p99, p99.9).
 */
export const SLO_PERCENTILE_PATTERN = /^p(\d{1,2})(\.\d{1,2})?$/;
/** The fastest page fires at 14.4 times the error budget; a lower objective's budget could never burn that fast. */
export const SLO_MIN_AVAILABILITY_PERCENT = Math.ceil((100 - 100 / 14.4) * 100) / 100;

const availabilityPercent = z
  .number()
  .gt(0, { error: "must be above 0 (a percentage of successful requests, e.g. 99.9)" })
  .lt(100, { error: "must be below 100: an objective of 100% leaves no error budget, so every single error would page" })
  .refine((v) => v <= 0 || v >= 100 || v >= SLO_MIN_AVAILABILITY_PERCENT, {
    error:
      `must be ${SLO_MIN_AVAILABILITY_PERCENT} or more: the fast page fires when errors burn 14.4 times the budget, ` +
      "and below that objective even 100% errors burn it slower",
  });

const sloLatencySchema = z.strictObject({
  percentile: text(
    SLO_PERCENTILE_PATTERN,
    "must be a percentile CloudWatch supports: p and a number above 0 and below 100 with at most two decimals " + "(p50, p95, p99, p99.9)",
  )
    .refine((p) => !/^p0+(\.0+)?$/.test(p), { error: "must be above p0" })
    .meta({ description: "Which percentile of the target response time the objective bounds (CloudWatch pNN.NN)." }),
  thresholdMs: z
    .number()
    .gt(0, { error: "must be above 0 milliseconds" })
    .max(60_000, { error: "must be 60000 (one minute, the ALB's default idle timeout) or less" })
    .meta({ description: "That percentile's bound in milliseconds, measured by the ALB (TargetResponseTime)." }),
});

/** A public service's own objectives; anything left out comes from the environment's `slo`. */
const serviceSloSchema = z
  .strictObject({
    availabilityPercent: availabilityPercent.optional().meta({
      description: "Share of requests that must not fail (5xx or connection error) over the window; default: slo.availabilityPercent.",
    }),
    latency: sloLatencySchema
      .partial()
      .optional()
      .meta({ description: "Latency objective (percentile and threshold); each part left out comes from slo.latency." }),
  })
  .meta({ description: "This public service's objectives (docs/slo.md); only public services have them." });

export const DEFAULT_SLO_LATENCY = { percentile: "p95", thresholdMs: 1000 } as const;
/** The window the burn-rate factors 14.4, 6 and 1 are computed for (the SRE workbook's). */
export const SLO_WINDOW_DAYS = 30;

const sloSchema = z
  .strictObject({
    availabilityPercent: availabilityPercent.optional().meta({
      description:
        "Default availability objective of the public services (% of requests without a 5xx or connection error over the window). " +
        "Default: 99.99 in production, 99.5 in non-production. Above 0 and below 100.",
    }),
    latency: sloLatencySchema
      .default(DEFAULT_SLO_LATENCY)
      .meta({ description: "Default latency objective of the public services: a percentile and its bound in milliseconds." }),
    windowDays: z
      .literal(SLO_WINDOW_DAYS, {
        error:
          `must be ${SLO_WINDOW_DAYS}: the burn-rate factors (14.4, 6, 1) and the alarm windows (5 minutes to 3 days) ` +
          `are computed for a ${SLO_WINDOW_DAYS}-day window`,
      })
      .default(SLO_WINDOW_DAYS)
      .meta({ description: "The objectives' window in days (fixed at 30: the burn-rate alarms are computed for it)." }),
    burnRateAlarms: z
      .boolean()
      .optional()
      .meta({
        description:
          "Create the SLO alarms (docs/slo.md): burn-rate page and ticket and latency per public service (about $2.90 a month each), " +
          "restarts, autoscaler ceiling and error-log lines per service ($0.60 each). " +
          "Default: true in production (where it cannot be turned off), false in non-production.",
      }),
    minRequests: int(1, 100_000)
      .default(10)
      .meta({
        description:
          "Fewest requests a burn-rate window must hold to count: with fewer, its burn rate reads 0 " +
          "(a quiet service does not page for one failed request).",
      }),
  })
  .meta({ description: "Service-level objectives of the public services and their burn-rate alarms (docs/slo.md)." });

/** One outbound destination of a service (NetworkPolicy egress): an IPv4 block and TCP ports. */
const serviceEgressSchema = z.strictObject({
  cidr: cidr.meta({
    description: "IPv4 block of the destination (a partner's published addresses), outside the VPC.",
    examples: ["198.51.100.0/24"],
  }),
  ports: z
    .array(int(1, 65535))
    .min(1, { error: "must list at least one port" })
    .max(24, { error: "must list at most 24 ports (the VPC CNI's limit per NetworkPolicy rule)" })
    .superRefine((ports, ctx) => distinct("this port")(ports.map(String), ctx))
    .meta({ description: "TCP ports allowed to that block." }),
  description: z
    .string()
    .max(200, { error: "must be 200 characters or fewer" })
    .optional()
    .meta({ description: "Who is there (for reviewers), e.g. the travel agency's name." }),
});

const serviceSchema = z
  .strictObject({
    name: dnsLabel(28)
      .refine((name) => !(RESERVED_SERVICE_NAMES as readonly string[]).includes(name) && !/^(kube-|ci-|aws-)/.test(name), {
        error: `must not be a name the platform uses (${RESERVED_SERVICE_NAMES.join(", ")}, or kube-*, ci-*, aws-*)`,
      })
      .meta({ description: "Service name: its namespace, service account, ECR repository and IAM role are named after it." }),
    public: z.boolean().default(false).meta({ description: "Served on the shared internet-facing ALB under `path`." }),
    path: text(/^\/[A-Za-z0-9._~\-/]*$/, "must be an absolute URL path such as /api")
      .optional()
      .meta({ description: "URL path the ALB routes to a public service (required when public, refused otherwise)." }),
    port: z
      .int({ error: "must be a whole number" })
      .min(1024, {
        error:
          "must be 1024 or more: the services run as non-root with every capability dropped (the restricted Pod Security profile), " +
          "and such a process cannot bind a port below 1024",
      })
      .max(65535, { error: "must be 65535 or less" })
      .default(8080)
      .meta({ description: "Container port (unprivileged: the containers run as non-root)." }),
    healthPath: text(/^\/[A-Za-z0-9._~\-/]*$/, "must be an absolute URL path such as /healthz")
      .default("/healthz")
      .meta({ description: "HTTP path of the container's health check (probes and the ALB's target group)." }),
    canaryPath: text(/^\/[A-Za-z0-9._~\-/]*$/, "must be an absolute URL path such as /healthz")
      .optional()
      .meta({
        description:
          "Path the synthetic check requests after the service's path (monitoring.canaries), instead of healthPath; " +
          "public services only. The check passes on a 2xx answer.",
      }),
    imageTag: text(/^[A-Za-z0-9_][A-Za-z0-9_.-]{0,127}$/, "must be a Docker image tag")
      .refine((tag) => tag !== "latest", { error: "must name a release, not latest: the repositories have immutable tags" })
      .meta({ description: "Image tag in the environment's ECR repository for this service." }),
    cpu: text(/^\d+m?$/, "must be a Kubernetes CPU quantity such as 250m")
      .default("250m")
      .meta({ description: "CPU request of each replica (Kubernetes quantity)." }),
    memory: text(/^\d+(Mi|Gi)$/, "must be a Kubernetes memory quantity such as 512Mi")
      .default("512Mi")
      .meta({ description: "Memory request and limit of each replica (Kubernetes quantity)." }),
    imageArchitectures: z
      .array(z.enum(["arm64", "x86_64"]))
      .min(1, { error: "must list at least one architecture" })
      .superRefine(distinct("this architecture"))
      .default(["arm64"])
      .meta({ description: "CPU architectures the service's image is built for; Karpenter pools may only launch these." }),
    minReplicas: int(1, 100).default(2).meta({ description: "Fewest replicas the autoscaler (HPA) keeps." }),
    maxReplicas: int(1, 100).default(4).meta({ description: "Most replicas the autoscaler (HPA) runs." }),
    authenticate: z.boolean().default(false).meta({
      description: "Require sign-in through the Cognito user pool on the ALB for this service's path (needs a domain).",
    }),
    databaseUser: text(/^[a-z][a-z0-9_]{0,62}$/, "must be a PostgreSQL identifier")
      .optional()
      .meta({
        description: "PostgreSQL user the service connects as with IAM authentication; omit for services without a database.",
      }),
    allowedCallers: z
      .array(z.string())
      .superRefine(distinct("this caller"))
      .default([])
      .meta({
        description:
          "Services (names from `services`) whose pods may connect to this service's container port; " +
          "every other pod is refused by the NetworkPolicies (the ALB reaches public services regardless).",
        examples: [["trips-api"]],
      }),
    slo: serviceSloSchema.optional(),
    egress: z
      .array(serviceEgressSchema)
      .default([])
      .meta({
        description:
          "Outbound destinations outside the VPC this service may connect to (TCP), besides DNS, AWS APIs on 443 and its database. " +
          "By address only: NetworkPolicy cannot match host names.",
      }),
  })
  .superRefine((s, ctx) => {
    if (s.public && !s.path) fail(ctx, ["path"], "is required for a public service (the ALB routes by path)");
    if (!s.public && s.path) fail(ctx, ["path"], "is only allowed on a public service (set public: true or remove path)");
    if (s.minReplicas > s.maxReplicas) fail(ctx, ["minReplicas"], `must not exceed maxReplicas (${s.maxReplicas})`);
    if (s.authenticate && !s.public) fail(ctx, ["authenticate"], "is only possible on a public service (sign-in happens on the ALB)");
    if (s.canaryPath && !s.public) {
      fail(ctx, ["canaryPath"], "is only allowed on a public service (the synthetic check requests the public URL through the ALB)");
    }
    if (s.canaryPath && s.authenticate) {
      fail(
        ctx,
        ["canaryPath"],
        "is not allowed with authenticate: true: the ALB answers every unsigned request with a redirect to sign-in, " +
          "so the synthetic check cannot reach the service (such services are not probed)",
      );
    }
    if (s.slo && !s.public) fail(ctx, ["slo"], "is only allowed on a public service (the objectives are measured at the ALB)");
  });

const domainSchema = z
  .strictObject({
    name: text(
      /^(?=.{4,253}$)([a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z]{2,63}$/,
      "must be a lowercase DNS name such as api.example.com",
    ).meta({ description: "Host name the ALB serves (an A alias record is created for it)." }),
    hostedZoneId: text(/^Z[A-Z0-9]{1,31}$/, "must be a Route 53 hosted zone id such as Z0123456789ABCDEFGHIJ").meta({
      description: "Public hosted zone that holds the name; used for the certificate's DNS validation.",
    }),
  })
  .meta({
    description: "With a domain: HTTPS with an ACM certificate, HTTP redirected, WAF, optional Cognito sign-in. Without: HTTP only.",
  });

const ciSchema = z
  .strictObject({
    githubRepository: text(/^[A-Za-z0-9_.-]+\/[A-Za-z0-9_.-]+$/, "must be a GitHub repository as owner/name").meta({
      description: "The repository (owner/name) whose workflows may assume the CI roles through OIDC.",
    }),
    githubEnvironment: text(/^[A-Za-z0-9_.-]{1,255}$/, "must be a GitHub environment name")
      .optional()
      .meta({
        description: "GitHub environment whose jobs may deploy; defaults to the environment's name.",
      }),
    branch: text(/^[A-Za-z0-9_./-]{1,255}$/, "must be a branch name")
      .default("main")
      .meta({
        description: "Branch whose pushes deploy and may push images (the deploy and plan roles trust only its workflow runs).",
      }),
    appsRunnerLabel: text(/^[A-Za-z0-9_.-]{1,100}$/, "must be a GitHub runner label (letters, digits, _ . -)")
      .optional()
      .meta({
        description:
          "Label of your own self-hosted runner inside the VPC that plans and applies the <env>-apps stack. " +
          "Without it the cluster stack creates a CodeBuild-hosted runner (needs githubConnectionArn). No two environments may share one.",
      }),
    githubConnectionArn: text(
      /^arn:aws[a-z-]*:codeconnections:[a-z0-9-]+:\d{12}:connection\/[0-9a-f-]{36}$/,
      "must be a CodeConnections connection ARN (arn:aws:codeconnections:<region>:<account>:connection/<uuid>)",
    )
      .optional()
      .meta({
        description:
          "The account's GitHub connection (output github-connection of bootstrap-<accountId>, approved once in the console): " +
          "the CodeBuild runner of the apps jobs registers with it. Needed unless appsRunnerLabel names your own runner.",
      }),
  })
  .meta({ description: "GitHub Actions: the bootstrap stack creates the OIDC provider and the plan, deploy and image-push roles." });

/** `owner/name` of a GitHub repository, as GitHub allows them (the OIDC subject names it verbatim). */
export const GITHUB_REPOSITORY_PATTERN = /^[A-Za-z0-9](?:[A-Za-z0-9-]{0,38})\/[A-Za-z0-9_.-]{1,100}$/;

/**
 * A front-end origin: `scheme://host[:port]`, nothing after it (a browser's `Origin` header never
 * carries a path, so an origin with one would never match). Whether plain HTTP or a wildcard is
 * allowed depends on the environment's type: `rules.ts` checks that.
 */
export const ORIGIN_PATTERN = /^(https?):\/\/([^/?#\s:]+)(?::(\d{1,5}))?$/;

const frontendSchema = z
  .strictObject({
    githubRepository: text(GITHUB_REPOSITORY_PATTERN, "must be a GitHub repository as owner/name (letters, digits, - _ .)").meta({
      description:
        "The front end's repository (owner/name): its workflows on branch may assume <project>-<env>-ci-frontend and read the contract.",
    }),
    branch: text(/^[A-Za-z0-9_./-]{1,255}$/, "must be a branch name")
      .default("main")
      .meta({ description: "The front end's default branch: only its workflow runs may read the contract." }),
    origins: z
      .array(
        z.string().superRefine((origin, ctx) => {
          if (!ORIGIN_PATTERN.test(origin)) {
            fail(
              ctx,
              [],
              "must be an origin without a path, query or trailing slash, such as https://app.example.com or http://localhost:5173",
            );
          }
        }),
      )
      .min(1, { error: "must list at least one origin (the front end's address)" })
      .max(20, { error: "must list 20 origins or fewer" })
      .superRefine(distinct("this origin"))
      .meta({
        description:
          "Origins the browser front end is served from: the only ones CORS answers, and the browser sign-in client's callback and " +
          "logout URLs. Production: https:// only, no wildcard. Non-production may add http://localhost:<port> for a local front end.",
      }),
  })
  .meta({
    description:
      "The front-end module: the contract the back end publishes for it (SSM parameters, apps stack outputs), the role that reads it, " +
      "and the origins CORS allows (docs/frontend-contract.md).",
  });

export const BACKUP_VAULT_ARN_PATTERN = /^arn:aws[a-z-]*:backup:[a-z0-9-]+:(\d{12}):backup-vault:[A-Za-z0-9_.-]{2,50}$/;

const backupSchema = z
  .strictObject({
    enabled: z
      .boolean()
      .optional()
      .meta({
        description:
          "AWS Backup of the Aurora cluster and the assets bucket into a locked vault. " +
          "Default: true in production (where it cannot be turned off), false elsewhere.",
      }),
    retentionDays: int(1, 3650).default(35).meta({ description: "Days each daily recovery point is kept (at least minRetentionDays)." }),
    minRetentionDays: int(1, 3650).default(7).meta({
      description:
        "Vault lock (compliance mode) minimum retention: no one, the account root included, can delete a recovery point younger than this.",
    }),
    changeableForDays: int(3, 3650).default(3).meta({
      description: "Days after the first apply during which the vault lock can still be removed; after that it is immutable. At least 3.",
    }),
    schedule: text(/^cron\([^)]+\)$/, "must be an AWS Backup cron expression such as cron(0 3 * * ? *)")
      .default("cron(0 3 * * ? *)")
      .meta({
        description: "When the daily backup starts (UTC).",
      }),
    copyToVaultArn: text(
      BACKUP_VAULT_ARN_PATTERN,
      "must be a backup vault ARN such as arn:aws:backup:eu-central-1:444444444444:backup-vault:road-warrior-copies",
    )
      .optional()
      .meta({
        description:
          "A vault in a separate backup account that receives a copy of every recovery point " +
          "(its access policy must allow this account's backup:CopyIntoBackupVault).",
      }),
    copyRetentionDays: int(1, 3650).default(90).meta({ description: "Days the copies are kept in the backup account's vault." }),
  })
  .superRefine((b, ctx) => {
    if (b.retentionDays < b.minRetentionDays) {
      fail(
        ctx,
        ["retentionDays"],
        `must be at least minRetentionDays (${b.minRetentionDays}): the locked vault refuses recovery points that expire sooner`,
      );
    }
  })
  .meta({
    description:
      "Backups that no single credential can erase: " +
      "AWS Backup, its own vault and key, vault lock in compliance mode, optional copy to a backup account.",
  });

const ingressSchema = z
  .strictObject({
    allowedCidrs: z
      .array(
        cidr.refine((c) => parseCidr(c)?.prefix !== 0, {
          error:
            "must not open the ALB to the whole internet: " +
            "list your office, VPN or test-client ranges (or leave the list empty with a domain in production)",
        }),
      )
      .max(50, { error: "must list 50 CIDRs or fewer (each becomes a rule of the ALB's security group)" })
      .superRefine(distinct("this CIDR"))
      .default([])
      .meta({
        description:
          "IPv4 CIDRs allowed to reach the internet-facing ALB (alb.ingress.kubernetes.io/inbound-cidrs); empty: the whole internet. " +
          "A non-production environment without a domain must list some.",
      }),
  })
  .meta({ description: "Who may reach the public services' ALB." });

const alertsSchema = z.strictObject({
  emails: z
    .array(text(/^[^@\s]+@[^@\s]+\.[^@\s]+$/, "must be an email address"))
    .superRefine(distinct("this address"))
    .default([])
    .meta({ description: "Addresses subscribed to the alarm topic (each must confirm the subscription)." }),
  chat: z
    .strictObject({
      slackTeamId: text(/^T[A-Z0-9]{2,20}$/, "must be a Slack workspace (team) id such as T0123ABCDE").meta({
        description: "The Slack workspace, authorised once for AWS Chatbot in the console (docs/slo.md, manual steps).",
      }),
      slackChannelId: text(/^[CG][A-Z0-9]{2,20}$/, "must be a Slack channel id such as C0123ABCDE").meta({
        description: "The channel that receives the page and ticket alarms (invite @aws to a private channel).",
      }),
    })
    .optional()
    .meta({ description: "A Slack channel (AWS Chatbot) that also receives the burn-rate page and ticket alarms." }),
});

const costSchema = z.strictObject({
  approvalThresholdUsd: z
    .number({ error: "must be a number of US dollars per month" })
    .min(0, { error: "must be 0 or more" })
    .max(1_000_000, { error: "must be 1000000 or less" })
    .optional()
    .meta({
      description:
        "USD per month: a pull request that raises this environment's monthly floor by more than this gets a " +
        "'needs cost approval' banner and label (npm run cost -- --diff). Not set: no approval asked; it never blocks.",
    }),
});

/** How often a synthetic check may run: CloudWatch Synthetics accepts rate(1 minute) to rate(60 minutes) for a repeating canary. */
export const CANARY_INTERVAL_MINUTES = { min: 1, max: 60 } as const;
/** Days CloudWatch Synthetics keeps a canary's run records: 1 to 455. */
export const CANARY_RETENTION_DAYS = { min: 1, max: 455 } as const;

const canariesSchema = z
  .strictObject({
    enabled: z
      .boolean()
      .optional()
      .meta({
        description:
          "A CloudWatch Synthetics canary per public service (except those with authenticate: true), requesting " +
          "<base URL><path><healthPath or canaryPath> from outside the VPC, with its own alarm. " +
          "Default: true in production whose ALB is open (ingress.allowedCidrs empty), false elsewhere: a canary runs from AWS " +
          "addresses that are not fixed, so an ALB restricted by ingress.allowedCidrs refuses it.",
      }),
    intervalMinutes: int(CANARY_INTERVAL_MINUTES.min, CANARY_INTERVAL_MINUTES.max)
      .default(5)
      .meta({ description: "Minutes between two runs of each canary; every run is billed (npm run cost shows the monthly figure)." }),
    artifactRetentionDays: int(CANARY_RETENTION_DAYS.min, CANARY_RETENTION_DAYS.max)
      .default(30)
      .meta({
        description:
          "Days the canaries' run records and their artifacts (in the logs bucket under synthetics/) are kept; " +
          "a lifecycle rule of the logs bucket expires the artifacts.",
      }),
    failedRunsToAlarm: int(1, 10)
      .default(2)
      .meta({ description: "Consecutive failed runs (periods of intervalMinutes) before a canary's alarm fires." }),
  })
  .meta({ description: "Synthetic checks of the public services from outside (CloudWatch Synthetics)." });

const monitoringSchema = z
  .strictObject({
    canaries: canariesSchema.default(canariesSchema.parse({})),
    dashboard: z
      .boolean()
      .optional()
      .meta({
        description:
          "One CloudWatch dashboard for the environment (per service: requests, errors, latency, saturation, replicas; " +
          "Aurora; nodes), $3/month. Default: true in production, false elsewhere.",
      }),
  })
  .meta({ description: "Synthetic checks and the environment's dashboard." });

const backendSchema = z.discriminatedUnion("type", [
  z.strictObject({
    type: z.literal("s3"),
    bucket: text(
      /^(?=.{3,58}$)[a-z0-9][a-z0-9-]*[a-z0-9]$/,
      "must be an S3 bucket name of 3-58 lowercase letters, digits and hyphens (the bootstrap stack adds -logs for its access logs)",
    ).meta({ description: "The state bucket the account's bootstrap stack creates; keep the account id in its (global) name." }),
    region: text(REGION_PATTERN, "must be an AWS region such as eu-central-1").optional().meta({
      description: "Region of the state bucket; defaults to the environment's region. Another region needs crossRegion: true.",
    }),
    crossRegion: z.boolean().default(false).meta({
      description: "Set to true when backend.region is deliberately not the environment's region (a copied file usually means a leftover).",
    }),
  }),
  z.strictObject({
    type: z.literal("cloud"),
    organization: text(/^[A-Za-z0-9_-]{1,40}$/, "must be an HCP Terraform organization name").meta({
      description: "HCP Terraform organization that holds the workspaces.",
    }),
    workspacePrefix: text(/^[A-Za-z0-9_-]{0,60}$/, "must be letters, digits, - and _")
      .optional()
      .meta({
        description: "Workspace names are <prefix><stack>; defaults to <project>-.",
      }),
    hostname: z.string().default("app.terraform.io").meta({ description: "HCP Terraform or Terraform Enterprise host." }),
  }),
  z.strictObject({ type: z.literal("local") }),
]);

export const environmentSchema = z
  .strictObject({
    $schema: z.string().optional().meta({ description: "Path of this JSON Schema, for editors." }),
    name: dnsLabel(12).meta({ description: "Environment name; must equal the file name. Stacks are <name>-network, <name>-data, ..." }),
    project: dnsLabel(20).default("road-warrior").meta({ description: "Prefix of every resource name." }),
    environmentType: z
      .enum(["production", "non-production"], {
        error: (issue) =>
          issue.input === undefined
            ? "is required: production or non-production (no default: a copied file must say which it is, " +
              "so that a test environment never becomes production, nor production a test one, without saying so)"
            : "must be production or non-production",
      })
      .meta({
        description:
          "Required. production forbids the cost relaxations " +
          "(no deletion protection, no final snapshot, short backups, force-destroy, short KMS windows, HTTP only); " +
          "non-production allows them, never anything that weakens encryption.",
      }),
    region: text(REGION_PATTERN, "must be an AWS region such as eu-central-1").meta({ description: "AWS region of every stack." }),
    accountId: z
      .string({ error: "must be a quoted string of 12 digits (unquoted, YAML reads it as a number and drops leading zeros)" })
      .regex(/^\d{12}$/, { error: "must be 12 digits" })
      .meta({ description: "The only AWS account this environment may touch (the provider's allowed_account_ids)." }),
    trustedAccountIds: z
      .array(text(/^\d{12}$/, "must be a quoted AWS account id of 12 digits"))
      .superRefine(distinct("this account"))
      .default([])
      .meta({
        description:
          "Other AWS accounts that this environment's role trusts, resource policies and grants may name as principals " +
          "(e.g. a central backup or operations account). The plan review (PR-IAM-1) refuses a principal of any other account. " +
          "Empty: only accountId (and AWS's own service accounts, src/review/service-accounts.ts).",
      }),
    availabilityZones: z
      .array(z.string())
      .superRefine(distinct("this AZ"))
      .meta({ description: "Explicit AZs of the region (2 to 4); no look-ups happen at plan time." }),
    network: networkSchema.meta({ description: "The VPC: address range, NAT, endpoints, flow logs." }),
    database: databaseSchema
      .default(databaseSchema.parse({}))
      .meta({ description: "The Aurora PostgreSQL Serverless v2 cluster in the data stack." }),
    storage: storageSchema
      .default(storageSchema.parse({}))
      .meta({ description: "The assets and logs buckets, the image repositories and the service secrets." }),
    registry: registrySchema.default(registrySchema.parse({})),
    kms: kmsSchema
      .default(kmsSchema.parse({}))
      .meta({ description: "The environment's customer-managed KMS keys (data, cluster, network)." }),
    cluster: clusterSchema.meta({ description: "The EKS cluster in the cluster stack: version, API endpoint, administrators, nodes." }),
    services: z
      .array(serviceSchema)
      .min(1, { error: "must define at least one service" })
      .superRefine(uniqueBy("name", "this service name"))
      .superRefine(uniqueBy("databaseUser", "this database user"))
      .superRefine((services, ctx) =>
        uniqueBy<{ path?: string }>("path", "this path")(
          services.map((s) => ({ path: s.public ? s.path : undefined })),
          ctx,
        ),
      )
      .meta({ description: "The backend services, each one Helm release in the apps stack with its repository, secret and role." }),
    domain: domainSchema.optional(),
    ingress: ingressSchema.default(ingressSchema.parse({})),
    backup: backupSchema.default(backupSchema.parse({})),
    alerts: alertsSchema.default({ emails: [] }).meta({ description: "Who hears the environment's alarms." }),
    monitoring: monitoringSchema.default(monitoringSchema.parse({})),
    slo: sloSchema.default(sloSchema.parse({})),
    ci: ciSchema.optional(),
    frontend: frontendSchema.optional(),
    cost: costSchema.default({}).meta({ description: "Review of the monthly cost change of pull requests." }),
    tags: z
      .record(
        text(/^(?!aws:)[\p{L}\p{Z}\p{N}_.:/=+\-@]{1,128}$/u, "must be a tag key of 1-128 characters, not starting with aws:"),
        z.string().max(256, { error: "must be 256 characters or fewer" }),
      )
      .default({})
      .meta({
        description:
          "Tags added to every resource, besides project, environment, environment-type, stack and managed-by " +
          "(which win over a tag of the same name).",
      }),
    backend: backendSchema.meta({
      description: "Where Terraform state lives: s3 (default), cloud (HCP Terraform) or local (try without AWS).",
    }),
  })
  .meta({ title: "Road Warrior environment", description: "One deployment environment of the Road Warrior backend." });

export type EnvironmentConfig = z.output<typeof environmentSchema>;

/**
 * The recovery window of the service secrets: `storage.secretRecoveryDays`, else 30 in production and
 * 0 in non-production (a destroyed environment's secrets are gone at once, so it can be deployed again).
 */
export function secretRecoveryDaysOf(config: Pick<EnvironmentConfig, "environmentType" | "storage">): number {
  return config.storage.secretRecoveryDays ?? (config.environmentType === "production" ? 30 : 0);
}
/**
 * Whether the environment runs synthetic checks: `monitoring.canaries.enabled`, else in production whose ALB is open
 * to the internet (a canary's source address is not fixed, so an ALB restricted by `ingress.allowedCidrs` refuses it).
 */
export function canariesEnabled(config: Pick<EnvironmentConfig, "environmentType" | "monitoring" | "ingress">): boolean {
  return config.monitoring.canaries.enabled ?? (config.environmentType === "production" && config.ingress.allowedCidrs.length === 0);
}

/** Whether the environment has its dashboard: `monitoring.dashboard`, else only in production. */
export function dashboardEnabled(config: Pick<EnvironmentConfig, "environmentType" | "monitoring">): boolean {
  return config.monitoring.dashboard ?? config.environmentType === "production";
}
export type ClusterConfig = EnvironmentConfig["cluster"];
export type NodeGroupConfig = ClusterConfig["nodeGroups"][number];
export type KarpenterConfig = NonNullable<ClusterConfig["karpenter"]>;
export type NodePoolConfig = KarpenterConfig["nodePools"][number];
export type ServiceConfig = EnvironmentConfig["services"][number];
export type BackendConfig = EnvironmentConfig["backend"];
export type FrontendConfig = NonNullable<EnvironmentConfig["frontend"]>;
