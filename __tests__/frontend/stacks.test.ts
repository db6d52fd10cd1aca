/**
 * The front-end contract as the stacks publish it (unit tier: synthesized in-process): the document
 * for the built-in dev and prod validates against its schema, the SSM parameters and the read role
 * stay under the environment's path, the read role can read nothing else (the project's IAM
 * evaluator), and every public service answers CORS for the configured origins only.
 */
import * as fs from "fs";
import * as path from "path";
import Ajv2020 from "ajv/dist/2020";
import {
  frontendContract,
  frontendContractJsonSchema,
  frontendContractSchema,
  SIGN_IN_CALLBACK_PATH,
} from "../../src/config/frontend-contract";
import { loadEnvironments } from "../../src/config/load";
import { EnvironmentConfig } from "../../src/config/schema";
import { FRONTEND_READ_ACTIONS } from "../../src/constructs/ci/frontend-read-role";
import { builtIn } from "../support/environments";
import { decide, Request, resolveTokens, Statement } from "../support/iam-policy";
import { stacksOf, synthApp } from "../support/stacks";
import { Testing } from "cdktf";
import { AppsStack } from "../../src/stacks/apps-stack";

type Json = Record<string, any>;
const ROOT = path.join(__dirname, "..", "..");
const loaded = Object.fromEntries(loadEnvironments(path.join(ROOT, "environments")).map((e) => [e.config.name, e.config]));
const dev: EnvironmentConfig = loaded.dev;
const prod: EnvironmentConfig = loaded.prod;
/** prod with sign-in on its public service: the pool, the browser client and the preflight Ingress appear. */
const prodSignIn: EnvironmentConfig = { ...prod, services: prod.services.map((s) => (s.public ? { ...s, authenticate: true } : s)) };

const ajv = new Ajv2020({ allErrors: true, strict: false });
const validate = ajv.compile(JSON.parse(fs.readFileSync(path.join(ROOT, "docs", "frontend-contract.schema.json"), "utf8")));

const app = synthApp([dev, prod]);
const signInApp = synthApp([prodSignIn]);
const resources = (json: Json, type: string): Json[] => Object.values(json.resource?.[type] ?? {});

describe("the contract document", () => {
  test("docs/frontend-contract.schema.json is the one the zod schema generates (run npm run schema)", () => {
    expect(fs.readFileSync(path.join(ROOT, "docs", "frontend-contract.schema.json"), "utf8")).toBe(frontendContractJsonSchema());
  });

  test.each([
    [
      "dev",
      () => frontendContract({ ...dev, frontend: dev.frontend! }, { apiBaseUrl: "http://k8s-roadwarriordev-0123456789.elb.amazonaws.com" }),
    ],
    ["prod", () => frontendContract({ ...prod, frontend: prod.frontend! }, { apiBaseUrl: "https://api.road-warrior.example" })],
    [
      "prod with sign-in",
      () =>
        frontendContract(
          { ...prodSignIn, frontend: prod.frontend! },
          {
            apiBaseUrl: "https://api.road-warrior.example",
            signIn: { userPoolId: "eu-central-1_AbCdEf123", clientId: "1example23456789", domain: "road-warrior-prod.auth.example" },
          },
        ),
    ],
  ])("%s: validates against the zod schema and the generated JSON Schema", (_name, build) => {
    const contract = build();
    expect(frontendContractSchema.parse(contract)).toEqual(contract);
    expect({ valid: validate(contract), errors: validate.errors ?? null }).toEqual({ valid: true, errors: null });
  });

  test("the published document of each built-in environment validates too (Terraform references standing in for values)", () => {
    for (const env of ["dev", "prod"]) {
      const parameter = resources(app[`${env}-apps`], "aws_ssm_parameter").find((p) => p.name.endsWith("/contract"))!;
      const contract = JSON.parse(parameter.value);
      expect(frontendContractSchema.parse(contract)).toEqual(contract);
      expect(validate(contract)).toBe(true);
      expect(contract.origins).toEqual(loaded[env].frontend!.origins);
    }
    const devContract = JSON.parse(resources(app["dev-apps"], "aws_ssm_parameter").find((p) => p.name.endsWith("/contract"))!.value);
    expect(devContract.api.baseUrl).toMatch(/^http:\/\/\$\{data\.aws_lb\./);
    expect(JSON.parse(resources(app["prod-apps"], "aws_ssm_parameter").find((p) => p.name.endsWith("/contract"))!.value).api).toEqual({
      baseUrl: "https://api.road-warrior.example",
      services: [{ name: "trips-api", path: "/api" }],
    });
  });

  test("npx cdktf output <env>-apps prints it", () => {
    expect(app["prod-apps"].output["frontend-contract"].value).toMatchObject({ contractVersion: 1, environment: "prod" });
  });
});

describe("the SSM parameters", () => {
  test.each(["dev", "prod"])("%s: plain String, standard tier (free), every one under /road-warrior/%s/frontend/", (env) => {
    const parameters = resources(app[`${env}-apps`], "aws_ssm_parameter");
    expect(parameters.length).toBeGreaterThan(3);
    for (const p of parameters) {
      expect(p.name).toMatch(new RegExp(`^/road-warrior/${env}/frontend/[a-z0-9/-]+$`));
      expect({ type: p.type, tier: p.tier, key: p.key_id }).toEqual({ type: "String", tier: "Standard", key: undefined });
    }
    expect(parameters.map((p) => p.name)).toEqual(
      expect.arrayContaining([`/road-warrior/${env}/frontend/contract`, `/road-warrior/${env}/frontend/api/base-url`]),
    );
  });

  test("an environment without a frontend section publishes nothing and creates no read role", () => {
    const fixtures = synthApp([builtIn("dev")]);
    expect(resources(fixtures["dev-apps"], "aws_ssm_parameter")).toEqual([]);
    expect(resources(fixtures["bootstrap-111111111111"], "aws_iam_role").map((r) => r.name)).not.toContain("road-warrior-dev-ci-frontend");
  });
});

describe("the read role", () => {
  const bootstrap = (account: string) => app[`bootstrap-${account}`];
  const role = (account: string, env: string) =>
    resources(bootstrap(account), "aws_iam_role").find((r) => r.name === `road-warrior-${env}-ci-frontend`)!;
  const tokens = { "\\$\\{data\\.aws_partition\\.[^}]+\\}": "aws" };
  const documents = (account: string): Record<string, Json> =>
    resolveTokens(bootstrap(account).data.aws_iam_policy_document as Record<string, Json>, tokens);
  const doc = (account: string, env: string, part: "Permissions" | "Trust"): Statement[] =>
    Object.entries(documents(account)).find(([k]) => k.startsWith(`FrontendReadRole-${env}_${part}`))![1].statement;
  const boundary = (account: string, env: string): Statement[] =>
    Object.entries(documents(account)).find(([k]) => k.startsWith(`CiRoles-${env}_BoundaryDocument`))![1].statement;

  test("one per environment, in its account's bootstrap stack, under the CI roles' boundary (created first)", () => {
    for (const [account, env] of [
      ["111111111111", "dev"],
      ["222222222222", "prod"],
    ]) {
      const r = resolveTokens(role(account, env), tokens);
      expect(r.permissions_boundary).toBe(`arn:aws:iam::${account}:policy/road-warrior-${env}-ci-boundary`);
      expect(r.depends_on).toEqual([expect.stringMatching(new RegExp(`^aws_iam_policy\\.CiRoles-${env}_Boundary_`))]);
      expect(resources(bootstrap(account), "aws_iam_policy").map((p) => p.name)).toContain(`road-warrior-${env}-ci-boundary`);
    }
    expect(role("222222222222", "prod").max_session_duration).toBe(3600);
  });

  test("trusted by the front end's repository on its default branch only, through the account's GitHub OIDC provider", () => {
    const [statement, ...others] = doc("222222222222", "prod", "Trust");
    expect(others).toEqual([]);
    expect(statement.principals).toEqual([
      { type: "Federated", identifiers: [expect.stringMatching(/aws_iam_openid_connect_provider\.GithubOidc-222222222222/)] },
    ]);
    expect(statement.condition).toEqual([
      { test: "StringEquals", variable: "token.actions.githubusercontent.com:aud", values: ["sts.amazonaws.com"] },
      {
        test: "StringEquals",
        variable: "token.actions.githubusercontent.com:sub",
        values: ["repo:road-warrior/road-warrior-web:ref:refs/heads/main"],
      },
    ]);
  });

  const ssm = (env: string, name: string, region = "eu-central-1", account = "222222222222") =>
    `arn:aws:ssm:${region}:${account}:parameter/road-warrior/${env}/${name}`;
  const may = (request: Request) => decide(request, doc("222222222222", "prod", "Permissions"), boundary("222222222222", "prod"));

  test("reads the contract: each parameter, several at once and the whole path", () => {
    for (const action of FRONTEND_READ_ACTIONS) expect(may({ action, resource: ssm("prod", "frontend/contract") })).toBe("allowed");
    expect(may({ action: "ssm:GetParameter", resource: ssm("prod", "frontend/api/services/trips-api/path") })).toBe("allowed");
    expect(may({ action: "ssm:GetParametersByPath", resource: ssm("prod", "frontend") })).toBe("allowed");
  });

  test.each([
    ["another parameter of the environment", "ssm:GetParameter", ssm("prod", "database/password")],
    ["a sibling path that starts alike", "ssm:GetParameter", ssm("prod", "frontend-admin/token")],
    ["the parent path", "ssm:GetParametersByPath", ssm("prod", "")],
    ["another environment's contract", "ssm:GetParameter", ssm("dev", "frontend/contract")],
    ["the same path in another region", "ssm:GetParameter", ssm("prod", "frontend/contract", "us-east-1")],
    ["the same path in another account", "ssm:GetParameter", ssm("prod", "frontend/contract", "eu-central-1", "333333333333")],
    ["writing the contract", "ssm:PutParameter", ssm("prod", "frontend/contract")],
    ["deleting the contract", "ssm:DeleteParameter", ssm("prod", "frontend/contract")],
    ["decrypting anything", "kms:Decrypt", "arn:aws:kms:eu-central-1:222222222222:key/any"],
    ["a secret", "secretsmanager:GetSecretValue", "arn:aws:secretsmanager:eu-central-1:222222222222:secret:road-warrior/prod/trips-api"],
    ["listing parameters", "ssm:DescribeParameters", "*"],
  ])("reads nothing outside the path: %s", (_what, action, resource) => {
    expect(may({ action, resource })).not.toBe("allowed");
  });
});

describe("the browser: CORS and sign-in", () => {
  const releases = (json: Json): Json[] =>
    Object.values<Json>(json.resource.helm_release).filter((r) => String(r.chart).includes("BackendServiceChart"));
  const valuesOf = (json: Json, service: string): Json => JSON.parse(releases(json).find((r) => r.name === service)!.values[0]);

  test.each(["dev", "prod"])(
    "%s: every public service answers CORS for exactly the configured origins; internal services do not",
    (env) => {
      const config = loaded[env];
      for (const service of config.services) {
        const values = valuesOf(app[`${env}-apps`], service.name);
        if (service.public) {
          expect(values.env).toMatchObject({
            CORS_ALLOWED_ORIGINS: config.frontend!.origins.join(","),
            CORS_ALLOW_CREDENTIALS: "true",
            CORS_MAX_AGE_SECONDS: "7200",
          });
          expect(values.env.CORS_ALLOWED_ORIGINS).not.toContain("*");
        } else {
          expect(Object.keys(values.env).filter((k) => k.startsWith("CORS_"))).toEqual([]);
        }
        // No sign-in on these paths: no preflight Ingress needed.
        expect(values.ingress.preflight).toBeUndefined();
      }
    },
  );

  test("a path with sign-in gets an OPTIONS Ingress ahead of the sign-in rule, without sign-in, in the same ALB group", () => {
    const values = valuesOf(signInApp["prod-apps"], "trips-api");
    const main = values.ingress.annotations;
    const preflight = values.ingress.preflight.annotations;
    expect(main["alb.ingress.kubernetes.io/auth-type"]).toBe("cognito");
    expect(preflight["alb.ingress.kubernetes.io/auth-type"]).toBeUndefined();
    expect(Object.keys(preflight).filter((k) => k.includes("/auth-"))).toEqual([]);
    expect(JSON.parse(preflight["alb.ingress.kubernetes.io/conditions.trips-api"])).toEqual([
      { field: "http-request-method", httpRequestMethodConfig: { Values: ["OPTIONS"] } },
    ]);
    expect(Number(preflight["alb.ingress.kubernetes.io/group.order"])).toBeLessThan(0);
    // The group's settings agree across its Ingresses (the controller refuses a group that disagrees). The forward action is
    // the main Ingress's own (to the service's Terraform-made target group); the preflight forwards to its own group.
    for (const key of Object.keys(main).filter((k) => !k.includes("/auth-") && !k.includes("/actions.")))
      expect(preflight[key]).toBe(main[key]);
  });

  test("sign-in: a public browser client (no secret, code flow) with the origins' URLs; the ALB's client keeps its callback", () => {
    const clients = resources(signInApp["prod-cluster"], "aws_cognito_user_pool_client");
    const alb = clients.find((c) => c.name.endsWith("-alb"))!;
    const browser = clients.find((c) => c.name.endsWith("-browser"))!;
    expect(alb).toMatchObject({ generate_secret: true, callback_urls: ["https://api.road-warrior.example/oauth2/idpresponse"] });
    expect(browser).toMatchObject({
      generate_secret: false,
      allowed_oauth_flows: ["code"],
      allowed_oauth_flows_user_pool_client: true,
      callback_urls: [`https://app.road-warrior.example${SIGN_IN_CALLBACK_PATH}`],
      logout_urls: ["https://app.road-warrior.example/"],
      explicit_auth_flows: ["ALLOW_REFRESH_TOKEN_AUTH"],
    });
    const contract = JSON.parse(resources(signInApp["prod-apps"], "aws_ssm_parameter").find((p) => p.name.endsWith("/contract"))!.value);
    expect(contract.signIn).toMatchObject({
      callbackUrls: browser.callback_urls,
      logoutUrls: browser.logout_urls,
      scopes: ["openid", "email"],
    });
    expect(contract.signIn.domain).toMatch(/\.auth\.eu-central-1\.amazoncognito\.com$/);
  });
});

describe("the apps stack's upstream", () => {
  test("with a front end and sign-in, cluster outputs without the browser client are refused, naming what is missing", () => {
    const { cluster, network, data } = stacksOf([prodSignIn]).environments.prod;
    const userPool = { ...cluster.outputs.edge!.userPool!, browserClientId: undefined };
    const outputs = { ...cluster.outputs, edge: { ...cluster.outputs.edge!, userPool } };
    expect(() => new AppsStack(Testing.app(), prodSignIn, { network: network.outputs, data: data.outputs, cluster: outputs })).toThrow(
      /ClusterOutputs\.edge\.userPool needs id and browserClientId/,
    );
  });
});
