/**
 * Code that runs at apply time and that a plan does not show running: provisioners (a `terraform_data` or
 * `null_resource` `local-exec`, on any resource) and Kubernetes Jobs and CronJobs. Rule PR-CODE-1 refuses each
 * one whose text is not in `approved-commands.ts`, in every stack (apply-time code runs with the deploy role,
 * whatever the environment).
 *
 * Provisioners are read from the plan's `configuration` (every module), whatever the resource's planned action:
 * a provisioner runs when its resource is created (or, `when = destroy`, destroyed), and one changed today runs
 * at the next replacement, which a later, innocent-looking change can trigger. Terraform writes the command of a
 * JSON configuration (`cdk.tf.json`) as its text, interpolations included, in `constant_value`; a command given
 * only as references (HCL) cannot be read and is refused. Only `local-exec` passes, with the interpreter its
 * entry names and only the `environment` variables it lists (never `BASH_ENV`, `PATH` or `LD_PRELOAD`: only
 * listed names), and no `working_dir`.
 *
 * A Job's text is the JSON of its containers (init containers first): `{image, command, args, env}` each, in the
 * shape the Kubernetes provider's plan writes (`kubernetes_job_v1`, `kubernetes_cron_job_v1`, ...) or the
 * manifest's (`kubernetes_manifest` of kind Job or CronJob). Helm releases are not read.
 */
import { createHash } from "crypto";
import { APPROVED_COMMANDS, ApprovedCommand } from "./approved-commands";

// eslint-disable-next-line @typescript-eslint/no-explicit-any
type Json = any;

/** sha256 (hex) of a text. */
export const sha256 = (text: string): string => createHash("sha256").update(text, "utf8").digest("hex");

const isObj = (v: Json): boolean => typeof v === "object" && v !== null && !Array.isArray(v);
const list = (v: Json): Json[] => (Array.isArray(v) ? v : []);

/** One piece of apply-time code in a plan, and why it may not run (undefined: it is approved). */
export interface ApplyTimeCode {
  /** The resource it belongs to (a configuration address for a provisioner: no index). */
  readonly address: string;
  readonly type: string;
  /** `provisioner[0]`, `spec[0].template[0].spec[0].container`. */
  readonly attribute: string;
  /** The sha256 of its text; undefined when the text cannot be read. */
  readonly sha256?: string;
  /** The first line of the command, for the review. */
  readonly summary: string;
  readonly approvedBy?: ApprovedCommand;
  /** Why it is refused. */
  readonly problem?: string;
}

const firstLine = (text: string) => {
  const line = text.split("\n")[0];
  return line.length > 80 ? `${line.slice(0, 77)}...` : line;
};

/** Checks one `local-exec` against the approved list: text, interpreter, environment variable names, no working_dir. */
function judgeProvisioner(
  expressions: Json,
  approved: readonly ApprovedCommand[],
): { sha256?: string; summary: string; approvedBy?: ApprovedCommand; problem?: string } {
  const command = isObj(expressions?.command) ? expressions.command.constant_value : undefined;
  if (typeof command !== "string")
    return { summary: "(command not readable)", problem: "its command is not a literal text in the plan (only its references are shown)" };
  const hash = sha256(command);
  const summary = firstLine(command);
  const entry = approved.find((c) => c.kind === "local-exec" && c.sha256 === hash);
  if (!entry) return { sha256: hash, summary, problem: `its command (sha256 ${hash}) is not in src/review/approved-commands.ts` };
  const interpreter = isObj(expressions.interpreter) ? expressions.interpreter.constant_value : undefined;
  if (JSON.stringify(interpreter ?? null) !== JSON.stringify(entry.interpreter ?? null))
    return { sha256: hash, summary, problem: `its interpreter ${JSON.stringify(interpreter ?? null)} is not the approved one` };
  const environment = isObj(expressions.environment) ? expressions.environment.constant_value : undefined;
  if (expressions.environment !== undefined && !isObj(environment))
    return { sha256: hash, summary, problem: "its environment is not a literal map in the plan" };
  const extra = Object.keys(environment ?? {}).filter((name) => !(entry.environment ?? []).includes(name));
  if (extra.length > 0)
    return { sha256: hash, summary, problem: `it sets environment variables the approved entry does not list: ${extra.join(", ")}` };
  if (expressions.working_dir !== undefined)
    return { sha256: hash, summary, problem: "it sets working_dir (a relative command could run another file)" };
  return { sha256: hash, summary, approvedBy: entry };
}

/** Every provisioner in the plan's configuration, every module included, with its verdict. */
export function provisionersOf(configuration: unknown, approved: readonly ApprovedCommand[] = APPROVED_COMMANDS): ApplyTimeCode[] {
  const found: ApplyTimeCode[] = [];
  const walk = (module: Json, prefix: string) => {
    if (!isObj(module)) return;
    for (const r of list(module.resources)) {
      if (!isObj(r) || r.mode !== "managed") continue;
      list(r.provisioners).forEach((p: Json, i: number) => {
        const address = `${prefix}${r.address}`;
        const attribute = `provisioner[${i}]`;
        if (!isObj(p) || p.type !== "local-exec") {
          found.push({
            address,
            type: r.type,
            attribute,
            summary: `(${p?.type} provisioner)`,
            problem: `a ${p?.type} provisioner (only local-exec may pass)`,
          });
          return;
        }
        found.push({ address, type: r.type, attribute, ...judgeProvisioner(p.expressions, approved) });
      });
    }
    for (const [name, call] of Object.entries(isObj(module.module_calls) ? module.module_calls : {}))
      walk(isObj(call) ? (call as Json).module : undefined, `${prefix}module.${name}.`);
  };
  walk(isObj(configuration) ? (configuration as Json).root_module : undefined, "");
  return found;
}

/** Resource types of the Kubernetes provider that run a Job, and where their pod spec is. */
const JOB_POD_SPECS: Readonly<Record<string, readonly (string | number)[]>> = {
  kubernetes_job: ["spec", 0, "template", 0, "spec", 0],
  kubernetes_job_v1: ["spec", 0, "template", 0, "spec", 0],
  kubernetes_cron_job: ["spec", 0, "job_template", 0, "spec", 0, "template", 0, "spec", 0],
  kubernetes_cron_job_v1: ["spec", 0, "job_template", 0, "spec", 0, "template", 0, "spec", 0],
};

const MANIFEST_POD_SPECS: Readonly<Record<string, readonly string[]>> = {
  Job: ["spec", "template", "spec"],
  CronJob: ["spec", "jobTemplate", "spec", "template", "spec"],
};

function at(value: Json, path: readonly (string | number)[]): Json {
  let v = value;
  for (const step of path) {
    if (v === null || v === undefined || typeof v !== "object") return undefined;
    v = v[step as never];
  }
  return v;
}

/** Whether `after_unknown` marks anything at or under `path`. */
function anyUnknown(u: Json, path: readonly (string | number)[]): boolean {
  let v = u;
  for (const step of path) {
    if (v === true) return true;
    if (v === null || v === undefined || typeof v !== "object") return false;
    v = v[step as never];
  }
  const deep = (x: Json): boolean => x === true || (typeof x === "object" && x !== null && Object.values(x).some(deep));
  return deep(v);
}

/** The text of a Job: its containers (init containers first) as `{image, command, args, env}` JSON. */
export function jobText(containers: readonly Json[]): string {
  const listOf = (v: Json) => (Array.isArray(v) ? v : v === undefined || v === null ? [] : [v]);
  return JSON.stringify(
    containers.map((c) => ({ image: c?.image ?? null, command: listOf(c?.command), args: listOf(c?.args), env: listOf(c?.env) })),
  );
}

/**
 * The Job (or CronJob) a created or changed Kubernetes resource runs, with its verdict; undefined for other
 * types and for a `kubernetes_manifest` of another kind.
 */
export function jobOf(
  type: string,
  after: Json,
  afterUnknown: Json,
  approved: readonly ApprovedCommand[] = APPROVED_COMMANDS,
): Omit<ApplyTimeCode, "address"> | undefined {
  let path: (string | number)[];
  let containers: Json[];
  if (JOB_POD_SPECS[type]) {
    path = [...JOB_POD_SPECS[type]];
    const spec = at(after, path);
    containers = [...list(spec?.init_container), ...list(spec?.container)];
  } else if (type === "kubernetes_manifest") {
    const kindUnknown = anyUnknown(afterUnknown, ["manifest", "kind"]) || anyUnknown(afterUnknown, ["manifest", "apiVersion"]);
    const kind = at(after, ["manifest", "kind"]);
    if (kindUnknown)
      return {
        type,
        attribute: "manifest.kind",
        summary: "(kind known after apply)",
        problem: "its kind is known only after apply: it may be a Job",
      };
    if (typeof kind !== "string" || !MANIFEST_POD_SPECS[kind]) return undefined;
    path = ["manifest", ...MANIFEST_POD_SPECS[kind]];
    const spec = at(after, path);
    containers = [...list(spec?.initContainers), ...list(spec?.containers)];
  } else return undefined;
  const attribute = path.map((s, i) => (typeof s === "number" ? `[${s}]` : i === 0 ? s : `.${s}`)).join("");
  if (anyUnknown(afterUnknown, path))
    return { type, attribute, summary: "(containers known after apply)", problem: "its containers are known only after apply" };
  const text = jobText(containers);
  const hash = sha256(text);
  const summary = firstLine(containers.map((c) => [c?.image, ...list(c?.command)].join(" ")).join("; "));
  const entry = approved.find((c) => c.kind === "kubernetes-job" && c.sha256 === hash);
  return entry
    ? { type, attribute, sha256: hash, summary, approvedBy: entry }
    : { type, attribute, sha256: hash, summary, problem: `its containers (sha256 ${hash}) are not in src/review/approved-commands.ts` };
}
