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
}

const seconds = (s: number) => (s < 10 ? `${s.toFixed(2)} s` : `${s.toFixed(1)} s`);

/** BENCHMARKS.md: the machine, the date, every measurement and the targets. */
export function benchmarkReport(input: ReportInput): string {
  const rows = input.measurements.map(
    (m) => `| ${m.label} | \`${m.command.replace(/ --output \S+/, "")}\` | ${m.runs.length} | ${seconds(m.seconds)} | ${seconds(m.minSeconds)}–${seconds(m.maxSeconds)} | ${m.peakRssMb.toFixed(0)} MB |`,
  );
  const mark = (met: boolean | undefined) => (met === undefined ? "–" : met ? "met" : "**missed**");
  return [
    "# Benchmarks",
    "",
    `Written by \`npm run bench\` on ${input.date.toISOString().slice(0, 10)}: every figure below comes from the same run on the same machine.`,
    "",
    `Machine: ${input.machine}.`,
    "",
    `Wall time is the median of the runs (${input.runs} for the quick commands); peak RSS is the largest resident set of any process the command started (npm, node, jest workers, terraform), the highest over the runs.`,
    "",
    "| what | command | runs | wall (median) | min–max | peak RSS |",
    "| --- | --- | ---: | ---: | ---: | ---: |",
    ...rows,
    "",
    "## Targets",
    "",
    "| target | this run | |",
    "| --- | ---: | --- |",
    ...input.checks.map((c) => `| ${c.target} | ${c.value} | ${mark(c.met)} |`),
    "",
    "## The baseline",
    "",
    "The same stacks synthesized the way the cdktf TypeScript template runs them: every provider import",
    "rewritten to the package root (`import * as aws from \"@cdktf/provider-aws\"`, then",
    "`import Vpc = aws.vpc.Vpc`; `src/bench/root-imports.ts`) and run by type-checking ts-node",
    "(`npx ts-node main.ts`, the template's `app`). The run checks that both write byte-identical",
    "`cdk.tf.json` files.",
    "",
    "## Where the difference comes from",
    "",
    "- Deep imports (`@cdktf/provider-aws/lib/<resource>`): only the ~60 resource modules the stacks use are loaded, not the ~1,500 of the package root.",
    "- No type-checking on the synth path: `scripts/register.js` strips types with sucrase and caches the output by content hash, so an unchanged file is read, not compiled (the first run after a clone or an edit pays for the transform: the \"first run\" row). `npm test` type-checks the whole project once with `tsc --noEmit`.",
    "- About 0.15 s of each `npm run` row is npm starting; `npx cdktf synth` adds the cdktf CLI (about 2 s).",
    "",
  ].join("\n");
}
