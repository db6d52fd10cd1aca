import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { diagnosticsOf, diagnosticsText, PlannedStack, TerraformError } from "../src/preview/offline-plan";
import { awsOnlyStacks, notPlanned, planAll, preview, StackInfo } from "../src/preview/preview";
import { synthesize } from "../src/synth";
import { ENVIRONMENTS_DIR } from "./support/environments";

const stack = (name: string): StackInfo => ({ name, file: `${name}.json` });
const fakePlan = (add: number): PlannedStack => ({
  dir: "",
  validation: { valid: true, error_count: 0, warning_count: 0, diagnostics: [] },
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
  test("the largest stacks start first, never more than the limit at once, and none waits for another", async () => {
    const events: string[] = [];
    let running = 0;
    let peak = 0;
    const sizes: Record<string, number> = { bootstrap: 1, "dev-network": 2, "dev-data": 3, "dev-cluster": 4 };
    await planAll(
      [stack("bootstrap"), stack("dev-network"), stack("dev-data"), stack("dev-cluster")],
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
      (s) => sizes[s.name],
    );
    expect(peak).toBe(2);
    // The cluster (largest) and data stacks start together: offline, data reads the network's outputs from a stub state.
    expect(events.slice(0, 2)).toEqual(["start dev-cluster", "start dev-data"]);
    expect(events.filter((e) => e.startsWith("start"))).toEqual([
      "start dev-cluster",
      "start dev-data",
      "start dev-network",
      "start bootstrap",
    ]);
  });

  test("a failed stack is named with Terraform's error, and the other stacks are still planned", async () => {
    const lines: string[] = [];
    const results = await planAll(
      [stack("dev-network"), stack("dev-data")],
      async (s) => {
        if (s.name === "dev-network") throw new TerraformError("plan", "Error: Invalid provider configuration");
        return fakePlan(3);
      },
      2,
      (line) => lines.push(line),
    );
    expect(results.get("dev-network")).toEqual({ error: "Error: Invalid provider configuration" });
    expect(results.get("dev-data")).toEqual({ planned: fakePlan(3) });
    expect(lines).toContainEqual(expect.stringMatching(/✗ \[\d\/2\] dev-network failed after [\d.]+ s$/));
    expect(lines).toContainEqual(expect.stringMatching(/✓ \[\d\/2\] dev-data planned in [\d.]+ s: 3 to add, 0 to change, 0 to destroy$/));
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

describe("preview: Terraform's diagnostics, read from plan -json and shown as Terraform words them", () => {
  // Hand-written lines in the shape of Terraform 1.11's machine-readable UI (one JSON message per line).
  const stream = [
    '{"@level":"info","@message":"Terraform 1.11.4","type":"version","terraform":"1.11.4"}',
    "not a JSON line: ignored",
    JSON.stringify({
      "@level": "warn",
      type: "diagnostic",
      diagnostic: {
        severity: "warning",
        summary: "Argument is deprecated",
        detail: "acl is deprecated. Use the aws_s3_bucket_acl resource instead.",
        address: "aws_s3_bucket.Logs",
        range: { filename: "cdk.tf.json", start: { line: 3 } },
      },
    }),
    '{"@level":"info","type":"change_summary","changes":{"add":1}}',
  ].join("\n");
  // A plan reports a warning of the configuration twice: once from its validation, once from its planning.
  const twice = `${stream}\n${stream.split("\n")[2]}`;

  test("only diagnostic messages are taken, each once, with their severity, summary, detail, address and place", () => {
    expect(diagnosticsOf(twice)).toEqual([
      expect.objectContaining({ severity: "warning", summary: "Argument is deprecated", address: "aws_s3_bucket.Logs" }),
    ]);
  });

  test("each is printed as severity and summary, where, then the detail", () => {
    expect(diagnosticsText(diagnosticsOf(stream)).split("\n")).toEqual([
      "Warning: Argument is deprecated",
      "  with aws_s3_bucket.Logs",
      "  on cdk.tf.json line 3",
      "",
      "acl is deprecated. Use the aws_s3_bucket_acl resource instead.",
    ]);
  });
});
