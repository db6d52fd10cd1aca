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
    paths: ["app.ts", "synth.ts", "cdktf-stack-traces.ts"],
    mayImport: ["base", "config", "synthesized", "rules", "constructs", "stacks"],
  },
  // the cost tool prices what the app synthesizes, read through synthesized/ (not through the rule pack)
  { name: "cost", paths: ["cost/"], mayImport: ["base", "config", "synthesized", "app"] },
  {
    name: "tools",
    paths: ["preview/", "review/", "ci/"],
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

/** Every module a file names in an import, export-from, require or dynamic import, as written. */
export function importsOf(text: string): string[] {
  return ts.preProcessFile(text, true, true).importedFiles.map((f) => f.fileName);
}

/** The file a relative import resolves to (relative to `src/`, `../x` when outside it), or undefined for a package. */
export function resolveImport(file: string, spec: string): string | undefined {
  if (!spec.startsWith(".")) return undefined;
  const base = path.resolve(SRC, path.dirname(file), spec);
  const found = [`${base}.ts`, path.join(base, "index.ts"), base].find(
    (candidate) => fs.existsSync(candidate) && fs.statSync(candidate).isFile(),
  );
  return path
    .relative(SRC, found ?? `${base}.ts`)
    .split(path.sep)
    .join("/");
}

/**
 * The layering offences of one file given its text: each names the file, the import as written,
 * what it resolves to and the rule it breaks.
 */
export function layerOffences(file: string, text: string): string[] {
  const from = layerOf(file);
  if (!from) return [`src/${file} is in no layer: place it in LAYERS (__tests__/support/layers.ts) and docs/layers.md`];
  const allowed = LAYERS.find((l) => l.name === from)!.mayImport;
  return importsOf(text).flatMap((spec) => {
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
}

/** Every `.ts` file under `src/`, relative to it. */
export function srcFiles(dir = SRC): string[] {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) return srcFiles(full);
    return entry.name.endsWith(".ts") && !entry.name.endsWith(".d.ts") ? [path.relative(SRC, full)] : [];
  });
}
