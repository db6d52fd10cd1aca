import { CodeStarConnectionsClient } from "@aws-sdk/client-codestar-connections";
import { ECRClient } from "@aws-sdk/client-ecr";
import { IAMClient } from "@aws-sdk/client-iam";
import { Route53Client } from "@aws-sdk/client-route-53";
import { ServiceQuotasClient } from "@aws-sdk/client-service-quotas";
import { STSClient, STSClientConfig } from "@aws-sdk/client-sts";

/** The SDK clients the preflight reads through: read-only calls only (Get*, Describe*, Simulate*). */
export interface AwsClients {
  readonly sts: STSClient;
  readonly iam: IAMClient;
  readonly route53: Route53Client;
  readonly quotas: ServiceQuotasClient;
  readonly ecr: ECRClient;
  /**
   * GetConnection of CodeConnections. The SDK publishes the API under its former name, CodeStar
   * Connections, which AWS keeps answering for connections of either ARN prefix (codestar-connections
   * or codeconnections).
   */
  readonly connections: CodeStarConnectionsClient;
}

export interface AwsClientOptions {
  /** The environment's region; Route 53 and IAM are global and ignore it. */
  readonly region: string;
  /** One endpoint for every service (a loopback stand-in in tests). @default the SDK's: AWS, or AWS_ENDPOINT_URL(_<SERVICE>) */
  readonly endpoint?: string;
  /** @default the SDK's chain: environment, profile, SSO, container or instance role */
  readonly credentials?: STSClientConfig["credentials"];
  /** Attempts per call (the SDK retries throttling and network errors). @default 3 */
  readonly maxAttempts?: number;
}

export function createAwsClients(options: AwsClientOptions): AwsClients {
  const config = {
    region: options.region,
    maxAttempts: options.maxAttempts ?? 3,
    ...(options.endpoint ? { endpoint: options.endpoint } : {}),
    ...(options.credentials ? { credentials: options.credentials } : {}),
  };
  return {
    sts: new STSClient(config),
    iam: new IAMClient(config),
    route53: new Route53Client(config),
    quotas: new ServiceQuotasClient(config),
    ecr: new ECRClient(config),
    connections: new CodeStarConnectionsClient(config),
  };
}

/** Closes the clients' connection pools, so the process can exit. */
export function destroyAwsClients(clients: AwsClients): void {
  Object.values(clients).forEach((client: { destroy(): void }) => client.destroy());
}
