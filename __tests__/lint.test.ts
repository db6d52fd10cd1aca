import * as fs from "fs";
import * as path from "path";
import { Linter } from "eslint";
import { layers as LAYERS } from "../layers.json";
import { AWS_PROVIDER_VERSION } from "../src/config/versions";

/**
 * The project's conventions are ESLint rules (eslint.config.cjs); `npm run lint` runs them over the tree
 * in CI. These tests lint small planted offences in-process, with the project's own config, so a rule
 * that is weakened or dropped fails here, not silently in review.
 */
const ROOT = path.join(__dirname, "..");
// eslint-disable-next-line @typescript-eslint/no-require-imports -- CommonJS on purpose: Jest's VM cannot import an ES module
const CONFIG = require("../eslint.config.cjs") as Linter.Config[];
const linter = new Linter({ cwd: ROOT, configType: "flat" });
/** The rules that hold the project's conventions; the tests read only their findings. */
const CONVENTION_RULES = ["@typescript-eslint/no-restricted-imports", "no-restricted-syntax", "max-len"];
/**
 * The project's config with every other rule left out: the same files, ignores, parsers and the
 * convention rules' own settings in the same order, so their findings are the ones `npm run lint`
 * reports (ESLint runs each rule on its own), at a fifth of the cost of running the recommended sets too.
 */
const CONVENTIONS_ONLY = CONFIG.map((entry) =>
  entry.rules
    ? { ...entry, rules: Object.fromEntries(Object.entries(entry.rules).filter(([rule]) => CONVENTION_RULES.includes(rule))) }
    : entry,
);

/** The convention rules' findings for `text` as if it were the file `file` (relative to the root), as "line: message". */
function findings(file: string, text: string): string[] {
  return linter
    .verify(text, CONVENTIONS_ONLY, path.join(ROOT, file))
    .filter((m) => CONVENTION_RULES.includes(m.ruleId ?? ""))
    .map((m) => `${m.line}: ${m.message}`);
}

const escapeRegExp = (text: string) => text.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");

/** A file of a layer path: one folder below a folder, or the file itself. */
const fileIn = (layerPath: string) => (layerPath.endsWith("/") ? `src/${layerPath}some-folder/file.ts` : `src/${layerPath}`);
/** The import a file writes to reach a layer path (a file in a folder, or the file itself). */
function specifier(from: string, layerPath: string): string {
  const to = layerPath.endsWith("/") ? `src/${layerPath}target` : `src/${layerPath.replace(/\.ts$/, "")}`;
  const relative = path.posix.relative(path.posix.dirname(from), to);
  return relative.startsWith(".") ? relative : `./${relative}`;
}

describe("layers (layers.json, docs/layers.md): an import under src/ that points up or sideways is a lint error", () => {
  const index = (name: string) => LAYERS.findIndex((l) => l.name === name);
  const pairs = LAYERS.flatMap((from) => LAYERS.map((to) => [from, to] as const));

  test.each(pairs.filter(([from, to]) => from.name !== to.name && !from.mayImport.includes(to.name)).map(([f, t]) => [f.name, t.name]))(
    "%s does not import %s: every path of one to every path of the other, named with the rule",
    (fromName, toName) => {
      const from = LAYERS[index(fromName)];
      const to = LAYERS[index(toName)];
      const relation = index(toName) > index(fromName) ? "is below" : "does not import";
      for (const own of from.paths) {
        const file = fileIn(own);
        for (const target of to.paths) {
          const spec = specifier(file, target);
          expect([file, spec, findings(file, `import "${spec}";\n`)]).toEqual([
            file,
            spec,
            [expect.stringMatching(new RegExp(`^1: '${escapeRegExp(spec)}' import is restricted.* ${fromName} ${relation} ${toName}: `))],
          ]);
        }
      }
    },
  );

  test.each(LAYERS.map((l) => [l.name]))("%s imports its own layer and the layers its entry names", (fromName) => {
    const from = LAYERS[index(fromName)];
    for (const own of from.paths) {
      const file = fileIn(own);
      const allowed = LAYERS.filter((l) => l.name === fromName || from.mayImport.includes(l.name)).flatMap((l) => l.paths);
      const text = allowed.map((target) => `import "${specifier(file, target)}";`).join("\n");
      expect([file, text, findings(file, text)]).toEqual([file, text, []]);
    }
  });

  test("every form of import is checked, at any depth, in every code file type, and the message names the import and the rule", () => {
    const cases: [string, string, RegExp][] = [
      [
        "src/constructs/network/vpc.ts",
        `import { AwsStack } from "../../stacks/aws-stack";`,
        /'\.\.\/\.\.\/stacks\/aws-stack'.*constructs is below stacks/,
      ],
      ["src/constructs/network/vpc.ts", `export {\n  synthesize,\n} from "../../synth";`, /constructs is below app/],
      ["src/constructs/network/vpc.ts", `export * from "../../app";`, /constructs is below app/],
      ["src/constructs/network/vpc.ts", `import type { AppStack } from "../../stacks/apps-stack";`, /constructs is below stacks/],
      ["src/constructs/network/vpc.ts", `import stacks = require("../../stacks/aws-stack");`, /constructs is below stacks/],
      ["src/constructs/apps/a/b/c/d.ts", `import "../../../../../stacks/aws-stack";`, /constructs is below stacks/],
      ["src/rules/pack/rw-eks-3.ts", `import "../../constructs/cluster/eks-cluster";`, /rules is below constructs/],
      [
        "src/config/schema.ts",
        `import { Naming } from "../naming";\nimport "../synthesized/stack-view";`,
        /^2: .*config is below synthesized/,
      ],
      ["src/naming.ts", `import { KARPENTER } from "./config/catalog";`, /base is below config: base may import only base \(/],
      ["src/naming.ts", `import { stackName } from "./stacks/aws-stack.js";`, /base is below stacks/],
      ["src/cost/meters/compute.ts", `import "../../rules/json";`, /cost does not import rules: cost may import only cost, base/],
      ["src/constructs/network/vpc.mts", `import "../../stacks/aws-stack";`, /constructs is below stacks/],
      ["src/constructs/network/vpc.cts", `import "../../stacks/aws-stack";`, /constructs is below stacks/],
      ["src/constructs/network/vpc.tsx", `import "../../stacks/aws-stack";`, /constructs is below stacks/],
      ["src/constructs/network/vpc.mjs", `import "../../stacks/aws-stack";`, /constructs is below stacks/],
      // CommonJS files under src/ load a file of src/ only through an import declaration, which the layer rules read
      ["src/constructs/network/legacy.js", `const { AwsStack } = require("../../stacks/aws-stack");`, /with an import declaration/],
      ["src/constructs/network/legacy.cjs", `module.exports = require("../../config/catalog");`, /with an import declaration/],
      // nothing under src/ imports tests, scripts or anything outside it, nor a file no layer places
      ["src/cost/estimate.ts", `import { verdict } from "../../__tests__/support/rules";`, /resolves to no layer: a file outside src\//],
      ["src/stacks/apps-stack.ts", `import "../../scripts/cost";`, /resolves to no layer/],
      ["src/stacks/apps-stack.ts", `import "../unplaced/thing";`, /resolves to no layer/],
      // a path the patterns cannot place is refused rather than let through
      ["src/constructs/network/vpc.ts", `import "./x/../../../stacks/aws-stack";`, /Write a relative import plainly/],
      // a file in no layer is an error until layers.json places it
      ["src/new-folder/thing.ts", `export const x = 1;`, /This file is in no layer: place it in layers\.json and docs\/layers\.md/],
      ["src/new-file.ts", `export const x = 1;`, /This file is in no layer/],
    ];
    for (const [file, text, expected] of cases) {
      expect([file, text, findings(file, text)]).toEqual([file, text, [expect.stringMatching(expected)]]);
    }
  });

  test("require(), import() and createRequire, which no-restricted-imports does not see: a package by its literal name only", () => {
    const file = "src/stacks/apps-stack.ts";
    const cases: [string, RegExp][] = [
      [`const m = require(name);`, /computed require or import\(\) cannot be checked/],
      [`const m = require("../stacks/" + name);`, /computed require or import\(\) cannot be checked/],
      ["const m = await import(`../${folder}/cost`);", /computed require or import\(\) cannot be checked/],
      [`const m = require("../constructs/network/vpc");`, /with an import declaration/],
      [`const m = await import("../constructs/network/vpc");`, /with an import declaration/],
      [`type T = import("../constructs/network/vpc").Vpc;`, /with an import declaration \(import type for a type\)/],
      [
        `import { createRequire } from "module";\nconst load = createRequire(__filename);`,
        /createRequire makes a require under another name/,
      ],
      [`import * as m from "module";\nconst load = m.createRequire(__filename);`, /createRequire/],
    ];
    for (const [text, expected] of cases) {
      expect([text, findings(file, text)]).toEqual([text, [expect.stringMatching(expected)]]);
    }
    const packages = `const v = require("cdktf/package.json");\nconst t = await import("yaml");`;
    expect(findings(file, packages)).toEqual([]);
  });
});

describe("provider bindings are imported from their deep paths only (the package root costs about 10 s and 1.5 GB per synth)", () => {
  test.each(["src/stacks/apps-stack.ts", "scripts/cost.ts", "__tests__/x.test.ts", "main.ts"])(
    "%s: every form of a root import",
    (file) => {
      for (const provider of ["aws", "kubernetes", "helm"]) {
        for (const text of [
          `import { vpc } from "@cdktf/provider-${provider}";`,
          `import {\n  provider,\n  vpc,\n} from "@cdktf/provider-${provider}";`,
          `export { vpc } from "@cdktf/provider-${provider}";`,
          `import * as all from "@cdktf/provider-${provider}/lib";`,
          `const all = require("@cdktf/provider-${provider}");`,
          `const all = await import("@cdktf/provider-${provider}");`,
          `type P = import("@cdktf/provider-${provider}").provider.AwsProvider;`,
        ]) {
          expect([text, findings(file, text)]).toEqual([
            text,
            [expect.stringMatching(/deep path, @cdktf\/provider-<name>\/lib\/<resource>/)],
          ]);
        }
      }
      expect(
        findings(file, `import { Vpc } from "@cdktf/provider-aws/lib/vpc";\nimport { Release } from "@cdktf/provider-helm/lib/release";`),
      ).toEqual([]);
    },
  );
});

describe("conventions of src/", () => {
  const file = "src/constructs/network/vpc.ts";

  test("constructs validate in their constructors, never with node.addValidation (the synth skips those: src/stack-validation.ts)", () => {
    expect(findings(file, `this.node.addValidation({ validate: () => [] });`)).toEqual([
      expect.stringMatching(/never with node\.addValidation/),
    ]);
  });

  test("no ARN hard-codes the aws partition; one built from the environment's partition passes", () => {
    for (const text of [
      `const a = "arn:aws:s3:::bucket";`,
      "const a = `arn:aws:iam::${account}:role/x`;",
      `const a = 'arn:aws:iam::aws:policy/X';`,
    ]) {
      expect([text, findings(file, text)]).toEqual([text, [expect.stringMatching(/partition from the environment/)]]);
    }
    const allowed =
      "const a = `arn:${partition}:iam::aws:policy/AmazonEKSClusterPolicy`;\nconst r = /^arn:aws[a-z-]*:iam::\\d{12}:role\\//;";
    expect(findings(file, allowed)).toEqual([]);
    // tests and scripts may name an ARN of the aws partition as data
    expect(findings("__tests__/x.test.ts", `const a = "arn:aws:s3:::bucket";`)).toEqual([]);
  });

  test("the AWS provider version is written once, in src/config/versions.ts", () => {
    for (const where of ["src/stacks/apps-stack.ts", "scripts/preview.ts", "__tests__/x.test.ts"]) {
      for (const text of [`const v = "${AWS_PROVIDER_VERSION}";`, `const v = \`${AWS_PROVIDER_VERSION}\`;`]) {
        expect([where, text, findings(where, text)]).toEqual([
          where,
          text,
          [expect.stringMatching(/written once, in src\/config\/versions\.ts/)],
        ]);
      }
    }
    expect(findings("src/config/versions.ts", `export const AWS_PROVIDER_VERSION = "${AWS_PROVIDER_VERSION}";`)).toEqual([]);
  });
});

describe("no test reads a clock: speed is measured by npm run bench, never asserted (a loaded machine would fail it)", () => {
  test.each(["__tests__/x.test.ts", "__tests__/support/helper.ts", "__tests__/support/worker.mjs"])("%s", (file) => {
    // The planted clock reads are data (one a line), so that no test file of the project reads a clock itself.
    const clockReads = fs
      .readFileSync(path.join(ROOT, "__tests__", "fixtures", "lint", "clock-reads.txt"), "utf8")
      .trim()
      .split("\n");
    expect(clockReads).toHaveLength(5);
    for (const text of clockReads) {
      expect([text, findings(file, text)]).toEqual([text, [expect.stringMatching(/No test reads a clock/)]]);
    }
    // a fixed day, and waiting (not timing), pass
    expect(findings(file, `const day = new Date("2026-11-24T12:00:00Z");\nawait new Promise((r) => setTimeout(r, 20));`)).toEqual([]);
  });

  test("the code under test may read the clock", () => {
    expect(findings("src/cost/estimate.ts", `const day = new Date();`)).toEqual([]);
  });
});

describe("layout", () => {
  test("ESLint's line limit is Prettier's print width; comments and strings count", () => {
    const printWidth = JSON.parse(fs.readFileSync(path.join(ROOT, ".prettierrc.json"), "utf8")).printWidth as number;
    const line = (length: number) => `// ${"x".repeat(length - 3)}\nconst s = "${"y".repeat(length - 13)}";\n`;
    expect(findings("src/naming.ts", line(printWidth))).toEqual([]);
    expect(findings("src/naming.ts", line(printWidth + 1))).toEqual([
      expect.stringMatching(/^1: .*length of \d+/),
      expect.stringMatching(/^2: .*length of \d+/),
    ]);
  });
});

test("docs/layers.md lists the layers and their paths of layers.json, in the same order", () => {
  const rows = fs
    .readFileSync(path.join(ROOT, "docs", "layers.md"), "utf8")
    .split("\n")
    .filter((line) => /^\| [a-z]+ \| `/.test(line))
    .map((line) => line.split("|").map((cell) => cell.trim()));
  const documented = rows.map(([, name, where]) => ({ name, paths: [...where.split("(")[0].matchAll(/`([^`]+)`/g)].map((m) => m[1]) }));
  expect(documented).toEqual(LAYERS.map(({ name, paths }) => ({ name, paths })));
});
