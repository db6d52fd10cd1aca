import * as os from "os";
import * as path from "path";

/** Fewer runs than this of any command, and the run is partial: the targets are medians of at least 3. */
export const MIN_RUNS_FOR_BENCHMARKS = 3;

export interface DestinationOptions {
  readonly skipSlow: boolean;
  /** Runs of each quick command. */
  readonly runs: number;
  /** Runs of each slow command (tests, CI, preview). */
  readonly slowRuns: number;
  /** The measurements asked for with --only; undefined: all of them. */
  readonly only?: readonly string[];
  /** Where the caller asked the report to go. */
  readonly out?: string;
}

/**
 * Where a bench run writes its report. Only a complete run (every measurement, at least
 * {@link MIN_RUNS_FOR_BENCHMARKS} runs of each) may replace the committed BENCHMARKS.md, so that
 * the file always holds one whole run on one machine; a partial run goes to `--out` or to a file
 * under the system's temporary folder, and `partial` says why. `--out BENCHMARKS.md` on a partial
 * run is refused the same way.
 */
export function reportDestination(root: string, options: DestinationOptions): { file: string; partial?: string } {
  const committed = path.join(root, "BENCHMARKS.md");
  const why = [
    ...(options.skipSlow ? ["--skip-slow leaves out the tests, CI and the preview"] : []),
    ...(options.only !== undefined ? [`--only ${options.only.join(",")}`] : []),
    ...(options.runs < MIN_RUNS_FOR_BENCHMARKS ? [`--runs ${options.runs} is fewer than ${MIN_RUNS_FOR_BENCHMARKS}`] : []),
    ...(options.slowRuns < MIN_RUNS_FOR_BENCHMARKS ? [`--slow-runs ${options.slowRuns} is fewer than ${MIN_RUNS_FOR_BENCHMARKS}`] : []),
  ];
  const partial = why.length > 0 ? `a partial run (${why.join("; ")})` : undefined;
  const fallback = path.join(os.tmpdir(), "road-warrior-bench", "BENCHMARKS.partial.md");
  const asked = options.out === undefined ? undefined : path.resolve(options.out);
  if (partial) return { file: asked === undefined || asked === committed ? fallback : asked, partial };
  return { file: asked ?? committed };
}
