/**
 * Versions this project supports, pinned in one place. An environment file may only choose among
 * these, so every version that can reach a plan has been validated and planned by the tests.
 */

export interface AuroraPostgresVersion {
  /** Cluster parameter group family for this major version. */
  readonly parameterGroupFamily: string;
  /** Whether Aurora Serverless v2 can scale this version to 0 ACU and pause it (16.3+, 15.7+, 14.12+, 13.15+). */
  readonly supportsAutoPause: boolean;
}

export const AURORA_POSTGRES_VERSIONS: Readonly<Record<string, AuroraPostgresVersion>> = {
  "15.6": { parameterGroupFamily: "aurora-postgresql15", supportsAutoPause: false },
  "16.6": { parameterGroupFamily: "aurora-postgresql16", supportsAutoPause: true },
  "17.4": { parameterGroupFamily: "aurora-postgresql17", supportsAutoPause: true },
};

/** The engine version new environments get. */
export const DEFAULT_AURORA_POSTGRES_VERSION = "16.6";

/** Aurora Serverless v2 capacity range in ACU (0 only where the version can pause). */
export const AURORA_MIN_ACU = 0;
export const AURORA_MAX_ACU = 256;

/** Retention values CloudWatch Logs accepts (days). */
export const LOG_RETENTION_DAYS = [
  1, 3, 5, 7, 14, 30, 60, 90, 120, 150, 180, 365, 400, 545, 731, 1096, 1827, 2192, 2557, 2922, 3288, 3653,
] as const;

/** Interface endpoints the network stack can create, as the service part of `com.amazonaws.<region>.<service>`. */
export const INTERFACE_ENDPOINT_SERVICES = [
  "ecr.api",
  "ecr.dkr",
  "sts",
  "logs",
  "eks",
  "eks-auth",
  "ec2",
  "elasticloadbalancing",
  "secretsmanager",
] as const;

/** What nodes without a NAT gateway need to pull images and get credentials. */
export const ENDPOINTS_REQUIRED_WITHOUT_NAT = ["ecr.api", "ecr.dkr", "sts"] as const;

/**
 * Kubernetes versions the cluster stack supports: in EKS standard support for at least six more
 * months when they were pinned (extended support costs six times as much per cluster hour).
 */
export const KUBERNETES_VERSIONS = ["1.35", "1.36"] as const;
export const DEFAULT_KUBERNETES_VERSION = "1.36";
