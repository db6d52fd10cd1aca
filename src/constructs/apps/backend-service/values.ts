import { ServiceConfig } from "../../../config/schema";

/**
 * The values contract of `charts/backend-service` (its values.yaml documents each key; its
 * values.schema.json makes Helm refuse anything else). Only the keys the apps stack sets are
 * typed here; the rest keep the chart's defaults.
 */
export interface BackendServiceValues {
  readonly keepOnUninstall: boolean;
  readonly image: { readonly repository: string; readonly tag: string };
  readonly containerPort: number;
  readonly healthPath: string;
  readonly env: Record<string, string>;
  readonly resources: {
    readonly requests: { readonly cpu: string; readonly memory: string };
    readonly limits: { readonly memory: string };
  };
  readonly securityContext: { readonly runAsUser: number };
  readonly autoscaling: {
    readonly enabled: true;
    readonly minReplicas: number;
    readonly maxReplicas: number;
    readonly targetCPUUtilizationPercentage: number;
  };
  readonly podDisruptionBudget: { readonly enabled: true; readonly maxUnavailable: number };
  readonly service: { readonly port: number };
  readonly ingress:
    | { readonly enabled: false }
    | {
        readonly enabled: true;
        readonly path: string;
        readonly host?: string;
        readonly annotations: Record<string, string>;
        readonly inboundCidrs: string[];
      };
  readonly networkPolicy: {
    readonly enabled: true;
    readonly ingress: { readonly albCidrs: string[]; readonly allowedCallers: string[] };
    readonly egress: {
      readonly awsApis: { readonly cidrs: string[] };
      readonly database: { readonly enabled: boolean; readonly cidrs: string[]; readonly port: number };
      readonly services: { readonly name: string; readonly port: number }[];
      readonly destinations: { readonly cidr: string; readonly ports: number[] }[];
    };
  };
}

/** Where a service's database is and how it signs in. */
export interface DatabaseSettings {
  readonly host: string;
  readonly readerHost: string;
  readonly port: number;
  readonly name: string;
  /** CIDRs of the subnets the database lives in (the isolated subnets): the only database egress allowed. */
  readonly subnetCidrs: readonly string[];
}

/** A public service's Ingress on the shared ALB. */
export interface PublicIngressOptions {
  readonly path: string;
  /** Host the rule matches. @default - any host */
  readonly host?: string;
  /** The group's controller annotations (`albAnnotations`). */
  readonly annotations: Record<string, string>;
  /**
   * CIDRs allowed to reach the ALB (`alb.ingress.kubernetes.io/inbound-cidrs`); empty: anywhere.
   * The environment file owns the default (`ingress.allowedCidrs`).
   */
  readonly inboundCidrs: readonly string[];
  /** CIDRs the ALB sends from (the public subnets): allowed to the container port. */
  readonly albSourceCidrs: readonly string[];
}

export interface BackendServiceValuesOptions {
  readonly service: ServiceConfig;
  /** Services this one calls: their names and container ports (from their `allowedCallers`). */
  readonly callees: readonly { readonly name: string; readonly port: number }[];
  readonly repositoryUrl: string;
  readonly region: string;
  readonly database: DatabaseSettings;
  readonly assetsBucket: string;
  readonly secretArn: string;
  /** Port of the ClusterIP Service; must equal the container port while NetworkPolicies are on (the VPC CNI's requirement). */
  readonly servicePort: number;
  /** Present for public services. @default - no Ingress */
  readonly ingress?: PublicIngressOptions;
  /** Where AWS APIs are reached on 443. @default ["0.0.0.0/0"] (NetworkPolicy cannot match host names) */
  readonly awsApiCidrs?: readonly string[];
}

/** UID the containers run as: not root, not a UID that exists on the node. */
export const RUN_AS_USER = 10001;
/** Average CPU utilization (of the requests) the autoscaler aims for. */
export const TARGET_CPU_PERCENT = 70;

/** The chart values of one service, from its environment-file entry. */
export function backendServiceValues(o: BackendServiceValuesOptions): BackendServiceValues {
  const s = o.service;
  const env: Record<string, string> = {
    AWS_REGION: o.region,
    ASSETS_BUCKET: o.assetsBucket,
    ASSETS_PREFIX: `${s.name}/`,
    SECRET_ARN: o.secretArn,
  };
  if (s.databaseUser) {
    Object.assign(env, {
      DB_HOST: o.database.host,
      DB_READER_HOST: o.database.readerHost,
      DB_PORT: String(o.database.port),
      DB_NAME: o.database.name,
      DB_USER: s.databaseUser,
      DB_AUTH: "iam",
      DB_SSLMODE: "verify-full",
    });
  }
  return {
    // Each service's namespace is deleted with its release (Terraform), which removes the objects;
    // an uninstall alone (atomic after a failed first install) must not delete adopted, running ones.
    keepOnUninstall: true,
    image: { repository: o.repositoryUrl, tag: s.imageTag },
    containerPort: s.port,
    healthPath: s.healthPath,
    env,
    resources: { requests: { cpu: s.cpu, memory: s.memory }, limits: { memory: s.memory } },
    securityContext: { runAsUser: RUN_AS_USER },
    autoscaling: {
      enabled: true,
      minReplicas: s.minReplicas,
      maxReplicas: s.maxReplicas,
      targetCPUUtilizationPercentage: TARGET_CPU_PERCENT,
    },
    podDisruptionBudget: { enabled: true, maxUnavailable: 1 },
    service: { port: o.servicePort },
    ingress: o.ingress
      ? {
          enabled: true,
          path: o.ingress.path,
          ...(o.ingress.host ? { host: o.ingress.host } : {}),
          annotations: o.ingress.annotations,
          inboundCidrs: [...o.ingress.inboundCidrs],
        }
      : { enabled: false },
    networkPolicy: {
      enabled: true,
      ingress: { albCidrs: [...(o.ingress?.albSourceCidrs ?? [])], allowedCallers: [...s.allowedCallers] },
      egress: {
        awsApis: { cidrs: [...(o.awsApiCidrs ?? ["0.0.0.0/0"])] },
        database: {
          enabled: s.databaseUser !== undefined,
          cidrs: s.databaseUser ? [...o.database.subnetCidrs] : [],
          port: o.database.port,
        },
        services: o.callees.map((c) => ({ name: c.name, port: c.port })),
        destinations: s.egress.map((e) => ({ cidr: e.cidr, ports: [...e.ports] })),
      },
    },
  };
}
