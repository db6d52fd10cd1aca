/*
 * Drift: the summary of refresh-only plans (names, never values) and the GitHub issue per
 * environment, against a stubbed GitHub REST API (an injected fetch that keeps issues in memory).
 * The same summary from a refresh-only plan Terraform really made is in drift-terraform.test.ts.
 */
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { changedPaths, driftMarkdown, driftOfPlan, driftReport, DriftReport } from "../src/ci/drift";
import { DRIFT_LABEL, Fetch, syncDriftIssue } from "../src/ci/drift-issue";
import { main as drift } from "../scripts/drift";

const SECRET = "s3cr3t-value-never-printed";

/** What `terraform show -json` of a refresh-only plan holds: resource_drift, no proposed change. */
const refreshOnly = (drift: unknown[]) => ({ format_version: "1.2", terraform_version: "1.11.4", resource_drift: drift });
const changed = (address: string, before: unknown, after: unknown) => ({
  address,
  mode: "managed",
  type: address.split(".")[0],
  change: { actions: ["update"], before, after },
});
const deleted = (address: string) => ({ address, mode: "managed", change: { actions: ["delete"], before: { name: SECRET }, after: null } });

describe("the summary: addresses and attribute names, never values", () => {
  const plan = refreshOnly([
    changed(
      "aws_security_group.alb",
      { description: "alb", ingress: [{ cidr_blocks: ["10.0.0.0/8"] }], tags: { team: "platform" } },
      { description: "alb", ingress: [{ cidr_blocks: ["0.0.0.0/0"] }], tags: { team: "platform", owner: SECRET } },
    ),
    deleted("aws_cloudwatch_metric_alarm.cpu"),
    // A data source refreshed to a new value is not drift of anything Terraform manages.
    { address: "data.aws_caller_identity.me", mode: "data", change: { actions: ["update"], before: {}, after: { id: "x" } } },
  ]);

  test("a changed resource lists the attributes that differ, a deleted one says so, data sources are left out", () => {
    expect(driftOfPlan("dev-network", plan)).toEqual([
      { stack: "dev-network", address: "aws_security_group.alb", drift: "changed", attributes: ["ingress", "tags.owner"] },
      { stack: "dev-network", address: "aws_cloudwatch_metric_alarm.cpu", drift: "deleted", attributes: [] },
    ]);
  });

  test("nested objects are named down three levels; lists are named whole", () => {
    expect(changedPaths({ a: { b: { c: { d: 1 } } }, l: [1] }, { a: { b: { c: { d: 2 } } }, l: [2] })).toEqual(["a.b.c", "l"]);
    expect(changedPaths({ same: 1 }, { same: 1 })).toEqual([]);
  });

  test("the Markdown holds no value of the plan, only names and the run link", () => {
    const markdown = driftMarkdown(driftReport("dev", [{ stack: "dev-network", plan }], [], ["dev-apps"]), "https://run/1");
    expect(markdown).not.toContain(SECRET);
    expect(markdown).not.toContain("0.0.0.0/0");
    expect(markdown).toContain("| dev-network | `aws_security_group.alb` | changed | `ingress`, `tags.owner` |");
    expect(markdown).toContain("| dev-network | `aws_cloudwatch_metric_alarm.cpu` | deleted | — |");
    expect(markdown).toContain("([this run](https://run/1))");
    expect(markdown).toContain("Skipped: dev-apps (the plan role may not read the apps state).");
    expect(markdown.split("\n")[0]).toBe("<!-- road-warrior-drift:dev -->");
  });

  test("a plan that proposes changes is not a refresh-only plan, and is refused rather than read as drift", () => {
    const normal = { ...refreshOnly([]), resource_changes: [{ address: "aws_s3_bucket.a", change: { actions: ["create"] } }] };
    expect(() => driftOfPlan("dev-data", normal)).toThrow("dev-data: this plan proposes changes (1), so it is not a refresh-only plan");
    const noOps = { ...refreshOnly([]), resource_changes: [{ address: "aws_s3_bucket.a", change: { actions: ["no-op"] } }] };
    expect(driftOfPlan("dev-data", noOps)).toEqual([]);
    expect(() => driftOfPlan("dev-data", { resource_drift: [] })).toThrow(/not the JSON of terraform show -json/);
  });
});

/** GitHub's issues API, in memory: list (open, by label), create, update, comment. Records every call. */
function fakeGitHub(issues: { number: number; state: string; body: string; labels: string[]; pull_request?: object }[] = []) {
  const calls: { method: string; path: string; body?: any }[] = [];
  const fetch: Fetch = async (url, init) => {
    const { pathname, searchParams } = new URL(url);
    const body = init.body ? JSON.parse(init.body) : undefined;
    calls.push({ method: init.method, path: pathname, body });
    expect(init.headers.authorization).toBe("Bearer test-token");
    const reply = (status: number, value: unknown) => ({ status, text: async () => JSON.stringify(value) });
    const base = "/repos/road-warrior/infra/issues";
    if (init.method === "GET" && pathname === base)
      return reply(
        200,
        issues.filter((i) => i.state === searchParams.get("state") && i.labels.includes(searchParams.get("labels") ?? "")),
      );
    if (init.method === "POST" && pathname === base) {
      const issue = { number: 100 + issues.length, state: "open", body: body.body, labels: body.labels };
      issues.push(issue);
      return reply(201, issue);
    }
    const one = new RegExp(`^${base}/(\\d+)(/comments)?$`).exec(pathname);
    const issue = one && issues.find((i) => i.number === Number(one[1]));
    if (!issue) return reply(404, { message: "Not Found" });
    if (one![2] && init.method === "POST") return reply(201, { id: 1 });
    if (init.method === "PATCH") {
      Object.assign(issue, body);
      return reply(200, issue);
    }
    return reply(405, { message: `not stubbed: ${init.method} ${pathname}` });
  };
  return { fetch, calls, issues };
}

const target = (fetch: Fetch) => ({ apiUrl: "https://api.github.test", repository: "road-warrior/infra", token: "test-token", fetch });
const report = (drifted: DriftReport["drifted"], failed: string[] = []): DriftReport => ({
  environment: "dev",
  drifted,
  checked: ["dev-network", "dev-data", "dev-cluster"],
  failed,
  skipped: ["dev-apps"],
});
const DRIFT = [{ stack: "dev-network", address: "aws_security_group.alb", drift: "changed" as const, attributes: ["ingress"] }];

describe("one GitHub issue per environment", () => {
  test("drift with no open issue opens one, labelled, with the summary and the run link", async () => {
    const github = fakeGitHub();
    await expect(syncDriftIssue(target(github.fetch), report(DRIFT), "https://run/1")).resolves.toEqual({ action: "opened", number: 100 });
    const created = github.calls.find((c) => c.method === "POST")!;
    expect(created.body).toMatchObject({ title: "Drift in dev: changed outside Terraform", labels: [DRIFT_LABEL] });
    expect(created.body.body).toContain("`aws_security_group.alb`");
    expect(created.body.body).toContain("https://run/1");
  });

  test("drift again updates the environment's open issue, not another environment's, and opens no second one", async () => {
    const github = fakeGitHub([
      { number: 7, state: "open", body: "<!-- road-warrior-drift:prod -->\nprod", labels: [DRIFT_LABEL] },
      { number: 8, state: "open", body: "<!-- road-warrior-drift:dev -->\nold", labels: [DRIFT_LABEL] },
    ]);
    await expect(syncDriftIssue(target(github.fetch), report(DRIFT), "https://run/2")).resolves.toEqual({ action: "updated", number: 8 });
    expect(github.calls.map((c) => `${c.method} ${c.path}`)).toEqual([
      "GET /repos/road-warrior/infra/issues",
      "PATCH /repos/road-warrior/infra/issues/8",
    ]);
    expect(github.issues.find((i) => i.number === 8)!.body).toContain("https://run/2");
    expect(github.issues.find((i) => i.number === 7)!.body).toBe("<!-- road-warrior-drift:prod -->\nprod");
  });

  test("no drift closes the open issue, with a comment naming the run", async () => {
    const github = fakeGitHub([{ number: 8, state: "open", body: "<!-- road-warrior-drift:dev -->\nold", labels: [DRIFT_LABEL] }]);
    await expect(syncDriftIssue(target(github.fetch), report([]), "https://run/3")).resolves.toEqual({ action: "closed", number: 8 });
    expect(github.calls[1]).toMatchObject({ method: "POST", path: "/repos/road-warrior/infra/issues/8/comments" });
    expect(github.calls[1].body.body).toContain("https://run/3");
    expect(github.issues[0]).toMatchObject({ state: "closed", state_reason: "completed" });
  });

  test("no drift where checked, but a stack whose plan failed: the issue stays open (nothing is known of that stack)", async () => {
    const github = fakeGitHub([{ number: 8, state: "open", body: "<!-- road-warrior-drift:dev -->\nold", labels: [DRIFT_LABEL] }]);
    const outcome = await syncDriftIssue(target(github.fetch), report([], ["dev-data"]), "https://run/4");
    expect(outcome).toMatchObject({ action: "none", reason: expect.stringMatching(/dev-data could not be planned/) });
    expect(github.issues[0].state).toBe("open");
  });

  test("no drift and no issue: nothing is written; a pull request carrying the marker is never taken for the issue", async () => {
    const github = fakeGitHub([
      { number: 9, state: "open", body: "<!-- road-warrior-drift:dev -->", labels: [DRIFT_LABEL], pull_request: {} },
    ]);
    await expect(syncDriftIssue(target(github.fetch), report([]), "https://run/5")).resolves.toMatchObject({ action: "none" });
    expect(github.calls.map((c) => c.method)).toEqual(["GET"]);
  });

  test("a refusal of the API is an error naming the call and GitHub's message", async () => {
    const refusing: Fetch = async () => ({
      status: 403,
      text: async () => JSON.stringify({ message: "Resource not accessible by integration" }),
    });
    await expect(syncDriftIssue(target(refusing), report(DRIFT), "https://run/6")).rejects.toThrow(
      "GitHub API GET /issues?state=open&labels=drift&per_page=100: 403 Resource not accessible by integration",
    );
  });
});

describe("npm run drift: the workflow's step", () => {
  let dir: string;
  beforeAll(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), "rw-drift-"));
    fs.writeFileSync(path.join(dir, "dev-network.plan.json"), JSON.stringify(refreshOnly([deleted("aws_kms_key.LogsKey")])));
    fs.writeFileSync(path.join(dir, "dev-data.plan.json"), JSON.stringify(refreshOnly([])));
  });
  afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));
  const io = (env: NodeJS.ProcessEnv = {}, fetch?: Fetch) => {
    const out: string[] = [];
    return { out, io: { log: (t: string) => out.push(t), error: (t: string) => out.push(t), env, fetch } };
  };

  test("writes the summary and drifted=true, syncs the issue, and exits 0 (the workflow fails the run on drifted=true)", async () => {
    const github = fakeGitHub();
    const { io: deps, out } = io(
      { GITHUB_TOKEN: "test-token", GITHUB_REPOSITORY: "road-warrior/infra", GITHUB_API_URL: "https://api.github.test" },
      github.fetch,
    );
    const outputs = path.join(dir, "outputs");
    const args = ["dev", "--issue", "--run-url", "https://run/7", "--skipped", "dev-apps", "--failed", "dev-cluster"];
    const code = await drift(
      [
        ...args,
        "--output",
        path.join(dir, "drift.md"),
        "--github-output",
        outputs,
        path.join(dir, "dev-network.plan.json"),
        path.join(dir, "dev-data.plan.json"),
      ],
      deps,
    );
    expect(code).toBe(0);
    expect(fs.readFileSync(outputs, "utf8")).toBe("drifted=true\n");
    const markdown = fs.readFileSync(path.join(dir, "drift.md"), "utf8");
    expect(markdown).toContain("| dev-network | `aws_kms_key.LogsKey` | deleted | — |");
    expect(markdown).toContain("Checked: dev-network, dev-data. **Plan failed (not checked): dev-cluster.**");
    expect(out).toContain("drift issue #100 opened");
  });

  test("usage (2): no environment, an unknown option, a plan file named otherwise, --issue without a token", async () => {
    expect(await drift([], io().io)).toBe(2);
    expect(await drift(["dev", "--bogus"], io().io)).toBe(2);
    expect(await drift(["dev", path.join(dir, "plan.json")], io().io)).toBe(2);
    expect(await drift(["dev", "--issue", path.join(dir, "dev-data.plan.json")], io().io)).toBe(2);
    expect(await drift(["dev", path.join(dir, "missing.plan.json")], io().io)).toBe(2);
  });

  test("refused (1): a plan that is not refresh-only", async () => {
    const file = path.join(dir, "dev-cluster.plan.json");
    fs.writeFileSync(file, JSON.stringify({ ...refreshOnly([]), resource_changes: [{ address: "a.b", change: { actions: ["delete"] } }] }));
    expect(await drift(["dev", file], io().io)).toBe(1);
  });
});
