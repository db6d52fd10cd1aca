/**
 * One side of `npm run cost -- --diff`: run by `node --require <checkout>/scripts/register.js` with
 * the checkout (the base's temporary worktree, or the head) as its working directory, it loads that
 * checkout's own environment files, stacks and price tables, and writes each named environment's
 * estimate and synthesized stacks as JSON. It loads the checkout's modules by path, never this
 * project's, so a base is priced with the prices and meters it had.
 *
 * Usage: cost-snapshot.ts <checkout> <environments dir, relative to it> <date YYYY-MM-DD> <output.json> <environment>...
 * Exit: 0 written; 1 the checkout's environment files or stacks refuse (the message on stderr).
 */
import * as fs from "fs";
import * as path from "path";

/** What the parent reads back: the environments the checkout has (snapshots) and those it does not have (missing). */
export interface SnapshotFile {
  readonly snapshots: readonly unknown[];
  readonly missing: readonly string[];
  /** `cost.approvalThresholdUsd` per environment, where the checkout's files set it. */
  readonly thresholds: Readonly<Record<string, number>>;
}

export function writeSnapshot(argv: readonly string[]): void {
  const [checkout, environmentsDir, date, output, ...names] = argv;
  const root = path.resolve(checkout);
  const dir = path.resolve(root, environmentsDir);
  // eslint-disable-next-line @typescript-eslint/no-require-imports -- the checkout's own modules, by path
  const load = (file: string) => require(path.join(root, file));
  const configs = fs.existsSync(dir)
    ? (
        load("src/config/load").loadEnvironments(dir) as {
          config: { name: string; region: string; cost?: { approvalThresholdUsd?: number } };
        }[]
      )
        .map((e) => e.config)
        .filter((c) => names.includes(c.name))
    : [];
  const { synthesizeEnvironmentStacks } = load("src/cost/environment-stacks");
  const { estimateEnvironment } = load("src/cost/estimate");
  const synthesized = configs.length > 0 ? synthesizeEnvironmentStacks(configs) : [];
  const snapshots = synthesized.map(
    ({ config, stacks }: { config: { name: string; region: string }; stacks: { name: string; json: unknown }[] }) => ({
      estimate: estimateEnvironment({
        environment: config.name,
        region: config.region,
        stacks,
        date: new Date(date),
        allowUnpriced: true,
        config,
      }),
      stacks: Object.fromEntries(stacks.map((s) => [s.name, s.json])),
    }),
  );
  const thresholds = Object.fromEntries(
    configs.flatMap((c) => (c.cost?.approvalThresholdUsd !== undefined ? [[c.name, c.cost.approvalThresholdUsd]] : [])),
  );
  const file: SnapshotFile = { snapshots, missing: names.filter((n) => !configs.some((c) => c.name === n)), thresholds };
  fs.writeFileSync(output, JSON.stringify(file));
}

/** The command line: writes the snapshot (0), or prints the error's message alone, which the diff reads, and returns 1. */
export function main(argv: readonly string[]): number {
  try {
    writeSnapshot(argv);
    return 0;
  } catch (error) {
    console.error(error instanceof Error ? error.message : String(error));
    return 1;
  }
}

if (require.main === module) process.exitCode = main(process.argv.slice(2));
