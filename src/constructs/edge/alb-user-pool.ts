import { CognitoUserPool } from "@cdktf/provider-aws/lib/cognito-user-pool";
import { CognitoUserPoolClient } from "@cdktf/provider-aws/lib/cognito-user-pool-client";
import { CognitoUserPoolDomain } from "@cdktf/provider-aws/lib/cognito-user-pool-domain";
import { Construct } from "constructs";

export interface AlbUserPoolProps {
  readonly name: string;
  /** Host name the ALB serves: the OAuth callback is `https://<domainName>/oauth2/idpresponse`. */
  readonly domainName: string;
  /** Prefix of the hosted sign-in domain (`<prefix>.auth.<region>.amazoncognito.com`), globally unique per region. */
  readonly signInDomainPrefix: string;
  /** Refuse deletion of the pool (it holds the users). @default true */
  readonly deletionProtection?: boolean;
  /** Make Terraform refuse any plan that destroys the pool (production: users cannot be exported with their passwords). @default false */
  readonly preventDestroy?: boolean;
  /**
   * A second, public app client for the browser front end (no secret: a browser cannot keep one;
   * authorization code flow, which the front end runs with PKCE), with these redirect URLs.
   * @default - no browser client
   */
  readonly browserClient?: {
    readonly callbackUrls: readonly string[];
    readonly logoutUrls: readonly string[];
    readonly scopes: readonly string[];
  };
}

/**
 * A Cognito user pool for ALB sign-in: administrators create users (no self sign-up), strong
 * passwords, optional TOTP MFA, and an app client for the ALB's OAuth code flow.
 */
export class AlbUserPool extends Construct {
  public readonly pool: CognitoUserPool;
  public readonly client: CognitoUserPoolClient;
  public readonly domain: CognitoUserPoolDomain;
  /** The browser's public client, when {@link AlbUserPoolProps.browserClient} asks for one. */
  public readonly browserClient?: CognitoUserPoolClient;

  constructor(scope: Construct, id: string, props: AlbUserPoolProps) {
    super(scope, id);
    this.pool = new CognitoUserPool(this, "Default", {
      name: props.name,
      deletionProtection: (props.deletionProtection ?? true) ? "ACTIVE" : "INACTIVE",
      lifecycle: props.preventDestroy ? { preventDestroy: true } : undefined,
      adminCreateUserConfig: { allowAdminCreateUserOnly: true },
      autoVerifiedAttributes: ["email"],
      usernameAttributes: ["email"],
      mfaConfiguration: "OPTIONAL",
      softwareTokenMfaConfiguration: { enabled: true },
      passwordPolicy: {
        minimumLength: 12,
        requireLowercase: true,
        requireUppercase: true,
        requireNumbers: true,
        requireSymbols: true,
        temporaryPasswordValidityDays: 3,
      },
      accountRecoverySetting: { recoveryMechanism: [{ name: "verified_email", priority: 1 }] },
    });
    this.client = new CognitoUserPoolClient(this, "AlbClient", {
      name: `${props.name}-alb`,
      userPoolId: this.pool.id,
      generateSecret: true,
      allowedOauthFlowsUserPoolClient: true,
      allowedOauthFlows: ["code"],
      allowedOauthScopes: ["openid", "email"],
      callbackUrls: [`https://${props.domainName}/oauth2/idpresponse`],
      supportedIdentityProviders: ["COGNITO"],
      preventUserExistenceErrors: "ENABLED",
    });
    if (props.browserClient) {
      // Public: no secret. Only the code flow (never implicit, whose tokens travel in the URL); Cognito checks the
      // PKCE verifier of every code issued with a challenge. Only the hosted pages sign in (no password flows from the browser).
      this.browserClient = new CognitoUserPoolClient(this, "BrowserClient", {
        name: `${props.name}-browser`,
        userPoolId: this.pool.id,
        generateSecret: false,
        allowedOauthFlowsUserPoolClient: true,
        allowedOauthFlows: ["code"],
        allowedOauthScopes: [...props.browserClient.scopes],
        callbackUrls: [...props.browserClient.callbackUrls],
        logoutUrls: [...props.browserClient.logoutUrls],
        supportedIdentityProviders: ["COGNITO"],
        explicitAuthFlows: ["ALLOW_REFRESH_TOKEN_AUTH"],
        enableTokenRevocation: true,
        preventUserExistenceErrors: "ENABLED",
      });
    }
    this.domain = new CognitoUserPoolDomain(this, "SignInDomain", { domain: props.signInDomainPrefix, userPoolId: this.pool.id });
  }
}
