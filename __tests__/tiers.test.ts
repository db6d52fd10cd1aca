/**
 * Every suite runs in exactly one tier (jest.config.js): a new suite listed nowhere would never
 * run, and one listed twice would run twice. The unit tier's refusal of child processes is what
 * keeps it in-process, so it is tested here too.
 */
import * as childProcess from "child_process";
import * as nodeChildProcess from "node:child_process";
import * as fs from "fs";
import * as path from "path";
import { globsToMatcher } from "jest-util";

const ROOT = path.join(__dirname, "..");
const TIERS = jest.requireActual<{ projects: { displayName: string; testMatch: string[] }[] }>("../jest.config.js").projects;

/** Every test file under __tests__, as an absolute path (the form Jest matches testMatch against). */
function suites(dir: string = __dirname): string[] {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) return entry.name === "fixtures" ? [] : suites(full);
    return entry.name.endsWith(".test.ts") ? [full] : [];
  });
}

describe("tiers", () => {
  test("there are exactly two tiers, unit and integration", () => {
    expect(TIERS.map((t) => t.displayName)).toEqual(["unit", "integration"]);
  });

  test("every suite under __tests__ is listed in exactly one tier, so a new suite cannot be forgotten", () => {
    const matchers = TIERS.map((tier) => ({ name: tier.displayName, matches: globsToMatcher(tier.testMatch) }));
    const misplaced = suites()
      .map((file) => ({ file: path.relative(ROOT, file), tiers: matchers.filter((m) => m.matches(file)).map((m) => m.name) }))
      .filter((s) => s.tiers.length !== 1)
      .map((s) => `${s.file}: ${s.tiers.length === 0 ? "in no tier" : `in ${s.tiers.join(" and ")}`}`);
    expect(misplaced).toEqual([]);
  });

  test("every entry of a tier names a suite that exists, so a renamed file does not leave a stale entry", () => {
    const all = suites();
    const stale = TIERS.flatMap((tier) => tier.testMatch.filter((glob) => !all.some((file) => globsToMatcher([glob])(file))));
    expect(stale.map((glob) => path.relative(ROOT, glob))).toEqual([]);
  });

  test("a unit suite that starts a process fails with a message saying it belongs to the integration tier", () => {
    const message = /this suite starts a process \(child_process\.spawnSync\): list it in the integration tier/;
    expect(() => childProcess.spawnSync("true")).toThrow(message);
    for (const name of ["spawn", "exec", "execSync", "execFile", "execFileSync", "fork"] as const) {
      expect(() => (childProcess[name] as (...args: unknown[]) => unknown)("true")).toThrow(/list it in the integration tier/);
    }
    expect(() => nodeChildProcess.execFileSync("true")).toThrow(/list it in the integration tier/);
  });

  test("the suites started first are integration suites that exist, and the sequencer starts them first, in their order", () => {
    const Sequencer = jest.requireActual("./support/sequencer.js");
    const longest: string[] = Sequencer.LONGEST_FIRST;
    const integration = globsToMatcher(TIERS[1].testMatch);
    expect(longest.filter((suite) => !integration(path.join(__dirname, suite)))).toEqual([]);
    const all = suites();
    // As on a fresh clone: no durations cached, so Jest's own order is by file size.
    const context = { config: { cache: false }, hasteFS: { getSize: (file: string) => fs.statSync(file).size } };
    const tests = all.map((file) => ({ path: file, context }));
    const sorted: string[] = new Sequencer().sort(tests).map((t: { path: string }) => path.relative(__dirname, t.path));
    expect(sorted.slice(0, longest.length)).toEqual(longest);
    expect([...sorted].sort()).toEqual(all.map((file) => path.relative(__dirname, file)).sort());
  });
});
