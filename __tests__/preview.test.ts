import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { PlannedStack, stopRunningTerraform, terraform, terraformUnavailable } from "../src/preview/offline-plan";
import { awsOnlyStacks, notPlanned, planInOrder, preview, StackInfo } from "../src/preview/preview";
import { synthesize } from "../src/synth";
import { ENVIRONMENTS_DIR } from "./support/environments";

const stack = (name: string, dependencies: string[] = []): StackInfo => ({ name, file: `${name}.json`, dependencies });
const fakePlan = (add: number): PlannedStack => ({
  dir: "",
  validation: { valid: true },
  plan: {
    resource_changes: Array.from({ length: add }, (_, i) => ({
      mode: "managed",
      type: "aws_vpc",
      address: `aws_vpc.v${i}`,
      change: { actions: ["create"] },
    })),
  },
});

describe("preview: planning order", () => {
  test("upstream stacks first, independent stacks in parallel, never more than the limit at once", async () => {
    const events: string[] = [];
    let running = 0;
    let peak = 0;
    const stacks = [stack("bootstrap"), stack("dev-network"), stack("dev-data", ["dev-network"]), stack("dev-cluster", ["dev-network"])];
    await planInOrder(
      stacks,
      async (s) => {
        running++;
        peak = Math.max(peak, running);
        events.push(`start ${s.name}`);
        await new Promise((r) => setTimeout(r, 20));
        events.push(`end ${s.name}`);
        running--;
        return fakePlan(1);
      },
      2,
      () => undefined,
    );
    expect(peak).toBe(2);
    expect(events.indexOf("end dev-network")).toBeLessThan(events.indexOf("start dev-data"));
    expect(events.indexOf("end dev-network")).toBeLessThan(events.indexOf("start dev-cluster"));
    expect(events.indexOf("start dev-network")).toBeLessThan(events.indexOf("end bootstrap"));
  });

  test("a failed stack is named with Terraform's error, and its dependants are not planned", async () => {
    const lines: string[] = [];
    const results = await planInOrder(
      [stack("dev-network"), stack("dev-data", ["dev-network"])],
      async () => {
        throw new Error("Error: Invalid provider configuration");
      },
      2,
      (line) => lines.push(line),
    );
    expect(results.get("dev-network")).toEqual({ error: "Error: Error: Invalid provider configuration" });
    expect(results.get("dev-data")).toEqual({ error: "not planned: dev-network failed" });
    expect(lines).toContainEqual(expect.stringMatching(/✗ \[1\/2\] dev-network failed/));
  });
});

describe("preview: what it does not plan, it says, with the reason", () => {
  test("the apps stack is left out because its Kubernetes and Helm providers need a live cluster", () => {
    const outdir = path.join(fs.mkdtempSync(path.join(os.tmpdir(), "rw-preview-skipped-")), "cdktf.out");
    try {
      expect(synthesize({ environmentsDir: ENVIRONMENTS_DIR, outdir, log: { log: () => undefined, error: () => undefined } })).toBe(0);
      const planned = awsOnlyStacks(outdir, "dev");
      expect(planned.map((s) => s.name).sort()).toEqual(["bootstrap-111111111111", "dev-cluster", "dev-data", "dev-network"]);
      expect(notPlanned(outdir, "dev", planned)).toEqual([
        expect.stringMatching(
          /^dev-apps: its helm and kubernetes providers need a live cluster, which an offline plan does not have; it is planned at deploy time$/,
        ),
      ]);
    } finally {
      fs.rmSync(path.dirname(outdir), { recursive: true, force: true });
    }
  });
});

const describeWithTerraform = terraformUnavailable() ? describe.skip : describe;

describeWithTerraform("preview: npm run preview -- dev, with the real provider", () => {
  const outdir = path.join(fs.mkdtempSync(path.join(os.tmpdir(), "rw-preview-")), "cdktf.out");
  const lines: string[] = [];
  const errors: string[] = [];
  const log = { log: (l: string) => lines.push(l), error: (l: string) => errors.push(l) };
  afterAll(async () => {
    await stopRunningTerraform();
    fs.rmSync(path.dirname(outdir), { recursive: true, force: true });
  });

  test("plans every AWS stack of dev and writes the plans and a summary", async () => {
    expect(await preview({ environment: "dev", environmentsDir: ENVIRONMENTS_DIR, outdir, log })).toBe(0);
    expect(errors).toEqual([]);
    const files = fs
      .readdirSync(path.join(outdir, "preview"))
      .filter((f) => f.endsWith(".json"))
      .sort();
    expect(files).toEqual(["bootstrap-111111111111.plan.json", "dev-cluster.plan.json", "dev-data.plan.json", "dev-network.plan.json"]);
    const summary = fs.readFileSync(path.join(outdir, "preview", "summary.md"), "utf8");
    expect(summary).toMatch(/## dev-data\n\n\d+ to add, 0 to change, 0 to destroy\./);
    expect(summary).toMatch(/\| `aws_rds_cluster` \| 1 \| 0 \| 0 \|/);
    expect(summary).toMatch(/## Not planned\n\n- dev-apps: its .*providers need a live cluster/);
    expect(lines.filter((l) => /✓ \[\d\/4\]/.test(l))).toHaveLength(4);
    expect(lines.join("\n")).toMatch(/aws_eks_cluster\s+1\s+0\s+0/);
    // Each stack says how its folder was made ready, so a slow init can be told from a slow plan.
    expect(lines.filter((l) => /✓ \S+: initialised in [\d.]+ s$/.test(l))).toHaveLength(4);
    // A generous ceiling only so that a hung Terraform ends the run; speed is measured by npm run bench.
  }, 900_000);

  test("a second preview reuses the initialised folders (nothing init depends on changed) and plans the same", async () => {
    const first = fs.readFileSync(path.join(outdir, "preview", "summary.md"), "utf8");
    lines.length = 0;
    expect(await preview({ environment: "dev", environmentsDir: ENVIRONMENTS_DIR, outdir, log })).toBe(0);
    expect(errors).toEqual([]);
    expect(lines.filter((l) => /✓ \S+: initialised folder reused$/.test(l))).toHaveLength(4);
    expect(lines.filter((l) => /initialised in/.test(l))).toEqual([]);
    expect(fs.readFileSync(path.join(outdir, "preview", "summary.md"), "utf8")).toBe(first);
  }, 900_000);

  test("Terraform still running when a test ends is stopped, so the jest worker can exit", async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "rw-stop-"));
    try {
      // terraform console waits for input on its open stdin and ignores SIGTERM: it runs until killed.
      const console = terraform(["console"], dir);
      await new Promise((resolve) => setTimeout(resolve, 2000));
      expect(await stopRunningTerraform(1000)).toBe(1);
      const result = await console;
      expect(result.status).toBe(-1);
      expect(await stopRunningTerraform()).toBe(0);
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe("preview: an unknown environment", () => {
  test("is refused with the ones that exist, before anything is synthesized", async () => {
    const work = fs.mkdtempSync(path.join(os.tmpdir(), "rw-preview-unknown-"));
    const errors: string[] = [];
    try {
      const outdir = path.join(work, "cdktf.out");
      expect(
        await preview({
          environment: "no-such-env",
          environmentsDir: ENVIRONMENTS_DIR,
          outdir,
          log: { log: () => undefined, error: (l: string) => errors.push(l) },
        }),
      ).toBe(2);
      expect(errors.join("\n")).toMatch(/unknown environment "no-such-env"; environments found: dev, prod/);
      expect(fs.existsSync(outdir)).toBe(false);
    } finally {
      fs.rmSync(work, { recursive: true, force: true });
    }
  });
});
