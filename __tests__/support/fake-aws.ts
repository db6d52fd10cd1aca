/**
 * AWS answered from loopback, for the preflight's tests: the few read-only calls it makes, in each
 * service's own wire protocol (STS and IAM query/XML, Route 53 REST/XML, Service Quotas and ECR JSON 1.1,
 * CodeStar Connections JSON 1.0), with planted answers. The SDK is pointed here with one endpoint and
 * fake static credentials; a request is routed by the service in its SigV4 credential scope. Any call
 * this does not know is answered with an error that names it, so a new call fails loudly.
 *
 * Error shapes and codes are the ones AWS documents: IAM's NoSuchEntity (404), Route 53's
 * NoSuchHostedZone (404), Service Quotas' NoSuchResourceException, ECR's ImageNotFoundException and
 * RepositoryNotFoundException, CodeStar Connections' ResourceNotFoundException.
 */
import * as http from "http";
import { listenOnLoopback, LoopbackEndpoint } from "../../src/preview/sts-endpoint";

export interface FakeAws {
  /** The account and ARN GetCallerIdentity answers. */
  caller: { account: string; arn: string };
  /** Roles that exist, by name, with their ARN (admin roles and service-linked roles alike). */
  roles: Map<string, string>;
  /** What SimulatePrincipalPolicy answers for iam:CreateServiceLinkedRole. */
  createServiceLinkedRole: "allowed" | "implicitDeny" | "explicitDeny";
  /** Hosted zones by id. */
  hostedZones: Map<string, { name: string; private: boolean }>;
  /**
   * Applied quota values by code, or by `<service code>/<code>` to answer only a request naming that service;
   * a code left out answers NoSuchResourceException (never changed).
   */
  appliedQuotas: Map<string, number>;
  /** AWS's default quota values, keyed as {@link appliedQuotas}. */
  defaultQuotas: Map<string, number>;
  /** Repositories and the tags they hold. */
  images: Map<string, Set<string>>;
  /** Connections by ARN, with their status. */
  connections: Map<string, "PENDING" | "AVAILABLE" | "ERROR">;
}

export interface Call {
  readonly service: string;
  readonly action: string;
  readonly accessKeyId?: string;
}

export type FakeAwsEndpoint = LoopbackEndpoint<Call>;

export const FAKE_CREDENTIALS = { accessKeyId: "AKIAPREFLIGHTTEST", secretAccessKey: "preflight-fake-secret" };

type Reply = { status: number; type: string; body: string };

const xml = (status: number, body: string): Reply => ({ status, type: "text/xml", body });
const json = (status: number, body: unknown, type = "application/x-amz-json-1.1"): Reply => ({ status, type, body: JSON.stringify(body) });
const IAM_NS = "https://iam.amazonaws.com/doc/2010-05-08/";
const STS_NS = "https://sts.amazonaws.com/doc/2011-06-15/";
const R53_NS = "https://route53.amazonaws.com/doc/2013-04-01/";
const META = "<ResponseMetadata><RequestId>00000000-0000-0000-0000-000000000000</RequestId></ResponseMetadata>";

const queryError = (ns: string, status: number, code: string, message: string) =>
  xml(
    status,
    `<ErrorResponse xmlns="${ns}"><Error><Type>Sender</Type><Code>${code}</Code><Message>${message}</Message></Error>` +
      "<RequestId>00000000-0000-0000-0000-000000000000</RequestId></ErrorResponse>",
  );
const jsonError = (type: string, message: string, contentType?: string) => json(400, { __type: type, message }, contentType);

function sts(aws: FakeAws, params: URLSearchParams): Reply {
  if (params.get("Action") !== "GetCallerIdentity")
    return queryError(STS_NS, 400, "InvalidAction", `not answered: ${params.get("Action")}`);
  return xml(
    200,
    `<GetCallerIdentityResponse xmlns="${STS_NS}"><GetCallerIdentityResult><Arn>${aws.caller.arn}</Arn>` +
      `<UserId>AIDAPREFLIGHT</UserId><Account>${aws.caller.account}</Account></GetCallerIdentityResult>${META}</GetCallerIdentityResponse>`,
  );
}

function iam(aws: FakeAws, params: URLSearchParams): Reply {
  const action = params.get("Action");
  if (action === "GetRole") {
    const name = params.get("RoleName") ?? "";
    const arn = aws.roles.get(name);
    if (!arn) return queryError(IAM_NS, 404, "NoSuchEntity", `The role with name ${name} cannot be found.`);
    const rolePath = arn.slice(arn.indexOf(":role") + 5, arn.length - name.length);
    return xml(
      200,
      `<GetRoleResponse xmlns="${IAM_NS}"><GetRoleResult><Role><Path>${rolePath}</Path><Arn>${arn}</Arn><RoleName>${name}</RoleName>` +
        "<RoleId>AROAPREFLIGHT</RoleId><CreateDate>2026-01-01T00:00:00Z</CreateDate>" +
        `<AssumeRolePolicyDocument>%7B%7D</AssumeRolePolicyDocument></Role></GetRoleResult>${META}</GetRoleResponse>`,
    );
  }
  if (action === "SimulatePrincipalPolicy") {
    const actionName = params.get("ActionNames.member.1");
    const resource = params.get("ResourceArns.member.1");
    return xml(
      200,
      `<SimulatePrincipalPolicyResponse xmlns="${IAM_NS}"><SimulatePrincipalPolicyResult><IsTruncated>false</IsTruncated>` +
        `<EvaluationResults><member><EvalActionName>${actionName}</EvalActionName><EvalResourceName>${resource}</EvalResourceName>` +
        `<EvalDecision>${aws.createServiceLinkedRole}</EvalDecision><MatchedStatements/><MissingContextValues/></member>` +
        "</EvaluationResults>" +
        `</SimulatePrincipalPolicyResult>${META}</SimulatePrincipalPolicyResponse>`,
    );
  }
  return queryError(IAM_NS, 400, "InvalidAction", `not answered: ${action}`);
}

function route53(aws: FakeAws, method: string, url: string): Reply {
  const match = /^\/2013-04-01\/hostedzone\/([^/?]+)$/.exec(url.split("?")[0]);
  if (method !== "GET" || !match)
    return xml(
      400,
      `<ErrorResponse xmlns="${R53_NS}"><Error><Code>InvalidInput</Code>` +
        `<Message>not answered: ${method} ${url}</Message></Error></ErrorResponse>`,
    );
  const zone = aws.hostedZones.get(match[1]);
  if (!zone) {
    return xml(
      404,
      `<ErrorResponse xmlns="${R53_NS}"><Error><Type>Sender</Type><Code>NoSuchHostedZone</Code>` +
        `<Message>No hosted zone found with ID: ${match[1]}</Message></Error><RequestId>0</RequestId></ErrorResponse>`,
    );
  }
  return xml(
    200,
    `<?xml version="1.0"?><GetHostedZoneResponse xmlns="${R53_NS}"><HostedZone><Id>/hostedzone/${match[1]}</Id><Name>${zone.name}.</Name>` +
      `<CallerReference>preflight</CallerReference><Config><PrivateZone>${zone.private}</PrivateZone></Config>` +
      "<ResourceRecordSetCount>2</ResourceRecordSetCount></HostedZone>" +
      "<DelegationSet><NameServers><NameServer>ns-1.awsdns-01.org</NameServer></NameServers></DelegationSet></GetHostedZoneResponse>",
  );
}

function serviceQuotas(aws: FakeAws, target: string, input: { ServiceCode?: string; QuotaCode?: string }): Reply {
  const code = input.QuotaCode ?? "";
  const quota = (value: number) => ({
    Quota: { ServiceCode: input.ServiceCode, QuotaCode: code, QuotaName: code, Value: value, Adjustable: true },
  });
  const lookup = (values: Map<string, number>) => values.get(`${input.ServiceCode}/${code}`) ?? values.get(code);
  if (target === "ServiceQuotasV20190624.GetServiceQuota") {
    const value = lookup(aws.appliedQuotas);
    return value === undefined ? jsonError("NoSuchResourceException", `no applied value for ${code}`) : json(200, quota(value));
  }
  if (target === "ServiceQuotasV20190624.GetAWSDefaultServiceQuota") {
    const value = lookup(aws.defaultQuotas);
    return value === undefined ? jsonError("NoSuchResourceException", `no quota ${code}`) : json(200, quota(value));
  }
  return jsonError("UnknownOperationException", `not answered: ${target}`);
}

function ecr(aws: FakeAws, target: string, input: { repositoryName?: string; imageIds?: { imageTag?: string }[] }): Reply {
  if (target !== "AmazonEC2ContainerRegistry_V20150921.DescribeImages")
    return jsonError("UnknownOperationException", `not answered: ${target}`);
  const repository = input.repositoryName ?? "";
  const tag = input.imageIds?.[0]?.imageTag ?? "";
  const tags = aws.images.get(repository);
  if (!tags) return jsonError("RepositoryNotFoundException", `The repository with name '${repository}' does not exist`);
  if (!tags.has(tag)) return jsonError("ImageNotFoundException", `The image with imageId {imageTag:'${tag}'} does not exist`);
  return json(200, { imageDetails: [{ repositoryName: repository, imageDigest: "sha256:0", imageTags: [tag] }] });
}

function connections(aws: FakeAws, target: string, input: { ConnectionArn?: string }): Reply {
  const type = "application/x-amz-json-1.0";
  if (target !== "CodeStar_connections_20191201.GetConnection")
    return jsonError("UnknownOperationException", `not answered: ${target}`, type);
  const arn = input.ConnectionArn ?? "";
  const status = aws.connections.get(arn);
  if (!status) return jsonError("ResourceNotFoundException", `Connection ${arn} not found`, type);
  return json(
    200,
    { Connection: { ConnectionName: "github", ConnectionArn: arn, ProviderType: "GitHub", ConnectionStatus: status } },
    type,
  );
}

/** Starts the endpoint on 127.0.0.1 at a free port; `aws` can be changed between calls. */
export function startFakeAws(aws: FakeAws): Promise<FakeAwsEndpoint> {
  const calls: Call[] = [];
  const server = http.createServer((request, response) => {
    const chunks: Buffer[] = [];
    request.on("data", (chunk: Buffer) => chunks.push(chunk));
    request.on("end", () => {
      const body = Buffer.concat(chunks).toString("utf8");
      const scope = /Credential=([^/,\s]+)\/\d{8}\/[^/]+\/([^/]+)\//.exec(request.headers.authorization ?? "");
      const service = scope?.[2] ?? "(unsigned)";
      const target = String(request.headers["x-amz-target"] ?? "");
      const params = new URLSearchParams(body);
      const input = target ? (JSON.parse(body || "{}") as Record<string, never>) : {};
      let reply: Reply;
      let action =
        target.split(".").pop() ||
        params.get("Action") ||
        (service === "route53" && request.method === "GET" ? "GetHostedZone" : `${request.method} ${request.url}`);
      // A key this endpoint did not hand out is refused, as AWS refuses a deleted or unknown key.
      if (scope?.[1] !== FAKE_CREDENTIALS.accessKeyId) {
        reply =
          service === "sts" || service === "iam"
            ? queryError(
                service === "sts" ? STS_NS : IAM_NS,
                403,
                "InvalidClientTokenId",
                "The security token included in the request is invalid.",
              )
            : jsonError("UnrecognizedClientException", "The security token included in the request is invalid.");
      } else if (service === "sts") reply = sts(aws, params);
      else if (service === "iam") reply = iam(aws, params);
      else if (service === "route53") reply = route53(aws, request.method ?? "", request.url ?? "");
      else if (service === "servicequotas") reply = serviceQuotas(aws, target, input);
      else if (service === "ecr") reply = ecr(aws, target, input);
      else if (service === "codestar-connections") reply = connections(aws, target, input);
      else {
        action = `${service} ${action}`;
        reply = json(400, { __type: "UnknownServiceException", message: `the fake AWS does not answer ${service}` });
      }
      calls.push({ service, action, accessKeyId: scope?.[1] });
      response.writeHead(reply.status, { "content-type": reply.type, "content-length": Buffer.byteLength(reply.body) });
      response.end(reply.body);
    });
  });
  return listenOnLoopback(server, calls);
}
