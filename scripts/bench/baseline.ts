import * as fs from "fs";
import * as path from "path";
import { rootNamespaces, toRootImports } from "./root-imports";

/**
 * A copy of the app (main.ts, src/, charts/, tsconfig.json, package.json) in `dir`, written the cdktf
 * template's way: provider classes imported from the package roots. node_modules is linked, so
 * the copy runs with the same packages.
 */
export function writeBaselineApp(projectRoot: string, dir: string): void {
  fs.rmSync(dir, { recursive: true, force: true });
  const namespaces = rootNamespaces(path.join(projectRoot, "node_modules"));
  const copy = (relative: string): void => {
    const from = path.join(projectRoot, relative);
    const to = path.join(dir, relative);
    if (fs.statSync(from).isDirectory()) {
      for (const entry of fs.readdirSync(from)) copy(path.join(relative, entry));
      return;
    }
    fs.mkdirSync(path.dirname(to), { recursive: true });
    fs.writeFileSync(to, relative.endsWith(".ts") ? toRootImports(fs.readFileSync(from, "utf8"), namespaces) : fs.readFileSync(from));
  };
  // charts/: the Helm releases package the local charts as assets at synth.
  for (const entry of ["main.ts", "src", "charts", "tsconfig.json", "package.json"]) copy(entry);
  fs.symlinkSync(path.join(projectRoot, "node_modules"), path.join(dir, "node_modules"), "dir");
}

/** The synthesized Terraform of every stack in an output folder, for comparing two synths. */
export function stackFiles(outdir: string): Record<string, string> {
  const stacks = path.join(outdir, "stacks");
  return Object.fromEntries(
    fs
      .readdirSync(stacks)
      .sort()
      .map((s) => [s, fs.readFileSync(path.join(stacks, s, "cdk.tf.json"), "utf8")]),
  );
}

/** Resources and bytes of Terraform JSON in an output folder: how much work a synth did. */
export function synthSize(outdir: string): { resources: number; bytes: number } {
  let resources = 0;
  let bytes = 0;
  for (const text of Object.values(stackFiles(outdir))) {
    bytes += text.length;
    const json = JSON.parse(text) as { resource?: Record<string, Record<string, unknown>>; output?: Record<string, unknown> };
    resources +=
      Object.values(json.resource ?? {}).reduce((sum, byName) => sum + Object.keys(byName).length, 0) +
      Object.keys(json.output ?? {}).length;
  }
  return { resources, bytes };
}
