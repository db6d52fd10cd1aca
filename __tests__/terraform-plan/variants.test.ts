/**
 * Variants of the fixture environments against the real Terraform CLI and AWS provider, offline:
 * an API behind Cognito sign-in with a browser front end (its app client beside the ALB's; the
 * front end's read role is planned with production's bootstrap stack, prod.test.ts), and a private
 * network with no NAT at all (interface endpoints, ECR Public through the pull-through cache). Both
 * environments are synthesized together and their three stacks planned two at a time, the largest
 * first, as the preview plans.
 */
import * as fs from "fs";
import * as path from "path";
import { synthesize } from "../../src/synth";
import { changesOf, initOffline, planInitialized } from "../../src/preview/offline-plan";
import { Outcome, planAll } from "../../src/preview/preview";
import { ENVIRONMENTS_DIR } from "../support/environments";
import { describeWithTerraform, offlinePlans, offlineWorkspace, outcomeOf, TERRAFORM_TIMEOUT_MS } from "../support/terraform-plan";

const quiet = { log: () => undefined, error: console.error };
const STACKS = ["qa-cluster", "isolated-network", "isolated-cluster"];

/** The production fixture (which names a browser front end) as `qa`, with sign-in on the API. */
function signInVariant(): string {
  return (
    fs
      .readFileSync(path.join(ENVIRONMENTS_DIR, "prod.yaml"), "utf8")
      .replace(/^name: prod$/m, "name: qa")
      .replace("10.20.0.0/16", "10.30.0.0/16")
      // With the front end production names, the cluster stack adds its public app client beside the ALB's.
      .replace("    databaseUser: trips_api", "    databaseUser: trips_api\n    authenticate: true")
  );
}

describeWithTerraform("real AWS provider, offline: variants", () => {
  const workspace = offlineWorkspace("rw-terraform-variants-");
  const out = path.join(workspace.work, "out");
  let outcomes: ReadonlyMap<string, Outcome> = new Map();

  beforeAll(async () => {
    const envs = path.join(workspace.work, "envs");
    fs.mkdirSync(envs, { recursive: true });
    fs.writeFileSync(path.join(envs, "qa.yaml"), signInVariant());
    fs.copyFileSync(path.join(__dirname, "..", "fixtures", "isolated", "isolated.yaml"), path.join(envs, "isolated.yaml"));
    expect(synthesize({ environmentsDir: envs, outdir: out, log: quiet })).toBe(0);
    const files = STACKS.map((stack) => path.join(out, "stacks", stack, "cdk.tf.json"));
    const dirs = await initOffline(files, path.join(workspace.work, "plans"), workspace.sts());
    outcomes = await planAll(
      STACKS.map((name, i) => ({ name, file: files[i] })),
      (stack) => planInitialized(dirs[STACKS.indexOf(stack.name)]),
      2,
      () => undefined,
    );
  }, TERRAFORM_TIMEOUT_MS);

  const plans = offlinePlans(out, workspace.work, workspace.sts, (stack) => outcomeOf(outcomes.get(stack)));

  test.each(STACKS)("%s: plans with no error and no warning from its validation", (stack) => {
    expect(plans.plan(stack).validation.diagnostics).toEqual([]);
  });

  describe("sign-in variant (environment with Cognito on a path and a browser front end)", () => {
    test("the user pool is protected, and the WAF guards the sign-in endpoints", () => {
      expect(plans.after("qa-cluster", "aws_cognito_user_pool")[0]).toMatchObject({
        deletion_protection: "ACTIVE",
        mfa_configuration: "OPTIONAL",
      });
      expect(plans.after("qa-cluster", "aws_wafv2_web_acl")[0].rule).toHaveLength(5);
    });

    test("the front end's browser client (no secret, code flow, the origins' URLs) beside the ALB's, which keeps its callback", () => {
      const clients = plans.after("qa-cluster", "aws_cognito_user_pool_client");
      expect(clients.find((c) => c.name.endsWith("-browser"))).toMatchObject({
        generate_secret: false,
        allowed_oauth_flows: ["code"],
        callback_urls: ["https://app.road-warrior.example/auth/callback"],
        logout_urls: ["https://app.road-warrior.example/"],
      });
      expect(clients.find((c) => c.name.endsWith("-alb"))).toMatchObject({
        generate_secret: true,
        callback_urls: ["https://api.road-warrior.example/oauth2/idpresponse"],
      });
    });
  });

  describe("private variant (natMode none: no NAT, interface endpoints, ECR Public through the pull-through cache)", () => {
    test("the network has neither a NAT gateway nor a NAT instance", () => {
      expect(plans.after("isolated-network", "aws_nat_gateway")).toHaveLength(0);
      expect(plans.after("isolated-network", "aws_instance")).toHaveLength(0);
    });

    test("the cluster has the cache rule, and the nodes may import through it and nothing more", () => {
      expect(plans.after("isolated-cluster", "aws_ecr_pull_through_cache_rule")).toEqual([
        expect.objectContaining({ ecr_repository_prefix: "ecr-public", upstream_registry_url: "public.ecr.aws", credential_arn: null }),
      ]);
      const [policy] = changesOf(plans.plan("isolated-cluster").plan, "aws_iam_role_policy").map((c) => c.change.after);
      expect(policy.role).toBe("road-warrior-isolated.nodes");
      expect(JSON.parse(policy.policy).Statement).toEqual([
        expect.objectContaining({
          Effect: "Allow",
          Action: ["ecr:CreateRepository", "ecr:BatchImportUpstreamImage"],
          Resource: "arn:aws:ecr:eu-west-1:444444444444:repository/ecr-public/*",
        }),
      ]);
    });
  });
});
