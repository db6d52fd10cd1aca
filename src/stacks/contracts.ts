import type { BackendServiceDataOutputs } from "../constructs/apps/backend-service/data";

/**
 * The contracts between the stacks of an environment: what each upstream stack offers the stacks
 * after it, as plain values (ids, ARNs, names, endpoints), never constructs. A downstream stack
 * takes these objects, not the stacks, so it can be built and tested from hand-written values
 * (`__tests__/stack-contracts.test.ts`), and an upstream stack may reorganise its constructs
 * without touching its readers.
 *
 * Inside one app the values are cdktf tokens of the upstream stack's resources: cdktf turns each
 * one read by another stack into an output there and a remote-state read here, and makes the
 * reading stack depend on the upstream one. The explicit stack dependencies are wired in
 * `src/app.ts`.
 *
 * Order: network -> data and cluster (in parallel) -> apps.
 */

/** What `<env>-network` offers the data, cluster and apps stacks. */
export interface NetworkOutputs {
  /** The VPC's id (`vpc-...`). */
  readonly vpcId: string;
  /** Private subnets (egress through NAT or none), one per availability zone: EKS and its nodes. */
  readonly privateSubnetIds: readonly string[];
  /** Isolated subnets (no route out), one per availability zone: the database. */
  readonly isolatedSubnetIds: readonly string[];
  /** The EKS nodes' own security group: the nodes carry it, the database admits it. */
  readonly nodeSecurityGroupId: string;
}

/** What `<env>-data` offers for one backend service (`DataOutputs.services[name]`). */
export type ServiceDataOutputs = BackendServiceDataOutputs;

/** What `<env>-data` offers the apps stack. */
export interface DataOutputs {
  /** Writer endpoint of the Aurora PostgreSQL cluster (host name). */
  readonly databaseEndpoint: string;
  /** Reader endpoint of the Aurora PostgreSQL cluster (host name). */
  readonly databaseReaderEndpoint: string;
  /** Name of the logs bucket, which accepts the ALB's access logs under `albLogsPrefix` only. */
  readonly albLogsBucketName: string;
  /** Prefix (no slashes) of the ALB's access logs in the logs bucket. */
  readonly albLogsPrefix: string;
  /** Name of the assets bucket (each service owns the prefix `<service>/`). */
  readonly assetsBucketName: string;
  /** One entry per backend service of the environment file (`services[].name`). */
  readonly services: Readonly<Record<string, ServiceDataOutputs>>;
}

/** Karpenter's AWS side (cluster stack), when the environment configures Karpenter. */
export interface KarpenterOutputs {
  /** Name of the SQS queue of interruption and rebalance events. */
  readonly interruptionQueueName: string;
  /** Name of the instance profile Karpenter launches its nodes with. */
  readonly nodeInstanceProfileName: string;
}

/** The ALB's HTTPS pieces (cluster stack), when the environment names a domain. */
export interface EdgeOutputs {
  /** ARN of the ACM certificate of the domain (DNS-validated). */
  readonly certificateArn: string;
  /** ARN of the WAF web ACL attached to the ALB. */
  readonly webAclArn: string;
  /** The Cognito user pool the ALB signs users in with; only when a service asks for sign-in. */
  readonly userPool?: {
    /** ARN of the user pool. */
    readonly arn: string;
    /** Id of the ALB's app client. */
    readonly clientId: string;
    /** The hosted sign-in domain prefix of the pool. */
    readonly domain: string;
  };
}

/** What `<env>-cluster` offers the apps stack. */
export interface ClusterOutputs {
  /** Name of the EKS cluster. */
  readonly clusterName: string;
  /** URL of the cluster's Kubernetes API endpoint. */
  readonly clusterEndpoint: string;
  /** The cluster's certificate authority, base64-encoded PEM, as EKS returns it. */
  readonly clusterCertificateAuthority: string;
  /** The security group EKS creates for the cluster (control plane and managed nodes). */
  readonly clusterSecurityGroupId: string;
  /** ARN of the SNS topic the environment's alarms page. */
  readonly alarmTopicArn: string;
  /** ARN of the SNS topic of page-level burn-rate alerts (docs/slo.md): someone acts now. */
  readonly pageTopicArn: string;
  /** ARN of the SNS topic of ticket-level alerts (slow burn, latency, restarts, autoscaler at its maximum). */
  readonly ticketTopicArn: string;
  /** @default - Karpenter is not configured */
  readonly karpenter?: KarpenterOutputs;
  /** @default - no domain: no HTTPS pieces */
  readonly edge?: EdgeOutputs;
}
