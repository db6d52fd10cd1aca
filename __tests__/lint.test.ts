import { spawnSync } from "child_process";
import * as fs from "fs";
import * as path from "path";

const ROOT = path.join(__dirname, "..");
const pkg = JSON.parse(fs.readFileSync(path.join(ROOT, "package.json"), "utf8"));

/** ESLint's computed config for a file, from its CLI (the flat config is ESM, which jest's VM cannot import); undefined if ignored. */
function eslintConfigFor(file: string): { rules: Record<string, [number, Record<string, unknown>?]> } | undefined {
  const result = spawnSync(process.execPath, [path.join(ROOT, "node_modules", "eslint", "bin", "eslint.js"), "--print-config", file], {
    cwd: ROOT,
    encoding: "utf8",
  });
  expect([file, result.status, result.stderr]).toEqual([file, 0, ""]);
  return result.stdout.trim() === "undefined" ? undefined : JSON.parse(result.stdout);
}

describe("lint is part of the build", () => {
  test("npm run lint runs ESLint and Prettier's check over the whole tree", () => {
    expect(pkg.scripts.lint).toBe("eslint . && prettier --check .");
  });

  test(".ci/run installs, lints, then runs the tests, stopping at the first failure", () => {
    const run = fs.readFileSync(path.join(ROOT, ".ci", "run"), "utf8");
    expect(run).toMatch(/^set -euo pipefail$/m);
    expect(run).toMatch(/^npm ci && npm run lint && npm test$/m);
  });

  test("ESLint's line limit is Prettier's print width; comments count, and generated or pinned files are left out of both", () => {
    const printWidth = JSON.parse(fs.readFileSync(path.join(ROOT, ".prettierrc.json"), "utf8")).printWidth;
    const [severity, options] = eslintConfigFor("src/synth.ts")!.rules["max-len"];
    expect([severity, options?.code, options?.ignoreComments ?? false]).toEqual([2, printWidth, false]);
    const prettierIgnore = fs.readFileSync(path.join(ROOT, ".prettierignore"), "utf8").split("\n");
    const crds = "src/constructs/addons/load-balancer-controller/crds/";
    for (const [pattern, file] of [[crds, `${crds}x.ts`]]) {
      expect(prettierIgnore).toContain(pattern);
      expect([file, eslintConfigFor(file)]).toEqual([file, undefined]);
    }
    for (const pattern of ["charts/**/templates/", "cdktf.out/", "node_modules/"]) expect(prettierIgnore).toContain(pattern);
    // A generous ceiling only (each ESLint start loads typescript-eslint on a shared machine); not a speed assertion.
  }, 120_000);
});
