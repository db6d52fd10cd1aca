import { frontendContract, frontendContractParameters } from "./frontend-contract";
import { EnvironmentConfig, ORIGIN_PATTERN } from "./schema";

/** A finding of a rule (same shape as `rules.ts`'s). */
interface Finding {
  readonly path: string;
  readonly value: unknown;
  readonly rule: string;
}

/**
 * Hosts a plain-HTTP origin may name: a developer's own machine, never a server on the network. Only
 * `localhost`, the one plain-HTTP callback URL Cognito accepts (the browser client's come from the origins).
 */
const LOCAL_HOSTS = ["localhost"];

/** The most a standard-tier SSM parameter holds: the whole contract is one (advanced tier costs money). */
export const STANDARD_PARAMETER_MAX_CHARS = 4096;

/**
 * The longest the values only AWS knows can be, for the size check: an ALB's DNS name (a 32-character
 * name, an id, the region's ELB domain: under 100), a user pool id (55 at most) and an app client id (128 at most).
 */
const LONGEST_DEPLOYED = { albDnsName: 100, userPoolId: 55, clientId: 128 };

/** The default port of each scheme: a browser leaves it out of the `Origin` header, so an origin naming it never matches. */
const DEFAULT_PORTS: Record<string, string> = { http: "80", https: "443" };

/**
 * The front end's origins against the environment's type and its API. Production: HTTPS only, no
 * wildcard (every origin is one the team serves). Non-production: also `http://localhost:<port>`
 * for a developer's local front end, and `https://*.<domain>` for preview deployments (CORS
 * matches them; Cognito refuses wildcard callback URLs, so they get no sign-in callback). Without a
 * domain the API is plain HTTP, which a page served over HTTPS may not call (mixed content): only
 * local origins then.
 */
export function frontendFindings(env: Partial<EnvironmentConfig>): Finding[] {
  const frontend = env.frontend;
  if (!frontend) return [];
  const production = env.environmentType === "production";
  const findings: Finding[] = [];
  if (env.services && !env.services.some((s) => s.public)) {
    findings.push({
      path: "frontend",
      value: frontend.githubRepository,
      rule: "needs a public service (services[].public: true): a browser can reach no other, so the contract would name no API",
    });
  }
  if (!env.ci) {
    findings.push({
      path: "frontend",
      value: frontend.githubRepository,
      rule:
        "needs a ci section: the bootstrap stack creates the front end's read role beside the CI roles, " +
        "trusting the same GitHub OIDC provider",
    });
  }
  if (env.services?.some((s) => s.authenticate) && frontend.origins.every((o) => o.includes("*"))) {
    findings.push({
      path: "frontend.origins",
      value: frontend.origins,
      rule:
        "must list an origin without a wildcard when a service asks for sign-in: " +
        "the browser client's callback URLs come from them, and Cognito accepts no wildcard",
    });
  }
  const size = largestParameter(env);
  if (size && size.chars > STANDARD_PARAMETER_MAX_CHARS) {
    findings.push({
      path: "frontend.origins",
      value: frontend.origins,
      rule:
        `must be fewer or shorter: the contract's ${size.name} parameter could reach ${size.chars} characters, ` +
        `above the ${STANDARD_PARAMETER_MAX_CHARS} of a standard SSM parameter`,
    });
  }
  frontend.origins.forEach((origin, i) => {
    const match = ORIGIN_PATTERN.exec(origin);
    if (!match) return; // the schema already refused it
    const [, scheme, host, port] = match;
    const at = (rule: string) => findings.push({ path: `frontend.origins[${i}]`, value: origin, rule });
    if (host !== host.toLowerCase()) at("must be lowercase: a browser sends its origin's host in lowercase, so this one would never match");
    if (port !== undefined && (Number(port) < 1 || Number(port) > 65535)) at("must name a port from 1 to 65535");
    if (port === DEFAULT_PORTS[scheme])
      at(`must leave out :${port}: a browser omits the default port of ${scheme}, so this would never match`);
    const wildcard = host.includes("*");
    if (wildcard && production) {
      at("must not contain a wildcard in a production environment: list every origin the front end is served from");
    } else if (wildcard && !/^\*\.[a-z0-9-]+(\.[a-z0-9-]+)+$/.test(host)) {
      at("may hold a wildcard only as its whole first label of a name with two more labels, such as https://*.preview.example.com");
    }
    if (scheme === "http" && production) {
      at("must use https:// in a production environment: a page served over plain HTTP can be altered on its way to the browser");
    } else if (scheme === "http" && !LOCAL_HOSTS.includes(host)) {
      at("may use http:// only for localhost (a developer's local front end); serve any other front end over https://");
    } else if (scheme === "https" && !env.domain) {
      at(
        "must be http://localhost:<port> without a domain: the API is then plain HTTP, " +
          "which browsers refuse to call from a page served over HTTPS (mixed content); name a domain to serve an HTTPS front end",
      );
    }
  });
  return findings;
}

/** The largest parameter the contract could publish, with every deployed value at its longest. */
function largestParameter(env: Partial<EnvironmentConfig>): { name: string; chars: number } | undefined {
  const { frontend, services, name, region, project, accountId } = env;
  if (!frontend || !services || !name || !region || !frontend.origins.every((o) => ORIGIN_PATTERN.test(o))) return undefined;
  const filler = (n: number) => "x".repeat(n);
  const contract = frontendContract(
    { name, region, services, frontend },
    {
      apiBaseUrl: env.domain ? `https://${env.domain.name}` : `http://${filler(LONGEST_DEPLOYED.albDnsName)}`,
      signIn: services.some((s) => s.authenticate)
        ? {
            userPoolId: filler(LONGEST_DEPLOYED.userPoolId),
            clientId: filler(LONGEST_DEPLOYED.clientId),
            domain: `${project}-${name}-${accountId}.auth.${region}.amazoncognito.com`,
          }
        : undefined,
    },
  );
  return Object.entries(frontendContractParameters(contract))
    .map(([parameter, value]) => ({ name: parameter, chars: value.length }))
    .sort((a, b) => b.chars - a.chars)[0];
}
