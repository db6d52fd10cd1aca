/**
 * Runs the real Terraform CLI and AWS provider against synthesized stacks, offline: a CLI
 * config that installs the provider only from the local filesystem mirror into a shared plugin
 * cache (so the 675 MB binary is linked, not copied, into each stack), a local backend instead of
 * S3, stub state files for upstream stacks, and fake credentials of one account answered by a
 * local STS endpoint ({@link startStsEndpoint}), so `allowed_account_ids` is checked as on AWS.
 * Used by `npm run preview` and by the real-provider tests.
 */
import { ChildProcess, spawn, spawnSync } from "child_process";
import * as crypto from "crypto";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { AWS_PROVIDER_VERSION } from "../config/versions";
import { partitionOf } from "../naming";
import { credentialsFor, StsEndpoint } from "./sts-endpoint";

export { startStsEndpoint } from "./sts-endpoint";
export type { StsEndpoint } from "./sts-endpoint";

/** The file in an initialised folder naming the loopback STS endpoint its plans are answered by. */
export const STS_URL_FILE = "offline-sts-url";

/** The filesystem mirror the provider is installed from (`<mirror>/registry.terraform.io/hashicorp/aws/<version>`). */
// Absolute: Terraform reads the CLI config in each stack's folder, not in this process's working directory.
export const PROVIDER_MIRROR = path.resolve(process.env.TF_PROVIDER_MIRROR ?? "/opt/tf-plugins");
// One CLI config and plugin cache per process: an init may re-link the provider in the cache,
// which must not happen while another process (a parallel test worker) loads it.
const WORK_ROOT = path.join(os.tmpdir(), "road-warrior-terraform", String(process.pid));

/** The provider comes from the local mirror; with `TF_PROVIDER_FROM_REGISTRY=1` and no mirror (GitHub runners), from the registry. */
function mirrorAvailable(): boolean {
  return fs.existsSync(path.join(PROVIDER_MIRROR, "registry.terraform.io", "hashicorp", "aws", AWS_PROVIDER_VERSION));
}

/** Why the real-provider runs cannot happen here, or undefined when they can. */
export function terraformUnavailable(): string | undefined {
  const version = spawnSync("terraform", ["version", "-json"], { encoding: "utf8", env: { ...process.env, CHECKPOINT_DISABLE: "1" } });
  if (version.error || version.status !== 0) return "the terraform CLI is not on PATH";
  if (!mirrorAvailable() && process.env.TF_PROVIDER_FROM_REGISTRY !== "1") {
    return (
      `the AWS provider ${AWS_PROVIDER_VERSION} is not in the filesystem mirror ${PROVIDER_MIRROR} ` +
      `(set TF_PROVIDER_MIRROR, or TF_PROVIDER_FROM_REGISTRY=1 where the registry is reachable)`
    );
  }
  return undefined;
}

/** Writes the CLI config once: the mirror only (no registry) when there is one, and a shared plugin cache. */
export function writeCliConfig(): string {
  return writeCliConfigIn(WORK_ROOT);
}

/**
 * Writes `<dir>/terraform.tfrc` (rewritten only when its text changes) with the plugin cache
 * `<dir>/plugin-cache`, and returns its path. The preview keeps one under its output folder, so
 * that folders initialised by one run still link to a cache that exists in the next.
 */
export function writeCliConfigIn(dir: string): string {
  // Absolute paths: Terraform reads the file in each stack's own folder, where a path relative to
  // the project (the preview's default `cdktf.out`) names nothing, and init then asks the registry.
  const configFile = path.resolve(dir, "terraform.tfrc");
  const pluginCache = path.resolve(dir, "plugin-cache");
  fs.mkdirSync(pluginCache, { recursive: true });
  const installation = mirrorAvailable()
    ? `provider_installation {
  filesystem_mirror {
    path    = "${PROVIDER_MIRROR}"
    include = ["registry.terraform.io/hashicorp/*"]
  }
}
`
    : "";
  const config = `# Written by the Road Warrior test harness.
plugin_cache_dir = "${pluginCache}"
${installation}`;
  if (!fs.existsSync(configFile) || fs.readFileSync(configFile, "utf8") !== config) fs.writeFileSync(configFile, config);
  return configFile;
}

export interface TerraformResult {
  readonly status: number;
  readonly stdout: string;
  readonly stderr: string;
}

/** Terraform processes started by {@link terraform} that have not exited yet. */
const running = new Set<ChildProcess>();

/**
 * Stops every Terraform process this harness started that is still running, and resolves with how
 * many there were: SIGTERM first (Terraform cancels its operation and stops its providers), SIGKILL
 * after `graceMs` for one that ignores it (`terraform console` does). Test files call it in
 * `afterAll`: a test that ends early (a timeout, an expectation failing between two awaits) must
 * not leave Terraform running in the jest worker, which then cannot exit.
 */
export async function stopRunningTerraform(graceMs = 10_000): Promise<number> {
  const children = [...running];
  await Promise.all(
    children.map(
      (child) =>
        new Promise<void>((resolve) => {
          if (child.exitCode !== null || child.signalCode !== null) return resolve();
          const kill = setTimeout(() => child.kill("SIGKILL"), graceMs);
          child.once("exit", () => {
            clearTimeout(kill);
            resolve();
          });
          child.kill("SIGTERM");
        }),
    ),
  );
  return children.length;
}

/** The environment {@link terraform} runs Terraform with: `extraEnv` and the harness's settings, nothing else of this process's. */
export function terraformEnvironment(extraEnv: NodeJS.ProcessEnv = {}): NodeJS.ProcessEnv {
  return {
    ...extraEnv,
    PATH: process.env.PATH,
    HOME: process.env.HOME,
    TF_CLI_CONFIG_FILE: extraEnv.TF_CLI_CONFIG_FILE ?? writeCliConfig(),
    CHECKPOINT_DISABLE: "1",
    TF_IN_AUTOMATION: "1",
    TF_INPUT: "0",
    AWS_EC2_METADATA_DISABLED: "true",
    AWS_CONFIG_FILE: os.devNull,
    AWS_SHARED_CREDENTIALS_FILE: os.devNull,
  };
}

/**
 * Runs terraform in `cwd` with the harness's CLI config (or `extraEnv.TF_CLI_CONFIG_FILE`), none of the
 * caller's AWS credentials or settings (only those in `extraEnv`: no `~/.aws/config` or
 * `~/.aws/credentials`, whose profiles could swap credentials, ignore the loopback endpoints or
 * break the plan), no instance metadata, no prompts.
 */
export function terraform(args: string[], cwd: string, extraEnv: NodeJS.ProcessEnv = {}): Promise<TerraformResult> {
  const env = terraformEnvironment(extraEnv);
  return new Promise((resolve, reject) => {
    const child = spawn("terraform", args, { cwd, env });
    running.add(child);
    child.on("exit", () => running.delete(child));
    child.on("error", () => running.delete(child));
    const out: Buffer[] = [];
    const err: Buffer[] = [];
    child.stdout.on("data", (chunk: Buffer) => out.push(chunk));
    child.stderr.on("data", (chunk: Buffer) => err.push(chunk));
    child.on("error", reject);
    child.on("close", (code) =>
      resolve({ status: code ?? -1, stdout: Buffer.concat(out).toString("utf8"), stderr: Buffer.concat(err).toString("utf8") }),
    );
  });
}

/** A Terraform command that failed: its own output is the message. */
export class TerraformError extends Error {
  constructor(
    public readonly command: string,
    public readonly output: string,
    /** Terraform's diagnostics, when the command ran with `-json`. @default [] */
    public readonly diagnostics: readonly Diagnostic[] = [],
  ) {
    super(`terraform ${command} failed:\n${output}`);
    this.name = "TerraformError";
  }
}

async function run(args: string[], cwd: string, extraEnv: NodeJS.ProcessEnv = {}): Promise<string> {
  const result = await terraform(args, cwd, extraEnv);
  if (result.status !== 0) throw new TerraformError(args.join(" "), `${result.stderr}${result.stdout}`.trim());
  return result.stdout;
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any
type Json = Record<string, any>;

/**
 * Rewrites a synthesized stack for an offline plan: local backend (`allowed_account_ids`,
 * `assume_role` and everything else of each AWS provider block kept as synthesized; credentials
 * and the loopback STS endpoint come from the environment at plan time, see
 * {@link planInitialized}), and each upstream stack's remote state replaced by a stub state file
 * holding plausible values for exactly the outputs this stack reads.
 */
export function offlineCopy(stack: Json, stubDir: string): Json {
  const copy: Json = JSON.parse(JSON.stringify(stack));
  copy.terraform.backend = { local: { path: "terraform.tfstate" } };
  for (const provider of copy.provider?.aws ?? []) {
    for (const flag of ["access_key", "secret_key", "token", "profile", "skip_credentials_validation", "skip_requesting_account_id"]) {
      if (flag in provider)
        throw new Error(
          `offline plan: provider block sets ${flag}; ` +
            `stacks take credentials from the caller's environment, and the harness checks the account`,
        );
    }
    // An endpoint in the block would win over the loopback one the plan sets in the environment.
    if ("endpoints" in provider)
      throw new Error("offline plan: provider block sets endpoints; the harness sends every AWS service to its loopback endpoint");
    Object.assign(provider, {
      // No instance metadata, and region names come from the environment files (validated there).
      skip_metadata_api_check: true,
      skip_region_validation: true,
    });
  }
  const remote: Json = copy.data?.terraform_remote_state ?? {};
  const firstProvider = stack.provider?.aws?.[0] ?? {};
  for (const name of Object.keys(remote)) {
    const outputs = referencedOutputs(JSON.stringify(stack), name);
    const file = path.join(stubDir, `${name}.tfstate`);
    fs.writeFileSync(file, JSON.stringify(stubState(outputs, firstProvider.region, firstProvider.allowed_account_ids?.[0])));
    remote[name] = { backend: "local", config: { path: file } };
  }
  return copy;
}

/** Output names that `stack` reads from remote state `name`. */
export function referencedOutputs(stackJson: string, name: string): string[] {
  const pattern = new RegExp(`data\\.terraform_remote_state\\.${name.replace(/[-.]/g, "\\$&")}\\.outputs\\.([A-Za-z0-9_-]+)`, "g");
  return [...new Set([...stackJson.matchAll(pattern)].map((m) => m[1]))].sort();
}

/** A state file (format 4) holding only outputs, the way an applied upstream stack would. */
function stubState(outputs: string[], region = "eu-central-1", accountId = "123456789012"): Json {
  return {
    version: 4,
    terraform_version: "1.11.4",
    serial: 1,
    lineage: "00000000-0000-0000-0000-000000000000",
    outputs: Object.fromEntries(outputs.map((o) => [o, { value: stubValue(o, region, accountId), type: "string", sensitive: true }])),
    resources: [],
  };
}

const ID_PREFIXES: Record<string, string> = {
  aws_vpc: "vpc",
  aws_subnet: "subnet",
  aws_security_group: "sg",
  aws_route_table: "rtb",
  aws_nat_gateway: "nat",
};

/** A value shaped like what AWS returns for a cross-stack output `cross-stack-output-<type><path><attribute>`. */
export function stubValue(output: string, region: string, accountId: string): string {
  const hex = crypto.createHash("sha256").update(output).digest("hex");
  const type = /^cross-stack-output-(aws_[a-z0-9_]+?)(?=[A-Z]|$)/.exec(output)?.[1] ?? "aws_unknown";
  if (output.endsWith("arn")) {
    const service = type.replace(/^aws_/, "").split("_")[0];
    const resource =
      type === "aws_kms_key"
        ? `key/${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20, 32)}`
        : `stub/${hex.slice(0, 12)}`;
    return `arn:${partitionOf(region)}:${service}:${region}:${accountId}:${resource}`;
  }
  const prefix = ID_PREFIXES[type];
  return prefix ? `${prefix}-0${hex.slice(0, 16)}` : `stub-${hex.slice(0, 16)}`;
}

/** One diagnostic as Terraform's JSON output gives it (`terraform validate -json`, the `diagnostic` messages of `plan -json`). */
export interface Diagnostic {
  readonly severity: "error" | "warning";
  readonly summary: string;
  readonly detail?: string;
  readonly address?: string;
  readonly range?: { readonly filename: string; readonly start: { readonly line: number } };
}

/** What validation found, in the shape of `terraform validate -json`. */
export interface Validation {
  readonly valid: boolean;
  readonly error_count: number;
  readonly warning_count: number;
  readonly diagnostics: readonly Diagnostic[];
}

export interface PlannedStack {
  readonly dir: string;
  /**
   * The diagnostics of the plan's validation (warnings only: a plan with errors throws
   * {@link TerraformError}). `terraform plan` validates the configuration before it plans
   * (HashiCorp: "the terraform plan command ... includes an implied validation check") and reports
   * every diagnostic in its JSON stream, so one command does what validate and plan did apart.
   */
  readonly validation: Validation;
  /** `terraform show -json` of the saved plan. */
  readonly plan: Json;
}

/** How {@link initOffline} prepares the folders. */
export interface InitOptions {
  /**
   * Keep a folder initialised by an earlier run when nothing `terraform init` depends on changed (the
   * Terraform version, the stack's `terraform` block, the CLI config, the lock file): the stack file and
   * the stub states are rewritten, and init is skipped. @default false (every folder is made afresh)
   */
  readonly reuse?: boolean;
  /**
   * The CLI config init runs with (a stable plugin cache, so a reused folder's provider links stay
   * valid across runs). @default - this process's config ({@link writeCliConfig})
   */
  readonly cliConfig?: string;
  /** Called when a folder is ready: reused, initialised (with the seconds it took), or copied from the folder named. */
  readonly onReady?: (
    stack: string,
    outcome: { readonly reused: true } | { readonly reused: false; readonly seconds: number; readonly copiedFrom?: string },
  ) => void;
}

/** The file in an initialised folder that records what its init depended on. */
export const INIT_KEY_FILE = ".road-warrior-init-key";
const LOCK_FILE = ".terraform.lock.hcl";

/** What `terraform init` of a folder depends on, besides the lock file it writes. */
export interface InitInputs {
  readonly terraformVersion: string;
  /** The offline stack's `terraform` block: required providers and their versions, the backend. */
  readonly terraformBlock: unknown;
  /** The CLI config's text: provider installation and plugin cache. */
  readonly cliConfig: string;
}

/** The key of an initialised folder: its init inputs and the lock file init wrote (a changed lock means another provider build). */
export function initKey(inputs: InitInputs, lockFile: string): string {
  return crypto
    .createHash("sha256")
    .update(JSON.stringify([inputs.terraformVersion, inputs.terraformBlock, inputs.cliConfig, lockFile]))
    .digest("hex");
}

/**
 * Whether `dir` holds an init that is still good for `inputs`: its key file matches the inputs and
 * the lock file as it is now, and every installed provider still resolves (the plugin cache or
 * mirror it links to may have been removed).
 */
export function initStillValid(dir: string, inputs: InitInputs): boolean {
  const read = (file: string) => {
    try {
      return fs.readFileSync(path.join(dir, file), "utf8");
    } catch {
      return undefined;
    }
  };
  const key = read(INIT_KEY_FILE);
  const lock = read(LOCK_FILE);
  if (key === undefined || lock === undefined || key.trim() !== initKey(inputs, lock)) return false;
  const installed = providerFolders(path.join(dir, ".terraform", "providers"));
  return installed.length > 0 && installed.every((folder) => fs.existsSync(folder));
}

/** `<host>/<namespace>/<type>/<version>/<os_arch>` folders under `.terraform/providers` (links included, followed or not). */
function providerFolders(root: string): string[] {
  let level = [root];
  for (let depth = 0; depth < 5; depth++) {
    level = level.flatMap((folder) => {
      try {
        return fs.readdirSync(folder).map((entry) => path.join(folder, entry));
      } catch {
        return [];
      }
    });
  }
  return level;
}

/** The Terraform version on PATH, part of every init key. */
function terraformVersion(): string {
  const result = spawnSync("terraform", ["version", "-json"], { encoding: "utf8", env: { ...process.env, CHECKPOINT_DISABLE: "1" } });
  try {
    return String(JSON.parse(result.stdout).terraform_version);
  } catch {
    return result.stdout ?? "";
  }
}

/**
 * What `terraform init` installs for an offline copy, besides what the CLI config says: the
 * `terraform` block (required providers, backend, required version) and the providers the stack
 * uses (one it does not declare is installed all the same). Undefined for a stack with modules:
 * init installs those from their sources, so such a stack always runs its own init.
 */
export function initSourceKey(copy: Json): string | undefined {
  if (Object.keys(copy.module ?? {}).length > 0) return undefined;
  const types = [...Object.keys(copy.resource ?? {}), ...Object.keys(copy.data ?? {}), ...Object.keys(copy.ephemeral ?? {})];
  // `terraform_remote_state` is Terraform's built-in provider: nothing to install.
  const used = new Set([...Object.keys(copy.provider ?? {}), ...types.map((type) => type.split("_")[0])].filter((p) => p !== "terraform"));
  return JSON.stringify([copy.terraform ?? {}, [...used].sort()]);
}

/**
 * Copies each synthesized stack for an offline plan into `<workDir>/<stack>` and initialises the
 * folder. Only the first folder of each {@link initSourceKey} (the same for every AWS-only stack of
 * a run) runs `terraform init`; each other folder gets a copy of what that init wrote
 * (`.terraform/`: the backend's settings and the provider linked from the plugin cache; the lock
 * file), which is what its own init would write: the same key, the same CLI config, the same cache.
 * That skips Terraform checking the 675 MB provider in the cache against the lock file again, about
 * 2 s of CPU per stack. With `options.reuse`, a folder whose init is still valid is kept
 * ({@link initStillValid}) and serves as the copy's source. Returns the folders, in the order given.
 *
 * Do not run two of these at once with the same plugin cache: an init may put the provider into the
 * cache, which must not happen while another Terraform process loads it from there.
 */
export async function initOffline(
  stackFiles: readonly string[],
  workDir: string,
  sts: StsEndpoint,
  options: InitOptions = {},
): Promise<string[]> {
  const cliConfig = options.cliConfig ?? writeCliConfig();
  const env = { TF_CLI_CONFIG_FILE: cliConfig };
  const version = terraformVersion();
  const cliConfigText = fs.readFileSync(cliConfig, "utf8");
  const pending: { stack: string; dir: string; inputs: InitInputs; key: string | undefined }[] = [];
  /** An initialised folder per {@link initSourceKey}. */
  const sources = new Map<string, string>();
  const dirs = stackFiles.map((stackFile) => {
    // Absolute: the stub state paths written into the stack must resolve from Terraform's working directory.
    const stackName = path.basename(path.dirname(stackFile));
    const dir = path.resolve(workDir, stackName);
    const stack = JSON.parse(fs.readFileSync(stackFile, "utf8"));
    const write = () => {
      fs.mkdirSync(dir, { recursive: true });
      const copy = offlineCopy(stack, dir);
      fs.writeFileSync(path.join(dir, "cdk.tf.json"), JSON.stringify(copy, null, 2));
      fs.writeFileSync(path.join(dir, STS_URL_FILE), `${sts.url}\n`);
      const inputs: InitInputs = { terraformVersion: version, terraformBlock: copy.terraform, cliConfig: cliConfigText };
      return { stack: stackName, dir, inputs, key: initSourceKey(copy) };
    };
    const written = write();
    if (options.reuse && initStillValid(dir, written.inputs)) {
      if (written.key !== undefined) sources.set(written.key, dir);
      options.onReady?.(stackName, { reused: true });
      return dir;
    }
    fs.rmSync(dir, { recursive: true, force: true });
    pending.push(write());
    return dir;
  });

  for (const { stack, dir, inputs, key } of pending) {
    const started = Date.now();
    const source = key === undefined ? undefined : sources.get(key);
    if (source === undefined) {
      await run(["init", "-input=false", "-no-color"], dir, env);
      if (key !== undefined) sources.set(key, dir);
    } else {
      // The provider link is absolute (into the plugin cache), so the copy links the same provider.
      fs.cpSync(path.join(source, ".terraform"), path.join(dir, ".terraform"), { recursive: true, verbatimSymlinks: true });
      fs.copyFileSync(path.join(source, LOCK_FILE), path.join(dir, LOCK_FILE));
    }
    const lock = fs.readFileSync(path.join(dir, LOCK_FILE), "utf8");
    fs.writeFileSync(path.join(dir, INIT_KEY_FILE), `${initKey(inputs, lock)}\n`);
    options.onReady?.(stack, {
      reused: false,
      seconds: (Date.now() - started) / 1000,
      ...(source ? { copiedFrom: path.basename(source) } : {}),
    });
  }
  return dirs;
}

export interface PlanOptions {
  /**
   * The account whose credentials the plan runs with, as a person or CI would with that account's
   * credentials. @default - the account the stack's first AWS provider block allows
   */
  readonly callerAccount?: string;
}

/** The account a synthesized stack is meant to be applied in: its first provider block's allowed account. */
export function stackAccount(stack: Json): string {
  const account = stack.provider?.aws?.[0]?.allowed_account_ids?.[0];
  if (typeof account !== "string") throw new Error("offline plan: the stack's first AWS provider block has no allowed_account_ids");
  return account;
}

/**
 * The diagnostics in the lines of Terraform's machine-readable UI (`-json`): one JSON message per
 * line. A plan reports a warning of the configuration twice (its validation and its planning both
 * see it): the same diagnostic at the same place is kept once, as `terraform validate` reports it.
 */
export function diagnosticsOf(jsonLines: string): Diagnostic[] {
  const seen = new Set<string>();
  return jsonLines.split("\n").flatMap((line) => {
    if (!line.startsWith("{")) return [];
    try {
      const message = JSON.parse(line);
      if (message.type !== "diagnostic" || !message.diagnostic) return [];
      const diagnostic = message.diagnostic as Diagnostic;
      const key = JSON.stringify([diagnostic.severity, diagnostic.summary, diagnostic.detail, diagnostic.address, diagnostic.range]);
      if (seen.has(key)) return [];
      seen.add(key);
      return [diagnostic];
    } catch {
      return [];
    }
  });
}

/** Diagnostics as Terraform prints them for a person: severity and summary, the detail, where. */
export function diagnosticsText(diagnostics: readonly Diagnostic[]): string {
  return diagnostics
    .map((d) => {
      const where = [d.address && `  with ${d.address}`, d.range && `  on ${d.range.filename} line ${d.range.start.line}`].filter(Boolean);
      return [`${d.severity === "error" ? "Error" : "Warning"}: ${d.summary}`, ...where, ...(d.detail ? ["", d.detail] : [])].join("\n");
    })
    .join("\n\n");
}

/**
 * Offline plan (with its implied validation) and show, in a folder prepared by {@link initOffline},
 * with credentials of one account in the environment (the STS endpoint of the init must still be
 * running); safe to run in parallel. Two Terraform commands, each of which starts the provider: a
 * separate `terraform validate` would start it a third time and find nothing the plan does not.
 * A plan that fails throws {@link TerraformError} with Terraform's diagnostics as the message.
 */
export async function planInitialized(dir: string, options: PlanOptions = {}): Promise<PlannedStack> {
  const account = options.callerAccount ?? stackAccount(JSON.parse(fs.readFileSync(path.join(dir, "cdk.tf.json"), "utf8")));
  const credentials = credentialsFor(account);
  const stsUrl = fs.readFileSync(path.join(dir, STS_URL_FILE), "utf8").trim();
  const env = {
    AWS_ACCESS_KEY_ID: credentials.accessKeyId,
    AWS_SECRET_ACCESS_KEY: credentials.secretAccessKey,
    // The provider asks STS which account it is in (and assumes any role) when it is configured: the
    // loopback endpoint answers; IAM is sent there too, so its fallback cannot reach the network, and
    // so is every other service (a data source that reads an AWS API fails loudly there instead of
    // sending the fake keys to AWS). Set here rather than as an `endpoints` block in the provider:
    // validating that block (one attribute per AWS service) costs the provider about 3 s of CPU, twice per plan.
    AWS_ENDPOINT_URL: stsUrl,
    AWS_ENDPOINT_URL_STS: stsUrl,
    AWS_ENDPOINT_URL_IAM: stsUrl,
  };
  const args = ["plan", "-json", "-input=false", "-lock=false", "-refresh=false", "-no-color", "-out=plan.tfplan"];
  const result = await terraform(args, dir, env);
  const diagnostics = diagnosticsOf(result.stdout);
  const errors = diagnostics.filter((d) => d.severity === "error");
  if (result.status !== 0 || errors.length > 0) {
    const warnings = diagnostics.filter((d) => d.severity !== "error");
    // Without diagnostics (a crash, a signal), what Terraform printed is all there is to show.
    const text = diagnosticsText([...errors, ...warnings]) || result.stdout;
    throw new TerraformError(args.join(" "), `${text}\n${result.stderr}`.trim() || `exited ${result.status} with no output`, diagnostics);
  }
  const plan = JSON.parse(await run(["show", "-json", "plan.tfplan"], dir));
  return { dir, validation: { valid: true, error_count: 0, warning_count: diagnostics.length, diagnostics }, plan };
}

/** init + offline plan (with its implied validation) + show for one stack (do not run several at once: see {@link initOffline}). */
export async function planOffline(stackFile: string, workDir: string, sts: StsEndpoint, options: PlanOptions = {}): Promise<PlannedStack> {
  const [dir] = await initOffline([stackFile], workDir, sts);
  return planInitialized(dir, options);
}

/** `resource_changes` entries of a plan of the given type. */
export function changesOf(plan: Json, type: string): Json[] {
  return (plan.resource_changes ?? []).filter((c: Json) => c.type === type);
}
