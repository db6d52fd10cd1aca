/**
 * A small stand-in for AWS STS on loopback, so offline plans keep `allowed_account_ids`: the AWS
 * provider asks STS who the caller is when it is configured (`GetCallerIdentity`, after an
 * `AssumeRole` when the provider block has one) and refuses to plan ("AWS account ID not
 * allowed") when the account is not one the block allows. Nothing else is answered: any other
 * action, or any other AWS service pointed here, gets an error, so a plan that needs more than
 * STS fails loudly instead of reaching the network.
 *
 * Credentials are made per account by {@link credentialsFor}: the access key id carries the
 * account, the way a real key belongs to one account. An assumed role's credentials belong to
 * the role's account. Signatures are not checked (the keys are fake), trust policies are not
 * evaluated: what this proves is which account each provider block ends up in.
 */
import * as crypto from "crypto";
import * as http from "http";
import { AddressInfo } from "net";

/** Largest request body read (STS query requests are a few hundred bytes). */
const MAX_BODY_BYTES = 64 * 1024;
/** Requests answered before the endpoint refuses more: a plan makes a handful per provider block. */
const MAX_REQUESTS = 10_000;
const SECRET = "offline-plan-fake-secret";

export interface OfflineCredentials {
  readonly accessKeyId: string;
  readonly secretAccessKey: string;
  readonly sessionToken?: string;
}

/** Fake long-term credentials of an IAM user in `accountId` (12 digits). */
export function credentialsFor(accountId: string): OfflineCredentials {
  if (!/^\d{12}$/.test(accountId)) throw new Error(`credentialsFor: "${accountId}" is not a 12-digit AWS account id`);
  return { accessKeyId: `AKIA${accountId}TEST`, secretAccessKey: SECRET };
}

/** The account an access key id made by this module belongs to (`AKIA…`/`ASIA…` + 12 digits + 4 characters). */
export function accountOfAccessKey(accessKeyId: string): string | undefined {
  return /^A[KS]IA(\d{12})[A-Z0-9]{4}$/.exec(accessKeyId)?.[1];
}

/** One request the endpoint answered, for tests and error messages. */
export interface StsCall {
  readonly action: string;
  /** Account of the credentials that signed it, when known. */
  readonly callerAccount?: string;
  /** HTTP status returned. */
  readonly status: number;
}

export interface StsEndpoint {
  /** `http://127.0.0.1:<port>`: each offline plan's endpoint for STS, IAM and every other AWS service (`AWS_ENDPOINT_URL*` in its environment). */
  readonly url: string;
  readonly calls: readonly StsCall[];
  stop(): Promise<void>;
}

const XMLNS = "https://sts.amazonaws.com/doc/2011-06-15/";

function xmlEscape(value: string): string {
  return value.replace(/[<>&'"]/g, (c) => ({ "<": "&lt;", ">": "&gt;", "&": "&amp;", "'": "&apos;", '"': "&quot;" })[c]!);
}

function errorXml(code: string, message: string): string {
  return (
    `<ErrorResponse xmlns="${XMLNS}">` +
    `<Error><Type>Sender</Type><Code>${code}</Code><Message>${xmlEscape(message)}</Message></Error>` +
    `<RequestId>${crypto.randomUUID()}</RequestId></ErrorResponse>`
  );
}

function metadata(): string {
  return `<ResponseMetadata><RequestId>${crypto.randomUUID()}</RequestId></ResponseMetadata>`;
}

/** The access key id of a SigV4-signed request (`Authorization: AWS4-HMAC-SHA256 Credential=<key>/<date>/...`). */
function accessKeyOf(request: http.IncomingMessage): string | undefined {
  return /Credential=([^/,\s]+)\//.exec(request.headers.authorization ?? "")?.[1];
}

type Answer = { status: number; body: string };

function answer(action: string | null, params: URLSearchParams, callerAccount: string | undefined, partition: string): Answer {
  if (!callerAccount)
    return {
      status: 403,
      body: errorXml(
        "InvalidClientTokenId",
        "The security token included in the request is invalid (not a key of the offline STS endpoint).",
      ),
    };
  switch (action) {
    case "GetCallerIdentity":
      return {
        status: 200,
        body:
          `<GetCallerIdentityResponse xmlns="${XMLNS}"><GetCallerIdentityResult>` +
          `<Arn>arn:${partition}:iam::${callerAccount}:user/offline-plan</Arn>` +
          `<UserId>AIDAOFFLINEPLAN${callerAccount.slice(-5)}</UserId><Account>${callerAccount}</Account>` +
          `</GetCallerIdentityResult>${metadata()}</GetCallerIdentityResponse>`,
      };
    case "AssumeRole": {
      const roleArn = params.get("RoleArn") ?? "";
      const match = /^arn:([a-z-]+):iam::(\d{12}):role\/(.+)$/.exec(roleArn);
      if (!match) return { status: 400, body: errorXml("ValidationError", `RoleArn "${roleArn}" is not an IAM role ARN`) };
      const [, rolePartition, roleAccount, rolePath] = match;
      const session = params.get("RoleSessionName") ?? "offline-plan";
      const roleName = rolePath.split("/").pop()!;
      const expiration = new Date(Date.now() + 3600_000).toISOString().replace(/\.\d{3}Z$/, "Z");
      return {
        status: 200,
        body:
          `<AssumeRoleResponse xmlns="${XMLNS}"><AssumeRoleResult>` +
          `<Credentials><AccessKeyId>ASIA${roleAccount}TEST</AccessKeyId><SecretAccessKey>${SECRET}</SecretAccessKey>` +
          `<SessionToken>offline-plan-session</SessionToken><Expiration>${expiration}</Expiration></Credentials>` +
          `<AssumedRoleUser><AssumedRoleId>AROAOFFLINEPLAN:${xmlEscape(session)}</AssumedRoleId>` +
          `<Arn>arn:${rolePartition}:sts::${roleAccount}:assumed-role/${xmlEscape(roleName)}/${xmlEscape(session)}</Arn>` +
          `</AssumedRoleUser>` +
          `</AssumeRoleResult>${metadata()}</AssumeRoleResponse>`,
      };
    }
    default:
      return {
        status: 400,
        body: errorXml(
          "InvalidAction",
          `the offline STS endpoint answers GetCallerIdentity and AssumeRole only, not ${action ?? "(no action)"}`,
        ),
      };
  }
}

export interface StsEndpointOptions {
  /** Partition in the ARNs returned. @default aws */
  readonly partition?: string;
}

/** Starts the endpoint on 127.0.0.1 at a free port. Stop it when the plans are done. */
export function startStsEndpoint(options: StsEndpointOptions = {}): Promise<StsEndpoint> {
  const calls: StsCall[] = [];
  const partition = options.partition ?? "aws";
  const server = http.createServer((request, response) => {
    const reply = (status: number, body: string) => {
      response.writeHead(status, { "content-type": "text/xml", "content-length": Buffer.byteLength(body) });
      response.end(body);
    };
    if (calls.length >= MAX_REQUESTS) {
      reply(429, errorXml("Throttling", `the offline STS endpoint answers at most ${MAX_REQUESTS} requests`));
      return;
    }
    const chunks: Buffer[] = [];
    let size = 0;
    request.on("data", (chunk: Buffer) => {
      size += chunk.length;
      if (size > MAX_BODY_BYTES) {
        request.destroy();
        return;
      }
      chunks.push(chunk);
    });
    request.on("end", () => {
      const body = Buffer.concat(chunks).toString("utf8");
      const params = new URLSearchParams(request.method === "POST" ? body : ((request.url ?? "").split("?")[1] ?? ""));
      const action = params.get("Action");
      const callerAccount = accountOfAccessKey(accessKeyOf(request) ?? "");
      const { status, body: out } = answer(action, params, callerAccount, partition);
      calls.push({ action: action ?? "(none)", callerAccount, status });
      reply(status, out);
    });
  });
  server.requestTimeout = 10_000;
  server.headersTimeout = 10_000;
  return listenOnLoopback(server, calls);
}

/** A local endpoint that stands in for an AWS API: its address, the calls it answered, and how to stop it. */
export interface LoopbackEndpoint<C> {
  /** `http://127.0.0.1:<port>`. */
  readonly url: string;
  readonly calls: C[];
  stop(): Promise<void>;
}

/**
 * Starts `server` on a free port of 127.0.0.1 only (never another interface: nothing outside this
 * machine may reach a stand-in for AWS). `stop` closes open connections too, so a test ends at once.
 */
export function listenOnLoopback<C>(server: http.Server, calls: C[]): Promise<LoopbackEndpoint<C>> {
  return new Promise((resolve, reject) => {
    server.once("error", reject);
    server.listen(0, "127.0.0.1", () => {
      const { port } = server.address() as AddressInfo;
      resolve({
        url: `http://127.0.0.1:${port}`,
        calls,
        stop: () =>
          new Promise<void>((done) => {
            server.closeAllConnections();
            server.close(() => done());
          }),
      });
    });
  });
}
