import * as fs from "fs";
import * as path from "path";
import * as ts from "typescript";

/**
 * The layers of `src/`, lowest first (docs/layers.md explains them). A file may import files of its
 * own layer and of the layers its entry names; everything else is an upward or sideways import.
 * Paths are relative to `src/`: a folder ends with `/`, a file is named exactly.
 */
export const LAYERS: readonly { readonly name: string; readonly paths: readonly string[]; readonly mayImport: readonly string[] }[] = [
  { name: "base", paths: ["naming.ts", "aws-environment.ts"], mayImport: [] },
  { name: "config", paths: ["config/"], mayImport: ["base"] },
  { name: "synthesized", paths: ["synthesized/"], mayImport: ["base"] },
  { name: "rules", paths: ["rules/"], mayImport: ["base", "config", "synthesized"] },
  { name: "constructs", paths: ["constructs/"], mayImport: ["base", "config", "rules"] },
  { name: "stacks", paths: ["stacks/"], mayImport: ["base", "config", "rules", "constructs"] },
  {
    name: "app",
    paths: ["app.ts", "synth.ts", "stack-validation.ts", "cdktf-stack-traces.ts"],
    mayImport: ["base", "config", "synthesized", "rules", "constructs", "stacks"],
  },
  // the cost tool prices what the app synthesizes, read through synthesized/ (not through the rule pack)
  { name: "cost", paths: ["cost/"], mayImport: ["base", "config", "synthesized", "app"] },
  {
    name: "tools",
    paths: ["preview/", "review/", "ci/", "preflight/"],
    mayImport: ["base", "config", "synthesized", "rules", "constructs", "stacks", "app", "cost"],
  },
];

/**
 * Imports allowed across layers anyway, each with its reason. Keep this list short: an entry is a
 * file waiting for a better home.
 */
export const LAYER_EXCEPTIONS: readonly { readonly from: string; readonly to: string; readonly why: string }[] = [];

export const SRC = path.join(__dirname, "..", "..", "src");

/** The layer of a file (path relative to `src/`), or undefined when the table does not place it. */
export function layerOf(file: string): string | undefined {
  const posix = file.split(path.sep).join("/");
  return LAYERS.find((layer) => layer.paths.some((p) => (p.endsWith("/") ? posix.startsWith(p) : posix === p)))?.name;
}

/**
 * Files with a computed `require`, `import()` or `createRequire` allowed anyway, each with its reason.
 * None today: every require of src/ names its module literally (src/cdktf-stack-traces.ts too).
 */
export const COMPUTED_IMPORT_EXCEPTIONS: readonly { readonly file: string; readonly why: string }[] = [];

/** The code files of `src/` (declarations, `.d.ts` and its kin, are not code). */
export const CODE_EXTENSIONS = [".ts", ".tsx", ".mts", ".cts", ".js", ".jsx", ".mjs", ".cjs"];
const isCode = (name: string) => CODE_EXTENSIONS.some((ext) => name.endsWith(ext)) && !/\.d\.[cm]?ts$/.test(name);

const SCRIPT_KINDS: Record<string, ts.ScriptKind> = { ".tsx": ts.ScriptKind.TSX, ".jsx": ts.ScriptKind.JSX };
const scriptKind = (file: string) => SCRIPT_KINDS[path.extname(file)] ?? (/\.[cm]?js$/.test(file) ? ts.ScriptKind.JS : ts.ScriptKind.TS);

/** A module name written as a string: quotes, or a template without substitutions. */
const literal = (node: ts.Node | undefined) =>
  node !== undefined && (ts.isStringLiteral(node) || ts.isNoSubstitutionTemplateLiteral(node)) ? node.text : undefined;

/**
 * Walks a file once: the modules it names literally (import, export-from, `import x = require`, `require`,
 * `import()`, `import("...")` types) and, as `file:line: call why`, every `require`/`import()` whose module is
 * computed and every `createRequire` (the function it makes requires under another name).
 */
function scan(file: string, text: string): { imports: string[]; computed: string[] } {
  const source = ts.createSourceFile(file, text, ts.ScriptTarget.Latest, true, scriptKind(file));
  const imports: string[] = [];
  const computed: string[] = [];
  const add = (spec: string | undefined) => spec !== undefined && imports.push(spec);
  const visit = (node: ts.Node): void => {
    if (ts.isImportDeclaration(node) || ts.isExportDeclaration(node)) add(literal(node.moduleSpecifier));
    else if (ts.isExternalModuleReference(node)) add(literal(node.expression));
    else if (ts.isImportTypeNode(node) && ts.isLiteralTypeNode(node.argument)) add(literal(node.argument.literal));
    else if (ts.isCallExpression(node)) {
      const callee = node.expression;
      const loads = callee.kind === ts.SyntaxKind.ImportKeyword || (ts.isIdentifier(callee) && callee.text === "require");
      const makesRequire =
        (ts.isIdentifier(callee) && callee.text === "createRequire") ||
        (ts.isPropertyAccessExpression(callee) && callee.name.text === "createRequire");
      const spec = loads ? literal(node.arguments[0]) : undefined;
      if (spec !== undefined) add(spec);
      else if (loads || makesRequire) {
        const call = node.getText(source).replace(/\s+/g, " ");
        const line = source.getLineAndCharacterOfPosition(node.getStart(source)).line + 1;
        const what = loads ? "names no string literal" : "makes a require that names its modules under another name";
        computed.push(`${file}:${line}: ${call.length > 80 ? `${call.slice(0, 77)}...` : call} ${what}`);
      }
    }
    ts.forEachChild(node, visit);
  };
  visit(source);
  return { imports, computed };
}

/** Every module a file names in an import, export-from, require or dynamic import, as written (string literals only). */
export function importsOf(text: string, file = "file.ts"): string[] {
  return scan(file, text).imports;
}

/** Every `require`/`import()` of a file whose module is computed, and every `createRequire`, as `file:line: call why`. */
export function computedImportsOf(file: string, text: string): string[] {
  return scan(file, text).computed;
}

/** The file a relative import resolves to (relative to `src/`, `../x` when outside it), or undefined for a package. */
export function resolveImport(file: string, spec: string): string | undefined {
  if (!spec.startsWith(".")) return undefined;
  const base = path.resolve(SRC, path.dirname(file), spec);
  // TypeScript's ESM style names the emitted file: "./x.js" is ./x.ts (or .tsx), "./x.mjs" is ./x.mts
  const source = /\.[cm]?js$/.test(base) ? [base.replace(/js$/, "ts"), base.replace(/js$/, "tsx")] : [];
  const candidates = [...CODE_EXTENSIONS.map((ext) => base + ext), ...CODE_EXTENSIONS.map((ext) => path.join(base, `index${ext}`))];
  const found = [...candidates, base, ...source].find((candidate) => fs.existsSync(candidate) && fs.statSync(candidate).isFile());
  return path
    .relative(SRC, found ?? `${base}.ts`)
    .split(path.sep)
    .join("/");
}

/**
 * The layering offences of one file given its text: each names the file, the import as written,
 * what it resolves to and the rule it breaks.
 */
export function layerOffences(file: string, text: string, computedExceptions = COMPUTED_IMPORT_EXCEPTIONS): string[] {
  const from = layerOf(file);
  if (!from) return [`src/${file} is in no layer: place it in LAYERS (__tests__/support/layers.ts) and docs/layers.md`];
  const allowed = LAYERS.find((l) => l.name === from)!.mayImport;
  const { imports, computed } = scan(file, text);
  const unchecked = computedExceptions.some((e) => e.file === file)
    ? []
    : computed.map(
        (call) =>
          `src/${call}: a computed import cannot be checked against the layers; name the module ` +
          `literally, or list the file with its reason in COMPUTED_IMPORT_EXCEPTIONS (__tests__/support/layers.ts)`,
      );
  const layered = imports.flatMap((spec) => {
    const target = resolveImport(file, spec);
    if (target === undefined) return [];
    const where = `src/${file} imports "${spec}"`;
    if (target.startsWith("../")) {
      return [
        `${where} (${target.replace(/^(\.\.\/)+/, "")}, outside src/): nothing under src/ imports tests, scripts or other files outside it`,
      ];
    }
    const to = layerOf(target);
    if (!to) return [`${where} (src/${target}), which is in no layer: place it in LAYERS (__tests__/support/layers.ts)`];
    if (to === from || allowed.includes(to)) return [];
    if (LAYER_EXCEPTIONS.some((e) => e.from === file && e.to === target)) return [];
    const may = allowed.length > 0 ? allowed.join(", ") : "nothing";
    const index = (name: string) => LAYERS.findIndex((l) => l.name === name);
    const relation = index(to) > index(from) ? `${from} is below ${to}` : `${from} does not import ${to}`;
    return [`${where} (src/${target}): ${relation}; ${from} may import only ${from} and ${may} (docs/layers.md)`];
  });
  return [...unchecked, ...layered];
}

/** Every code file under `root` (`src/` unless a test names another), relative to it; declarations and data are left out. */
export function srcFiles(root = SRC): string[] {
  const walk = (dir: string): string[] =>
    fs.readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
      const full = path.join(dir, entry.name);
      if (entry.isDirectory()) return walk(full);
      return isCode(entry.name) ? [path.relative(root, full)] : [];
    });
  return walk(root);
}
