/**
 * Variants of the fixture environments against the real Terraform CLI and AWS provider, offline:
 * an API behind Cognito sign-in (with the front end's browser client), and a private network with no NAT at all (interface endpoints,
 * ECR Public through the pull-through cache). Each validates and plans as the provider would.
 */
import * as fs from "fs";
import * as path from "path";
import { synthesize } from "../../src/synth";
import { changesOf, planOffline } from "../../src/preview/offline-plan";
import { ENVIRONMENTS_DIR } from "../support/environments";
import { describeWithTerraform, offlineWorkspace, TERRAFORM_TIMEOUT_MS } from "../support/terraform-plan";

const quiet = { log: () => undefined, error: console.error };

describeWithTerraform("real AWS provider, offline: variants", () => {
  const { work, sts } = offlineWorkspace("rw-terraform-variants-");

  describe("sign-in variant (environment with Cognito on a path)", () => {
    test(
      "the cluster stack of an environment whose API asks for sign-in validates and plans",
      async () => {
        const envs = path.join(work, "signin-envs");
        fs.mkdirSync(envs, { recursive: true });
        const prod = fs.readFileSync(path.join(ENVIRONMENTS_DIR, "prod.yaml"), "utf8");
        const qa = prod
          .replace(/^name: prod$/m, "name: qa")
          .replace("10.20.0.0/16", "10.30.0.0/16")
          .replace("    databaseUser: trips_api", "    databaseUser: trips_api\n    authenticate: true")
          // A browser front end: the cluster stack adds its public app client beside the ALB's.
          .concat("\nfrontend:\n  githubRepository: road-warrior/road-warrior-web\n  origins: [https://app.road-warrior.example]\n");
        fs.writeFileSync(path.join(envs, "qa.yaml"), qa);
        const qaOut = path.join(work, "qa.out");
        expect(synthesize({ environmentsDir: envs, outdir: qaOut, log: quiet })).toBe(0);
        const { validation, plan: qaPlan } = await planOffline(
          path.join(qaOut, "stacks", "qa-cluster", "cdk.tf.json"),
          path.join(work, "plans-qa"),
          sts(),
        );
        expect(validation.diagnostics).toEqual([]);
        expect(changesOf(qaPlan, "aws_cognito_user_pool")[0].change.after).toMatchObject({
          deletion_protection: "ACTIVE",
          mfa_configuration: "OPTIONAL",
        });
        expect(changesOf(qaPlan, "aws_wafv2_web_acl")[0].change.after.rule).toHaveLength(5);
        // The front end's browser client (no secret, code flow, the origins' URLs) beside the ALB's, which keeps its callback.
        const clients = changesOf(qaPlan, "aws_cognito_user_pool_client").map((c) => c.change.after);
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
      },
      TERRAFORM_TIMEOUT_MS,
    );
  });

  describe("private variant (natMode none: no NAT, interface endpoints, ECR Public through the pull-through cache)", () => {
    test(
      "network and cluster stacks validate and plan, with the cache rule and the nodes' permission to import through it",
      async () => {
        const envs = path.join(work, "isolated-envs");
        fs.mkdirSync(envs, { recursive: true });
        fs.copyFileSync(path.join(__dirname, "..", "fixtures", "isolated", "isolated.yaml"), path.join(envs, "isolated.yaml"));
        const out = path.join(work, "isolated.out");
        expect(synthesize({ environmentsDir: envs, outdir: out, log: quiet })).toBe(0);
        const planOf = async (stack: string) => {
          const { validation, plan: stackPlan } = await planOffline(
            path.join(out, "stacks", stack, "cdk.tf.json"),
            path.join(work, `plans-${stack}`),
            sts(),
          );
          expect(validation.diagnostics).toEqual([]);
          return stackPlan;
        };
        const network = await planOf("isolated-network");
        expect(changesOf(network, "aws_nat_gateway")).toHaveLength(0);
        expect(changesOf(network, "aws_instance")).toHaveLength(0);
        const cluster = await planOf("isolated-cluster");
        expect(changesOf(cluster, "aws_ecr_pull_through_cache_rule").map((c) => c.change.after)).toEqual([
          expect.objectContaining({ ecr_repository_prefix: "ecr-public", upstream_registry_url: "public.ecr.aws", credential_arn: null }),
        ]);
        const [policy] = changesOf(cluster, "aws_iam_role_policy").map((c) => c.change.after);
        expect(policy.role).toBe("road-warrior-isolated.nodes");
        expect(JSON.parse(policy.policy).Statement).toEqual([
          expect.objectContaining({
            Effect: "Allow",
            Action: ["ecr:CreateRepository", "ecr:BatchImportUpstreamImage"],
            Resource: "arn:aws:ecr:eu-west-1:444444444444:repository/ecr-public/*",
          }),
        ]);
      },
      // Two stacks planned one after the other.
      2 * TERRAFORM_TIMEOUT_MS,
    );
  });
});
