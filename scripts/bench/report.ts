import { Measurement } from "./measure";

export interface Check {
  readonly target: string;
  readonly value: string;
  /** undefined: not measured in this run. */
  readonly met: boolean | undefined;
}

export interface ReportInput {
  readonly date: Date;
  readonly machine: string;
  readonly measurements: readonly Measurement[];
  readonly checks: readonly Check[];
  readonly runs: number;
  /** Runs of each slow command (tests, CI, preview). */
  readonly slowRuns: number;
  /** Why this run is partial (it is not written to BENCHMARKS.md); undefined for a complete run. */
  readonly partial?: string;
  /** Resources (and outputs) and JSON bytes synthesized for the built-in environments and for 100 services each. */
  readonly scale?: { readonly builtIn: { resources: number; bytes: number }; readonly services100: { resources: number; bytes: number } };
  /**
   * What every `npm run synth` pays before it synthesizes anything (medians): npm starting
   * (`npm run help`), and npm, node and every module the synth loads (`npm run synth -- --help`).
   */
  readonly floor?: { readonly npmSeconds: number; readonly loadSeconds: number; readonly synthTargetSeconds: number };
}

const seconds = (s: number) => (s < 10 ? `${s.toFixed(2)} s` : `${s.toFixed(1)} s`);

/** BENCHMARKS.md: the machine, the date, every measurement and the targets. */
export function benchmarkReport(input: ReportInput): string {
  const rows = input.measurements.map(
    (m) =>
      `| ${m.label} | \`${m.command.replace(/ --output \S+/, "")}\` | ${m.runs.length} | ${seconds(m.seconds)} | ` +
      `${seconds(m.minSeconds)}–${seconds(m.maxSeconds)} | ${seconds(m.cpuSeconds)} | ${m.peakRssMb.toFixed(0)} MB | ` +
      `${m.loadAverage.min.toFixed(1)}–${m.loadAverage.max.toFixed(1)} |`,
  );
  const mark = (met: boolean | undefined) => (met === undefined ? "–" : met ? "met" : "**missed**");
  return [
    "# Benchmarks",
    "",
    `Written by \`npm run bench\` on ${input.date.toISOString().slice(0, 10)}: ` +
      "every figure below comes from the same run on the same machine.",
    "",
    ...(input.partial ? [`**This is ${input.partial}: it is not BENCHMARKS.md and proves no target.**`, ""] : []),
    `Machine: ${input.machine}.`,
    "",
    `Wall time is the median of the runs (${input.runs} for the quick commands, ${input.slowRuns} for the tests, CI and the preview); ` +
      "CPU is the median user + system time of every process the command started, which a busy machine inflates less than wall time; " +
      "peak RSS is the largest resident set of any process the command started (npm, node, jest workers, terraform), " +
      "the highest over the runs; load is the 1-minute load average when each run started (lowest–highest). " +
      "The targets are for a quiet machine: read a missed one beside its load.",
    "",
    "| what | command | runs | wall (median) | min–max | CPU (median) | peak RSS | load |",
    "| --- | --- | ---: | ---: | ---: | ---: | ---: | ---: |",
    ...rows,
    "",
    "## Targets",
    "",
    "| target | this run | |",
    "| --- | ---: | --- |",
    ...input.checks.map((c) => `| ${c.target} | ${c.value} | ${mark(c.met)} |`),
    "",
    ...floor(input),
    ...scaling(input),
    "## The baseline",
    "",
    "The same stacks synthesized the way the cdktf TypeScript template runs them: every provider import",
    "rewritten to a namespace import of the package root (`@cdktf/provider-aws`), then",
    "`import Vpc = <namespace>.vpc.Vpc` (`scripts/bench/root-imports.ts`), and run by type-checking ts-node",
    "(`npx ts-node main.ts`, the template's `app`). The run checks that both write byte-identical",
    "`cdk.tf.json` files.",
    "",
    "## Where the difference comes from",
    "",
    "- Deep imports (`@cdktf/provider-aws/lib/<resource>`): " +
      "only the ~60 resource modules the stacks use are loaded, not the ~1,500 of the package root.",
    "- No type-checking on the synth path: " +
      "`scripts/register.js` strips types with sucrase and caches the output by content hash, so an unchanged file is read, not compiled " +
      '(the first run after a clone or an edit pays for the transform: the "first run" row). ' +
      "`npm test` type-checks the whole project once with `tsc --noEmit`.",
    "- Part of each `npm run` row is npm starting (the `npm run help` row, when measured); " +
      "`npx cdktf synth` adds the cdktf CLI (about 2 s).",
    "",
  ].join("\n");
}

function scaling(input: ReportInput): string[] {
  if (!input.scale) return [];
  const { builtIn, services100 } = input.scale;
  return [
    "## Scaling with services",
    "",
    `With 100 services per environment the synth writes ${services100.resources.toLocaleString("en-US")} resources and outputs ` +
      `(${(services100.bytes / 1e6).toFixed(1)} MB of JSON) ` +
      `instead of ${builtIn.resources.toLocaleString("en-US")} (${(builtIn.bytes / 1e6).toFixed(1)} MB): ` +
      `${(services100.resources / builtIn.resources).toFixed(1)}× the work.`,
    "",
  ];
}

function floor(input: ReportInput): string[] {
  if (!input.floor) return [];
  const { npmSeconds, loadSeconds, synthTargetSeconds } = input.floor;
  const below = synthTargetSeconds < loadSeconds;
  return [
    "## The floor under every synth",
    "",
    `Before it synthesizes anything, \`npm run synth\` pays for npm starting (\`npm run help\`: ${seconds(npmSeconds)}) and for node ` +
      `loading every module the synth needs: cdktf, constructs, the provider classes, zod, yaml and the project ` +
      `(\`npm run synth -- --help\`, which loads them all and synthesizes nothing: ${seconds(loadSeconds)}).`,
    below
      ? `The synth target (${synthTargetSeconds} s) is below that floor: no change to how the stacks are built or ` +
        "synthesized can meet it on this machine while the synth runs through npm and loads cdktf's generated provider classes."
      : `The synth target (${synthTargetSeconds} s) is above that floor by ${seconds(synthTargetSeconds - loadSeconds)}: ` +
        "what the synth does after loading has to fit in that.",
    "",
  ];
}
