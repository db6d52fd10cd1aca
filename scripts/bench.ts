/**
 * `npm run bench [-- --runs <n>] [--slow-runs <n>] [--skip-slow] [--out <file>]`: wall time, CPU
 * time, peak memory and the load average of the project's commands against the project's targets,
 * measured in one run on this machine. Only a complete run (every measurement, at least 3 runs of
 * each) writes BENCHMARKS.md; a partial one writes its report elsewhere and says where.
 */
import { spawnSync } from "child_process";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { stackFiles, synthSize, writeBaselineApp } from "./bench/baseline";
import { writeEnvironmentsWithServices } from "./bench/environments";
import { Measurement, summarize, timed } from "./bench/measure";
import { benchmarkReport, Check } from "./bench/report";
import { reportDestination } from "./bench/destination";

const ROOT = path.join(__dirname, "..");
/** What a run can measure, for --only. */
const MEASUREMENTS = ["floor", "cold", "synth", "services", "cdktf", "cost", "baseline", "unit", "test", "ci", "preview"] as const;

const USAGE = `Usage: npm run bench [-- --runs <n>] [--slow-runs <n>] [--skip-slow] [--only <names>] [--out <file>]

Measures wall time, CPU time and peak RSS of the floor under every npm run synth (npm run help,
and npm run synth -- --help, which loads every module and synthesizes nothing), npm run synth
(built-in environments, and generated ones with 10, 50 and 100 services), npx cdktf synth,
npm run cost, the same synth the cdktf template's way (package-root imports, type-checking ts-node),
and, unless --skip-slow, npm run test:unit (when the script exists), npm test, CI (.ci/run on a
clean clone of the committed HEAD) and npm run preview -- dev; the load average is recorded with
every run.
--runs: runs of each quick command (default 5); --slow-runs: runs of each slow one (default 3);
--only: a comma-separated subset of ${MEASUREMENTS.join(", ")}.
A complete run (no --skip-slow, at least 3 runs of everything) writes BENCHMARKS.md; any other
run writes its report to --out, or to ${path.join(os.tmpdir(), "road-warrior-bench", "BENCHMARKS.partial.md")}.`;

/** The issue's targets: the only place they are written down. */
export const TARGETS = {
  unitSeconds: 60,
  testSeconds: 4 * 60,
  ciSeconds: 6 * 60,
  synthSeconds: 0.6,
  synthRssMb: 150,
  services100Seconds: 1.5,
  previewSeconds: 30,
} as const;

function count(argv: readonly string[], flag: string, fallback: number): number | undefined {
  const at = argv.indexOf(flag);
  if (at < 0) return fallback;
  const n = Number(argv[at + 1]);
  return Number.isInteger(n) && n >= 1 ? n : undefined;
}

export function main(argv: readonly string[]): number {
  if (argv.includes("--help")) {
    console.log(USAGE);
    return 0;
  }
  // Every argument is an option we know, or the value right after one that takes a value.
  const valued = ["--runs", "--slow-runs", "--out", "--only"];
  const unknownArgs = argv.filter((arg, i) => arg !== "--skip-slow" && !valued.includes(arg) && !valued.includes(argv[i - 1]));
  if (unknownArgs.length > 0) {
    console.error(`unknown argument ${unknownArgs.join(" ")}\n\n${USAGE}`);
    return 2;
  }
  const runs = count(argv, "--runs", 5);
  const slowRuns = count(argv, "--slow-runs", 3);
  if (runs === undefined || slowRuns === undefined) {
    console.error(`--runs and --slow-runs must be whole numbers of 1 or more\n\n${USAGE}`);
    return 2;
  }
  const outAt = argv.indexOf("--out");
  if (outAt >= 0 && !argv[outAt + 1]) {
    console.error(`--out needs a file\n\n${USAGE}`);
    return 2;
  }
  const onlyAt = argv.indexOf("--only");
  const only = onlyAt >= 0 ? (argv[onlyAt + 1] ?? "").split(",").filter(Boolean) : undefined;
  const unknown = (only ?? []).filter((name) => !(MEASUREMENTS as readonly string[]).includes(name));
  if (only !== undefined && (only.length === 0 || unknown.length > 0)) {
    console.error(`--only takes names among ${MEASUREMENTS.join(", ")}${unknown.length ? ` (not ${unknown.join(", ")})` : ""}\n\n${USAGE}`);
    return 2;
  }
  const skipSlow = argv.includes("--skip-slow");
  const want = (name: (typeof MEASUREMENTS)[number]) => only === undefined || only.includes(name);
  const destination = reportDestination(ROOT, { skipSlow, runs, slowRuns, only, out: outAt >= 0 ? argv[outAt + 1] : undefined });
  const work = fs.mkdtempSync(path.join(os.tmpdir(), "road-warrior-bench-"));
  const environments = path.join(ROOT, "environments");
  const outdir = (name: string) => path.join(work, `out-${name}`);
  const progress = (text: string) => process.stderr.write(`bench: ${text}\n`);
  const repeat = (
    label: string,
    command: string,
    args: string[],
    count: number,
    env: NodeJS.ProcessEnv = {},
    cwd = ROOT,
    before?: () => void,
  ): Measurement => {
    progress(`${label} (${count}×)`);
    return summarize(
      label,
      [command, ...args].join(" "),
      Array.from({ length: count }, () => (before?.(), timed(command, args, { cwd, env }))),
    );
  };
  const cache = path.join(ROOT, "node_modules", ".cache", "road-warrior-ts");
  try {
    const measured: Record<string, Measurement | undefined> = {};
    const synthEnv = (name: string, dir = environments) => ({ ENVIRONMENTS_DIR: dir, CDKTF_OUTDIR: outdir(name) });

    // What every synth pays before it synthesizes anything: npm starting (the help script is a shell
    // printing text), then node loading every module the synth needs (--help prints the usage after
    // main.ts has loaded the whole app). A synth target below the second figure cannot be met here.
    if (want("floor")) {
      measured.npmFloor = repeat("floor: npm run help (npm starting, then a shell printing text)", "npm", ["run", "help"], runs);
      measured.loadFloor = repeat(
        "floor: npm run synth -- --help (npm, node and every module the synth loads; nothing synthesized)",
        "npm",
        ["run", "synth", "--", "--help"],
        runs,
      );
    }
    if (want("cold"))
      measured.cold = repeat("npm run synth, first run (empty transpile cache)", "npm", ["run", "synth"], 1, synthEnv("cold"), ROOT, () =>
        fs.rmSync(cache, { recursive: true, force: true }),
      );
    if (want("synth") || want("baseline"))
      measured.synth = repeat("npm run synth (built-in environments)", "npm", ["run", "synth"], runs, synthEnv("synth"));
    for (const services of want("services") ? [10, 50, 100] : []) {
      const dir = path.join(work, `environments-${services}`);
      writeEnvironmentsWithServices(environments, dir, services);
      measured[`services${services}`] = repeat(
        `npm run synth, ${services} services per environment`,
        "npm",
        ["run", "synth"],
        runs,
        synthEnv(`s${services}`, dir),
      );
    }
    if (want("cdktf"))
      measured.cdktf = repeat(
        "npx cdktf synth (built-in environments)",
        "npx",
        ["cdktf", "synth", "--output", outdir("cdktf")],
        Math.min(runs, 3),
        { ENVIRONMENTS_DIR: environments },
      );
    if (want("cost")) measured.cost = repeat("npm run cost -- dev", "npm", ["run", "cost", "--", "dev"], runs);

    let identical: boolean | undefined;
    if (want("baseline")) {
      const baselineDir = path.join(work, "baseline");
      writeBaselineApp(ROOT, baselineDir);
      measured.baseline = repeat(
        "baseline: root imports, type-checking ts-node (npx ts-node main.ts)",
        "npx",
        ["ts-node", "main.ts"],
        Math.min(runs, 2),
        synthEnv("baseline"),
        baselineDir,
      );
      identical = JSON.stringify(stackFiles(outdir("synth"))) === JSON.stringify(stackFiles(outdir("baseline")));
    }

    const unitScript = readScripts()["test:unit"];
    if (!skipSlow) {
      if (unitScript !== undefined && want("unit")) {
        // The target includes the type-check: measured as the script, plus tsc when the script leaves it out.
        const [command, args] = unitScript.includes("tsc")
          ? ["npm", ["run", "test:unit"]]
          : ["sh", ["-c", "npx tsc --noEmit && npm run test:unit"]];
        measured.unit = repeat("npm run test:unit (with tsc)", command, args, slowRuns);
      }
      if (want("test")) measured.test = repeat("npm test", "npm", ["test"], slowRuns);
      // CI starts from a clean clone (npm ci replaces node_modules, which must not happen to this checkout),
      // with the shared folder beside it as on the CI machines (the pinned chart packages are in ../shared).
      const ci = path.join(work, "ci", path.basename(ROOT));
      if (want("ci"))
        measured.ci = repeat("CI: .ci/run on a clean clone (npm ci, lint, npm test)", "bash", [".ci/run"], slowRuns, {}, ci, () => {
          fs.rmSync(path.dirname(ci), { recursive: true, force: true });
          fs.mkdirSync(path.dirname(ci), { recursive: true });
          const shared = path.join(ROOT, "..", "shared");
          if (fs.existsSync(shared)) fs.symlinkSync(fs.realpathSync(shared), path.join(path.dirname(ci), "shared"));
          const clone = spawnSync("git", ["clone", "--quiet", ROOT, ci], { encoding: "utf8" });
          if (clone.status !== 0) throw new Error(`git clone for the CI run failed: ${clone.stderr}`);
        });
      if (want("preview")) {
        // The first preview of a checkout initialises every stack; later ones reuse the folders (the target's case).
        measured.previewFirst = repeat(
          "npm run preview -- dev, first run (no initialised folders)",
          "npm",
          ["run", "preview", "--", "dev"],
          1,
          {
            CDKTF_OUTDIR: outdir("preview"),
          },
        );
        measured.preview = repeat("npm run preview -- dev (initialised folders reused)", "npm", ["run", "preview", "--", "dev"], slowRuns, {
          CDKTF_OUTDIR: outdir("preview"),
        });
      }
    }

    const notMeasured = (why: string) => ({ value: `not measured (${why})`, met: undefined });
    const skipped = (name: (typeof MEASUREMENTS)[number]) => (want(name) ? "--skip-slow" : "not in --only");
    const check = (
      m: Measurement | undefined,
      target: string,
      value: (m: Measurement) => number,
      limit: number,
      format: (n: number) => string,
      missing: string,
    ): Check => (m ? { target, value: format(value(m)), met: value(m) <= limit } : { target, ...notMeasured(missing) });
    const wall = (m: Measurement) => m.seconds;
    const checks: Check[] = [
      check(
        measured.unit,
        `\`npm run test:unit\` (with tsc) ≤ ${TARGETS.unitSeconds} s`,
        wall,
        TARGETS.unitSeconds,
        minutes,
        unitScript === undefined ? "no test:unit script" : skipped("unit"),
      ),
      check(
        measured.test,
        `\`npm test\` (both tiers) ≤ ${TARGETS.testSeconds / 60} min`,
        wall,
        TARGETS.testSeconds,
        minutes,
        skipped("test"),
      ),
      check(measured.ci, `CI (\`npm ci\`, lint, tests) ≤ ${TARGETS.ciSeconds / 60} min`, wall, TARGETS.ciSeconds, minutes, skipped("ci")),
      check(
        measured.synth,
        `\`npm run synth\` of the built-in environments ≤ ${TARGETS.synthSeconds} s (median)`,
        wall,
        TARGETS.synthSeconds,
        (n) => `${n.toFixed(2)} s`,
        "not in --only",
      ),
      check(
        measured.synth,
        `… and ≤ ${TARGETS.synthRssMb} MB peak RSS`,
        (m) => m.peakRssMb,
        TARGETS.synthRssMb,
        (n) => `${n.toFixed(0)} MB`,
        "not in --only",
      ),
      check(
        measured.services100,
        `100 services per environment ≤ ${TARGETS.services100Seconds} s (median)`,
        wall,
        TARGETS.services100Seconds,
        (n) => `${n.toFixed(2)} s`,
        "not in --only",
      ),
      check(
        measured.preview,
        `\`npm run preview -- dev\` ≤ ${TARGETS.previewSeconds} s`,
        wall,
        TARGETS.previewSeconds,
        minutes,
        skipped("preview"),
      ),
      identical === undefined
        ? { target: "baseline synthesizes byte-identical stacks", ...notMeasured("not in --only") }
        : { target: "baseline synthesizes byte-identical stacks", value: identical ? "identical" : "DIFFERENT", met: identical },
    ];
    const scale =
      measured.synth && measured.services100 ? { builtIn: synthSize(outdir("synth")), services100: synthSize(outdir("s100")) } : undefined;
    const report = benchmarkReport({
      date: new Date(),
      machine: machine(),
      measurements: Object.values(measured).filter((m): m is Measurement => m !== undefined),
      checks,
      runs,
      slowRuns,
      scale,
      floor:
        measured.npmFloor && measured.loadFloor
          ? { npmSeconds: measured.npmFloor.seconds, loadSeconds: measured.loadFloor.seconds, synthTargetSeconds: TARGETS.synthSeconds }
          : undefined,
      partial: destination.partial,
    });
    fs.mkdirSync(path.dirname(destination.file), { recursive: true });
    fs.writeFileSync(destination.file, report);
    console.log(report);
    progress(
      `wrote ${destination.file} (${checks.filter((c) => c.met === false).length} target(s) missed)` +
        (destination.partial ? `; BENCHMARKS.md is left as it is: ${destination.partial}` : ""),
    );
    return 0;
  } finally {
    fs.rmSync(work, { recursive: true, force: true });
  }
}

const minutes = (seconds: number) => (seconds < 120 ? `${seconds.toFixed(1)} s` : `${(seconds / 60).toFixed(1)} min`);

function readScripts(): Record<string, string> {
  return (JSON.parse(fs.readFileSync(path.join(ROOT, "package.json"), "utf8")) as { scripts?: Record<string, string> }).scripts ?? {};
}

function machine(): string {
  const version = (command: string, args: string[]) =>
    spawnSync(command, args, { encoding: "utf8", env: { ...process.env, CHECKPOINT_DISABLE: "1" } })
      .stdout?.split("\n")[0]
      .trim() || "not found";
  const cpus = os.cpus();
  return [
    `${cpus[0]?.model ?? "unknown CPU"}, ${cpus.length} cores, ${(os.totalmem() / 1024 ** 3).toFixed(0)} GiB RAM`,
    `${os.type()} ${os.release()}`,
    `Node.js ${process.version}, npm ${version("npm", ["--version"])}, ${version("terraform", ["version"])}`,
  ].join("; ");
}

if (require.main === module) process.exitCode = main(process.argv.slice(2));
