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

/**
 * What a cluster without a NAT gateway needs: images (ECR, with layers from the S3 gateway
 * endpoint), credentials (STS, and EKS Auth for Pod Identity), pod addresses (EC2, for the VPC
 * CNI), load balancers (the controller), logs (CloudWatch agent) and the services' secrets.
 */
export const ENDPOINTS_REQUIRED_WITHOUT_NAT = ["ecr.api", "ecr.dkr", "sts", "eks-auth", "ec2", "elasticloadbalancing", "logs", "secretsmanager"] as const;

export interface KubernetesRelease {
  /** End of EKS standard support (after it, extended support costs $0.60 instead of $0.10 per cluster hour). */
  readonly endOfStandardSupport: string;
  /** Add-on versions for this Kubernetes version (`aws eks describe-addon-versions --kubernetes-version <v>`). */
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
export const KUBERNETES_VERSIONS = Object.keys(KUBERNETES_RELEASES) as [string, ...string[]];
export const DEFAULT_KUBERNETES_VERSION = "1.36";

/** The AWS Load Balancer Controller, installed by Helm from the eks-charts repository. */
export const LOAD_BALANCER_CONTROLLER = {
  repository: "https://aws.github.io/eks-charts",
  chart: "aws-load-balancer-controller",
  /** Chart 3.5.0 ships controller v3.5.0 (from 3.x the chart and app versions match). */
  chartVersion: "3.5.0",
  /** sha256 of the published package (`aws-load-balancer-controller-3.5.0.tgz`, identical to the eks-charts index digest). */
  packageSha256: "45051f634b33e10baccb3354d0681b7de787c60445e599fa276e0c9aedd4ccd5",
  namespace: "kube-system",
  serviceAccount: "aws-load-balancer-controller",
  /** The admission webhook's container port: nodes must admit it from the control plane. */
  webhookPort: 9443,
} as const;

/** The controller's image in ECR Public (`public.ecr.aws/<path>`), the chart's default repository. */
export const LOAD_BALANCER_CONTROLLER_IMAGE = "eks/aws-load-balancer-controller";
