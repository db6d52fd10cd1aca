/**
 * The non-production fixture environment's AWS stacks against the real Terraform CLI and AWS
 * provider 5.100.0, offline, planned the way a developer plans them: `npm run preview -- dev`
 * (src/preview/preview.ts). Each plan runs with fake credentials of the stack's account answered by
 * a local STS endpoint, so `allowed_account_ids` is checked exactly as on AWS, and validates the
 * configuration before it plans. Assertions read `terraform show -json`, i.e. what the provider
 * would send to AWS. One preview serves both the preview's own tests and the dev environment's
 * checks: planning the same four stacks twice would prove nothing more.
 */
import * as fs from "fs";
import * as path from "path";
import { preview, runPreview, PreviewRun } from "../../src/preview/preview";
import { ENVIRONMENTS_DIR } from "../support/environments";
import {
  describeWithTerraform,
  environmentChecks,
  FIXTURE_STACKS,
  offlinePlans,
  offlineWorkspace,
  outcomeOf,
  TERRAFORM_TIMEOUT_MS,
} from "../support/terraform-plan";

describeWithTerraform("real AWS provider, offline: dev, planned by npm run preview -- dev", () => {
  const workspace = offlineWorkspace("rw-terraform-dev-");
  const outdir = path.join(workspace.work, "cdktf.out");
  const lines: string[] = [];
  const errors: string[] = [];
  const log = { log: (l: string) => lines.push(l), error: (l: string) => errors.push(l) };
  let run: PreviewRun | undefined;

  beforeAll(async () => {
    run = await runPreview({ environment: "dev", environmentsDir: ENVIRONMENTS_DIR, outdir, log, sts: workspace.sts() });
  }, TERRAFORM_TIMEOUT_MS);

  const plans = offlinePlans(outdir, workspace.work, workspace.sts, (stack) => outcomeOf(run?.outcomes.get(stack)));
  const { after } = plans;

  describe("the preview", () => {
    test("plans every AWS stack of dev and writes the plans and a summary", () => {
      expect(errors).toEqual([]);
      expect(run?.exitCode).toBe(0);
      const files = fs
        .readdirSync(path.join(outdir, "preview"))
        .filter((f) => f.endsWith(".json"))
        .sort();
      expect(files).toEqual(["bootstrap-111111111111.plan.json", "dev-cluster.plan.json", "dev-data.plan.json", "dev-network.plan.json"]);
      const summary = fs.readFileSync(path.join(outdir, "preview", "summary.md"), "utf8");
      expect(summary).toMatch(/## dev-data\n\n\d+ to add, 0 to change, 0 to destroy\./);
      expect(summary).toMatch(/\| `aws_rds_cluster` \| 1 \| 0 \| 0 \|/);
      expect(summary).toMatch(/## Not planned\n\n- dev-apps: its .*providers need a live cluster/);
      // A plan's warnings would be shown under the stack's table: the stacks have none.
      expect(summary).not.toMatch(/Warnings:/);
      expect(lines.filter((l) => /✓ \[\d\/4\] \S+ planned in [\d.]+ s/.test(l))).toHaveLength(4);
      expect(lines.join("\n")).toMatch(/aws_eks_cluster\s+1\s+0\s+0/);
      // Each stack says how its folder was made ready, so a slow init can be told from a slow plan. One
      // terraform init; the other stacks (the same providers and backend) get a copy of it, and plan with it.
      const initialised = lines.filter((l) => /✓ \S+: initialised in [\d.]+ s$/.test(l));
      expect(initialised).toHaveLength(1);
      const first = /✓ (\S+):/.exec(initialised[0])![1];
      expect(lines.filter((l) => l.endsWith(`: initialised (a copy of ${first}'s init)`))).toHaveLength(3);
      for (const stack of FIXTURE_STACKS.dev.stacks) {
        expect(JSON.parse(fs.readFileSync(path.join(outdir, "preview", `${stack}.plan.json`), "utf8"))).toEqual(plans.plan(stack).plan);
      }
    });

    test(
      "a second preview of one stack (--stack) reuses its initialised folder (nothing init depends on changed) and plans the same",
      async () => {
        const section = (summary: string) => /## dev-network\n[\s\S]*?(?=\n## )/.exec(summary)?.[0];
        const first = section(fs.readFileSync(path.join(outdir, "preview", "summary.md"), "utf8"));
        expect(first).toMatch(/aws_vpc/);
        lines.length = 0;
        const code = await preview({
          environment: "dev",
          stacks: ["dev-network"],
          environmentsDir: ENVIRONMENTS_DIR,
          outdir,
          log,
          sts: workspace.sts(),
        });
        expect(code).toBe(0);
        expect(errors).toEqual([]);
        expect(lines.filter((l) => /✓ \S+: initialised folder reused$/.test(l))).toEqual(["  ✓ dev-network: initialised folder reused"]);
        expect(lines.filter((l) => /initialised in/.test(l))).toEqual([]);
        const summary = fs.readFileSync(path.join(outdir, "preview", "summary.md"), "utf8");
        expect(section(summary)).toBe(first);
        expect(summary).toMatch(/- dev-cluster: not asked for \(--stack\)/);
        expect(fs.readdirSync(path.join(outdir, "preview")).filter((f) => f.endsWith(".plan.json"))).toEqual(["dev-network.plan.json"]);
      },
      TERRAFORM_TIMEOUT_MS,
    );

    test("a stack it does not plan is refused with the ones it does, and the apps stack with the reason", async () => {
      errors.length = 0;
      const code = await preview({
        environment: "dev",
        stacks: ["dev-apps", "dev-netwrok"],
        environmentsDir: ENVIRONMENTS_DIR,
        outdir,
        log,
      });
      expect(code).toBe(2);
      expect(errors.join("\n")).toMatch(
        /--stack dev-apps, dev-netwrok: not a stack the preview plans for dev; it plans bootstrap-111111111111, dev-cluster, dev-data, dev-network\ndev-apps: its helm and kubernetes providers need a live cluster/,
      );
      // The stacks were synthesized again, so the plans and summary of the run before (which describe the old ones) are gone.
      expect(fs.existsSync(path.join(outdir, "preview"))).toBe(false);
      errors.length = 0;
    });
  });

  environmentChecks("dev", plans);

  describe("network", () => {
    test("provider default tags reach every resource's tags_all", () => {
      const [vpc] = after("dev-network", "aws_vpc");
      expect(vpc.tags_all).toMatchObject({ project: "road-warrior", environment: "dev", stack: "dev-network", "managed-by": "cdktf" });
    });

    test("the default security group is emptied and NAT is one instance, not gateways", () => {
      expect(after("dev-network", "aws_default_security_group")[0]).toMatchObject({ ingress: [], egress: [] });
      expect(after("dev-network", "aws_nat_gateway")).toHaveLength(0);
      expect(after("dev-network", "aws_instance")).toHaveLength(1);
    });
  });

  describe("data", () => {
    test("Aurora: dev scales to zero and pauses", () => {
      expect(after("dev-data", "aws_rds_cluster")[0].serverlessv2_scaling_configuration).toEqual([
        { min_capacity: 0, max_capacity: 4, seconds_until_auto_pause: 900 },
      ]);
    });

    test("AWS Backup: no vault outside production", () => {
      expect(after("dev-data", "aws_backup_vault")).toHaveLength(0);
    });
  });
});
