/**
 * The reviewed safe list of the production default-deny: the changes to a data-bearing or
 * governing resource that cannot lose data or strip its protection, each with why. An update of
 * such a resource in a production stack passes only when every attribute it changes matches an
 * entry here (and the entry's predicate, where one is needed, holds for its before and after).
 * An entry is an allow-list line: add one only with the reason it is safe for every value the
 * predicate lets through.
 */
import { parse } from "yaml";
import { UNKNOWN } from "../rules/values";
import type { Step } from "./diff";

// eslint-disable-next-line @typescript-eslint/no-explicit-any
type Json = any;

export interface SafeChange {
  /** Resource types the entry covers; `*` for every type. */
  readonly types: readonly string[];
  /** Attribute path, steps separated by `.`; `*` matches any one step (a list index, a map key, a named block). */
  readonly path: string;
  /** Why a change that matches is safe. */
  readonly why: string;
  /** When only some changes are safe (retention only grows): true for those. @default every change of the attribute */
  readonly safe?: (before: unknown, after: unknown) => boolean;
}

/** A number that only grows (a retention, a window, a count of copies kept). */
const grows = (before: unknown, after: unknown) => typeof before === "number" && typeof after === "number" && after >= before;
/**
 * A log retention that only grows, to a number of days. 0 (or unset) keeps log events forever, but a change to it is not
 * safe in production: the provider then calls DeleteRetentionPolicy, which the production deploy role may not call, so
 * the apply would fail halfway. A change from forever to a number is a shorter retention, refused as well.
 */
const retentionGrows = (before: unknown, after: unknown) => {
  const rank = (v: unknown) => (typeof v !== "number" || v === 0 ? Infinity : v);
  return typeof after === "number" && after > 0 && rank(after) >= rank(before);
};
const turnedOn =
  (protective: unknown) =>
  (_before: unknown, after: unknown): boolean =>
    after === protective;
const aNumber = (_before: unknown, after: unknown) => typeof after === "number";
const aString = (_before: unknown, after: unknown) => typeof after === "string";

/** An ECR lifecycle policy whose rules are the same but keep at least as many images (or keep them at least as long). */
function ecrKeepsAsMany(before: unknown, after: unknown): boolean {
  const rules = (policy: unknown): Record<string, Json>[] | undefined => {
    if (typeof policy !== "string") return undefined;
    try {
      const doc = JSON.parse(policy);
      return Array.isArray(doc?.rules) ? [...doc.rules].sort((x, y) => Number(x?.rulePriority) - Number(y?.rulePriority)) : undefined;
    } catch {
      return undefined;
    }
  };
  const b = rules(before);
  const a = rules(after);
  if (!b || !a || b.length !== a.length) return false;
  return a.every((rule, i) => {
    const old = b[i];
    const same = (r: Record<string, Json>) =>
      JSON.stringify({ ...r, description: undefined, selection: { ...r?.selection, countNumber: undefined } });
    return same(rule) === same(old) && grows(old?.selection?.countNumber, rule?.selection?.countNumber);
  });
}

/** A Kubernetes quantity (`2`, `250m`, `1.5`, `512Mi`, `2G`) or a number. */
const QUANTITY = /^[0-9]+(?:\.[0-9]+)?(?:m|[KMGTPE]i|[kMGTPE])?$/;
const quantity = (v: unknown) => (typeof v === "number" && Number.isFinite(v)) || (typeof v === "string" && QUANTITY.test(v));
const aCount = (v: unknown) => typeof v === "number" && Number.isInteger(v) && v >= 0;
/** A dated AL2023 release of the Karpenter node pools chart (`KARPENTER_AMI`): never `al2023@latest`. */
const AMI_ALIAS = /^al2023@v[0-9]{8}$/;

/**
 * Whether one changed leaf of chart values is routine: an image tag (a new image of the same repository, whose
 * tags are immutable), a scaling number (`replicas`, `replicaCount`, a number under `autoscaling` or
 * `podDisruptionBudget`), a CPU or memory request or limit under `resources`, or the node pools' dated AMI alias.
 * None of them changes who may reach data, what runs, or where it is sent.
 */
function routineLeaf(path: readonly string[], after: unknown): boolean {
  const last = path[path.length - 1];
  const parent = path[path.length - 2];
  if (last === "tag" && parent === "image") return typeof after === "string";
  if (path.length === 1 && last === "amiAlias") return typeof after === "string" && AMI_ALIAS.test(after);
  if (last === "replicas" || last === "replicaCount") return aCount(after);
  if (path.includes("autoscaling") || path.includes("podDisruptionBudget")) return typeof after === "number" && Number.isFinite(after);
  const r = path.lastIndexOf("resources");
  if (r >= 0 && path.length === r + 3 && ["requests", "limits"].includes(path[r + 1]) && ["cpu", "memory"].includes(last)) {
    return quantity(after);
  }
  return false;
}

/** The leaves where two parsed values differ, each with its path (a key added or removed is a leaf of `undefined`). */
function changedLeaves(before: unknown, after: unknown, path: string[] = []): { path: string[]; after: unknown }[] {
  const object = (v: unknown) => typeof v === "object" && v !== null && !Array.isArray(v);
  if (object(before) && object(after)) {
    const keys = [...new Set([...Object.keys(before as object), ...Object.keys(after as object)])];
    return keys.flatMap((k) => changedLeaves((before as Json)[k], (after as Json)[k], [...path, k]));
  }
  if (Array.isArray(before) && Array.isArray(after)) {
    const length = Math.max(before.length, after.length);
    return Array.from({ length }, (_, i) => changedLeaves(before[i], after[i], [...path, String(i)])).flat();
  }
  return JSON.stringify(before) === JSON.stringify(after) ? [] : [{ path, after }];
}

/** Chart values (JSON or YAML) whose every changed leaf is routine (`routineLeaf`); anything else is judged. */
function onlyRoutineValues(before: unknown, after: unknown): boolean {
  const read = (text: unknown): unknown => {
    if (typeof text !== "string") return undefined;
    try {
      return parse(text);
    } catch {
      return undefined;
    }
  };
  const b = read(before);
  const a = read(after);
  return b !== undefined && a !== undefined && changedLeaves(b, a).every((leaf) => routineLeaf(leaf.path, leaf.after));
}

const RDS = ["aws_rds_cluster", "aws_db_instance"];

export const SAFE_CHANGES: readonly SafeChange[] = [
  {
    types: ["*"],
    path: "id",
    why: "the identifier the provider gives an object: a replacement's new object gets a new one, known after apply",
  },
  {
    types: ["*"],
    path: "tags",
    why: "labels; the one tag the review itself reads, environment-type, has its own rule (PR-ENV-1)",
  },
  { types: ["*"], path: "tags.*", why: "a label; environment-type has its own rule (PR-ENV-1)" },
  { types: ["*"], path: "tags_all", why: "labels, default tags included; environment-type has its own rule (PR-ENV-1)" },
  { types: ["*"], path: "tags_all.*", why: "a label, default tags included; environment-type has its own rule (PR-ENV-1)" },
  {
    types: ["aws_rds_cluster"],
    path: "serverlessv2_scaling_configuration.*.min_capacity",
    why: "the capacity the cluster scales between; the data is in the cluster volume whatever the size",
    safe: aNumber,
  },
  {
    types: ["aws_rds_cluster"],
    path: "serverlessv2_scaling_configuration.*.max_capacity",
    why: "the capacity the cluster scales between; the data is in the cluster volume whatever the size",
    safe: aNumber,
  },
  {
    types: ["aws_db_instance", "aws_rds_cluster_instance"],
    path: "instance_class",
    why: "the size of the instance; the storage (or the cluster volume) keeps the data",
    safe: aString,
  },
  { types: ["aws_db_instance"], path: "allocated_storage", why: "more storage (RDS cannot shrink it)", safe: grows },
  { types: ["aws_db_instance"], path: "max_allocated_storage", why: "a higher ceiling for storage autoscaling", safe: grows },
  { types: RDS, path: "backup_retention_period", why: "automated backups kept for longer", safe: grows },
  { types: RDS, path: "deletion_protection", why: "deletion protection turned on", safe: turnedOn(true) },
  { types: RDS, path: "skip_final_snapshot", why: "a final snapshot is taken again", safe: turnedOn(false) },
  { types: RDS, path: "delete_automated_backups", why: "automated backups are kept after a delete", safe: turnedOn(false) },
  { types: ["aws_rds_cluster", "aws_db_instance"], path: "copy_tags_to_snapshot", why: "labels on snapshots", safe: turnedOn(true) },
  { types: ["aws_cloudwatch_log_group"], path: "retention_in_days", why: "log events kept for more days", safe: retentionGrows },
  {
    types: ["aws_secretsmanager_secret"],
    path: "recovery_window_in_days",
    why: "a longer window to restore a deleted secret",
    safe: grows,
  },
  // Not a secret's description: the production deploy role may not call UpdateSecret, so such a plan would fail at apply.
  { types: ["aws_kms_key"], path: "description", why: "a description" },
  {
    types: ["aws_eks_node_group"],
    path: "scaling_config.*.desired_size",
    why: "how many nodes run: capacity, not who may reach data",
    safe: aNumber,
  },
  { types: ["aws_eks_node_group"], path: "scaling_config.*.min_size", why: "the fewest nodes: capacity", safe: aNumber },
  { types: ["aws_eks_node_group"], path: "scaling_config.*.max_size", why: "the most nodes: capacity", safe: aNumber },
  {
    types: ["helm_release"],
    path: "version",
    why: "the chart's version: PR-CODE-1 admits only the pinned charts of src/review/helm-charts.ts or a local chart",
  },
  { types: ["helm_release"], path: "chart", why: "the chart: PR-CODE-1 admits only the pinned or local charts" },
  { types: ["aws_kms_key"], path: "deletion_window_in_days", why: "a longer window to cancel a scheduled deletion", safe: grows },
  {
    types: ["aws_kms_key"],
    path: "enable_key_rotation",
    why: "yearly rotation; old key material is kept to decrypt",
    safe: turnedOn(true),
  },
  {
    types: ["aws_s3_bucket_lifecycle_configuration"],
    path: "rule.*.expiration.*.days",
    why: "current objects expire later",
    safe: grows,
  },
  {
    types: ["aws_s3_bucket_lifecycle_configuration"],
    path: "rule.*.noncurrent_version_expiration.*.noncurrent_days",
    why: "noncurrent versions are kept for longer",
    safe: grows,
  },
  {
    types: ["aws_s3_bucket_lifecycle_configuration"],
    path: "rule.*.abort_incomplete_multipart_upload.*.days_after_initiation",
    why: "removes the parts of uploads that never completed: they are no object nor version, nothing a reader can get",
    safe: aNumber,
  },
  {
    types: ["aws_s3_bucket_object_lock_configuration"],
    path: "rule.*.default_retention.*.days",
    why: "new object versions are locked for longer",
    safe: grows,
  },
  {
    types: ["aws_s3_bucket_object_lock_configuration"],
    path: "rule.*.default_retention.*.years",
    why: "new object versions are locked for longer",
    safe: grows,
  },
  {
    types: ["aws_ecr_lifecycle_policy"],
    path: "policy",
    why: "the same rules keeping at least as many images, or keeping them at least as long",
    safe: ecrKeepsAsMany,
  },
  { types: ["aws_backup_plan"], path: "rule.*.lifecycle.*.delete_after", why: "recovery points kept for longer", safe: grows },
  {
    types: ["aws_backup_plan"],
    path: "rule.*.copy_action.*.lifecycle.*.delete_after",
    why: "copies of recovery points kept for longer",
    safe: grows,
  },
  { types: ["aws_dynamodb_table"], path: "read_capacity", why: "provisioned throughput, not data", safe: aNumber },
  { types: ["aws_dynamodb_table"], path: "write_capacity", why: "provisioned throughput, not data", safe: aNumber },
  {
    types: ["aws_dynamodb_table"],
    path: "deletion_protection_enabled",
    why: "deletion protection turned on",
    safe: turnedOn(true),
  },
  {
    types: ["aws_elasticache_cluster", "aws_elasticache_replication_group"],
    path: "snapshot_retention_limit",
    why: "snapshots kept for longer",
    safe: grows,
  },
  { types: ["aws_cognito_user_pool"], path: "deletion_protection", why: "deletion protection turned on", safe: turnedOn("ACTIVE") },
  {
    types: ["helm_release"],
    path: "values.*",
    why:
      "chart values that differ only in image tags (repositories keep tags immutable), scaling numbers (replicas, autoscaling, " +
      "pod disruption budgets), CPU and memory requests and limits, or the node pools' dated AL2023 AMI alias",
    safe: onlyRoutineValues,
  },
  {
    types: ["helm_release"],
    path: "metadata",
    why: "Helm's record of the release (revision, versions), written by Helm on every upgrade and never read back",
  },
];

const matches = (pattern: string, path: readonly Step[]) => {
  const steps = pattern.split(".");
  return steps.length === path.length && steps.every((s, i) => s === "*" || s === path[i]);
};

/** The entry of the safe list that lets this change of an attribute through, or undefined. */
export function safeChange(type: string, path: readonly Step[], before: unknown, after: unknown): SafeChange | undefined {
  return SAFE_CHANGES.find(
    (entry) =>
      (entry.types.includes("*") || entry.types.includes(type)) &&
      matches(entry.path, path) &&
      (entry.safe === undefined || (after !== UNKNOWN && entry.safe(before, after))),
  );
}
