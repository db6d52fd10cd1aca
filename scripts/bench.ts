/**
 * `npm run bench [-- --runs <n>] [--skip-slow]`: wall time and peak memory of the project's
 * commands, side by side with the cdktf template's way (package-root provider imports through
 * type-checking ts-node), measured in one run on this machine. Writes BENCHMARKS.md.
 */
import { spawnSync } from "child_process";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { stackFiles, synthSize, writeBaselineApp } from "./bench/baseline";
import { writeEnvironmentsWithServices } from "./bench/environments";
import { Measurement, summarize, timed } from "./bench/measure";
import { benchmarkReport, Check } from "./bench/report";

const ROOT = path.join(__dirname, "..");
const USAGE = `Usage: npm run bench [-- --runs <n>] [--skip-slow]

Measures wall time and peak RSS of npm run synth (built-in environments, and generated ones
with 10, 50 and 100 services), npx cdktf synth, npm run cost, npm test and npm run preview -- dev,
and the same synth the cdktf template's way (package-root imports, type-checking ts-node).
Writes BENCHMARKS.md. --runs sets the runs of each quick command (default 5); --skip-slow
leaves out npm test and the preview (their rows then say so).`;

export function main(argv: readonly string[]): number {
  if (argv.includes("--help")) {
    console.log(USAGE);
    return 0;
  }
  const runsAt = argv.indexOf("--runs");
  const unknown = argv.filter((arg, i) => arg !== "--skip-slow" && arg !== "--runs" && !(runsAt >= 0 && i === runsAt + 1));
  if (unknown.length > 0) {
    console.error(`unknown argument ${unknown.join(" ")}\n\n${USAGE}`);
    return 2;
  }
  const runs = runsAt >= 0 ? Number(argv[runsAt + 1]) : 5;
  if (!Number.isInteger(runs) || runs < 1) {
    console.error(`--runs must be a whole number of 1 or more\n\n${USAGE}`);
    return 2;
  }
  const skipSlow = argv.includes("--skip-slow");
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

    measured.cold = repeat("npm run synth, first run (empty transpile cache)", "npm", ["run", "synth"], 1, synthEnv("cold"), ROOT, () =>
      fs.rmSync(cache, { recursive: true, force: true }),
    );
    measured.synth = repeat("npm run synth (built-in environments)", "npm", ["run", "synth"], runs, synthEnv("synth"));
    for (const count of [10, 50, 100]) {
      const dir = path.join(work, `environments-${count}`);
      writeEnvironmentsWithServices(environments, dir, count);
      measured[`services${count}`] = repeat(
        `npm run synth, ${count} services per environment`,
        "npm",
        ["run", "synth"],
        runs,
        synthEnv(`s${count}`, dir),
      );
    }
    measured.cdktf = repeat(
      "npx cdktf synth (built-in environments)",
      "npx",
      ["cdktf", "synth", "--output", outdir("cdktf")],
      Math.min(runs, 3),
      { ENVIRONMENTS_DIR: environments },
    );
    measured.cost = repeat("npm run cost -- dev", "npm", ["run", "cost", "--", "dev"], runs);

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
    const identical = JSON.stringify(stackFiles(outdir("synth"))) === JSON.stringify(stackFiles(outdir("baseline")));

    if (!skipSlow) {
      measured.test = repeat("npm test", "npm", ["test"], 1);
      measured.preview = repeat("npm run preview -- dev", "npm", ["run", "preview", "--", "dev"], 1, { CDKTF_OUTDIR: outdir("preview") });
    }

    const s = measured.synth!;
    const b = measured.baseline!;
    const checks: Check[] = [
      { target: "`npm run synth` of the built-in environments ≤ 1.0 s wall", value: `${s.seconds.toFixed(2)} s`, met: s.seconds <= 1.0 },
      { target: "… and ≤ 250 MB peak RSS", value: `${s.peakRssMb.toFixed(0)} MB`, met: s.peakRssMb <= 250 },
      { target: "≥ 8× faster than the baseline", value: `${(b.seconds / s.seconds).toFixed(1)}×`, met: b.seconds / s.seconds >= 8 },
      { target: "≥ 5× leaner than the baseline", value: `${(b.peakRssMb / s.peakRssMb).toFixed(1)}×`, met: b.peakRssMb / s.peakRssMb >= 5 },
      {
        target: "100 services per environment ≤ 2× the time of the default",
        value: `${(measured.services100!.seconds / s.seconds).toFixed(2)}×`,
        met: measured.services100!.seconds / s.seconds <= 2,
      },
      measured.test
        ? { target: "`npm test` ≤ 5 minutes", value: `${(measured.test.seconds / 60).toFixed(1)} min`, met: measured.test.seconds <= 300 }
        : { target: "`npm test` ≤ 5 minutes", value: "not measured (--skip-slow)", met: undefined },
      { target: "baseline synthesizes byte-identical stacks", value: identical ? "identical" : "DIFFERENT", met: identical },
    ];
    const scale = { builtIn: synthSize(outdir("synth")), services100: synthSize(outdir("s100")) };
    const report = benchmarkReport({
      date: new Date(),
      machine: machine(),
      measurements: Object.values(measured).filter((m): m is Measurement => m !== undefined),
      checks,
      runs,
      scale,
    });
    fs.writeFileSync(path.join(ROOT, "BENCHMARKS.md"), report);
    console.log(report);
    progress(`wrote BENCHMARKS.md (${checks.filter((c) => c.met === false).length} target(s) missed)`);
    return 0;
  } finally {
    fs.rmSync(work, { recursive: true, force: true });
  }
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
