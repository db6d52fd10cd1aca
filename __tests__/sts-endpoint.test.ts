/**
 * The loopback STS stand-in the offline plans use (src/preview/sts-endpoint.ts): it answers who
 * the caller is from the access key, assumes roles into the role's account, refuses unknown keys
 * and every other action, and listens on 127.0.0.1 only.
 */
import { accountOfAccessKey, credentialsFor, startStsEndpoint, StsEndpoint } from "../src/preview/sts-endpoint";

let sts: StsEndpoint;
beforeAll(async () => {
  sts = await startStsEndpoint();
});
afterAll(() => sts.stop());

const call = (body: string, accessKeyId?: string) =>
  fetch(sts.url, {
    method: "POST",
    headers: {
      "content-type": "application/x-www-form-urlencoded",
      ...(accessKeyId
        ? {
            authorization:
              `AWS4-HMAC-SHA256 Credential=${accessKeyId}/20261130/us-east-1/sts/aws4_request, ` + "SignedHeaders=host, Signature=00",
          }
        : {}),
    },
    body,
  });

describe("offline STS endpoint", () => {
  test("listens on loopback only, at a free port", () => {
    expect(sts.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
  });

  test("credentials belong to one account", () => {
    const { accessKeyId } = credentialsFor("111111111111");
    expect(accessKeyId).toHaveLength(20);
    expect(accountOfAccessKey(accessKeyId)).toBe("111111111111");
    expect(() => credentialsFor("1111")).toThrow(/not a 12-digit AWS account id/);
  });

  test("GetCallerIdentity names the account of the signing key", async () => {
    const response = await call("Action=GetCallerIdentity&Version=2011-06-15", credentialsFor("222222222222").accessKeyId);
    expect(response.status).toBe(200);
    const xml = await response.text();
    expect(xml).toContain("<Account>222222222222</Account>");
    expect(xml).toContain("<Arn>arn:aws:iam::222222222222:user/offline-plan</Arn>");
  });

  test("AssumeRole returns credentials of the role's account", async () => {
    const role = encodeURIComponent("arn:aws:iam::333333333333:role/deploy");
    const response = await call(
      `Action=AssumeRole&Version=2011-06-15&RoleArn=${role}&RoleSessionName=ci`,
      credentialsFor("111111111111").accessKeyId,
    );
    const xml = await response.text();
    expect(response.status).toBe(200);
    const key = /<AccessKeyId>([^<]+)<\/AccessKeyId>/.exec(xml)![1];
    expect(accountOfAccessKey(key)).toBe("333333333333");
    expect(xml).toContain("<Arn>arn:aws:sts::333333333333:assumed-role/deploy/ci</Arn>");
  });

  test("unknown keys, unsigned requests and other actions are refused", async () => {
    expect((await call("Action=GetCallerIdentity", "AKIAIOSFODNN7EXAMPLE")).status).toBe(403);
    expect((await call("Action=GetCallerIdentity")).status).toBe(403);
    const other = await call("Action=GetSessionToken", credentialsFor("111111111111").accessKeyId);
    expect(other.status).toBe(400);
    expect(await other.text()).toMatch(/answers GetCallerIdentity and AssumeRole only/);
    expect(sts.calls.map((c) => c.status)).toEqual(expect.arrayContaining([200, 403, 400]));
  });
});
