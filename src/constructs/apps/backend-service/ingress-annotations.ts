/** The TLS policy AWS recommends for ALBs: TLS 1.3, and TLS 1.2 with forward secrecy only. */
export const ALB_SSL_POLICY = "ELBSecurityPolicy-TLS13-1-2-2021-06";

/** What every Ingress of the group shares: these annotations must agree across the group. */
export interface AlbGroupSettings {
  /** IngressGroup name: all public services share one internet-facing ALB. */
  readonly groupName: string;
  /** Bucket and prefix of the access logs. */
  readonly accessLogs: { readonly bucket: string; readonly prefix: string };
  readonly deletionProtection: boolean;
  /** HTTPS settings; without them the ALB serves plain HTTP. @default - HTTP only */
  readonly https?: {
    readonly hostName: string;
    readonly certificateArn: string;
    readonly webAclArn: string;
  };
  /** Cognito sign-in for the services that ask for it (needs `https`). @default - none */
  readonly cognito?: { readonly userPoolArn: string; readonly clientId: string; readonly domain: string };
}

/** One public service's place on the shared ALB. */
export interface AlbIngressProps {
  readonly group: AlbGroupSettings;
  readonly serviceName: string;
  readonly healthPath: string;
  /** Require Cognito sign-in on this path. @default false */
  readonly authenticate?: boolean;
}

/**
 * The AWS Load Balancer Controller annotations of one Ingress of the group. The backend-service
 * chart renders them on the service's Ingress (`ingress.annotations`); the RW-ALB rules read them
 * from the release's values.
 */
export function albAnnotations(props: AlbIngressProps): Record<string, string> {
  const { group } = props;
  const prefix = "alb.ingress.kubernetes.io";
  const attributes = [
    "routing.http.drop_invalid_header_fields.enabled=true",
    `deletion_protection.enabled=${group.deletionProtection}`,
    "access_logs.s3.enabled=true",
    `access_logs.s3.bucket=${group.accessLogs.bucket}`,
    `access_logs.s3.prefix=${group.accessLogs.prefix}`,
  ];
  const annotations: Record<string, string> = {
    [`${prefix}/group.name`]: group.groupName,
    [`${prefix}/scheme`]: "internet-facing",
    [`${prefix}/target-type`]: "ip",
    [`${prefix}/healthcheck-path`]: props.healthPath,
    [`${prefix}/success-codes`]: "200-399",
    [`${prefix}/load-balancer-attributes`]: attributes.join(","),
  };
  if (group.https) {
    Object.assign(annotations, {
      [`${prefix}/listen-ports`]: JSON.stringify([{ HTTP: 80 }, { HTTPS: 443 }]),
      [`${prefix}/ssl-redirect`]: "443",
      [`${prefix}/certificate-arn`]: group.https.certificateArn,
      [`${prefix}/ssl-policy`]: ALB_SSL_POLICY,
      [`${prefix}/wafv2-acl-arn`]: group.https.webAclArn,
    });
  } else {
    annotations[`${prefix}/listen-ports`] = JSON.stringify([{ HTTP: 80 }]);
  }
  if (props.authenticate) {
    if (!group.https || !group.cognito) throw new Error(`AlbIngress ${props.serviceName}: authenticate needs https and cognito settings`);
    Object.assign(annotations, {
      [`${prefix}/auth-type`]: "cognito",
      [`${prefix}/auth-idp-cognito`]: JSON.stringify({
        userPoolARN: group.cognito.userPoolArn,
        userPoolClientID: group.cognito.clientId,
        userPoolDomain: group.cognito.domain,
      }),
      [`${prefix}/auth-on-unauthenticated-request`]: "authenticate",
      [`${prefix}/auth-scope`]: "openid email",
    });
  }
  return annotations;
}

/**
 * The annotations of a service's preflight Ingress, on a path with sign-in: the group's (so the
 * group agrees), no sign-in, a condition that matches only `OPTIONS`, and an order ahead of every
 * other Ingress of the group (the controller gives lower `group.order` rules the higher priority),
 * so the ALB forwards a browser's preflight to the service instead of redirecting it to sign-in.
 * The service answers OPTIONS with CORS headers only, never with data (docs/frontend-contract.md).
 */
export function preflightAnnotations(props: Omit<AlbIngressProps, "authenticate">): Record<string, string> {
  const prefix = "alb.ingress.kubernetes.io";
  return {
    ...albAnnotations({ ...props, authenticate: false }),
    [`${prefix}/group.order`]: String(PREFLIGHT_GROUP_ORDER),
    // Keyed by the backend Service's name, which the chart names after the service.
    [`${prefix}/conditions.${props.serviceName}`]: JSON.stringify([
      { field: "http-request-method", httpRequestMethodConfig: { Values: ["OPTIONS"] } },
    ]),
  };
}

/** The preflight Ingresses' place in the group: ahead of the services' own Ingresses (order 0, the default). */
export const PREFLIGHT_GROUP_ORDER = -100;
