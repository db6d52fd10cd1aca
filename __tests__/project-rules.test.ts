import { spawnSync } from "child_process";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { environmentJsonSchema } from "../src/config/json-schema";
import { PRICE_TABLES } from "../src/cost/prices";
import { RULES } from "../src/rules/pack";
import { builtInFiles } from "./support/environments";
import {
  COMPUTED_IMPORT_EXCEPTIONS,
  computedImportsOf,
  importsOf,
  LAYER_EXCEPTIONS,
  LAYERS,
  layerOf,
  layerOffences,
  resolveImport,
  SRC,
  srcFiles,
} from "./support/layers";

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

  test("constructs validate in their constructors, never with node.addValidation (the synth skips those: src/stack-validation.ts)", () => {
    const offenders = sourceFiles(path.join(ROOT, "src")).filter((file) => /\.addValidation\(/.test(fs.readFileSync(file, "utf8")));
    expect(offenders.map((file) => path.relative(ROOT, file))).toEqual([]);
  });

  test("no ARN in the source hard-codes the aws partition", () => {
    const offenders = sourceFiles(path.join(ROOT, "src")).filter((file) => /["'`]arn:aws:/.test(fs.readFileSync(file, "utf8")));
    expect(offenders.map((f) => path.relative(ROOT, f))).toEqual([]);
  });
});

describe("layers (docs/layers.md): every import under src/ points down", () => {
  const files = srcFiles();
  const offences = (layer: string) =>
    files.filter((file) => layerOf(file) === layer).flatMap((file) => layerOffences(file, fs.readFileSync(path.join(SRC, file), "utf8")));

  test("every file under src/ is in a layer", () => {
    expect(files.length).toBeGreaterThan(100);
    expect(files.filter((file) => layerOf(file) === undefined).map((file) => `src/${file} is in no layer`)).toEqual([]);
  });

  test.each(LAYERS.map((layer) => layer.name))(
    "%s imports only its own layer and the layers docs/layers.md lets it, and nothing outside src/",
    (layer) => {
      expect(offences(layer)).toEqual([]);
    },
  );

  test("each exception still names an import that exists (a stale one is removed)", () => {
    for (const exception of LAYER_EXCEPTIONS) {
      const text = fs.readFileSync(path.join(SRC, exception.from), "utf8");
      const imported = importsOf(text, exception.from).map((spec) => resolveImport(exception.from, spec));
      expect([exception.from, imported]).toEqual([exception.from, expect.arrayContaining([exception.to])]);
    }
    for (const exception of COMPUTED_IMPORT_EXCEPTIONS) {
      const computed = computedImportsOf(exception.file, fs.readFileSync(path.join(SRC, exception.file), "utf8"));
      expect([exception.file, computed.length > 0]).toEqual([exception.file, true]);
    }
  });

  test("every code file under src/ is checked (.ts .tsx .mts .cts .js .jsx .mjs .cjs), declarations and data are not", () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "rw-layers-"));
    try {
      const code = ["a.ts", "b.tsx", "c.js", "d.mjs", "e.cjs", "f.mts", "g.cts", "h.jsx", "nested/i.js"];
      for (const file of [...code, "types.d.ts", "more.d.mts", "crds/x.yaml", "README.md", "data.json"]) {
        fs.mkdirSync(path.dirname(path.join(dir, file)), { recursive: true });
        fs.writeFileSync(path.join(dir, file), "");
      }
      expect(
        srcFiles(dir)
          .map((f) => f.split(path.sep).join("/"))
          .sort(),
      ).toEqual(code.sort());
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });

  test("a computed require or import cannot be checked: named with file and line, unless the file is listed with its reason", () => {
    const text = `const name = pick();\nconst m = require(name);`;
    expect(layerOffences("stacks/apps-stack.ts", text)).toEqual([
      expect.stringMatching(/^src\/stacks\/apps-stack\.ts:2: require\(name\) names no string literal: a computed import cannot be checked/),
    ]);
    expect(layerOffences("stacks/apps-stack.ts", text, [{ file: "stacks/apps-stack.ts", why: "a test" }])).toEqual([]);
    // literal forms pass: quotes, a template without substitutions, import() with options
    expect(computedImportsOf("x.ts", 'require("cdktf/package.json"); require(`./a`); import("./b", { with: {} });')).toEqual([]);
  });

  test("the check catches upward imports in every form and names the file and the import", () => {
    const cases: [string, string, RegExp][] = [
      [
        "constructs/network/vpc.ts",
        `import { AwsStack } from "../../stacks/aws-stack";`,
        /src\/constructs\/network\/vpc\.ts imports "\.\.\/\.\.\/stacks\/aws-stack".*constructs is below stacks/,
      ],
      ["constructs/network/vpc.ts", `import { buildStacks } from "../../app";`, /imports "\.\.\/\.\.\/app".*constructs is below app/],
      [
        "constructs/network/vpc.ts",
        `export {\n  synthesize,\n} from "../../synth";`,
        /imports "\.\.\/\.\.\/synth".*constructs is below app/,
      ],
      [
        "rules/pack/rw-eks-3-control-plane-logs.ts",
        `import { CONTROL_PLANE_LOG_TYPES } from "../../constructs/cluster/eks-cluster";`,
        /rules is below constructs/,
      ],
      ["rules/check.ts", `const s = require("../stacks/apps-stack");`, /rules is below stacks/],
      [
        "config/schema.ts",
        `import { Naming } from "../naming";\nimport { stackName } from "../stacks/aws-stack";`,
        /src\/config\/schema\.ts imports "\.\.\/stacks\/aws-stack".*config may import only config and base/,
      ],
      ["config/schema.ts", `import { stackView } from "../synthesized/stack-view";`, /config is below synthesized/],
      ["naming.ts", `import { KARPENTER } from "./config/catalog";`, /base may import only base and nothing/],
      [
        "cost/meters/compute.ts",
        `import { asList } from "../../rules/json";`,
        /cost does not import rules; cost may import only cost and base, config, synthesized, app/,
      ],
      ["cost/estimate.ts", `import { verdict } from "../../__tests__/support/rules";`, /__tests__\/support\/rules.*outside src/],
      ["stacks/apps-stack.ts", `const m = await import("../../scripts/cost");`, /scripts\/cost.*outside src/],
      // a computed require or import() hides its target from the check: it is an offence of its own
      [
        "rules/check.ts",
        `const s = require("../stacks/" + name);`,
        /src\/rules\/check\.ts:1: require\("\.\.\/stacks\/" \+ name\).*cannot be checked/,
      ],
      [
        "stacks/apps-stack.ts",
        "const m = await import(`../${folder}/cost`);",
        /src\/stacks\/apps-stack\.ts:1: import\(.*cannot be checked/,
      ],
      [
        "preview/run.ts",
        `import { createRequire } from "module";\nconst load = createRequire(__filename);\nload("../../scripts/cost");`,
        /src\/preview\/run\.ts:2: createRequire\(__filename\).*cannot be checked/,
      ],
      // JavaScript files are checked like TypeScript ones
      [
        "constructs/network/legacy.js",
        `const { AwsStack } = require("../../stacks/aws-stack");`,
        /legacy\.js imports.*constructs is below stacks/,
      ],
      ["constructs/network/legacy.cjs", "module.exports = require(`../../${name}`);", /legacy\.cjs:1: require\(.*cannot be checked/],
      [
        "naming.ts",
        `import { stackName } from "./stacks/aws-stack.js";`,
        /imports "\.\/stacks\/aws-stack\.js" \(src\/stacks\/aws-stack\.ts\)/,
      ],
    ];
    for (const [file, text, expected] of cases) {
      const found = layerOffences(file, text);
      expect([file, text, found]).toEqual([file, text, [expect.stringMatching(expected)]]);
    }
    // imports that point down or sideways within a layer pass
    expect(
      layerOffences("stacks/apps-stack.ts", `import { Vpc } from "../constructs/network/vpc";\nimport { Naming } from "../naming";`),
    ).toEqual([]);
    expect(layerOffences("constructs/network/vpc.ts", `import { suppress } from "../../rules/suppress";`)).toEqual([]);
  });

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
