import { spawnSync } from "child_process";
import * as fs from "fs";
import * as path from "path";
import { environmentJsonSchema } from "../src/config/json-schema";
import { PRICE_TABLES } from "../src/cost/prices";
import { RULES } from "../src/rules/pack";

const ROOT = path.join(__dirname, "..");
const pkg = JSON.parse(fs.readFileSync(path.join(ROOT, "package.json"), "utf8"));

describe("project rules", () => {
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
  });

  test("environments/environment.schema.json is the one the validation schema generates (run npm run schema)", () => {
    expect(fs.readFileSync(path.join(ROOT, "environments", "environment.schema.json"), "utf8")).toBe(environmentJsonSchema());
  });
});

describe("registries: a file that adds a rule or a price is listed where the code looks it up", () => {
  const SRC = path.join(ROOT, "src");

  test("every rule file in src/rules/pack/ is registered in the pack's index (RULES)", () => {
    const pack = path.join(SRC, "rules", "pack");
    const ruleFiles = fs.readdirSync(pack).filter((f) => f.endsWith(".ts") && f !== "index.ts");
    expect(ruleFiles.length).toBeGreaterThan(40);
    const unregistered = ruleFiles.filter((file) => {
      // eslint-disable-next-line @typescript-eslint/no-require-imports
      const exported = require(path.join(pack, file)) as { rule?: unknown };
      return exported.rule === undefined || !RULES.includes(exported.rule as (typeof RULES)[number]);
    });
    expect(
      unregistered.map((file) => `src/rules/pack/${file} exports no rule, or RULES in src/rules/pack/index.ts does not list it`),
    ).toEqual([]);
    expect(RULES.length).toBe(ruleFiles.length);
  });

  test("every price table in src/cost/prices/ is registered for the region its file is named after", () => {
    const prices = path.join(SRC, "cost", "prices");
    const tableFiles = fs.readdirSync(prices).filter((f) => f.endsWith(".ts") && !["index.ts", "types.ts"].includes(f));
    const unregistered = tableFiles.filter((file) => {
      const region = file.replace(/\.ts$/, "");
      // eslint-disable-next-line @typescript-eslint/no-require-imports
      const tables = Object.values(require(path.join(prices, file)) as Record<string, { region?: string }>);
      return !tables.some((table) => table.region === region && PRICE_TABLES[region] === table);
    });
    expect(
      unregistered.map(
        (file) => `src/cost/prices/${file} exports no table for its region, or PRICE_TABLES in src/cost/prices/index.ts does not list it`,
      ),
    ).toEqual([]);
    expect(Object.keys(PRICE_TABLES).sort()).toEqual(tableFiles.map((f) => f.replace(/\.ts$/, "")).sort());
  });
});
