/**
 * The front end's AWS resources against the real Terraform CLI and AWS provider, offline: the
 * browser's public app client (cluster stack of an environment with sign-in and a front end) and the
 * front end's read role (bootstrap stack) validate and plan as the provider would.
 */
import * as fs from "fs";
import * as path from "path";
import { synthesize } from "../../src/synth";
import { changesOf, planOffline } from "../../src/preview/offline-plan";
import { describeWithTerraform, offlineWorkspace, TERRAFORM_TIMEOUT_MS } from "../support/terraform-plan";

const quiet = { log: () => undefined, error: console.error };
const BUILT_IN = path.join(__dirname, "..", "..", "environments");

describeWithTerraform("real AWS provider, offline: the front end's resources", () => {
  const { work, sts } = offlineWorkspace("rw-terraform-frontend-");

  test(
    "prod with sign-in: the browser client beside the ALB's, and the read role, validate and plan",
    async () => {
      const envs = path.join(work, "envs");
      fs.mkdirSync(envs, { recursive: true });
      const prod = fs.readFileSync(path.join(BUILT_IN, "prod.yaml"), "utf8");
      expect(prod).toMatch(/^frontend:$/m);
      fs.writeFileSync(
        path.join(envs, "prod.yaml"),
        prod.replace("    databaseUser: trips_api", "    databaseUser: trips_api\n    authenticate: true"),
      );
      const out = path.join(work, "out");
      expect(synthesize({ environmentsDir: envs, outdir: out, log: quiet })).toBe(0);

      const cluster = await planOffline(path.join(out, "stacks", "prod-cluster", "cdk.tf.json"), path.join(work, "plans-cluster"), sts());
      expect(cluster.validation.diagnostics).toEqual([]);
      const clients = changesOf(cluster.plan, "aws_cognito_user_pool_client").map((c) => c.change.after);
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

      const bootstrap = await planOffline(
        path.join(out, "stacks", "bootstrap-222222222222", "cdk.tf.json"),
        path.join(work, "plans-bootstrap"),
        sts(),
      );
      expect(bootstrap.validation.diagnostics).toEqual([]);
      const role = changesOf(bootstrap.plan, "aws_iam_role")
        .map((c) => c.change.after)
        .find((r) => r.name === "road-warrior-prod-ci-frontend");
      expect(role).toMatchObject({ max_session_duration: 3600 });
    },
    TERRAFORM_TIMEOUT_MS,
  );
});
