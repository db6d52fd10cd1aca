import * as fs from "fs";
import * as path from "path";
import { parse } from "yaml";

const ROOT = path.join(__dirname, "..");
const WORKFLOWS = path.join(ROOT, ".github", "workflows");
const scripts = Object.keys(JSON.parse(fs.readFileSync(path.join(ROOT, "package.json"), "utf8")).scripts);
const workflows = fs.readdirSync(WORKFLOWS).filter((f) => /\.ya?ml$/.test(f));
const load = (file: string) => parse(fs.readFileSync(path.join(WORKFLOWS, file), "utf8"));
const steps = (workflow: any) => Object.values(workflow.jobs as Record<string, any>).flatMap((job) => job.steps ?? []);

describe("GitHub workflows", () => {
  test("there is one for pull requests and one for deploying main", () => {
    expect(workflows.sort()).toEqual(["deploy.yml", "pull-request.yml"]);
  });

  const npmRuns = (file: string): string[] =>
    steps(load(file))
      .map((s: any) => s.run ?? "")
      .flatMap((run: string) => [...run.matchAll(/npm run ([\w:-]+)/g)].map((m) => m[1]));

  test.each(workflows)("%s: every `npm run` it calls exists", (file) => {
    expect(npmRuns(file).filter((name) => !scripts.includes(name))).toEqual([]);
  });

  test("the workflows call the project's own commands", () => {
    expect(new Set(workflows.flatMap(npmRuns))).toEqual(new Set(["synth", "cost", "plan-review"]));
  });

  test.each(workflows)("%s: every action is pinned to an exact version or commit", (file) => {
    const uses: string[] = steps(load(file)).flatMap((s: any) => (s.uses ? [s.uses] : []));
    expect(uses.length).toBeGreaterThan(0);
    expect(uses.filter((u) => !/^[\w.-]+\/[\w.-]+@(v\d+\.\d+\.\d+|[0-9a-f]{40})$/.test(u))).toEqual([]);
  });

  test.each(workflows)("%s: Terraform is pinned to the version the tests use", (file) => {
    const versions = steps(load(file))
      .filter((s: any) => String(s.uses).startsWith("hashicorp/setup-terraform@"))
      .map((s: any) => s.with.terraform_version);
    expect(versions.length).toBeGreaterThan(0);
    expect(new Set(versions)).toEqual(new Set(["1.11.4"]));
  });

  test("pull requests: plans with a role from GitHub OIDC, reviews them, and keeps one comment up to date", () => {
    const pr = load("pull-request.yml");
    expect(pr.on.pull_request).toBeDefined();
    expect(pr.jobs.plan.permissions["id-token"]).toBe("write");
    const planSteps = pr.jobs.plan.steps;
    expect(planSteps.find((s: any) => String(s.uses).startsWith("aws-actions/configure-aws-credentials@")).with["role-to-assume"]).toMatch(/AWS_PLAN_ROLE_ARN_/);
    expect(planSteps.some((s: any) => /terraform .*plan .*-out=/.test(s.run ?? ""))).toBe(true);
    expect(planSteps.some((s: any) => String(s.uses).startsWith("actions/upload-artifact@"))).toBe(true);
    const review = pr.jobs.review.steps;
    expect(review.some((s: any) => /npm run plan-review -- .*--cost cost\.md/.test(s.run ?? ""))).toBe(true);
    expect(review.some((s: any) => /npm run cost -- --all --format markdown --output cost\.md/.test(s.run ?? ""))).toBe(true);
    const comment = review.find((s: any) => String(s.uses).startsWith("actions/github-script@"));
    expect(comment.with.script).toMatch(/updateComment/);
    expect(comment.with.script).toMatch(/road-warrior-plan-review/);
  });

  test("main: deploys dev automatically, then prod behind its GitHub environment", () => {
    const deploy = load("deploy.yml");
    expect(deploy.on.push.branches).toEqual(["main"]);
    expect(deploy.jobs.dev.environment).toBe("dev");
    expect(deploy.jobs.prod.environment).toBe("prod");
    expect(deploy.jobs.prod.needs).toBe("dev");
    expect(deploy.jobs.dev.steps.some((s: any) => /npx cdktf deploy 'dev-\*' --auto-approve/.test(s.run ?? ""))).toBe(true);
    expect(deploy.jobs.prod.steps.some((s: any) => /npx cdktf deploy 'prod-\*' --auto-approve/.test(s.run ?? ""))).toBe(true);
    expect(deploy.concurrency["cancel-in-progress"]).toBe(false);
  });
});
