/**
 * The front end's read role (bootstrap stack of prod, which names a front end) against the real
 * Terraform CLI and AWS provider, offline. The browser's app client is planned with the sign-in
 * variant (variants.test.ts).
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
    "prod: the front end's read role validates and plans",
    async () => {
      const envs = path.join(work, "envs");
      fs.mkdirSync(envs, { recursive: true });
      const prod = fs.readFileSync(path.join(BUILT_IN, "prod.yaml"), "utf8");
      expect(prod).toMatch(/^frontend:$/m);
      fs.writeFileSync(path.join(envs, "prod.yaml"), prod);
      const out = path.join(work, "out");
      expect(synthesize({ environmentsDir: envs, outdir: out, log: quiet })).toBe(0);

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
