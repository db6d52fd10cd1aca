import { z } from "../../../config/zod";
import { ServiceConfig } from "../../../config/schema";

/**
 * The values contract of `charts/backend-service`, written once: the TypeScript type the apps stack
 * builds (`BackendServiceValues`) and the chart's `values.schema.json` (which makes Helm refuse
 * anything else) are both generated from this schema (`npm run schema`). The keys the stack sets
 * are required; the few it never sets are optional here and take their value from the chart's
 * values.yaml, which documents them.
 */

const DNS_LABEL = /^[a-z]([a-z0-9-]{0,61}[a-z0-9])?$/;
const URL_PATH = /^\/[A-Za-z0-9._~/-]*$/;
const IPV4_CIDR = /^(25[0-5]|2[0-4][0-9]|1?[0-9]?[0-9])(\.(25[0-5]|2[0-4][0-9]|1?[0-9]?[0-9])){3}\/([0-9]|[12][0-9]|3[0-2])$/;
const IPV6_CIDR = /^[0-9a-fA-F:]+:[0-9a-fA-F:]*\/([0-9]|[1-9][0-9]|1[01][0-9]|12[0-8])$/;
const QUANTITY_MEMORY = /^[0-9]+(Ki|Mi|Gi)$/;

const dnsLabel = () => z.string().regex(DNS_LABEL);
const port = () => z.int().min(1).max(65535);
const ipv4Cidr = () => z.string().regex(IPV4_CIDR);
/** An IPv4 or IPv6 CIDR (a JSON Schema `anyOf` of the two patterns). */
const anyCidr = () => z.union([ipv4Cidr(), z.string().regex(IPV6_CIDR)]);
/** A list without repeats (JSON Schema `uniqueItems`, which zod does not express: checked here too). */
const unique = <T extends z.ZodType>(item: T) =>
  z
    .array(item)
    .refine((list) => new Set(list.map((v) => JSON.stringify(v))).size === list.length, { error: "must not repeat an item" })
    .meta({ uniqueItems: true });

const probeTiming = z.strictObject({
  initialDelaySeconds: z.int().min(0),
  periodSeconds: z.int().min(1),
  timeoutSeconds: z.int().min(1),
  failureThreshold: z.int().min(1),
});

/** Annotation keys of the AWS Load Balancer Controller only: an Ingress of this chart is always on the ALB. */
const albAnnotationKey = z.string().regex(/^alb\.ingress\.kubernetes\.io\/[a-z0-9.-]+$/);

const ingressSchema = z.discriminatedUnion("enabled", [
  z.strictObject({ enabled: z.literal(false).describe("No Ingress (an internal service).") }),
  z.strictObject({
    enabled: z.literal(true).describe("Put the service on the shared internet-facing ALB (public services only)."),
    className: dnsLabel().describe("IngressClass of the AWS Load Balancer Controller (`alb`)."),
    host: z
      .string()
      .regex(/^[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?(\.[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?)*$/)
      .optional()
      .describe("Host the rule matches (the environment's domain); absent: any host."),
    path: z.string().regex(URL_PATH).describe("Path prefix routed to the service."),
    targetGroupArn: z
      .string()
      .regex(/^arn:aws[a-z-]*:elasticloadbalancing:[a-z0-9-]+:\d{12}:targetgroup\/[A-Za-z0-9-]{1,32}\/[0-9a-f]{16}$/)
      .optional()
      .describe(
        "A target group Terraform created for this service: a TargetGroupBinding registers the pods in it and the Ingress forwards " +
          "its path there (so the service's ALB metrics carry a dimension known to the alarms); absent: the controller makes one.",
      ),
    annotations: z
      .record(albAnnotationKey, z.string())
      .describe(
        "Every annotation of the Ingress, rendered verbatim: the ALB group's (group name, scheme, target type, listeners, TLS policy, " +
          "certificate, WAF, access logs, sign-in) and the inbound CIDRs, all written by the apps stack; the RW-ALB rules read them here.",
      ),
    preflight: z
      .strictObject({
        annotations: z
          .record(albAnnotationKey, z.string())
          .describe("Every annotation of the preflight Ingress: the group's, no sign-in, an OPTIONS condition and a group order ahead."),
      })
      .optional()
      .describe(
        "A second Ingress `<name>-preflight` on the same path that sends OPTIONS requests to the service without sign-in: " +
          "browsers send a CORS preflight without credentials, and the ALB's sign-in would answer it with a redirect. Absent: none.",
      ),
  }),
]);

export const backendServiceValuesSchema = z
  .strictObject({
    global: z.looseObject({}).optional().describe("Helm's global values (unused)."),
    nameOverride: z
      .string()
      .regex(/^([a-z]([a-z0-9-]{0,61}[a-z0-9])?)?$/)
      .optional(),
    keepOnUninstall: z
      .boolean()
      .describe(
        "Annotate the workload's objects (not the NetworkPolicies) with `helm.sh/resource-policy: keep`: an uninstall, and an upgrade " +
          "that stops rendering one of them, leaves them (a failed first install that adopted running objects keeps them running). " +
          "Set it only where the objects are removed another way (the apps stack deletes each service's namespace with its release).",
      ),
    partOf: dnsLabel().optional(),
    image: z
      .strictObject({
        repository: z
          .string()
          .regex(/^[a-z0-9.-]+(:[0-9]+)?\/[a-z0-9._/-]+$/)
          .describe("Image repository (the service's ECR repository URL)."),
        tag: z
          .string()
          .regex(/^[A-Za-z0-9_][A-Za-z0-9_.-]{0,127}$/)
          .refine((tag) => tag !== "latest", { error: "must name a release, not latest" })
          .meta({ not: { const: "latest" } })
          .describe("Image tag (a release; the repositories have immutable tags)."),
      })
      .describe("The container image."),
    port: z
      .int()
      .min(1024)
      .max(65535)
      .describe(
        "The service's one port: the container's (unprivileged: the containers run as non-root), the Service's and the NetworkPolicies'. " +
          "One value because the VPC CNI enforces NetworkPolicies only when a Service's port is its container port.",
      ),
    healthPath: z.string().regex(URL_PATH).describe("Path of the HTTP health check (readiness and liveness probes, and the ALB's)."),
    env: z
      .record(z.string().regex(/^[A-Za-z_][A-Za-z0-9_]*$/), z.string())
      .describe("Environment variables of the container, name to value."),
    resources: z
      .strictObject({
        requests: z.strictObject({ cpu: z.string().regex(/^[0-9]+m?$/), memory: z.string().regex(QUANTITY_MEMORY) }),
        limits: z.strictObject({ memory: z.string().regex(QUANTITY_MEMORY) }),
      })
      .describe("Requests and limits of the container: no CPU limit (throttling), a memory limit equal to the request."),
    probes: z.strictObject({ readiness: probeTiming, liveness: probeTiming }).optional(),
    securityContext: z
      .strictObject({ runAsUser: z.int().min(1000).describe("UID and GID the pod runs as: never root, never a system UID.") })
      .describe("The pod's security context."),
    tmpSizeLimit: z.string().regex(QUANTITY_MEMORY).optional(),
    rollingUpdate: z.strictObject({ maxSurge: z.string().regex(/^[0-9]+%?$/), maxUnavailable: z.string().regex(/^[0-9]+%?$/) }).optional(),
    revisionHistoryLimit: z.int().min(0).optional(),
    serviceAccount: z.strictObject({ automountToken: z.boolean() }).optional(),
    replicas: z.int().min(1).optional(),
    autoscaling: z
      .strictObject({
        enabled: z.boolean().describe("Create a HorizontalPodAutoscaler (it needs metrics-server); off: `replicas` pods."),
        minReplicas: z.int().min(1).describe("Fewest replicas."),
        maxReplicas: z.int().min(1).describe("Most replicas."),
        targetCPUUtilizationPercentage: z
          .int()
          .min(1)
          .max(100)
          .describe("Average CPU utilization, of the requests, the autoscaler aims for."),
      })
      .refine((a) => a.minReplicas <= a.maxReplicas, { error: "minReplicas must not exceed maxReplicas" }),
    podDisruptionBudget: z.strictObject({
      enabled: z.boolean().describe("Create a PodDisruptionBudget."),
      maxUnavailable: z.int().min(1).describe("Pods that may be down at once during voluntary disruptions (node drains, upgrades)."),
    }),
    ingress: ingressSchema,
    networkPolicy: z
      .strictObject({
        enabled: z
          .boolean()
          .describe(
            "Create the NetworkPolicies: deny everything in the namespace, then allow what is listed (needs the VPC CNI's engine).",
          ),
        ingress: z.strictObject({
          albCidrs: unique(ipv4Cidr()).describe("CIDRs the ALB sends from (the public subnets): allowed to the port."),
          allowedCallers: unique(dnsLabel()).describe("Services (namespace and name label) allowed to connect to the port."),
        }),
        egress: z.strictObject({
          dns: z.strictObject({ namespace: dnsLabel(), podLabels: z.record(z.string(), z.string()).meta({ minProperties: 1 }) }).optional(),
          podIdentityAgent: z.strictObject({ cidrs: z.array(anyCidr()).min(1), port: port() }).optional(),
          awsApis: z
            .strictObject({ cidrs: z.array(anyCidr()) })
            .describe("Where AWS APIs are reached on 443 (NetworkPolicy cannot match host names)."),
          database: z
            .strictObject({
              enabled: z.boolean().describe("Allow connections to the database (services with a database user only)."),
              cidrs: z.array(ipv4Cidr()).describe("CIDRs of the database subnets."),
              port: port().describe("Database port."),
            })
            .refine((d) => !d.enabled || d.cidrs.length > 0, { error: "cidrs must not be empty when the database is enabled" })
            .meta({ if: { properties: { enabled: { const: true } } }, then: { properties: { cidrs: { minItems: 1 } } } }),
          services: z
            .array(z.strictObject({ name: dnsLabel(), port: port() }))
            .describe("Services this one calls: `{name, port}` (the callee's port)."),
          destinations: z
            .array(
              z.strictObject({
                cidr: anyCidr(),
                // The VPC CNI accepts at most 24 ports in one rule.
                ports: unique(port()).min(1).max(24),
              }),
            )
            .describe("Other outbound destinations: `{cidr, ports}`, TCP."),
        }),
      })
      .describe("The NetworkPolicies that isolate the service."),
  })
  .meta({
    title: "backend-service values",
    description:
      "Values of one Road Warrior backend service, generated from src/constructs/apps/backend-service/values.ts (npm run schema). " +
      "The apps stack sets the required keys; values.yaml documents the others.",
  });

/** The chart values the apps stack writes for one service. */
export type BackendServiceValues = z.infer<typeof backendServiceValuesSchema>;

/** `charts/backend-service/values.schema.json`: Helm checks every release's values against it (`npm run schema` writes it). */
export function backendServiceValuesJsonSchema(): string {
  return `${JSON.stringify(z.toJSONSchema(backendServiceValuesSchema, { target: "draft-7", io: "input" }), null, 2)}\n`;
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
  /** CIDRs the ALB sends from (the public subnets): allowed to the service's port. */
  readonly albSourceCidrs: readonly string[];
  /** The service's Terraform-made target group (its pods are bound to it). @default - the controller makes one */
  readonly targetGroupArn?: string;
  /** The browser origins the service answers CORS for. @default - no CORS (no front end) */
  readonly cors?: CorsSettings;
  /**
   * Annotations of a preflight Ingress (`preflightAnnotations`), for a path with sign-in and a front end.
   * @default - no preflight Ingress
   */
  readonly preflightAnnotations?: Record<string, string>;
}

/** What the service answers a browser's cross-origin requests with (docs/frontend-contract.md: what the service must do). */
export interface CorsSettings {
  /** The only origins allowed; exact, or `https://*.<domain>` for one leading label (non-production). */
  readonly origins: readonly string[];
  /** How long a browser may cache a preflight answer (`Access-Control-Max-Age`). */
  readonly maxAgeSeconds: number;
}

/**
 * Seconds a browser keeps a preflight answer: 2 hours, Chromium's cap (Firefox's is 24 hours), so
 * a front end sends one preflight per path and method in that time, and a removed origin is refused within it.
 */
export const CORS_MAX_AGE_SECONDS = 7200;

/** The container's CORS settings, as environment variables the service reads (docs/frontend-contract.md). */
export function corsEnv(cors: CorsSettings): Record<string, string> {
  return {
    CORS_ALLOWED_ORIGINS: cors.origins.join(","),
    CORS_ALLOW_CREDENTIALS: "true",
    CORS_MAX_AGE_SECONDS: String(cors.maxAgeSeconds),
  };
}

export interface BackendServiceValuesOptions {
  readonly service: ServiceConfig;
  /** Services this one calls: their names and ports (from their `allowedCallers`). */
  readonly callees: readonly { readonly name: string; readonly port: number }[];
  readonly repositoryUrl: string;
  readonly region: string;
  readonly database: DatabaseSettings;
  readonly assetsBucket: string;
  readonly secretArn: string;
  /** Present for public services. @default - no Ingress */
  readonly ingress?: PublicIngressOptions;
  /** Where AWS APIs are reached on 443. @default ["0.0.0.0/0"] (NetworkPolicy cannot match host names) */
  readonly awsApiCidrs?: readonly string[];
}

/** UID the containers run as: not root, not a UID that exists on the node. */
export const RUN_AS_USER = 10001;
/** Average CPU utilization (of the requests) the autoscaler aims for. */
export const TARGET_CPU_PERCENT = 70;
/** IngressClass of the AWS Load Balancer Controller. */
export const ALB_INGRESS_CLASS = "alb";

/** The inbound-CIDRs annotation, the same on every Ingress of the group; none: the controller lets anyone in. */
/** The path forwards to the Terraform-made target group the chart's TargetGroupBinding fills (docs/design-decisions.md). */
function forwardAction(service: string, targetGroupArn: string | undefined): Record<string, string> {
  if (!targetGroupArn) return {};
  const action = { type: "forward", forwardConfig: { targetGroups: [{ targetGroupARN: targetGroupArn }] } };
  return { [`alb.ingress.kubernetes.io/actions.${service}`]: JSON.stringify(action) };
}

function inboundCidrs(cidrs: readonly string[]): Record<string, string> {
  return cidrs.length > 0 ? { "alb.ingress.kubernetes.io/inbound-cidrs": cidrs.join(",") } : {};
}

/** The chart values of one service, from its environment-file entry. */
export function backendServiceValues(o: BackendServiceValuesOptions): BackendServiceValues {
  const s = o.service;
  const env: Record<string, string> = {
    AWS_REGION: o.region,
    ASSETS_BUCKET: o.assetsBucket,
    ASSETS_PREFIX: `${s.name}/`,
    SECRET_ARN: o.secretArn,
  };
  if (o.ingress?.cors) Object.assign(env, corsEnv(o.ingress.cors));
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
    port: s.port,
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
    ingress: o.ingress
      ? {
          enabled: true,
          className: ALB_INGRESS_CLASS,
          path: o.ingress.path,
          ...(o.ingress.targetGroupArn ? { targetGroupArn: o.ingress.targetGroupArn } : {}),
          ...(o.ingress.host ? { host: o.ingress.host } : {}),
          annotations: {
            ...o.ingress.annotations,
            ...forwardAction(s.name, o.ingress.targetGroupArn),
            // The same on every Ingress of the group; none: the controller lets anyone in.
            ...inboundCidrs(o.ingress.inboundCidrs),
          },
          // The preflight goes to the same target group as every other request of the path.
          ...(o.ingress.preflightAnnotations
            ? {
                preflight: {
                  annotations: {
                    ...o.ingress.preflightAnnotations,
                    ...forwardAction(s.name, o.ingress.targetGroupArn),
                    ...inboundCidrs(o.ingress.inboundCidrs),
                  },
                },
              }
            : {}),
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
