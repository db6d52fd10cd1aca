import { z } from "./zod";
import { EnvironmentConfig, FrontendConfig } from "./schema";

/**
 * The document the back end publishes for the front-end module, one per environment
 * (docs/frontend-contract.md). Additive changes (a new optional field) keep the version; removing or
 * renaming a field, or changing its meaning, bumps it, so a front end can refuse a version it does not know.
 */
export const FRONTEND_CONTRACT_VERSION = 1;

/** The path the browser sign-in client returns to after sign-in, under each origin; the front end serves it. */
export const SIGN_IN_CALLBACK_PATH = "/auth/callback";

const origin = z.string().meta({ description: "A front-end origin (scheme://host[:port]), as the environment file lists it." });
const url = z.string().regex(/^https?:\/\/[^\s]+$/, { error: "must be an http(s) URL" });

export const frontendContractSchema = z
  .strictObject({
    contractVersion: z.literal(FRONTEND_CONTRACT_VERSION).meta({ description: "Version of this document's shape." }),
    environment: z.string().min(1).meta({ description: "The environment's name (dev, prod...)." }),
    region: z.string().min(1).meta({ description: "The AWS region of the API and of the Cognito user pool." }),
    api: z
      .strictObject({
        baseUrl: url.meta({
          description:
            "https://<domain> with a domain; otherwise http://<the ALB's DNS name> (non-production only, local front ends only).",
        }),
        services: z
          .array(
            z.strictObject({
              name: z.string().min(1).meta({ description: "The service's name in the environment file." }),
              path: z.string().regex(/^\//).meta({ description: "Its path prefix on the API: call <baseUrl><path>/..." }),
            }),
          )
          .min(1)
          .meta({ description: "Every public service and its path." }),
      })
      .meta({ description: "Where the browser calls the back end." }),
    signIn: z
      .strictObject({
        userPoolId: z.string().min(1).meta({ description: "The Cognito user pool's id." }),
        clientId: z
          .string()
          .min(1)
          .meta({ description: "The public app client of the browser (no secret; authorization code with PKCE)." }),
        domain: z.string().min(1).meta({ description: "Host of the hosted sign-in pages: <prefix>.auth.<region>.amazoncognito.com." }),
        scopes: z.array(z.string()).meta({ description: "OAuth scopes the client may ask for." }),
        callbackUrls: z.array(url).meta({ description: "Where Cognito may send the browser after sign-in: <origin>/auth/callback." }),
        logoutUrls: z.array(url).meta({ description: "Where Cognito may send the browser after sign-out: <origin>/." }),
      })
      .optional()
      .meta({ description: "Present when a service asks for sign-in (services[].authenticate)." }),
    origins: z.array(origin).min(1).meta({ description: "The origins CORS allows: the only pages that may call the API from a browser." }),
  })
  .meta({
    title: "Road Warrior front-end contract",
    description: "What the back end of one environment publishes for the front-end module (docs/frontend-contract.md).",
  });

export type FrontendContract = z.output<typeof frontendContractSchema>;

/** The JSON Schema of the contract (`npm run schema` writes docs/frontend-contract.schema.json). */
export function frontendContractJsonSchema(): string {
  const schema = z.toJSONSchema(frontendContractSchema, { io: "output" });
  return `${JSON.stringify({ ...schema, $id: "https://road-warrior.example/frontend-contract.schema.json" }, null, 2)}\n`;
}

/**
 * The browser client's callback and logout URLs: one of each per origin. Wildcard origins (preview
 * deployments, non-production only) get none: Cognito accepts only exact URLs.
 */
export function browserRedirectUrls(frontend: Pick<FrontendConfig, "origins">): { callbackUrls: string[]; logoutUrls: string[] } {
  const exact = frontend.origins.filter((o) => !o.includes("*"));
  return { callbackUrls: exact.map((o) => `${o}${SIGN_IN_CALLBACK_PATH}`), logoutUrls: exact.map((o) => `${o}/`) };
}

/** The OAuth scopes of the browser client. */
export const BROWSER_SCOPES = ["openid", "email"];

/** What only the deployed stacks know: the API's address and, with sign-in, the pool and the browser client. */
export interface DeployedFrontendValues {
  readonly apiBaseUrl: string;
  readonly signIn?: { readonly userPoolId: string; readonly clientId: string; readonly domain: string };
}

/** The contract of an environment with a `frontend` section. */
export function frontendContract(
  config: Pick<EnvironmentConfig, "name" | "region" | "services"> & { frontend: FrontendConfig },
  deployed: DeployedFrontendValues,
): FrontendContract {
  return {
    contractVersion: FRONTEND_CONTRACT_VERSION,
    environment: config.name,
    region: config.region,
    api: {
      baseUrl: deployed.apiBaseUrl,
      services: config.services.filter((s) => s.public).map((s) => ({ name: s.name, path: s.path! })),
    },
    signIn: deployed.signIn ? { ...deployed.signIn, scopes: BROWSER_SCOPES, ...browserRedirectUrls(config.frontend) } : undefined,
    origins: [...config.frontend.origins],
  };
}

/**
 * The contract as SSM parameters, by name relative to the environment's path: the whole document
 * (`contract`, JSON), and each value on its own for a build that wants one (lists comma-separated).
 */
export function frontendContractParameters(contract: FrontendContract): Record<string, string> {
  const parameters: Record<string, string> = {
    contract: JSON.stringify(contract),
    "contract-version": String(contract.contractVersion),
    region: contract.region,
    "api/base-url": contract.api.baseUrl,
    origins: contract.origins.join(","),
  };
  for (const service of contract.api.services) parameters[`api/services/${service.name}/path`] = service.path;
  if (contract.signIn) {
    Object.assign(parameters, {
      "sign-in/user-pool-id": contract.signIn.userPoolId,
      "sign-in/client-id": contract.signIn.clientId,
      "sign-in/domain": contract.signIn.domain,
      "sign-in/scopes": contract.signIn.scopes.join(","),
      "sign-in/callback-urls": contract.signIn.callbackUrls.join(","),
      "sign-in/logout-urls": contract.signIn.logoutUrls.join(","),
    });
  }
  return parameters;
}
