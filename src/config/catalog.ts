/**
 * Versions this project supports, pinned in one place. An environment file may only choose among
 * these, so every version that can reach a plan has been validated and planned by the tests.
 * An add-on with a folder of its own keeps its pins there (`constructs/addons/<name>/pins.ts`).
 */

/**
 * Where a pin comes from: the page or record it was read from, the day it was checked, and the
 * `aws` command that confirms, from an account, that AWS still offers it (run it before the first
 * deploy in a region, and when a pin is older than six months).
 */
export interface PinSource {
  readonly source: string;
  /** YYYY-MM-DD. */
  readonly checked: string;
  readonly confirm: string;
}

export interface AuroraPostgresVersion {
  /** Cluster parameter group family for this major version. */
  readonly parameterGroupFamily: string;
  /** Whether Aurora Serverless v2 can scale this version to 0 ACU and pause it (16.3+, 15.7+, 14.12+, 13.15+). */
  readonly supportsAutoPause: boolean;
  /** A long-term-support minor: offered for new clusters for at least three years (an ordinary minor: about one). */
  readonly longTermSupport: boolean;
  readonly pin: PinSource;
}

const AURORA_LTS_PAGE = "https://docs.aws.amazon.com/AmazonRDS/latest/AuroraUserGuide/AuroraPostgreSQL.Updates.LTS.html";
const auroraConfirm = (version: string) =>
  `aws rds describe-db-engine-versions --engine aurora-postgresql --engine-version ${version} ` +
  "--query 'DBEngineVersions[].[EngineVersion,Status,SupportedFeatureNames]'";

/**
 * Aurora PostgreSQL versions: the long-term-support (LTS) minor of each supported major only.
 * Research (2026-11-30, search tool): AWS designates one LTS minor per major, kept at least three
 * years ("Long-term support for selected Amazon Aurora minor versions", Aurora version policy);
 * the current designated LTS minors are 17.7, 16.8 and 15.10 (also 14.6, 13.9 for majors whose
 * standard support ends before 2027-03), per AWS's Aurora PostgreSQL LTS page and the per-major
 * LTS table in aws/agent-toolkit-for-aws (database-skills, upgrade-planning-lts-recommendation.md).
 * The former default 16.6 (an ordinary minor from early 2025, about one year of availability) was
 * recorded in 2026-09 as no longer offered for new clusters; 15.6 and 17.4 are ordinary minors of
 * the same age. All three LTS minors can pause at 0 ACU (15.7+, 16.3+).
 */
export const AURORA_POSTGRES_VERSIONS: Readonly<Record<string, AuroraPostgresVersion>> = {
  "15.10": {
    parameterGroupFamily: "aurora-postgresql15",
    supportsAutoPause: true,
    longTermSupport: true,
    pin: { source: AURORA_LTS_PAGE, checked: "2026-11-30", confirm: auroraConfirm("15.10") },
  },
  "16.8": {
    parameterGroupFamily: "aurora-postgresql16",
    supportsAutoPause: true,
    longTermSupport: true,
    pin: { source: AURORA_LTS_PAGE, checked: "2026-11-30", confirm: auroraConfirm("16.8") },
  },
  "17.7": {
    parameterGroupFamily: "aurora-postgresql17",
    supportsAutoPause: true,
    longTermSupport: true,
    pin: { source: AURORA_LTS_PAGE, checked: "2026-11-30", confirm: auroraConfirm("17.7") },
  },
};

/** The engine version new environments get: the LTS minor of PostgreSQL 16. */
export const DEFAULT_AURORA_POSTGRES_VERSION = "16.8";

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
  "ssm",
  "sqs",
] as const;

/**
 * What a cluster without a NAT gateway needs: images (ECR, with layers from the S3 gateway
 * endpoint), credentials (STS, and EKS Auth for Pod Identity), pod addresses (EC2, for the VPC
 * CNI), load balancers (the controller), logs (CloudWatch agent) and the services' secrets; for
 * Karpenter, SSM (it resolves the pinned AMI alias through public SSM parameters) and SQS (its
 * interruption queue). Karpenter's other calls go to EC2 and STS, already listed; it is given the
 * cluster endpoint, so it needs no EKS endpoint, and `isolatedVPC` stops its pricing look-ups.
 */
export const ENDPOINTS_REQUIRED_WITHOUT_NAT = [
  "ecr.api",
  "ecr.dkr",
  "sts",
  "eks-auth",
  "ec2",
  "elasticloadbalancing",
  "logs",
  "secretsmanager",
  "ssm",
  "sqs",
] as const;

export interface KubernetesRelease {
  /** End of EKS standard support (after it, extended support costs $0.60 instead of $0.10 per cluster hour). */
  readonly endOfStandardSupport: string;
  /** Where the release, its support dates and its add-on versions were read, and how to confirm them. */
  readonly pin: PinSource;
  /**
   * Add-on versions for this Kubernetes version (`aws eks describe-addon-versions --kubernetes-version <v>`);
   * each confirmed by {@link addonConfirm}.
   */
  readonly addons: {
    readonly vpcCni: string;
    readonly podIdentityAgent: string;
    readonly coreDns: string;
    readonly kubeProxy: string;
    readonly ebsCsiDriver: string;
    readonly cloudwatchObservability: string;
    readonly metricsServer: string;
  };
}

/**
 * Kubernetes versions the cluster stack supports: each was in EKS standard support for at least
 * six more months when it was pinned, with every add-on pinned for it. Upgrading Kubernetes is
 * adding the next version here (with its add-ons), then changing the environment files.
 */
export const KUBERNETES_RELEASES: Readonly<Record<string, KubernetesRelease>> = {
  "1.36": {
    endOfStandardSupport: "2027-08-02",
    pin: {
      source:
        "https://docs.aws.amazon.com/eks/latest/userguide/kubernetes-versions-standard.html and the EKS add-on release notes (https://docs.aws.amazon.com/eks/latest/userguide/workloads-add-ons-available-eks.html)",
      checked: "2026-11-24",
      confirm:
        "aws eks describe-cluster-versions --cluster-versions 1.36 " +
        "--query 'clusterVersions[].[clusterVersion,status,endOfStandardSupportDate]'",
    },
    addons: {
      vpcCni: "v1.23.1-eksbuild.1",
      podIdentityAgent: "v1.3.10-eksbuild.3",
      coreDns: "v1.14.3-eksbuild.3",
      kubeProxy: "v1.36.0-eksbuild.14",
      ebsCsiDriver: "v1.66.0-eksbuild.1",
      cloudwatchObservability: "v6.2.0-eksbuild.1",
      metricsServer: "v0.9.0-eksbuild.11",
    },
  },
};
/** The command that confirms an add-on version is offered for a Kubernetes version (its output must list the version). */
export function addonConfirm(kubernetesVersion: string, addonName: string, version: string): string {
  return (
    `aws eks describe-addon-versions --kubernetes-version ${kubernetesVersion} --addon-name ${addonName} ` +
    `--query "addons[].addonVersions[?addonVersion=='${version}'].addonVersion"`
  );
}

/**
 * The node AMIs: managed node groups take the AMI type (EKS picks the latest AL2023 EKS-optimized
 * release for the cluster's version at create and on each node group update), and the NAT
 * instance resolves the latest AL2023 image from the public SSM parameter at apply. Neither pins
 * an AMI id, so neither can name an AMI that AWS withdrew.
 */
export const AMI_PINS = {
  nodeGroups: {
    amiTypes: ["AL2023_x86_64_STANDARD", "AL2023_ARM_64_STANDARD"],
    pin: {
      source:
        "https://docs.aws.amazon.com/eks/latest/APIReference/API_Nodegroup.html (amiType) and https://github.com/awslabs/amazon-eks-ami/releases",
      checked: "2026-11-30",
      confirm:
        "aws ssm get-parameter --name /aws/service/eks/optimized-ami/1.36/amazon-linux-2023/arm64/standard/recommended/release_version " +
        "--query Parameter.Value",
    },
  },
  natInstance: {
    ssmParameter: "/aws/service/ami-amazon-linux-latest/al2023-ami-kernel-default-<arm64|x86_64>",
    pin: {
      source: "https://docs.aws.amazon.com/linux/al2023/ug/ec2.html (public SSM parameters)",
      checked: "2026-11-30",
      confirm: "aws ssm get-parameter --name /aws/service/ami-amazon-linux-latest/al2023-ami-kernel-default-arm64 --query Parameter.Value",
    },
  },
} as const;

export const KUBERNETES_VERSIONS = Object.keys(KUBERNETES_RELEASES) as [string, ...string[]];
export const DEFAULT_KUBERNETES_VERSION = "1.36";

/**
 * The Karpenter controller's requests: its pods run on the managed "system" node group, never on
 * nodes it made. The validation checks that group can hold these plus the other system pods.
 */
export const KARPENTER_CONTROLLER_RESOURCES = { cpu: "250m", memory: "512Mi", replicas: 2 } as const;

/**
 * vCPUs, memory (GiB) and the VPC CNI's maximum pods (without prefix delegation) of the instance
 * types the price tables know; from the EC2 instance type pages and the amazon-eks-ami
 * `eni-max-pods.txt`. Used to check that the system node group can hold its pods and to pack the
 * Karpenter floor in the cost estimate. A type missing here is an error, never a guess.
 */
export const INSTANCE_SPECS: Readonly<Record<string, { readonly vcpu: number; readonly memoryGib: number; readonly maxPods: number }>> = {
  "t4g.nano": { vcpu: 2, memoryGib: 0.5, maxPods: 4 },
  "t4g.micro": { vcpu: 2, memoryGib: 1, maxPods: 4 },
  "t4g.small": { vcpu: 2, memoryGib: 2, maxPods: 11 },
  "t4g.medium": { vcpu: 2, memoryGib: 4, maxPods: 17 },
  "t4g.large": { vcpu: 2, memoryGib: 8, maxPods: 35 },
  "t4g.xlarge": { vcpu: 4, memoryGib: 16, maxPods: 58 },
  "t4g.2xlarge": { vcpu: 8, memoryGib: 32, maxPods: 58 },
  "m6g.medium": { vcpu: 1, memoryGib: 4, maxPods: 8 },
  "m6g.large": { vcpu: 2, memoryGib: 8, maxPods: 29 },
  "m6g.xlarge": { vcpu: 4, memoryGib: 16, maxPods: 58 },
  "m6g.2xlarge": { vcpu: 8, memoryGib: 32, maxPods: 58 },
  "m7g.medium": { vcpu: 1, memoryGib: 4, maxPods: 8 },
  "m7g.large": { vcpu: 2, memoryGib: 8, maxPods: 29 },
  "m7g.xlarge": { vcpu: 4, memoryGib: 16, maxPods: 58 },
  "m7g.2xlarge": { vcpu: 8, memoryGib: 32, maxPods: 58 },
  "c6g.large": { vcpu: 2, memoryGib: 4, maxPods: 29 },
  "c6g.xlarge": { vcpu: 4, memoryGib: 8, maxPods: 58 },
  "c7g.large": { vcpu: 2, memoryGib: 4, maxPods: 29 },
  "c7g.xlarge": { vcpu: 4, memoryGib: 8, maxPods: 58 },
  "r6g.large": { vcpu: 2, memoryGib: 16, maxPods: 29 },
  "r7g.large": { vcpu: 2, memoryGib: 16, maxPods: 29 },
  "t3.medium": { vcpu: 2, memoryGib: 4, maxPods: 17 },
  "t3.large": { vcpu: 2, memoryGib: 8, maxPods: 35 },
  "t3.xlarge": { vcpu: 4, memoryGib: 16, maxPods: 58 },
  "m5.large": { vcpu: 2, memoryGib: 8, maxPods: 29 },
  "m5.xlarge": { vcpu: 4, memoryGib: 16, maxPods: 58 },
};

/**
 * What the system node group must hold (requests, per cluster and per node). Ours (Karpenter, the
 * Load Balancer Controller) are what the charts are given; the EKS add-ons' are their default
 * requests, rounded up. Per node: what the kubelet reserves on a 2-vCPU node (EKS AMI formula) and
 * the add-ons' DaemonSets (VPC CNI, kube-proxy, Pod Identity agent, EBS CSI node, CloudWatch agent
 * and Fluent Bit).
 */
export const SYSTEM_POD_REQUESTS = {
  deployments: [
    // × its replicas
    {
      name: "karpenter",
      cpuMillis: parseInt(KARPENTER_CONTROLLER_RESOURCES.cpu),
      memoryMib: parseInt(KARPENTER_CONTROLLER_RESOURCES.memory),
    },
    { name: "coredns", cpuMillis: 100, memoryMib: 70, replicas: 2 },
    { name: "aws-load-balancer-controller", cpuMillis: 100, memoryMib: 128, replicas: 2 },
    { name: "metrics-server", cpuMillis: 100, memoryMib: 200, replicas: 2 },
    { name: "ebs-csi-controller", cpuMillis: 60, memoryMib: 240, replicas: 2 },
    { name: "amazon-cloudwatch-observability-controller-manager", cpuMillis: 100, memoryMib: 128, replicas: 1 },
  ],
  /** The add-ons' DaemonSets on every node. */
  daemonSets: { cpuMillis: 25 + 100 + 25 + 30 + 250 + 50, memoryMib: 64 + 64 + 64 + 120 + 128 + 100, pods: 6 },
} as const;

/**
 * Repository prefix of the ECR pull-through cache rule for `public.ecr.aws` that the cluster stack
 * creates with `natMode: none`: the Load Balancer Controller's image is in ECR Public, which no VPC endpoint serves. Karpenter's
 * image comes through the same rule: `<account>.dkr.ecr.<region>.amazonaws.com/<prefix>/karpenter/controller`.
 * Must equal that rule's `ecr_repository_prefix`.
 */
export const ECR_PUBLIC_CACHE_PREFIX = "ecr-public";
