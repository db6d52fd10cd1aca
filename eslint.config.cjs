// @ts-check
/**
 * `npm run lint` runs ESLint with this config, then `prettier --check` over the same tree
 * (`.prettierignore` leaves out the same generated and pinned files as `ignores` below).
 * Syntax-only rules: no type-aware linting, which on 2 cores would cost more than `tsc` itself.
 * Prettier owns layout (eslint-config-prettier turns off the rules that would fight it); ESLint
 * keeps `max-len` because Prettier wraps code but never comments, strings or template literals.
 *
 * The project's conventions are rules here, not tests that search text: the layers of `src/`
 * (generated from `layers.json`, which docs/layers.md explains), deep imports of the provider
 * bindings, no `node.addValidation`, no ARN that hard-codes the `aws` partition, no clock in a
 * test, and the AWS provider version written once. CommonJS, so that `__tests__/lint.test.ts` can
 * load this very config in-process and check each convention is reported on a planted offence.
 */
"use strict";
const fs = require("fs");
const path = require("path");
const js = require("@eslint/js");
const prettier = require("eslint-config-prettier");
const { defineConfig } = require("eslint/config");
const tseslint = require("typescript-eslint");
const { layers: LAYERS } = require("./layers.json");

/** Every code file ESLint checks under src/ (declarations included: they import too). */
const CODE = "{ts,tsx,mts,cts,js,jsx,mjs,cjs}";
/** Prettier's print width is the line limit; one number, read from Prettier's config. */
const PRINT_WIDTH = JSON.parse(fs.readFileSync(path.join(__dirname, ".prettierrc.json"), "utf8")).printWidth;
/**
 * The AWS provider version the binding was generated from; `src/config/versions.ts` writes it once
 * and `__tests__/versions.test.ts` checks the two agree. Read from the binding here because this
 * file cannot load TypeScript.
 */
const AWS_PROVIDER_VERSION = JSON.parse(
  fs.readFileSync(path.join(__dirname, "node_modules", "@cdktf", "provider-aws", "package.json"), "utf8"),
).cdktf.provider.version;

/** Node's globals used by the plain JavaScript files (scripts/register.js, this file, the test transform, sequencer and worker). */
const nodeGlobals = {
  process: "readonly",
  console: "readonly",
  require: "readonly",
  module: "writable",
  __dirname: "readonly",
  __filename: "readonly",
};

// ---------------------------------------------------------------------------------------------
// Provider bindings: the package root (and `lib/`'s index) loads every resource class of the
// provider, about 10 s and 1.5 GB per synth; `@cdktf/provider-<name>/lib/<resource>` loads one.
// Allow-list: only the deep form passes. `no-restricted-imports` sees import, export-from and
// `import x = require`; the selectors below see `require()`, `import()` and `import("...")` types.
const PROVIDER_ROOT = "^@cdktf/provider-(?![a-z0-9-]+/lib/[a-z0-9-]+)";
const PROVIDER_MESSAGE =
  "Import a provider binding from its deep path, @cdktf/provider-<name>/lib/<resource>: the package root " +
  "loads every resource class of the provider (about 10 s and 1.5 GB per synth).";
/** The same pattern inside an esquery selector, which ends a regular expression at any `/`. */
const PROVIDER_ROOT_SELECTOR = `/${PROVIDER_ROOT.replace(/\//g, "\\x2F")}/`;

/** Every linted file: the provider root through require(), import() or an import type. */
const PROVIDER_SYNTAX = [
  `CallExpression[callee.name='require'][arguments.0.value=${PROVIDER_ROOT_SELECTOR}]`,
  `ImportExpression[source.value=${PROVIDER_ROOT_SELECTOR}]`,
  `TSImportType[source.value=${PROVIDER_ROOT_SELECTOR}]`,
].map((selector) => ({ selector, message: PROVIDER_MESSAGE }));
/**
 * Every linted file but src/config/versions.ts: cdktf writes the version its binding was generated
 * from, and a second copy would drift on a bump.
 */
const VERSION_SYNTAX = [
  `Literal[value='${AWS_PROVIDER_VERSION}']`,
  `TemplateLiteral[quasis.length=1][quasis.0.value.cooked='${AWS_PROVIDER_VERSION}']`,
].map((selector) => ({
  selector,
  message: "The AWS provider version is written once, in src/config/versions.ts: import AWS_PROVIDER_VERSION.",
}));
const EVERYWHERE = [...PROVIDER_SYNTAX, ...VERSION_SYNTAX];

/**
 * Tests: speed is measured by `npm run bench`, never asserted; on a loaded machine a timed assertion
 * fails at random. The readings that time something are refused; a bare `new Date()` is not, so that
 * housekeeping such as pruning stale caches by age (global setup) stays possible.
 */
const CLOCK_MESSAGE = "No test reads a clock: assert behaviour, and measure speed with npm run bench.";
const IN_TESTS = [
  ...EVERYWHERE,
  ...[
    "MemberExpression[object.name='Date'][property.name='now']",
    "MemberExpression[object.name='performance'][property.name='now']",
    "Identifier[name='hrtime']",
    "MemberExpression[object.type='NewExpression'][object.callee.name='Date'][object.arguments.length=0][property.name='getTime']",
  ].map((selector) => ({ selector, message: CLOCK_MESSAGE })),
];

/** src/: the app's code. */
const IN_SRC = [
  ...EVERYWHERE,
  {
    selector: "CallExpression[callee.property.name='addValidation']",
    message:
      "Validate in the constructor (collect every error, throw once), never with node.addValidation: " +
      "the synth skips such checks (src/stack-validation.ts).",
  },
  ...["Literal[value=/^arn:aws:/]", "TemplateLiteral[quasis.0.value.cooked=/^arn:aws:/]"].map((selector) => ({
    selector,
    message: "An ARN takes its partition from the environment (aws, aws-cn, aws-us-gov), never the literal arn:aws:.",
  })),
  // The layer rules (`no-restricted-imports`) see import declarations and export-from only. A module
  // named by require() or import() is checked here: a package by its literal name, a file of src/
  // only through an import declaration, and a computed name or createRequire not at all.
  ...[
    "CallExpression[callee.type='Identifier'][callee.name='require']:not([arguments.0.type='Literal'])",
    "ImportExpression:not([source.type='Literal'])",
  ].map((selector) => ({
    selector,
    message: "Name the module as a string in quotes: a computed require or import() cannot be checked against the layers (layers.json).",
  })),
  ...[
    "CallExpression[callee.type='Identifier'][callee.name='require'][arguments.0.value=/^\\./]",
    "ImportExpression[source.value=/^\\./]",
    "TSImportType[source.value=/^\\./]",
  ].map((selector) => ({
    selector,
    message:
      "Import a file of src/ with an import declaration (import type for a type), which the layer rules check; " +
      "require() and import() name packages only.",
  })),
  ...["CallExpression[callee.name='createRequire']", "CallExpression[callee.property.name='createRequire']"].map((selector) => ({
    selector,
    message: "createRequire makes a require under another name, which the layer rules cannot check: import the module instead.",
  })),
];

// ---------------------------------------------------------------------------------------------
// Layers (layers.json, docs/layers.md): a file imports its own layer and the layers its entry
// names. A relative import is matched as written, so the patterns depend on where the file is:
// one block per layer path and folder depth. Allow-list: a relative import that resolves into no
// allowed layer is an error, whether it points up, sideways, to a file in no layer or out of src/.

/** Folder depth below a layer's folder that the generated blocks reach; deeper files are an error of their own. */
const MAX_DEPTH = 8;
const escapeRegex = (text) => text.replace(/[.*+?^${}()|[\]\\/]/g, "\\$&");
const up = (k) => (k === 0 ? "\\./" : `(?:\\.\\./){${k}}`);
/** A path segment that is not `.` or `..`. */
const SEGMENT = "(?!\\.\\.?(?:/|$))[^/]+";
/** A relative import written plainly: `./` or `../`s, then segments (no `.` or `..` inside), no trailing `/`. */
const PLAIN = `(?:\\./|(?:\\.\\./)+)${SEGMENT}(?:/${SEGMENT})*$`;
const EXTENSION = "(?:\\.[cm]?[jt]sx?)?$";
const layerIndex = (name) => LAYERS.findIndex((layer) => layer.name === name);
const segments = (text) => text.split("/").filter(Boolean);
const samePrefix = (a, b, length) => a.slice(0, length).every((segment, i) => segment === b[i]);

/**
 * Regular expression alternatives (anchored by the caller) for the relative imports that, written in a
 * file whose folder is `known` plus `unknown` folders below it, resolve into `target` (a path of
 * layers.json), counting only the `../`s from `minUp` on (fewer stay inside the file's own folder).
 */
function reaching(known, unknown, minUp, target) {
  const isFolder = target.endsWith("/");
  const targetSegments = segments(target);
  const targetFolder = isFolder ? targetSegments : targetSegments.slice(0, -1);
  const alternatives = [];
  for (let k = minUp; k <= known.length + unknown; k++) {
    const depth = known.length + unknown - k;
    const ancestor = known.slice(0, depth);
    if (isFolder && depth >= targetFolder.length && samePrefix(targetFolder, ancestor, targetFolder.length)) {
      alternatives.push(`${up(k)}(?!\\.\\.?/)`);
    } else if (depth <= targetFolder.length && samePrefix(ancestor, targetFolder, depth)) {
      const rest = targetSegments.slice(depth).join("/");
      alternatives.push(isFolder ? `${up(k)}${escapeRegex(rest)}(?:/|$)` : `${up(k)}${escapeRegex(rest.replace(/\.ts$/, ""))}${EXTENSION}`);
    }
  }
  return alternatives;
}

/** The `no-restricted-imports` patterns of a file `unknown` folders below the layer path `own` of layer `layer`. */
function layerPatterns(layer, own, unknown) {
  const isFolder = own.endsWith("/");
  const known = isFolder ? segments(own) : segments(own).slice(0, -1);
  // imports that stay inside the file's own layer folder (`./x`, or up to the folder itself)
  const inside = isFolder ? [unknown === 0 ? "\\./(?!\\.\\.?/)" : `(?:\\./|(?:\\.\\./){1,${unknown}})(?!\\.\\.?/)`] : [];
  const minUp = isFolder ? unknown + 1 : 0;
  const into = (other) => other.paths.flatMap((target) => reaching(known, unknown, minUp, target));
  const allowed = [layer.name, ...layer.mayImport];
  const rule = `${layer.name} may import only ${[layer.name, ...layer.mayImport].join(", ")} (layers.json, docs/layers.md)`;
  const forbidden = LAYERS.filter((other) => !allowed.includes(other.name))
    .map((other) => ({ other, alternatives: into(other) }))
    .filter(({ alternatives }) => alternatives.length > 0)
    .map(({ other, alternatives }) => ({
      regex: `^(?:${alternatives.join("|")})`,
      caseSensitive: true,
      message:
        layerIndex(other.name) > layerIndex(layer.name)
          ? `${layer.name} is below ${other.name}: ${rule}.`
          : `${layer.name} does not import ${other.name}: ${rule}.`,
    }));
  const anyLayer = [...inside, ...LAYERS.flatMap(into)];
  return [
    ...forbidden,
    {
      regex: `^(?=${PLAIN})(?!(?:${anyLayer.join("|")}))`,
      caseSensitive: true,
      message:
        `This import resolves to no layer: a file outside src/ (src/ never imports tests or scripts), or one layers.json ` +
        `does not place (add it there and to docs/layers.md). ${rule}.`,
    },
    {
      regex: `^(?=\\.)(?!${PLAIN})`,
      caseSensitive: true,
      message: "Write a relative import plainly (./x or ../x, no . or .. inside the path) so the layer rules can place it.",
    },
  ];
}

const providerPattern = { regex: PROVIDER_ROOT, caseSensitive: true, message: PROVIDER_MESSAGE };
const importRule = (patterns) => ({ "no-restricted-imports": "off", "@typescript-eslint/no-restricted-imports": ["error", { patterns }] });

const layerBlocks = LAYERS.flatMap((layer) =>
  layer.paths.flatMap((own) => {
    if (!own.endsWith("/")) {
      return [{ files: [`src/${own}`], rules: { ...importRule([providerPattern, ...layerPatterns(layer, own, 0)]) } }];
    }
    const depths = Array.from({ length: MAX_DEPTH + 1 }, (_, unknown) => ({
      files: [`src/${own}${"*/".repeat(unknown)}*.${CODE}`],
      rules: importRule([providerPattern, ...layerPatterns(layer, own, unknown)]),
    }));
    const tooDeep = {
      files: [`src/${own}${"*/".repeat(MAX_DEPTH + 1)}**/*.${CODE}`],
      rules: {
        "no-restricted-syntax": [
          "error",
          ...IN_SRC,
          { selector: "Program", message: `More than ${MAX_DEPTH} folders deep in src/${own}: raise MAX_DEPTH in eslint.config.cjs.` },
        ],
      },
    };
    return [...depths, tooDeep];
  }),
);

module.exports = defineConfig(
  {
    // Generated or pinned upstream content, byte for byte: cdktf output (and its staging folders),
    // Terraform's working folders, chart templates (the pinned CRDs among them). ESLint does not read .gitignore.
    ignores: ["node_modules/", "cdktf.out/", "cdktf.out.staging*/", ".gen/", "**/.terraform/", "coverage/", "charts/**/templates/"],
  },
  js.configs.recommended,
  tseslint.configs.recommended,
  prettier,
  {
    linterOptions: { reportUnusedDisableDirectives: "error" },
    rules: {
      // After eslint-config-prettier, which turns max-len off. Prettier wraps code at 140 but never
      // comments, strings or template literals: those are wrapped by hand. A long message is split
      // where its sentences or clauses end (concatenated, or an array joined), so each piece still
      // finds its source with grep. URLs and regular expressions cannot be wrapped without changing them.
      "max-len": ["error", { code: PRINT_WIDTH, ignoreUrls: true, ignoreRegExpLiterals: true }],
      // `_name` marks a parameter a signature needs and the body does not.
      "@typescript-eslint/no-unused-vars": ["error", { argsIgnorePattern: "^_", varsIgnorePattern: "^_" }],
      ...importRule([providerPattern]),
      "no-restricted-syntax": ["error", ...EVERYWHERE],
    },
  },
  {
    // Tests walk synthesized Terraform JSON and Kubernetes manifests, which have no TypeScript
    // type; `any` there is the honest type, and a wrong path fails the assertion anyway.
    files: ["__tests__/**/*.ts"],
    rules: { "@typescript-eslint/no-explicit-any": "off" },
  },
  {
    files: [`__tests__/**/*.${CODE}`],
    rules: { "no-restricted-syntax": ["error", ...IN_TESTS] },
  },
  {
    files: [`src/**/*.${CODE}`],
    rules: { "no-restricted-syntax": ["error", ...IN_SRC] },
  },
  ...layerBlocks,
  {
    // A file no layer places: every file of src/ has a layer, so a new folder or root file is added to layers.json
    files: [`src/**/*.${CODE}`],
    ignores: LAYERS.flatMap((layer) => layer.paths.map((p) => (p.endsWith("/") ? `src/${p}**` : `src/${p}`))),
    rules: {
      "no-restricted-syntax": [
        "error",
        ...IN_SRC,
        { selector: "Program", message: "This file is in no layer: place it in layers.json and docs/layers.md." },
      ],
    },
  },
  {
    // the one place the AWS provider version is written
    files: ["src/config/versions.ts"],
    rules: { "no-restricted-syntax": ["error", ...IN_SRC.filter((entry) => !VERSION_SYNTAX.includes(entry))] },
  },
  {
    files: ["**/*.js", "**/*.mjs", "**/*.cjs"],
    languageOptions: { globals: nodeGlobals },
  },
  {
    files: ["**/*.js", "**/*.cjs"],
    languageOptions: { sourceType: "commonjs" },
    rules: { "@typescript-eslint/no-require-imports": "off" },
  },
);
