import { spawnSync } from "child_process";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { parse, stringify } from "yaml";
import { CiEnvironment, ciMatrix } from "../src/ci/matrix";
import { loadEnvironments } from "../src/config/load";
import { DEPLOY_SESSION_SECONDS, OIDC_SUBJECT_CLAIMS } from "../src/constructs/ci/github-ci-roles";
import { CI_WORKFLOWS } from "../src/naming";
import { ENVIRONMENTS_DIR } from "./support/environments";

type Json = Record<string, any>;
const ROOT = path.join(__dirname, "..");
const WORKFLOWS = path.join(ROOT, ".github", "workflows");
const ACTIONS = path.join(ROOT, ".github", "actions");
const scripts = Object.keys(JSON.parse(fs.readFileSync(path.join(ROOT, "package.json"), "utf8")).scripts);

const workflowFiles = fs
  .readdirSync(WORKFLOWS)
  .filter((f) => /\.ya?ml$/.test(f))
  .map((f) => path.join(WORKFLOWS, f));
const actionFiles = fs.readdirSync(ACTIONS).map((d) => path.join(ACTIONS, d, "action.yml"));
const allFiles = [...workflowFiles, ...actionFiles];
const rel = (file: string) => path.relative(ROOT, file);
const load = (file: string): Json => parse(fs.readFileSync(file, "utf8"));
const workflow = (name: string) => load(path.join(WORKFLOWS, name));
const action = (name: string) => load(path.join(ACTIONS, name, "action.yml"));
const stepsOf = (doc: Json): Json[] =>
  doc.runs ? doc.runs.steps : Object.values(doc.jobs as Record<string, Json>).flatMap((job) => job.steps ?? []);
const runs = (doc: Json): string[] =>
  stepsOf(doc)
    .map((s) => s.run ?? "")
    .filter(Boolean);
const allStrings = (value: unknown): string[] =>
  typeof value === "string"
    ? [value]
    : Array.isArray(value)
      ? value.flatMap(allStrings)
      : value && typeof value === "object"
        ? Object.values(value).flatMap(allStrings)
        : [];
const credentialsSteps = (job: Json) =>
  (job.steps ?? []).filter((s: Json) => String(s.uses).startsWith("aws-actions/configure-aws-credentials@"));

describe("GitHub workflows and their actions", () => {
  test("deploy, deploy-environment (per environment), drift and pull-request; the files the CI roles trust exist", () => {
    expect(workflowFiles.map((f) => path.basename(f)).sort()).toEqual([
      "deploy-environment.yml",
      "deploy.yml",
      "drift.yml",
      "pull-request.yml",
    ]);
    for (const file of Object.values(CI_WORKFLOWS)) expect(fs.existsSync(path.join(ROOT, file))).toBe(true);
  });

  test.each(allFiles.map(rel))("%s: every `npm run` it calls exists", (file) => {
    const called = runs(load(path.join(ROOT, file))).flatMap((run) => [...run.matchAll(/npm run ([\w:-]+)/g)].map((m) => m[1]));
    expect(called.filter((name) => !scripts.includes(name))).toEqual([]);
  });

  test("they call the project's own commands", () => {
    const called = new Set(
      allFiles.flatMap((f) => runs(load(f))).flatMap((run) => [...run.matchAll(/npm run ([\w:-]+)/g)].map((m) => m[1])),
    );
    expect(called).toEqual(new Set(["lint", "synth", "cost", "plan-review", "ci-matrix", "check-images", "preflight", "drift"]));
  });

  test.each(["pull-request.yml", "deploy.yml"])("%s: the test job lints, then runs the tests (as .ci/run does)", (file) => {
    const commands = (workflow(file).jobs.test.steps as Json[]).flatMap((step) => (step.run ? [step.run.trim()] : []));
    expect(commands).toEqual(["npm run lint", "npm test"]);
  });

  test.each(allFiles.map(rel))("%s: every third-party action is pinned by a full commit SHA with its version in a comment", (file) => {
    const lines = fs
      .readFileSync(path.join(ROOT, file), "utf8")
      .split("\n")
      .filter((l) => /^\s*(-\s+)?uses:/.test(l));
    const bad = lines.filter(
      (l) => !/uses:\s+(\.\/\.github\/(actions|workflows)\/[\w./-]+|[\w.-]+\/[\w.-]+@[0-9a-f]{40} # v\d+\.\d+\.\d+)\s*$/.test(l),
    );
    expect(bad).toEqual([]);
  });

  test("one SHA per action and version across all files", () => {
    const pins = new Map<string, Set<string>>();
    for (const file of allFiles) {
      for (const m of fs.readFileSync(file, "utf8").matchAll(/uses:\s+([\w.-]+\/[\w.-]+)@([0-9a-f]{40}) # (v[\d.]+)/g)) {
        const key = `${m[1]} ${m[3]}`;
        pins.set(key, new Set([...(pins.get(key) ?? []), m[2]]));
      }
    }
    expect([...pins.values()].every((shas) => shas.size === 1)).toBe(true);
    expect(pins.size).toBeGreaterThanOrEqual(6);
  });

  test("Dependabot keeps the actions current, in the workflows and in every local action", () => {
    const dependabot = parse(fs.readFileSync(path.join(ROOT, ".github", "dependabot.yml"), "utf8"));
    const actionsUpdate = dependabot.updates.find((u: Json) => u["package-ecosystem"] === "github-actions");
    expect(actionsUpdate).toBeDefined();
    expect(actionsUpdate.directories).toEqual(
      expect.arrayContaining(["/", ...actionFiles.map((f) => `/${path.relative(ROOT, path.dirname(f))}`)]),
    );
  });

  test("Terraform is pinned to the version the tests use, without the wrapper", () => {
    const setup = stepsOf(action("setup")).find((s) => String(s.uses).startsWith("hashicorp/setup-terraform@"))!;
    expect(setup.with).toEqual({ terraform_version: "1.11.4", terraform_wrapper: false });
  });

  test.each(allFiles.map(rel))("%s: no expression is expanded inside a run script (values reach scripts through env:)", (file) => {
    expect(runs(load(path.join(ROOT, file))).filter((run) => run.includes("${{"))).toEqual([]);
  });

  test.each(allFiles.map(rel))("%s: every run script is valid bash", (file) => {
    const invalid = runs(load(path.join(ROOT, file))).filter((run) => spawnSync("bash", ["-n"], { input: run }).status !== 0);
    expect(invalid).toEqual([]);
  });

  test.each(allFiles.map(rel))("%s: nothing applies a fresh plan: no -auto-approve, no cdktf deploy", (file) => {
    const text = fs.readFileSync(path.join(ROOT, file), "utf8");
    expect(text).not.toMatch(/auto-approve|cdktf deploy/);
  });

  test("no environment is hard-coded: the names of the environment files appear in no workflow value", () => {
    const names = loadEnvironments(ENVIRONMENTS_DIR).map((e) => e.config.name);
    const values = [...workflowFiles, ...actionFiles].flatMap((f) => allStrings(load(f)));
    // A word of its own (not part of production, /dev/null or a longer name).
    for (const name of names) expect(values.filter((v) => new RegExp(`(^|[^\\w/-])${name}([^\\w-]|$)`).test(v))).toEqual([]);
  });

  test("allows come from the committed plan-review.allow only (no repository variable), with the review contract's flags", () => {
    const texts = allFiles.map((f) => fs.readFileSync(f, "utf8"));
    expect(texts.join("\n")).not.toMatch(/PLAN_REVIEW_ALLOW|vars\./);
    const reviews = allFiles.flatMap((f) => runs(load(f))).filter((r) => r.includes("npm run plan-review"));
    expect(reviews).toHaveLength(1);
    expect(reviews[0].replace(/\\\n\s*/g, "")).toMatch(
      /npm run plan-review -- --allow-file plan-review\.allow --reduced "[^"]+\.reduced\.json" +--cost "[^"]+" --output "[^"]+\.md" /,
    );
  });
});

describe("the plan action: plan -out, show -json, review with cost, summary and artifact; never the plan JSON", () => {
  const steps = stepsOf(action("plan"));
  const index = (pattern: RegExp) => steps.findIndex((s) => pattern.test(s.run ?? "") || pattern.test(String(s.uses)));

  test("in this order", () => {
    const order = [
      /terraform -chdir="\$dir" plan .*-out=plan\.tfplan/,
      /npm run cost -- /,
      /npm run plan-review/,
      /GITHUB_STEP_SUMMARY/,
      /actions\/upload-artifact@/,
    ];
    const positions = order.map(index);
    expect(positions.every((p) => p >= 0)).toBe(true);
    expect([...positions].sort((a, b) => a - b)).toEqual(positions);
    const planRun = steps[positions[0]].run as string;
    expect(planRun.indexOf("plan -input=false")).toBeLessThan(planRun.indexOf("show -json plan.tfplan"));
  });

  test("pull requests plan without the lock; deploy plans wait for it", () => {
    const run = steps[index(/-detailed-exitcode/)].run as string;
    expect(run).toMatch(/if \[ "\$LOCK" = "false" \]; then lock_flags="-lock=false"; else lock_flags="-lock-timeout=10m"; fi/);
  });

  test("uploads only the Markdown review and the reduced JSON; the plan JSON is deleted first", () => {
    const uploads = allFiles.flatMap((f) => stepsOf(load(f))).filter((s) => String(s.uses).startsWith("actions/upload-artifact@"));
    // The other upload is the cost diff's Markdown (pull-request.yml), which holds no plan.
    expect(uploads.map((u) => u.with.path).filter((p) => p !== "review/0-cost-diff.md")).toHaveLength(1);
    const paths = String(uploads.find((u) => u.with.path !== "review/0-cost-diff.md")!.with.path)
      .trim()
      .split("\n")
      .map((p) => p.trim());
    expect(paths).toEqual(["review/${{ inputs.review-name }}.md", "review/${{ inputs.review-name }}.reduced.json"]);
    const review = steps[index(/npm run plan-review/)].run as string;
    expect(review.indexOf('rm -rf "$RUNNER_TEMP/plan-json"')).toBeGreaterThan(review.indexOf("npm run plan-review"));
    expect(steps[index(/-detailed-exitcode/)].run).toMatch(/> "\$plans\/\$stack\.plan\.json"/);
    expect(steps[index(/-detailed-exitcode/)].run).toMatch(/plans="\$RUNNER_TEMP\/plan-json"/);
  });

  test("a refused review fails the job after the artifact is uploaded", () => {
    const last = steps[steps.length - 1];
    expect(last.run).toMatch(/exit 1/);
    expect(index(/actions\/upload-artifact@/)).toBeLessThan(steps.length - 1);
    expect(steps[index(/actions\/upload-artifact@/)].if).toBe("always()");
  });
});

describe("deploy: per environment, plan → review → approval → apply of that saved plan, per stack group", () => {
  const deploy = workflow("deploy.yml");
  const env = workflow("deploy-environment.yml");
  const jobs = env.jobs as Record<string, Json>;

  test("main runs non-production environments, then production ones, each in its own run of deploy-environment.yml", () => {
    expect(deploy.on.push.branches).toEqual(["main"]);
    expect(deploy.concurrency).toBeUndefined();
    for (const group of ["non-production", "production"]) {
      expect(deploy.jobs[group].uses).toBe("./.github/workflows/deploy-environment.yml");
      expect(deploy.jobs[group].strategy.matrix.environment).toBe(`\${{ fromJSON(needs.environments.outputs.${group}) }}`);
      expect(deploy.jobs[group].strategy["fail-fast"]).toBe(false);
    }
    expect(deploy.jobs.production.needs).toEqual(expect.arrayContaining(["non-production", "test"]));
    expect(
      deploy.jobs.environments.steps.some((s: Json) => /npm run ci-matrix -- --github-output "\$GITHUB_OUTPUT"/.test(s.run ?? "")),
    ).toBe(true);
  });

  test("one concurrency group per environment, never cancelled halfway", () => {
    expect(env.concurrency).toEqual({ group: "deploy-${{ fromJSON(inputs.environment).name }}", "cancel-in-progress": false });
  });

  test.each([
    ["network-plan", "network-apply", "network"],
    ["data-cluster-plan", "data-cluster-apply", "data"],
    ["apps-plan", "apps-apply", "apps"],
  ])(
    "%s → %s: the apply needs the plan, waits for the GitHub environment, and applies the saved files the plan job reported",
    (plan, apply, stack) => {
      expect(
        jobs[plan].steps.some((s: Json) => s.uses === "./.github/actions/plan" && String(s.with.stacks).includes(`stacks.${stack}`)),
      ).toBe(true);
      expect(jobs[plan].steps.some((s: Json) => s.uses === "./.github/actions/save-plans")).toBe(true);
      expect([jobs[apply].needs].flat()).toContain(plan);
      expect(jobs[apply].if).toMatch(new RegExp(`needs\\.${plan}\\.outputs\\.changes == 'true'`));
      expect(jobs[apply].environment).toBe("${{ fromJSON(inputs.environment).githubEnvironment }}");
      const applyStep = jobs[apply].steps.find((s: Json) => s.uses === "./.github/actions/apply");
      expect(applyStep.with.plans).toBe(`\${{ needs.${plan}.outputs.plans }}`);
      expect(applyStep.with.prefix).toBe(`\${{ needs.${plan}.outputs.prefix }}`);
      expect(jobs[apply].steps.some((s: Json) => s.uses === "./.github/actions/plan")).toBe(false);
    },
  );

  test("stack groups in dependency order: bootstrap, network, data and cluster, apps", () => {
    expect(jobs["network-plan"].needs).toBe("bootstrap-plan");
    expect(jobs["data-cluster-plan"].needs).toEqual(["network-plan", "network-apply"]);
    expect(jobs["apps-plan"].needs).toEqual(["data-cluster-plan", "data-cluster-apply"]);
    expect(jobs["bootstrap-plan"].steps.find((s: Json) => s.uses === "./.github/actions/plan").with.stacks).toBe(
      "${{ fromJSON(inputs.environment).bootstrapStack }}",
    );
  });

  test("apply action: fetches the saved plan, checks its SHA-256, applies it with a lock timeout, keeps errored.tfstate encrypted", () => {
    const [fetch, apply] = stepsOf(action("apply"));
    expect(fetch.run).toMatch(/sha256sum/);
    expect(fetch.run).toMatch(/if \[ "\$actual" != "\$expected" \]/);
    expect(apply.run).toMatch(/terraform -chdir="cdktf\.out\/stacks\/\$stack" apply -input=false -lock-timeout=15m plan\.tfplan/);
    expect(apply.run).toMatch(/errored\.tfstate/);
    expect(apply.run).toMatch(/aws s3 cp --only-show-errors --sse aws:kms --sse-kms-key-id "\$STATE_KEY_ARN" "\$errored"/);
    const save = stepsOf(action("save-plans"))[0].run as string;
    expect(save).toMatch(/--sse aws:kms --sse-kms-key-id "\$STATE_KEY_ARN"/);
  });

  test("the deploy role is asked for three hours, and only in jobs of the GitHub environment; plan jobs use the plan role", () => {
    for (const [name, job] of Object.entries(jobs)) {
      for (const step of credentialsSteps(job)) {
        if (step.with["role-to-assume"].includes("deployRoleArn")) {
          expect(job.environment).toBe("${{ fromJSON(inputs.environment).githubEnvironment }}");
          expect(step.with["role-duration-seconds"]).toBe(DEPLOY_SESSION_SECONDS);
        } else {
          expect(step.with["role-to-assume"]).toBe("${{ fromJSON(inputs.environment).planRoleArn }}");
          expect(job.environment).toBeUndefined();
          expect(name).toMatch(/-plan$/);
        }
      }
    }
    for (const name of ["network-apply", "data-cluster-apply", "apps-apply"])
      expect(jobs[name]["timeout-minutes"]).toBeLessThanOrEqual(DEPLOY_SESSION_SECONDS / 60);
  });

  // The plan runs the preflight's apps stage (images, the approved connection, the cluster admitting the deploy role);
  // the apply checks the images again, since a tag may have been deleted between the approval and the apply.
  test("the apps stack is planned and applied on the environment's apps runner, after checking every image exists", () => {
    const checks: Record<string, string> = {
      "apps-plan": 'npm run preflight -- "$ENVIRONMENT" --stage apps',
      "apps-apply": 'npm run check-images -- "$ENVIRONMENT"',
    };
    for (const name of ["apps-plan", "apps-apply"]) {
      expect(jobs[name]["runs-on"]).toBe(APPS_RUNS_ON);
      const steps = jobs[name].steps as Json[];
      const check = steps.findIndex((s) => s.run === checks[name]);
      const next = steps.findIndex((s) => s.uses === "./.github/actions/plan" || s.uses === "./.github/actions/apply");
      expect(check).toBeGreaterThanOrEqual(0);
      expect(check).toBeLessThan(next);
    }
    for (const name of ["bootstrap-plan", "network-plan", "network-apply", "data-cluster-plan", "data-cluster-apply"])
      expect(jobs[name]["runs-on"]).toBe("ubuntu-24.04");
  });
});

/**
 * The apps jobs' runner: CodeBuild's label `codebuild-<project>-<run id>-<attempt>` (one build per job
 * and attempt) for the runner the cluster stack creates, or the team's own runner from the matrix.
 */
const APPS_RUNS_ON =
  "${{ fromJSON(inputs.environment).appsRunnerProject != '' && format('codebuild-{0}-{1}-{2}', " +
  "fromJSON(inputs.environment).appsRunnerProject, github.run_id, github.run_attempt) || " +
  "fromJSON(fromJSON(inputs.environment).appsRunsOn) }}";

/**
 * GitHub's expression language, reduced to the one `runs-on` expression of the apps jobs: what label the
 * job asks for, given one matrix entry (`!= ''`, `&&`, `||`, `format` and `fromJSON` as GitHub evaluates them).
 */
function appsRunsOn(entry: CiEnvironment, runId: string, attempt: string): unknown {
  const project = entry.appsRunnerProject;
  const codebuild = project !== "" ? `codebuild-${project}-${runId}-${attempt}` : false;
  return codebuild || JSON.parse(entry.appsRunsOn);
}

describe("the apps jobs' runner, as the matrix of the built-in environments selects it", () => {
  const matrix = ciMatrix(loadEnvironments(ENVIRONMENTS_DIR).map((e) => e.config));

  test.each(matrix.all.map((e) => [e.name, e] as const))(
    "%s: the CodeBuild runner of its cluster stack, by CodeBuild's label for this run and attempt",
    (name, entry) => {
      expect(appsRunsOn(entry, "4242", "2")).toBe(`codebuild-road-warrior-${name}-apps-runner-4242-2`);
    },
  );

  test("an environment with its own runner label asks for [self-hosted, <label>] instead", () => {
    const entry = { ...matrix.all[0], appsRunnerProject: "", appsRunsOn: JSON.stringify(["self-hosted", "team-runner"]) };
    expect(appsRunsOn(entry, "1", "1")).toEqual(["self-hosted", "team-runner"]);
  });

  test("the workflow's expression is exactly the one evaluated above, in both apps jobs", () => {
    const jobs = workflow("deploy-environment.yml").jobs;
    expect([jobs["apps-plan"]["runs-on"], jobs["apps-apply"]["runs-on"]]).toEqual([APPS_RUNS_ON, APPS_RUNS_ON]);
  });

  test("the label's project is the one the cluster stack names (naming.ts)", () => {
    for (const entry of matrix.all) expect(entry.appsRunnerProject).toBe(`road-warrior-${entry.name}-apps-runner`);
  });
});

describe("Node: the setup action installs Node 22 (LTS), pinned to a release", () => {
  test("every setup-node step asks for an exact 22.x version", () => {
    const versions = allFiles.flatMap((f) =>
      stepsOf(load(f))
        .filter((s) => String(s.uses).startsWith("actions/setup-node@"))
        .map((s) => String(s.with?.["node-version"])),
    );
    expect(versions.length).toBeGreaterThan(0);
    for (const version of versions) expect(version).toMatch(/^22\.\d+\.\d+$/);
  });
});

describe("pull requests: plans of every environment with the plan role, no lock, one comment", () => {
  const pr = workflow("pull-request.yml");

  test.each(["plan-non-production", "plan-production"])(
    "%s: the matrix comes from ci-matrix, the plan role, no lock, no apps stack",
    (name) => {
      const job = pr.jobs[name];
      const group = name.replace("plan-", "");
      expect(job.strategy.matrix.environment).toBe(`\${{ fromJSON(needs.environments.outputs.${group}) }}`);
      expect(job.permissions["id-token"]).toBe("write");
      expect(credentialsSteps(job)[0].with["role-to-assume"]).toBe("${{ matrix.environment.planRoleArn }}");
      const plan = job.steps.find((s: Json) => s.uses === "./.github/actions/plan");
      expect(plan.with.lock).toBe("false");
      expect(plan.with.stacks).toBe("${{ steps.stacks.outputs.stacks }}");
      const stacks = job.steps.find((s: Json) => s.id === "stacks");
      expect(Object.values(stacks.env).join(" ")).not.toMatch(/apps/);
      expect(stacks.env.BOOTSTRAP).toBe("${{ matrix.environment.bootstrapStack }}");
      // A new environment (no network state yet) plans bootstrap and network only; the others read the network's outputs.
      expect(stacks.run).toMatch(/aws s3api head-object --bucket "\$STATE_BUCKET" --key "\$NETWORK\.tfstate"/);
      expect(stacks.run).toMatch(/echo "stacks=\$BOOTSTRAP \$NETWORK \$DEPENDENT"/);
      expect(stacks.run).toMatch(/echo "stacks=\$BOOTSTRAP \$NETWORK" >>/);
    },
  );

  test("production is planned in its protected <githubEnvironment>-plan GitHub environment; non-production in none", () => {
    expect(pr.jobs["plan-production"].environment).toBe("${{ matrix.environment.planGithubEnvironment }}");
    expect(pr.jobs["plan-non-production"].environment).toBeUndefined();
  });

  test("one comment, updated on every push, written even when a plan job failed", () => {
    const comment = pr.jobs.comment;
    expect(comment.if).toBe("${{ !cancelled() }}");
    const script = comment.steps.find((s: Json) => String(s.uses).startsWith("actions/github-script@")).with.script;
    expect(script).toMatch(/updateComment/);
    expect(script).toMatch(/road-warrior-plan-review/);
    expect(script).toMatch(/endsWith\("\.md"\)/);
  });
});

describe("pull requests: the monthly cost change at the top of the review comment", () => {
  const pr = workflow("pull-request.yml");
  const job = pr.jobs["cost-diff"];

  test("checks out the whole history (the base commit) and diffs every environment against the pull request's base", () => {
    expect(job.steps[0].with["fetch-depth"]).toBe(0);
    const step = job.steps.find((s: Json) => /npm run cost -- /.test(s.run ?? ""));
    expect(step.env.BASE_SHA).toBe("${{ github.event.pull_request.base.sha }}");
    expect(step.run).toMatch(/npm run cost -- --all --diff "\$BASE_SHA" --format markdown --output review\/0-cost-diff\.md/);
    // 3 (something unpriced, or a base that does not synthesize) still posts the report.
    expect(step.run).toMatch(/if \[ "\$code" -ne 0 \] && \[ "\$code" -ne 3 \]; then exit "\$code"; fi/);
    expect(job.permissions).toBeUndefined();
    expect(pr.permissions).toEqual({ contents: "read" });
  });

  test("its Markdown sorts before every environment's review, and the comment job waits for it", () => {
    const upload = job.steps.find((s: Json) => String(s.uses).startsWith("actions/upload-artifact@"));
    expect(upload.with).toEqual({ name: "review-cost-diff", path: "review/0-cost-diff.md" });
    expect(["0-cost-diff.md", "dev.md", "prod.md", "a.md"].sort()[0]).toBe("0-cost-diff.md");
    expect(pr.jobs.comment.needs).toContain("cost-diff");
  });

  test("the needs-cost-approval label follows the diff's marker, added and removed, never failing the run", () => {
    const script = pr.jobs.comment.steps.find((s: Json) => String(s.uses).startsWith("actions/github-script@")).with.script;
    expect(script).toContain("<!-- road-warrior-needs-cost-approval -->");
    expect(script).toMatch(/addLabels\(\{ owner, repo, issue_number, labels: \[label\] \}\)/);
    expect(script).toMatch(/removeLabel/);
    expect(pr.jobs.comment.permissions).toEqual({ contents: "read", "pull-requests": "write" });
  });
});

describe("drift: daily refresh-only plans with the plan role, one issue per environment", () => {
  const drift = workflow("drift.yml");
  const job = drift.jobs.drift;
  const step = (pattern: RegExp) => job.steps.find((s: Json) => pattern.test(s.run ?? ""));

  test("runs daily and on demand, never on a pull request or a push", () => {
    expect(Object.keys(drift.on).sort()).toEqual(["schedule", "workflow_dispatch"]);
    expect(drift.on.schedule).toEqual([{ cron: expect.stringMatching(/^\d+ \d+ \* \* \*$/) }]);
  });

  test("least permissions: nothing by default; the matrix job reads; the drift job adds only an OIDC token and issues", () => {
    expect(drift.permissions).toEqual({});
    expect(drift.jobs.environments.permissions).toEqual({ contents: "read" });
    expect(job.permissions).toEqual({ contents: "read", "id-token": "write", issues: "write" });
  });

  test("every environment of the matrix, with its plan role, its network, data and cluster stacks only", () => {
    expect(job.strategy.matrix.environment).toBe("${{ fromJSON(needs.environments.outputs.all) }}");
    expect(job.strategy["fail-fast"]).toBe(false);
    expect(credentialsSteps(job)[0].with["role-to-assume"]).toBe("${{ matrix.environment.planRoleArn }}");
    const plan = step(/-refresh-only/);
    expect(plan.env.STACKS).toBe(
      "${{ matrix.environment.stacks.network }} ${{ matrix.environment.stacks.data }} ${{ matrix.environment.stacks.cluster }}",
    );
    expect(plan.run).toMatch(/::notice::\$APPS skipped/);
    // An environment not deployed yet has no state to compare with (and data and cluster read the network's).
    expect(plan.run).toMatch(/if ! aws s3api head-object --bucket "\$STATE_BUCKET" --key "\$NETWORK\.tfstate"/);
    expect(plan.run).not.toMatch(/\$APPS"?\s*;?\s*do|for stack in \$APPS/);
  });

  test("refresh-only, with the detailed exit code, without the lock; its text output (values) is not logged", () => {
    const run = step(/-refresh-only/).run as string;
    expect(run).toMatch(
      /terraform -chdir="\$dir" plan -refresh-only -detailed-exitcode -lock=false -input=false -no-color -out=drift\.tfplan > \/dev\/null/,
    );
    expect(run).toMatch(/0 \| 2\) terraform -chdir="\$dir" show -json drift\.tfplan > "\$plans\/\$stack\.plan\.json"/);
    expect(run).not.toMatch(/apply/);
  });

  test("the summary and the issue come from npm run drift; the plan JSON is removed, never uploaded; drift fails the run", () => {
    const summary = step(/npm run drift -- /);
    expect(summary.run).toMatch(/args=\(--issue --run-url "\$RUN_URL" --skipped "\$APPS"/);
    expect(summary.env.GITHUB_TOKEN).toBe("${{ github.token }}");
    expect(summary.run.indexOf('rm -rf "$RUNNER_TEMP/drift"')).toBeGreaterThan(summary.run.indexOf("npm run drift"));
    expect(job.steps.filter((s: Json) => String(s.uses).startsWith("actions/upload-artifact@"))).toEqual([]);
    const last = job.steps[job.steps.length - 1];
    expect(last.env.DRIFTED).toBe("${{ steps.drift.outputs.drifted }}");
    expect(last.run).toMatch(/if \[ "\$DRIFTED" = "true" \]; then .*exit 1; fi/);
  });

  test("the plan role trusts this file (CI_WORKFLOWS), and the header says GitHub disables idle schedules", () => {
    expect(CI_WORKFLOWS.drift).toBe(".github/workflows/drift.yml");
    expect(fs.readFileSync(path.join(WORKFLOWS, "drift.yml"), "utf8")).toMatch(/disables scheduled\s*\n?#?\s*workflows after 60 days/);
  });
});

describe("docs/ci.md", () => {
  const doc = fs.readFileSync(path.join(ROOT, "docs", "ci.md"), "utf8");

  test("shows the API call that sets the OIDC subject template the roles' trust expects", () => {
    expect(doc).toContain("gh api --method PUT /repos/<owner>/<repo>/actions/oidc/customization/sub");
    expect(doc).toContain(`"include_claim_keys": [${OIDC_SUBJECT_CLAIMS.map((c) => `"${c}"`).join(", ")}]`);
  });

  test("names every workflow the roles trust, and the environment file fields CI reads", () => {
    for (const file of Object.values(CI_WORKFLOWS)) expect(doc).toContain(file);
    for (const field of ["ci.githubEnvironment", "ci.appsRunnerLabel", "kms.breakGlassRoleArn", "<githubEnvironment>-plan"])
      expect(doc).toContain(field);
  });
});

describe("the matrix: every environment file with a ci section, whatever their number", () => {
  const matrixFields = (file: string): string[] => {
    const text = fs.readFileSync(file, "utf8");
    return [...text.matchAll(/(?:matrix\.environment|fromJSON\(inputs\.environment\))\.([\w.]+)/g)].map((m) => m[1]);
  };

  test("the workflows read only fields the matrix has", () => {
    const [sample] = ciMatrix(loadEnvironments(ENVIRONMENTS_DIR).map((e) => e.config)).all;
    const get = (object: unknown, dotted: string) => dotted.split(".").reduce<any>((o, k) => (o === undefined ? undefined : o[k]), object);
    const fields = new Set(workflowFiles.flatMap(matrixFields));
    expect(fields.size).toBeGreaterThan(5);
    expect([...fields].filter((f) => get(sample, f) === undefined)).toEqual([]);
  });

  test("a third environment file appears in CI without a workflow edit", () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "rw-ci-matrix-"));
    try {
      for (const file of fs.readdirSync(ENVIRONMENTS_DIR).filter((f) => f.endsWith(".yaml")))
        fs.copyFileSync(path.join(ENVIRONMENTS_DIR, file), path.join(dir, file));
      const staging = parse(fs.readFileSync(path.join(ENVIRONMENTS_DIR, "dev.yaml"), "utf8"));
      staging.name = "staging";
      staging.accountId = "333333333333";
      staging.network.vpcCidr = "10.30.0.0/16";
      staging.cluster.adminRoleArns = ["arn:aws:iam::333333333333:role/road-warrior-staging-admin"];
      staging.ci = {
        ...staging.ci,
        githubEnvironment: "staging",
        githubConnectionArn: "arn:aws:codeconnections:eu-central-1:333333333333:connection/00000000-0000-4000-8000-000000000000",
      };
      staging.backend = { type: "s3", bucket: "road-warrior-tfstate-333333333333" };
      staging.tags = { "cost-center": "road-warrior-staging" };
      fs.writeFileSync(path.join(dir, "staging.yaml"), stringify(staging));
      const matrix = ciMatrix(loadEnvironments(dir).map((e) => e.config));
      const names = matrix.all.map((e) => e.name);
      expect(names).toContain("staging");
      expect(names).toHaveLength(fs.readdirSync(ENVIRONMENTS_DIR).filter((f) => f.endsWith(".yaml")).length + 1);
      const entry = matrix.nonProduction.find((e) => e.name === "staging") as CiEnvironment;
      expect(entry).toMatchObject({
        githubEnvironment: "staging",
        deployRoleArn: "arn:aws:iam::333333333333:role/road-warrior-staging-ci-deploy",
        planRoleArn: "arn:aws:iam::333333333333:role/road-warrior-staging-ci-plan",
        bootstrapStack: "bootstrap-333333333333",
        stacks: { network: "staging-network", data: "staging-data", cluster: "staging-cluster", apps: "staging-apps" },
        appsRunnerProject: "road-warrior-staging-apps-runner",
      });
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe("the cost step keeps a report with unpriced lines (exit 3) and says so on any other failure", () => {
  const step = stepsOf(action("plan")).find((s) => /npm run cost -- /.test(s.run ?? ""))!;
  const runWith = (code: number) => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "rw-cost-step-"));
    try {
      // A stand-in npm: writes the report it was asked for, then exits with the code under test.
      fs.writeFileSync(path.join(dir, "npm"), `#!/usr/bin/env bash\nout="\${@: -1}"\necho "| report |" > "$out"\nexit ${code}\n`, {
        mode: 0o755,
      });
      const run = spawnSync("bash", ["-e", "-c", step.run], {
        env: { PATH: `${dir}:${process.env.PATH}`, RUNNER_TEMP: dir, ENVIRONMENT: "dev" },
        encoding: "utf8",
      });
      return { status: run.status, report: fs.readFileSync(path.join(dir, "cost.md"), "utf8") };
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  };

  test.each([0, 3])("exit %i: the report as written, and the step succeeds", (code) => {
    expect(runWith(code)).toEqual({ status: 0, report: "| report |\n" });
  });

  test("exit 1 (an invalid file): the comment says the estimate is unavailable, and the review still runs", () => {
    expect(runWith(1)).toEqual({ status: 0, report: expect.stringMatching(/Cost estimate unavailable/) });
  });
});

describe("pull requests never reach the self-hosted in-VPC runner", () => {
  const UNTRUSTED_TRIGGERS = [
    "pull_request",
    "pull_request_target",
    "issue_comment",
    "workflow_run",
    "pull_request_review",
    "pull_request_review_comment",
  ];
  const triggersOf = (doc: Json): string[] =>
    typeof doc.on === "string" ? [doc.on] : Array.isArray(doc.on) ? doc.on : Object.keys(doc.on ?? {});
  /** Every job a workflow runs, the jobs of the reusable workflows it calls included. */
  const jobsOf = (file: string, seen = new Set<string>()): [string, Json][] => {
    if (seen.has(file)) return [];
    seen.add(file);
    return Object.entries(workflow(file).jobs as Record<string, Json>).flatMap(([name, job]): [string, Json][] =>
      typeof job.uses === "string" && job.uses.startsWith("./.github/workflows/")
        ? jobsOf(path.basename(job.uses), seen)
        : [[`${file}:${name}`, job]],
    );
  };

  test("no trigger runs untrusted code with the repo's secrets or runners (pull_request_target, workflow_run, issue_comment)", () => {
    for (const file of workflowFiles) {
      const triggers = triggersOf(load(file));
      expect([rel(file), triggers.filter((t) => ["pull_request_target", "workflow_run", "issue_comment"].includes(t))]).toEqual([
        rel(file),
        [],
      ]);
    }
  });

  test("no workflow a pull request starts names the in-VPC runners (the CodeBuild label or the matrix's runner fields)", () => {
    const untrusted = workflowFiles.filter((f) => triggersOf(load(f)).some((t) => UNTRUSTED_TRIGGERS.includes(t)));
    expect(untrusted.length).toBeGreaterThan(0);
    for (const file of untrusted)
      expect([rel(file), fs.readFileSync(file, "utf8")]).not.toEqual([
        rel(file),
        expect.stringMatching(/codebuild-|appsRunnerProject|appsRunsOn/),
      ]);
  });

  test("every job a pull request (or a comment or another run) can start runs on a GitHub-hosted runner, by a literal label", () => {
    const untrusted = workflowFiles
      .map((f) => path.basename(f))
      .filter((f) => triggersOf(workflow(f)).some((t) => UNTRUSTED_TRIGGERS.includes(t)));
    expect(untrusted).toContain(path.basename(CI_WORKFLOWS.pullRequest));
    for (const file of untrusted) {
      for (const [name, job] of jobsOf(file)) {
        const labels = allStrings(job["runs-on"]);
        expect(labels.length).toBeGreaterThan(0);
        // A literal GitHub-hosted image: not self-hosted, not a runner group, not an expression a matrix could fill.
        expect([name, labels.filter((l) => !/^(ubuntu|windows|macos)-[\w.-]+$/.test(l))]).toEqual([name, []]);
      }
    }
  });
});

describe("deploy-environment.yml runs only when deploy.yml on main calls it; credentialed jobs install without scripts", () => {
  const env = workflow("deploy-environment.yml");
  const jobs = env.jobs as Record<string, Json>;
  /** The caller guard: main, and the workflow run of deploy.yml on main (the repository from the context, not a literal). */
  const GUARD =
    "github.ref == 'refs/heads/main' && " +
    "github.workflow_ref == format('{0}/.github/workflows/deploy.yml@refs/heads/main', github.repository)";
  const expression = (value: unknown) =>
    String(value ?? "")
      .trim()
      .replace(/^\$\{\{\s*([\s\S]*?)\s*\}\}$/, "$1")
      .replace(/\s+/g, " ");
  /** The expression's top-level `||`, outside parentheses and quotes (an `||` there would make the guard optional). */
  const topLevelOr = (text: string) => {
    let depth = 0;
    let quoted = false;
    for (let i = 0; i < text.length; i++) {
      const c = text[i];
      if (c === "'") quoted = !quoted;
      else if (!quoted && c === "(") depth++;
      else if (!quoted && c === ")") depth--;
      else if (!quoted && depth === 0 && text.startsWith("||", i)) return true;
    }
    return false;
  };
  const guarded = (condition: unknown) => {
    const text = expression(condition);
    return (text === GUARD || text.startsWith(`${GUARD} && `)) && !topLevelOr(text);
  };
  const credentialed = Object.entries(jobs).filter(([name]) => name !== "refuse-other-callers");

  test("every job that can hold the roles' credentials carries the guard, ANDed with its own condition", () => {
    expect(credentialed.length).toBeGreaterThanOrEqual(7);
    expect(env.permissions["id-token"]).toBe("write");
    for (const [name, job] of credentialed) expect([name, guarded(job.if)]).toEqual([name, true]);
    // What the check refuses: no guard, a guard made optional by a top-level ||, a guard that is not first.
    expect(guarded("needs.network-plan.outputs.changes == 'true'")).toBe(false);
    expect(guarded(`\${{ ${GUARD} && always() || true }}`)).toBe(false);
    expect(guarded(`always() && ${GUARD}`)).toBe(false);
    expect(guarded(`\${{ ${GUARD} && (always() || true) }}`)).toBe(true);
  });

  test("the guard accepts exactly deploy.yml on main, by the caller's github context", () => {
    const evaluate = (ref: string, workflowRef: string, repository: string) =>
      ref === "refs/heads/main" && workflowRef.toLowerCase() === `${repository}/.github/workflows/deploy.yml@refs/heads/main`.toLowerCase();
    const repo = "road-warrior/road-warrior-infra";
    expect(evaluate("refs/heads/main", `${repo}/.github/workflows/deploy.yml@refs/heads/main`, repo)).toBe(true);
    // Another branch's workflow calling deploy-environment.yml@main: its own ref and its own workflow file.
    expect(evaluate("refs/heads/attack", `${repo}/.github/workflows/evil.yml@refs/heads/attack`, repo)).toBe(false);
    expect(evaluate("refs/heads/attack", `${repo}/.github/workflows/deploy.yml@refs/heads/attack`, repo)).toBe(false);
    // Another workflow file on main, or pull-request.yml.
    expect(evaluate("refs/heads/main", `${repo}/.github/workflows/pull-request.yml@refs/heads/main`, repo)).toBe(false);
    // The evaluation above is the workflow's expression (same literal pieces).
    expect(GUARD).toContain("'refs/heads/main'");
    expect(GUARD).toContain("format('{0}/.github/workflows/deploy.yml@refs/heads/main', github.repository)");
    // deploy.yml is the one workflow that calls deploy-environment.yml.
    const callers = workflowFiles.filter((f) =>
      Object.values(load(f).jobs as Record<string, Json>).some((j) => j.uses === `./${CI_WORKFLOWS.deployEnvironment}`),
    );
    expect(callers.map(rel)).toEqual([".github/workflows/deploy.yml"]);
  });

  test("another caller sees why nothing ran: one job, no credentials, no checkout, fails with the reason", () => {
    const refuse = jobs["refuse-other-callers"];
    expect(expression(refuse.if)).toBe(`!(${GUARD})`);
    expect(refuse.permissions).toEqual({});
    expect(refuse.steps.some((s: Json) => s.uses)).toBe(false);
    expect(refuse.steps.map((s: Json) => s.run).join("\n")).toMatch(/exit 1/);
  });

  /** Whether a job of a workflow holds an OIDC token: its own permissions, or the workflow's when it has none. */
  const holdsToken = (doc: Json, job: Json) => ((job.permissions ?? doc.permissions ?? {}) as Json)["id-token"] === "write";
  const installs = (job: Json): string[] =>
    (job.steps ?? []).flatMap((s: Json) =>
      s.uses === "./.github/actions/setup"
        ? runs(action("setup")).filter((r) => /npm (ci|install)\b/.test(r))
        : /npm (ci|install)\b/.test(s.run ?? "")
          ? [s.run]
          : [],
    );

  test.each(workflowFiles.map(rel))("%s: every job holding an OIDC token installs with npm ci --ignore-scripts", (file) => {
    const doc = load(path.join(ROOT, file));
    for (const [name, job] of Object.entries(doc.jobs as Record<string, Json>)) {
      if (!holdsToken(doc, job) || job.uses) continue;
      for (const run of installs(job)) expect([name, run]).toEqual([name, expect.stringMatching(/\bnpm ci --ignore-scripts\b/)]);
    }
  });

  test("the setup action's install runs no install scripts (the lock file's only one is node-pty's, which CI never uses)", () => {
    const install = runs(action("setup")).filter((r) => /npm (ci|install)\b/.test(r));
    expect(install).toEqual(["npm ci --ignore-scripts"]);
    const lock = JSON.parse(fs.readFileSync(path.join(ROOT, "package-lock.json"), "utf8"));
    const withScripts = Object.entries(lock.packages as Record<string, Json>)
      .filter(([, p]) => p.hasInstallScript)
      .map(([name]) => name);
    expect(withScripts).toEqual(["node_modules/@cdktf/node-pty-prebuilt-multiarch"]);
  });
});
