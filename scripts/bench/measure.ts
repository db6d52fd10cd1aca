import { spawnSync } from "child_process";

/** One timed run of a command: wall time and the peak resident memory of its largest process. */
export interface Run {
  readonly seconds: number;
  readonly peakRssMb: number;
  readonly exitCode: number;
  readonly output: string;
}

// getrusage(RUSAGE_CHILDREN).ru_maxrss is the peak RSS of the largest process in the tree
// (npm → sh → node, jest workers, terraform), in KiB on Linux; Node offers no such call.
const TIMER = [
  "import resource, subprocess, sys, time",
  "start = time.perf_counter()",
  "code = subprocess.run(sys.argv[1:]).returncode",
  "elapsed = time.perf_counter() - start",
  "sys.stderr.write('\\n@@bench %.4f %d\\n' % (elapsed, resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss))",
  "sys.exit(code)",
].join("\n");

export interface RunOptions {
  readonly cwd: string;
  readonly env?: NodeJS.ProcessEnv;
}

/** Runs `command args` once under a timer (python3's getrusage, present on every machine of this kind). */
export function timed(command: string, args: readonly string[], options: RunOptions): Run {
  const result = spawnSync("python3", ["-c", TIMER, command, ...args], {
    cwd: options.cwd,
    env: { ...process.env, ...options.env },
    encoding: "utf8",
    maxBuffer: 256 * 1024 * 1024,
  });
  if (result.error) throw new Error(`cannot run python3 to time ${command}: ${result.error.message}`);
  const match = /\n@@bench ([\d.]+) (\d+)\n$/.exec(result.stderr);
  if (!match) throw new Error(`timing ${command} ${args.join(" ")} failed: ${result.stderr.slice(-500)}`);
  return {
    seconds: Number(match[1]),
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
  /** Highest peak RSS over the runs. */
  readonly peakRssMb: number;
}

export function summarize(label: string, command: string, runs: readonly Run[]): Measurement {
  const failed = runs.find((r) => r.exitCode !== 0);
  if (failed) throw new Error(`${label}: \`${command}\` exited ${failed.exitCode}:\n${failed.output.slice(-2000)}`);
  const times = runs.map((r) => r.seconds).sort((a, b) => a - b);
  const middle = Math.floor(times.length / 2);
  const median = times.length % 2 === 1 ? times[middle] : (times[middle - 1] + times[middle]) / 2;
  return {
    label,
    command,
    runs,
    seconds: median,
    minSeconds: times[0],
    maxSeconds: times[times.length - 1],
    peakRssMb: Math.max(...runs.map((r) => r.peakRssMb)),
  };
}
