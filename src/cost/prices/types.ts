/**
 * One region's list prices in USD, as AWS publishes them, for the resources our stacks create.
 * Every figure is on-demand, Linux, no free tier, no savings plan. Hourly prices are turned into
 * monthly ones with {@link HOURS_PER_MONTH}.
 */
export interface PriceTable {
  readonly region: string;
  /** The day the figures were read off the sources (YYYY-MM-DD). */
  readonly asOf: string;
  /** Where each group of figures comes from (pages and the Price List API offer codes). */
  readonly sources: readonly string[];

  readonly eks: {
    /** Cluster-hour while its Kubernetes version is in standard support. */
    readonly standardSupportHour: number;
    /** Cluster-hour once the version is in extended support (support type EXTENDED). */
    readonly extendedSupportHour: number;
  };
  /** On-demand Linux instance-hour by instance type. A type missing here is an error, never zero. */
  readonly ec2InstanceHour: Readonly<Record<string, number>>;
  /** gp3 volume storage, GB-month (baseline 3,000 IOPS and 125 MB/s are included). */
  readonly ebsGp3GbMonth: number;

  readonly natGateway: { readonly hour: number; readonly perGbProcessed: number };
  /** An in-use public IPv4 address (NAT gateway EIP, each ALB node), hour. */
  readonly publicIpv4Hour: number;
  readonly interfaceEndpoint: { readonly perAzHour: number; readonly perGbProcessed: number };
  readonly applicationLoadBalancer: { readonly hour: number; readonly lcuHour: number };

  readonly auroraPostgres: {
    /** Aurora Serverless v2 capacity, ACU-hour (Aurora Standard storage configuration). */
    readonly serverlessV2AcuHour: number;
    readonly storageGbMonth: number;
    readonly ioPerMillion: number;
    /** Backup storage beyond the free allowance (100% of the cluster's size), GB-month. */
    readonly backupGbMonth: number;
    /** CloudWatch Database Insights, Advanced mode, per ACU-hour of Serverless v2. */
    readonly databaseInsightsAdvancedAcuHour: number;
  };

  readonly kms: {
    readonly keyMonth: number;
    /** Each of a key's first two rotations adds this per month (later rotations add nothing). */
    readonly rotationMonth: number;
    readonly per10kRequests: number;
  };
  /**
   * Burstable (T-family) instances in unlimited mode: surplus CPU credits, per vCPU-hour above the
   * type's baseline, by family (Linux).
   */
  readonly burstableSurplusVcpuHour: Readonly<Record<string, number>>;
  readonly secretsManager: { readonly secretMonth: number; readonly per10kApiCalls: number };

  readonly cloudWatch: {
    readonly logsIngestedGb: number;
    /** Vended logs (VPC flow logs) delivered to CloudWatch Logs, first tier, GB. */
    readonly vendedLogsIngestedGb: number;
    readonly logsStoredGbMonth: number;
    /** A standard-resolution alarm, per metric it evaluates, month. */
    readonly alarmMetricMonth: number;
    /** A high-resolution alarm (period under 60 s), per metric it evaluates, month. */
    readonly highResolutionAlarmMetricMonth: number;
    /** A composite alarm, month. */
    readonly compositeAlarmMonth: number;
    /** A custom metric (first 10,000 of the account), month. */
    readonly customMetricMonth: number;
    readonly dashboardMonth: number;
    /** One run of a CloudWatch Synthetics canary (the canary's Lambda, S3 and log charges come on top). */
    readonly canaryRun: number;
    /** Container Insights with enhanced observability for EKS, per million observations. */
    readonly containerInsightsPerMillionObservations: number;
  };

  readonly s3Standard: { readonly gbMonth: number; readonly per1kPut: number; readonly per1kGet: number };
  readonly ecrStorageGbMonth: number;
  /** Data transfer out to the internet, first tier, GB. */
  readonly dataTransferOutGb: number;
  readonly waf: { readonly webAclMonth: number; readonly ruleMonth: number; readonly perMillionRequests: number };
  readonly snsEmailPer100k: number;
  /** Lambda compute (x86), per GB-second: what a canary's run also uses. */
  readonly lambdaGbSecond: number;
  /** Cognito user pools, Essentials tier, per monthly active user beyond the free allowance. */
  readonly cognitoEssentialsMau: number;
  /**
   * CodeBuild on-demand build minutes by compute type (Linux x86_64 container), per minute. A compute
   * type missing here is an error, never zero. No free tier (the first 100 small minutes a month).
   */
  readonly codebuildMinute: Readonly<Record<string, number>>;
}

/** AWS bills hourly resources for 730 hours in an average month (8,760 / 12). */
export const HOURS_PER_MONTH = 730;
