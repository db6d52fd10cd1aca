/**
 * Code that runs at apply time and that a plan does not show running: provisioners (a `terraform_data` or
 * `null_resource` `local-exec`, on any resource) and Kubernetes workloads (anything that runs a pod). Rule PR-CODE-1 refuses each
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
 * A workload's text is its whole pod spec as canonical JSON, in the shape the Kubernetes provider's plan writes
 * (`kubernetes_pod_v1`, `kubernetes_deployment_v1`, `kubernetes_job_v1`, ...) or the manifest's (`kubernetes_manifest` of
 * kind Pod, Deployment, ..., CronJob, or the items of a List). The project's own workloads are Helm releases, whose
 * charts `helm-charts.ts` pins (PR-CODE-2); a raw workload runs only with its pod spec's hash approved.
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

const TEMPLATE = ["spec", 0, "template", 0, "spec", 0];
/** Resource types of the Kubernetes provider that run pods, and where their pod spec is (blocks are lists in a plan). */
const POD_SPECS: Readonly<Record<string, readonly (string | number)[]>> = {
  kubernetes_pod: ["spec", 0],
  kubernetes_pod_v1: ["spec", 0],
  kubernetes_deployment: TEMPLATE,
  kubernetes_deployment_v1: TEMPLATE,
  kubernetes_daemonset: TEMPLATE,
  kubernetes_daemon_set: TEMPLATE,
  kubernetes_daemon_set_v1: TEMPLATE,
  kubernetes_stateful_set: TEMPLATE,
  kubernetes_stateful_set_v1: TEMPLATE,
  kubernetes_replication_controller: TEMPLATE,
  kubernetes_replication_controller_v1: TEMPLATE,
  kubernetes_job: TEMPLATE,
  kubernetes_job_v1: TEMPLATE,
  kubernetes_cron_job: ["spec", 0, "job_template", 0, "spec", 0, "template", 0, "spec", 0],
  kubernetes_cron_job_v1: ["spec", 0, "job_template", 0, "spec", 0, "template", 0, "spec", 0],
};

/** Kinds of a `kubernetes_manifest` that run pods, and where their pod spec is; `List` is read item by item. */
const MANIFEST_POD_SPECS: Readonly<Record<string, readonly string[]>> = {
  Pod: ["spec"],
  Deployment: ["spec", "template", "spec"],
  ReplicaSet: ["spec", "template", "spec"],
  ReplicationController: ["spec", "template", "spec"],
  StatefulSet: ["spec", "template", "spec"],
  DaemonSet: ["spec", "template", "spec"],
  Job: ["spec", "template", "spec"],
  CronJob: ["spec", "jobTemplate", "spec", "template", "spec"],
};

/**
 * Kinds of a `kubernetes_manifest` that run no code of their own (an allow-list: a kind not here, a custom
 * resource whose controller may start pods included, is judged by its whole manifest's hash).
 */
const INERT_MANIFEST_KINDS: readonly string[] = [
  "ConfigMap",
  "Service",
  "ServiceAccount",
  "Namespace",
  "Ingress",
  "IngressClass",
  "NetworkPolicy",
  "PodDisruptionBudget",
  "HorizontalPodAutoscaler",
  "Role",
  "RoleBinding",
  "ResourceQuota",
  "LimitRange",
  "PriorityClass",
  "StorageClass",
  "EC2NodeClass",
  "NodePool",
  "TargetGroupBinding",
];
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

/** A value in one text whatever the order of its object keys (list order kept: containers run in order). */
function canonicalJson(value: Json): string {
  const walk = (v: Json): Json =>
    Array.isArray(v)
      ? v.map(walk)
      : isObj(v)
        ? Object.fromEntries(
            Object.keys(v)
              .sort()
              .map((k) => [k, walk(v[k])]),
          )
        : v;
  return JSON.stringify(walk(value ?? null));
}

/**
 * The text of a pod: its whole pod spec as canonical JSON (object keys sorted). Every field counts: not only the
 * containers' image, command, args and env but their volumes, host mounts, privileges, service account and lifecycle
 * hooks, any of which can run other code or reach other data.
 */
export function podText(podSpec: Json): string {
  return canonicalJson(podSpec);
}

function verdict(type: string, attribute: string, text: string, containers: readonly Json[], approved: readonly ApprovedCommand[]) {
  const hash = sha256(text);
  const summary = firstLine(containers.map((c) => [c?.image, ...list(c?.command)].join(" ")).join("; ")) || "(no containers)";
  const entry = approved.find((c) => c.kind === "kubernetes-pod" && c.sha256 === hash);
  return entry
    ? { type, attribute, sha256: hash, summary, approvedBy: entry }
    : { type, attribute, sha256: hash, summary, problem: `its pod spec (sha256 ${hash}) is not in src/review/approved-commands.ts` };
}

const attributeOf = (path: readonly (string | number)[]) =>
  path.map((s, i) => (typeof s === "number" ? `[${s}]` : i === 0 ? s : `.${s}`)).join("");

/**
 * The pods a created or changed Kubernetes resource runs (a Pod, Deployment, ReplicaSet, StatefulSet, DaemonSet,
 * ReplicationController, Job or CronJob, of the provider's typed resources or a `kubernetes_manifest`, the items of a
 * `List` included), each with its verdict; empty for other types and for a manifest of an inert kind. A manifest whose
 * kind is unknown at plan time, or of a kind that is neither inert nor known to run pods, is refused.
 */
export function podsOf(
  type: string,
  after: Json,
  afterUnknown: Json,
  approved: readonly ApprovedCommand[] = APPROVED_COMMANDS,
): Omit<ApplyTimeCode, "address">[] {
  if (POD_SPECS[type]) {
    const path = [...POD_SPECS[type]];
    const attribute = attributeOf(path);
    if (anyUnknown(afterUnknown, path))
      return [{ type, attribute, summary: "(pod spec known after apply)", problem: "its pod spec is known only after apply" }];
    const spec = at(after, path);
    return [verdict(type, attribute, podText(spec), [...list(spec?.init_container), ...list(spec?.container)], approved)];
  }
  if (type !== "kubernetes_manifest") return [];
  const judge = (manifest: Json, unknown: Json, path: (string | number)[]): Omit<ApplyTimeCode, "address">[] => {
    const kind = manifest?.kind;
    if (anyUnknown(unknown, ["kind"]) || anyUnknown(unknown, ["apiVersion"]) || typeof kind !== "string")
      return [
        {
          type,
          attribute: attributeOf([...path, "kind"]),
          summary: "(kind known after apply)",
          problem: "its kind is not known at plan time: it may run pods",
        },
      ];
    if (kind === "List") {
      if (anyUnknown(unknown, ["items"]))
        return [
          {
            type,
            attribute: attributeOf([...path, "items"]),
            summary: "(items known after apply)",
            problem: "its items are known only after apply",
          },
        ];
      return list(manifest.items).flatMap((item: Json, i: number) => judge(item, at(unknown, ["items", i]), [...path, "items", i]));
    }
    if (INERT_MANIFEST_KINDS.includes(kind)) return [];
    const specPath = MANIFEST_POD_SPECS[kind];
    if (specPath === undefined) {
      // A custom resource (or a kind this list does not know) may make its controller run anything: its whole manifest is the text.
      if (anyUnknown(unknown, []))
        return [
          { type, attribute: attributeOf(path), summary: `(${kind} known after apply)`, problem: `a ${kind} known only after apply` },
        ];
      return [verdict(type, attributeOf(path), canonicalJson(manifest), [], approved)];
    }
    const attribute = attributeOf([...path, ...specPath]);
    if (anyUnknown(unknown, specPath))
      return [{ type, attribute, summary: "(pod spec known after apply)", problem: "its pod spec is known only after apply" }];
    const spec = at(manifest, specPath);
    return [verdict(type, attribute, podText(spec), [...list(spec?.initContainers), ...list(spec?.containers)], approved)];
  };
  return judge(after?.manifest, at(afterUnknown, ["manifest"]) ?? (afterUnknown === true ? true : undefined), ["manifest"]);
}
