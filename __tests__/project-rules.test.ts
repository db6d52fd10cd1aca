import { spawnSync } from "child_process";
import * as fs from "fs";
import * as path from "path";
import { environmentJsonSchema } from "../src/config/json-schema";
import { builtInFiles } from "./support/environments";

const ROOT = path.join(__dirname, "..");
/** A package-root import or require of a provider binding, anywhere in a file (also in text about one). */
const ROOT_IMPORT = /(from\s+|require\()\s*["']@cdktf\/provider-(aws|kubernetes|helm)["']/;
const pkg = JSON.parse(fs.readFileSync(path.join(ROOT, "package.json"), "utf8"));

function sourceFiles(dir: string): string[] {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) return ["node_modules", "cdktf.out", ".git", ".gen"].includes(entry.name) ? [] : sourceFiles(full);
    return entry.name.endsWith(".ts") && !entry.name.endsWith(".d.ts") ? [full] : [];
  });
}

describe("project rules", () => {
  test("provider bindings are imported from their deep paths only (the package root costs ~10 s and ~1.5 GB per synth)", () => {
    const offenders = sourceFiles(ROOT)
      .filter((file) => ROOT_IMPORT.test(fs.readFileSync(file, "utf8")))
      .map((file) => path.relative(ROOT, file));
    expect(offenders).toEqual([]);
  });

  test("the root-import check catches every form of import and require", () => {
    // the package names are assembled here, so this file holds no root import itself
    const root = (provider: string) => JSON.stringify(`@cdktf/provider-${provider}`);
    for (const offender of [
      `import { vpc } from ${root("aws")};`,
      `import * as k8s from ${root("kubernetes")};`,
      `import {\n  provider,\n  vpc,\n} from ${root("aws")};`,
      `export { vpc } from ${root("aws")};`,
      `const helm = require(${root("helm")});`,
    ]) {
      expect([offender, ROOT_IMPORT.test(offender)]).toEqual([offender, true]);
    }
    expect(ROOT_IMPORT.test('import { Vpc } from "@cdktf/provider-aws/lib/vpc";')).toBe(false);
  });

  test("the synth command runs without type-checking; npm test type-checks", () => {
    const cdktf = JSON.parse(fs.readFileSync(path.join(ROOT, "cdktf.json"), "utf8"));
    const fast = /^node --require \.\/scripts\/register\.js /;
    expect(cdktf.app).toMatch(fast);
    expect(pkg.scripts.synth).toMatch(fast);
    // every script that runs TypeScript goes through the same cached, type-stripping loader
    const tsScripts = Object.entries(pkg.scripts as Record<string, string>).filter(([, command]) => /\.ts\b/.test(command));
    expect(tsScripts.filter(([, command]) => !fast.test(command))).toEqual([]);
    expect(Object.values(pkg.scripts as Record<string, string>).filter((command) => /ts-node/.test(command))).toEqual([]);
    expect(pkg.scripts.test).toMatch(/^tsc --noEmit && /);
  });

  test("the project's own scripts switch off HashiCorp's checkpoint call (offline, it prints an error)", () => {
    const env = { ...process.env };
    delete env.CHECKPOINT_DISABLE;
    const result = spawnSync(
      process.execPath,
      ["--require", "./scripts/register.js", "-e", "console.log(process.env.CHECKPOINT_DISABLE)"],
      { cwd: ROOT, env, encoding: "utf8" },
    );
    expect(result.stdout.trim()).toBe("1");
    expect(pkg.scripts.test).toMatch(/CHECKPOINT_DISABLE=1 jest/);
  });

  test("the loader every npm script runs is committed, not caught by the *.js ignore rule", () => {
    // exit 0 means ignored; 1 means not ignored (128: not a git checkout)
    const result = spawnSync("git", ["check-ignore", "--quiet", "scripts/register.js"], { cwd: ROOT });
    expect(result.status).not.toBe(0);
  });

  test("the cdktf CLI's terminal UI loads: .npmrc skips peers, so the one it needs (react, for ink) is a devDependency", () => {
    const run = spawnSync(process.execPath, ["-e", "require('ink')"], { cwd: path.join(__dirname, ".."), encoding: "utf8" });
    expect(run.stderr).toBe("");
    expect(run.status).toBe(0);
  });

  test("versions are pinned exactly", () => {
    const all = { ...pkg.dependencies, ...pkg.devDependencies } as Record<string, string>;
    expect(Object.entries(all).filter(([, v]) => !/^\d+\.\d+\.\d+$/.test(v))).toEqual([]);
    expect(all).toMatchObject({
      cdktf: "0.21.0",
      "cdktf-cli": "0.21.0",
      "@cdktf/provider-aws": "20.1.0",
      "@cdktf/provider-kubernetes": "12.1.1",
      "@cdktf/provider-helm": "12.1.2",
    });
    expect(all.constructs).toMatch(/^10\.4\./);
    expect(all.typescript).toMatch(/^5\./);
  });

  test("environments/environment.schema.json is the one the validation schema generates (run npm run schema)", () => {
    expect(fs.readFileSync(path.join(ROOT, "environments", "environment.schema.json"), "utf8")).toBe(environmentJsonSchema());
  });

  test("the built-in environment files point editors at the schema", () => {
    for (const file of builtInFiles()) {
      expect(fs.readFileSync(path.join(ROOT, "environments", file), "utf8")).toMatch(
        /^# yaml-language-server: \$schema=\.\/environment\.schema\.json/,
      );
    }
  });

  test("no test reads a clock: speed is measured by npm run bench, never asserted (a loaded machine would fail it)", () => {
    // Spelled from parts so that this file does not match itself.
    const clock = new RegExp(["Date\\.now", "performance\\.now", "hr" + "time", "new Date\\(\\)\\.getTime"].join("|"));
    const tests = fs
      .readdirSync(__dirname, { recursive: true, encoding: "utf8" })
      .filter((f) => /\.(ts|mjs)$/.test(f) && !f.startsWith("fixtures"));
    expect(tests.length).toBeGreaterThan(20);
    expect(tests.filter((file) => clock.test(fs.readFileSync(path.join(__dirname, file), "utf8")))).toEqual([]);
    expect(clock.test("const t0 = performance" + ".now();")).toBe(true);
  });

  test("no ARN in the source hard-codes the aws partition", () => {
    const offenders = sourceFiles(path.join(ROOT, "src")).filter((file) => /["'`]arn:aws:/.test(fs.readFileSync(file, "utf8")));
    expect(offenders.map((f) => path.relative(ROOT, f))).toEqual([]);
  });
});
