import { spawnSync } from "child_process";
import * as os from "os";

/** One timed run of a command: wall time, CPU time and the peak resident memory of its largest process. */
export interface Run {
  readonly seconds: number;
  /** User + system CPU seconds of every process the command started: what a busy machine does not inflate as much as wall time. */
  readonly cpuSeconds: number;
  /** The 1-minute load average when the run started. */
  readonly loadAverage: number;
  readonly peakRssMb: number;
  readonly exitCode: number;
  readonly output: string;
}

// getrusage(RUSAGE_CHILDREN).ru_maxrss is the peak RSS of the largest process in the tree
// (npm → sh → node, jest workers, terraform), in KiB on Linux; ru_utime + ru_stime is the CPU time
// of all of them (children that were waited for); Node offers no such call.
const TIMER = [
  "import resource, subprocess, sys, time",
  "start = time.perf_counter()",
  "code = subprocess.run(sys.argv[1:]).returncode",
  "elapsed = time.perf_counter() - start",
  "usage = resource.getrusage(resource.RUSAGE_CHILDREN)",
  "sys.stderr.write('\\n@@bench %.4f %d %.4f\\n' % (elapsed, usage.ru_maxrss, usage.ru_utime + usage.ru_stime))",
  "sys.exit(code)",
].join("\n");

export interface RunOptions {
  readonly cwd: string;
  readonly env?: NodeJS.ProcessEnv;
}

/** Runs `command args` once under a timer (python3's getrusage, present on every machine of this kind). */
export function timed(command: string, args: readonly string[], options: RunOptions): Run {
  const loadAverage = os.loadavg()[0];
  const result = spawnSync("python3", ["-c", TIMER, command, ...args], {
    cwd: options.cwd,
    env: { ...process.env, ...options.env },
    encoding: "utf8",
    maxBuffer: 256 * 1024 * 1024,
  });
  if (result.error) throw new Error(`cannot run python3 to time ${command}: ${result.error.message}`);
  const match = /\n@@bench ([\d.]+) (\d+) ([\d.]+)\n$/.exec(result.stderr);
  if (!match) throw new Error(`timing ${command} ${args.join(" ")} failed: ${result.stderr.slice(-500)}`);
  return {
    seconds: Number(match[1]),
    cpuSeconds: Number(match[3]),
    loadAverage,
    peakRssMb: Number(match[2]) / 1024,
    exitCode: result.status ?? 1,
    output: `${result.stdout}${result.stderr.slice(0, match.index)}`,
  };
}

export interface Measurement {
  readonly label: string;
  readonly command: string;
  readonly runs: readonly Run[];
  /** Median wall time over the runs. */
  readonly seconds: number;
  readonly minSeconds: number;
  readonly maxSeconds: number;
  /** Median CPU time (user + system) over the runs. */
  readonly cpuSeconds: number;
  /** Lowest and highest 1-minute load average at the start of a run. */
  readonly loadAverage: { readonly min: number; readonly max: number };
  /** Highest peak RSS over the runs. */
  readonly peakRssMb: number;
}

export function summarize(label: string, command: string, runs: readonly Run[]): Measurement {
  const failed = runs.find((r) => r.exitCode !== 0);
  if (failed) throw new Error(`${label}: \`${command}\` exited ${failed.exitCode}:\n${failed.output.slice(-2000)}`);
  const times = runs.map((r) => r.seconds).sort((a, b) => a - b);
  const loads = runs.map((r) => r.loadAverage);
  return {
    label,
    command,
    runs,
    seconds: median(times),
    minSeconds: times[0],
    maxSeconds: times[times.length - 1],
    cpuSeconds: median(runs.map((r) => r.cpuSeconds)),
    loadAverage: { min: Math.min(...loads), max: Math.max(...loads) },
    peakRssMb: Math.max(...runs.map((r) => r.peakRssMb)),
  };
}

/** The middle value (the mean of the two middle ones for an even count). */
export function median(values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2;
}
