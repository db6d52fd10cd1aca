/**
 * In-place changes that lose data or strip its protection, as a table of rules per resource type
 * and attribute. `plan-review` runs every rule on each change that has a before and an after
 * (updates, replacements, whose destruction is refused separately, and updates outside Terraform
 * in `resource_drift`), and on creates of the types of `CREATE_BASELINES` against the safe state
 * without them (unless what they configure is created in the same plan).
 * A value unknown until apply counts as the worst case: the review cannot show it is safe.
 */
import { ENVIRONMENT_TYPE_TAG } from "../naming";

// eslint-disable-next-line @typescript-eslint/no-explicit-any
type Json = any;

/** In `UpdateRule.types`: the rule applies to every resource type. */
export const EVERY_TYPE = "*";

/** One attribute of one resource that a rule found changed for the worse. */
export interface UpdateFinding {
  readonly rule: string;
  /** `backup_retention_period`, `rule["old-versions"].noncurrent_version_expiration.noncurrent_days`. */
  readonly attribute: string;
  readonly before: string;
  readonly after: string;
  /** What is lost, in words. */
  readonly lost: string;
}

export interface UpdateRule {
  /** Stable id, e.g. `PR-RDS-1`: an allow names it. */
  readonly id: string;
  readonly title: string;
  /** The resource types it checks; `EVERY_TYPE` for all. */
  readonly types: readonly string[];
  /** Why the rule exists: what such a change loses. */
  readonly reason: string;
  readonly check: (before: Json, after: Json, afterUnknown: Json) => Omit<UpdateFinding, "rule">[];
  /**
   * Why the rule is not applied to the stacks of a non-production environment (`ReviewOptions.nonProductionStacks`),
   * where what it guards is given up on purpose. @default - applied to every stack
   */
  readonly notInNonProduction?: string;
}

/** Marks a value Terraform only knows after apply. */
const UNKNOWN = Symbol("unknown");
type Value = unknown;

function at(value: Json, path: readonly (string | number)[]): Value {
  let v = value;
  for (const step of path) {
    if (v === null || v === undefined || typeof v !== "object") return undefined;
    v = v[step as never];
  }
  return v;
}

/** The after value at `path`, or UNKNOWN when `after_unknown` marks it (or a parent). */
function afterAt(after: Json, afterUnknown: Json, path: readonly (string | number)[]): Value {
  let u = afterUnknown;
  for (const step of path) {
    if (u === true) return UNKNOWN;
    if (u === null || u === undefined || typeof u !== "object") break;
    u = u[step as never];
  }
  if (u === true) return UNKNOWN;
  return at(after, path);
}

function show(value: Value): string {
  if (value === UNKNOWN) return "(known after apply)";
  if (value === undefined || value === null) return "(unset)";
  return typeof value === "string" ? JSON.stringify(value) : String(value);
}

const attr = (path: readonly (string | number)[]) =>
  path.map((s, i) => (typeof s === "number" ? `[${s}]` : i === 0 ? s : `.${s}`)).join("");

/** A protective value (`true`, `"Enabled"`) that is no longer there. */
function turnedOff(path: readonly (string | number)[], protective: unknown, lost: string) {
  return (before: Json, after: Json, afterUnknown: Json) => {
    const b = at(before, path);
    const a = afterAt(after, afterUnknown, path);
    return b === protective && a !== protective ? [{ attribute: attr(path), before: show(b), after: show(a), lost }] : [];
  };
}

/** A dangerous value (`force_destroy = true`) that was not there before. */
function turnedOn(path: readonly (string | number)[], dangerous: unknown, lost: string) {
  return (before: Json, after: Json, afterUnknown: Json) => {
    const b = at(before, path);
    const a = afterAt(after, afterUnknown, path);
    return b !== dangerous && (a === dangerous || a === UNKNOWN) ? [{ attribute: attr(path), before: show(b), after: show(a), lost }] : [];
  };
}

/**
 * A number that keeps something for longer the larger it is, made smaller. With `zeroIsForever`
 * (log retention), 0 or unset means "never expires".
 */
function lowered(path: readonly (string | number)[], lost: (after: Value) => string, zeroIsForever = false) {
  const rank = (v: Value): number =>
    v === UNKNOWN ? -1 : typeof v !== "number" ? (zeroIsForever ? Infinity : 0) : zeroIsForever && v === 0 ? Infinity : v;
  return (before: Json, after: Json, afterUnknown: Json) => {
    const b = at(before, path);
    const a = afterAt(after, afterUnknown, path);
    if (typeof b !== "number" && !zeroIsForever) return [];
    return rank(a) < rank(b) ? [{ attribute: attr(path), before: show(b), after: show(a), lost: lost(a) }] : [];
  };
}

const list = (value: Value): Json[] => (Array.isArray(value) ? value : []);

/** Days after which an S3 lifecycle rule expires objects (current or noncurrent), Infinity when it does not. */
function s3ExpiryDays(rule: Json, noncurrent: boolean): number {
  if (!isObj(rule) || rule.status !== "Enabled") return Infinity;
  if (noncurrent) {
    const days = (list(rule.noncurrent_version_expiration)[0] ?? undefined)?.noncurrent_days;
    return typeof days === "number" && days > 0 ? days : Infinity;
  }
  const expiration = list(rule.expiration)[0];
  if (!isObj(expiration)) return Infinity;
  if (typeof expiration.days === "number" && expiration.days > 0) return expiration.days;
  return typeof expiration.date === "string" && expiration.date !== "" ? 0 : Infinity;
}

const isObj = (v: Json): boolean => typeof v === "object" && v !== null && !Array.isArray(v);

/** Whether `after_unknown` marks `path` (or a parent of it) under `u`. */
function isUnknownAt(u: Json, path: readonly (string | number)[]): boolean {
  let v = u;
  for (const step of path) {
    if (v === true) return true;
    if (v === null || v === undefined || typeof v !== "object") return false;
    v = v[step as never];
  }
  return v === true;
}

/** Fields of an S3 lifecycle rule that decide what it expires: unknown is the worst case. */
const S3_RULE_FIELDS: readonly (readonly (string | number)[])[] = [
  ["status"],
  ["expiration", 0, "days"],
  ["expiration", 0, "date"],
  ["noncurrent_version_expiration", 0, "noncurrent_days"],
  ["noncurrent_version_expiration", 0, "newer_noncurrent_versions"],
];

function s3LifecycleExpiry(before: Json, after: Json, afterUnknown: Json): Omit<UpdateFinding, "rule">[] {
  if (afterAt(after, afterUnknown, ["rule"]) === UNKNOWN) {
    return [
      { attribute: "rule", before: "(set)", after: show(UNKNOWN), lost: "the review cannot show which objects the new rules expire" },
    ];
  }
  const beforeRules = new Map(
    list(before?.rule)
      .filter(isObj)
      .map((r: Json) => [r.id, r]),
  );
  const findings: Omit<UpdateFinding, "rule">[] = [];
  const unknownRules = list(at(afterUnknown, ["rule"]));
  list(after?.rule).forEach((_rule: Json, i: number) => {
    const u = unknownRules[i];
    const unknownField = u === true ? "" : S3_RULE_FIELDS.find((path) => isUnknownAt(u, path));
    if (unknownField !== undefined) {
      findings.push({
        attribute: `rule[${i}]${unknownField ? `.${unknownField.join(".").replace(/\.0/g, "[0]")}` : ""}`,
        before: "(set)",
        after: show(UNKNOWN),
        lost: "the review cannot show which objects this rule expires (worst case: all of them)",
      });
    }
  });
  for (const rule of list(after?.rule).filter(isObj)) {
    const old = beforeRules.get(rule.id);
    const expires = s3ExpiryDays(rule, false) < Infinity || s3ExpiryDays(rule, true) < Infinity;
    const filterOf = (r: Json) => JSON.stringify(r?.filter ?? []) + JSON.stringify(r?.prefix ?? "");
    if (old && expires && (s3ExpiryDays(old, false) < Infinity || s3ExpiryDays(old, true) < Infinity) && filterOf(old) !== filterOf(rule)) {
      findings.push({
        attribute: `rule[${JSON.stringify(rule.id)}].filter`,
        before: filterOf(old),
        after: filterOf(rule),
        lost: "an expiring rule now selects other objects (a wider prefix or no filter expires objects it never touched)",
      });
    }
    const newer = (r: Json) => {
      const n = (list(r?.noncurrent_version_expiration)[0] ?? undefined)?.newer_noncurrent_versions;
      return typeof n === "number" ? n : 0;
    };
    if (old && s3ExpiryDays(rule, true) < Infinity && newer(rule) < newer(old)) {
      findings.push({
        attribute: `rule[${JSON.stringify(rule.id)}].noncurrent_version_expiration.newer_noncurrent_versions`,
        before: String(newer(old)),
        after: String(newer(rule)),
        lost: `only ${newer(rule)} noncurrent version(s) of each object are kept past the expiration days`,
      });
    }
    for (const noncurrent of [false, true]) {
      const newDays = s3ExpiryDays(rule, noncurrent);
      const oldDays = s3ExpiryDays(beforeRules.get(rule.id), noncurrent);
      if (newDays >= oldDays) continue;
      const field = noncurrent ? "noncurrent_version_expiration.noncurrent_days" : "expiration.days";
      const what = noncurrent ? "noncurrent (overwritten or deleted) versions" : "current objects";
      findings.push({
        attribute: `rule[${JSON.stringify(rule.id)}].${field}`,
        before: oldDays === Infinity ? "(no expiration)" : String(oldDays),
        after: newDays === 0 ? "(a date)" : String(newDays),
        lost: `${what} ${newDays === 0 ? "are deleted from that date" : `older than ${newDays} day(s) are deleted`}`,
      });
    }
  }
  return findings;
}

function objectLockWeakened(before: Json, after: Json, afterUnknown: Json): Omit<UpdateFinding, "rule">[] {
  const path = ["rule", 0, "default_retention", 0];
  const b = at(before, path) as Json;
  if (!b) return [];
  const a = afterAt(after, afterUnknown, path) as Json;
  const days = (r: Json) =>
    r === UNKNOWN || !r ? 0 : (typeof r.days === "number" && r.days > 0 ? r.days : 0) + (typeof r.years === "number" ? r.years * 365 : 0);
  const findings: Omit<UpdateFinding, "rule">[] = [];
  if (days(a) < days(b)) {
    findings.push({
      attribute: "rule[0].default_retention",
      before: `${days(b)} day(s)`,
      after: a === UNKNOWN ? show(UNKNOWN) : a ? `${days(a)} day(s)` : "(removed)",
      lost: "new object versions are locked for a shorter time (or not at all) and can be deleted sooner",
    });
  }
  if (b.mode === "COMPLIANCE" && (a === UNKNOWN || !a || a.mode !== "COMPLIANCE")) {
    findings.push({
      attribute: "rule[0].default_retention.mode",
      before: show(b.mode),
      after: a === UNKNOWN ? show(UNKNOWN) : show(a?.mode),
      lost: "in GOVERNANCE mode (or none) users with s3:BypassGovernanceRetention can delete locked versions",
    });
  }
  return findings;
}

const asList = (v: Json): Json[] => (Array.isArray(v) ? v : v === undefined || v === null ? [] : [v]);

function policyStatements(policy: Value): Json[] | undefined {
  if (typeof policy !== "string") return [];
  try {
    return asList(JSON.parse(policy)?.Statement).filter(isObj);
  } catch {
    return undefined;
  }
}

/**
 * Account ids of the account root given `kms:*` by an Allow statement of a key policy. Only
 * statements without a Condition (or NotPrincipal/NotAction) count: a condition can make the grant match nothing.
 */
function rootAdmins(policy: Value): Set<string> | undefined {
  const statements = policyStatements(policy);
  if (!statements) return undefined;
  const roots = new Set<string>();
  for (const s of statements) {
    if (s.Effect !== "Allow" || s.Condition !== undefined || s.NotAction !== undefined || s.NotPrincipal !== undefined) continue;
    if (!asList(s.Action).some((a: Json) => a === "kms:*" || a === "*")) continue;
    for (const p of asList(s.Principal?.AWS)) {
      const match = /^(?:arn:aws[a-z-]*:iam::)?(\d{12})(?::root)?$/.exec(String(p));
      if (match) roots.add(match[1]);
    }
  }
  return roots;
}

/** Deny statements that can take the key away from its administrators: key statements as JSON. */
function broadDenies(policy: Value): Set<string> {
  const glob = (a: Json) =>
    new RegExp(
      `^${String(a)
        .replace(/[.+^${}()|[\]\\]/g, "\\$&")
        .replace(/\*/g, ".*")
        .replace(/\?/g, ".")}$`,
      "i",
    );
  const dangerous = (a: Json) => ["kms:Decrypt", "kms:PutKeyPolicy"].some((action) => glob(a).test(action));
  const broad = (s: Json) =>
    s.Principal === "*" ||
    s.NotPrincipal !== undefined ||
    asList(s.Principal?.AWS).some((p: Json) => p === "*" || /^(?:arn:aws[a-z-]*:iam::)?\d{12}(?::root)?$/.test(String(p)));
  return new Set(
    (policyStatements(policy) ?? [])
      .filter((s) => s.Effect === "Deny" && broad(s) && (s.NotAction !== undefined || asList(s.Action).some(dangerous)))
      .map((s) => JSON.stringify({ ...s, Sid: undefined })),
  );
}

function keyPolicyDropsRoot(before: Json, after: Json, afterUnknown: Json): Omit<UpdateFinding, "rule">[] {
  const b = rootAdmins(at(before, ["policy"]));
  const afterPolicy = afterAt(after, afterUnknown, ["policy"]);
  const lost =
    "without the account root in the key policy, IAM policies no longer grant access to the key: " +
    "lose the listed principals and the key (and everything it encrypts) is unmanageable for good";
  if (b && b.size > 0 && afterPolicy === UNKNOWN)
    return [
      {
        attribute: "policy",
        before: `allows kms:* to the account root (${[...b].join(", ")})`,
        after: show(UNKNOWN),
        lost: `the review cannot show the root keeps access; ${lost}`,
      },
    ];
  if (afterPolicy === UNKNOWN) return [];
  const findings: Omit<UpdateFinding, "rule">[] = [];
  if (b && b.size > 0) {
    const a = rootAdmins(afterPolicy);
    const dropped = [...b].filter((id) => !a?.has(id));
    if (dropped.length > 0)
      findings.push({
        attribute: "policy",
        before: `allows kms:* to the account root (${[...b].join(", ")})`,
        after: `no kms:* for the root of ${dropped.join(", ")}`,
        lost,
      });
  }
  const oldDenies = broadDenies(at(before, ["policy"]));
  for (const deny of broadDenies(afterPolicy)) {
    if (oldDenies.has(deny)) continue;
    findings.push({
      attribute: "policy",
      before: "(no such Deny)",
      after: `adds Deny ${deny}`,
      lost:
        "a Deny of kms:*, kms:Decrypt or kms:PutKeyPolicy to every principal (or the root) wins over every Allow: " +
        "the data it encrypts is unreadable, or the key unmanageable for good",
    });
  }
  return findings;
}

interface EcrRule {
  readonly priority: number;
  /** The full selection but countNumber: rules with the same key select the same images. */
  readonly key: string;
  readonly tagStatus: string;
  readonly countType: string;
  readonly countNumber: number;
  readonly countUnit?: string;
  readonly expire: boolean;
}

const sortedList = (v: Json): string[] => (Array.isArray(v) ? v.map(String).sort() : []);

function ecrRules(policy: Value): EcrRule[] | undefined {
  if (typeof policy !== "string") return [];
  try {
    const doc = JSON.parse(policy);
    return list(doc?.rules).map((r: Json) => {
      const s = isObj(r?.selection) ? r.selection : {};
      return {
        priority: r?.rulePriority,
        key: JSON.stringify([s.tagStatus, sortedList(s.tagPrefixList), sortedList(s.tagPatternList), s.countType, s.countUnit]),
        tagStatus: s.tagStatus,
        countType: s.countType,
        countNumber: s.countNumber,
        countUnit: s.countUnit,
        expire: (r?.action?.type ?? "expire") === "expire",
      };
    });
  } catch {
    return undefined;
  }
}

function ecrKeepsFewer(before: Json, after: Json, afterUnknown: Json): Omit<UpdateFinding, "rule">[] {
  const afterPolicy = afterAt(after, afterUnknown, ["policy"]);
  if (afterPolicy === UNKNOWN)
    return [
      { attribute: "policy", before: "(set)", after: show(UNKNOWN), lost: "the review cannot show how many images the new policy keeps" },
    ];
  const b = ecrRules(at(before, ["policy"])) ?? [];
  const a = ecrRules(afterPolicy);
  if (a === undefined)
    return [
      { attribute: "policy", before: "(set)", after: "(not JSON)", lost: "the review cannot show how many images the new policy keeps" },
    ];
  const findings: Omit<UpdateFinding, "rule">[] = [];
  const describe = (r: EcrRule) => {
    const [, prefixes, patterns] = JSON.parse(r.key) as [unknown, string[], string[]];
    const tags =
      `${prefixes.length > 0 ? ` with tag prefix ${prefixes.join("|")}` : ""}` +
      `${patterns.length > 0 ? ` matching ${patterns.join("|")}` : ""}`;
    return r.countType === "imageCountMoreThan"
      ? `keeps ${r.countNumber} ${r.tagStatus} image(s)${tags}`
      : `expires ${r.tagStatus} images${tags} after ${r.countNumber} ${r.countUnit ?? "days"}`;
  };
  for (const rule of a.filter((r) => r.expire)) {
    // A changed selection (tag status, prefixes, patterns, count type or unit) is a new rule.
    const old = b.find((r) => r.expire && r.key === rule.key);
    if (old && typeof rule.countNumber === "number" && rule.countNumber >= old.countNumber) continue;
    findings.push({
      attribute: `policy.rules[priority ${rule.priority}]`,
      before: old ? describe(old) : "(no such rule)",
      after: describe(rule),
      lost: "older images are expired: Deployments (and rollbacks) pinned to them can no longer pull",
    });
  }
  return findings;
}

const deleteAfter = (lifecycle: Json): number => {
  const d = (list(lifecycle)[0] ?? undefined)?.delete_after;
  return typeof d === "number" && d > 0 ? d : Infinity;
};

const days = (d: number) => (d === Infinity ? "(kept forever)" : String(d));

/** Fields of a backup plan rule that decide where and how long recovery points are kept. */
const BACKUP_RULE_FIELDS: readonly (readonly (string | number)[])[] = [
  ["rule_name"],
  ["target_vault_name"],
  ["lifecycle"],
  ["lifecycle", 0, "delete_after"],
  ["copy_action"],
];

function backupRetentionShortened(before: Json, after: Json, afterUnknown: Json): Omit<UpdateFinding, "rule">[] {
  if (afterAt(after, afterUnknown, ["rule"]) === UNKNOWN)
    return [{ attribute: "rule", before: "(set)", after: show(UNKNOWN), lost: "the review cannot show how long recovery points are kept" }];
  const findings: Omit<UpdateFinding, "rule">[] = [];
  const unknownRules = list(at(afterUnknown, ["rule"]));
  list(after?.rule).forEach((rule: Json, i: number) => {
    const u = unknownRules[i];
    const copies = list(rule?.copy_action).map((_c: Json, j: number) => ["copy_action", j, "lifecycle", 0, "delete_after"] as const);
    const field = u === true ? [] : [...BACKUP_RULE_FIELDS, ...copies].find((path) => isUnknownAt(u, path));
    if (field !== undefined)
      findings.push({
        attribute: `rule[${i}]${field.length > 0 ? `.${field.join(".").replace(/\.(\d+)/g, "[$1]")}` : ""}`,
        before: "(set)",
        after: show(UNKNOWN),
        lost: "the review cannot show how long (or in which vault) recovery points are kept: worst case, deleted at once",
      });
  });
  const beforeRules = list(before?.rule).filter(isObj);
  const afterRules = list(after?.rule).filter(isObj);
  const old = new Map(beforeRules.map((r: Json) => [r.rule_name, r]));
  for (const r of afterRules) {
    const o = old.get(r.rule_name);
    if (!o) continue;
    if (deleteAfter(r.lifecycle) < deleteAfter(o.lifecycle)) {
      findings.push({
        attribute: `rule[${JSON.stringify(r.rule_name)}].lifecycle.delete_after`,
        before: days(deleteAfter(o.lifecycle)),
        after: days(deleteAfter(r.lifecycle)),
        lost: `recovery points older than ${deleteAfter(r.lifecycle)} day(s) are deleted`,
      });
    }
    if (o.target_vault_name !== r.target_vault_name) {
      findings.push({
        attribute: `rule[${JSON.stringify(r.rule_name)}].target_vault_name`,
        before: show(o.target_vault_name),
        after: show(r.target_vault_name),
        lost: "new recovery points go to another vault, outside the old vault's lock and access policy",
      });
    }
  }
  // Copy actions (per destination) that are gone or keep copies for less time.
  const copiesOf = (rules: Json[]) =>
    new Map(
      rules.flatMap((r: Json) =>
        list(r.copy_action)
          .filter(isObj)
          .map((c: Json) => [c.destination_vault_arn, deleteAfter(c.lifecycle)] as [string, number]),
      ),
    );
  const beforeCopies = copiesOf(beforeRules);
  const afterCopies = copiesOf(afterRules);
  for (const [vault, d] of beforeCopies) {
    const now = afterCopies.get(vault);
    if (now === undefined)
      findings.push({
        attribute: `copy_action[${JSON.stringify(vault)}]`,
        before: `copies kept ${days(d)} day(s)`,
        after: "(removed)",
        lost:
          "recovery points are no longer copied to that vault (another account or region): " +
          "one compromised account or region can then lose every copy",
      });
    else if (now < d)
      findings.push({
        attribute: `copy_action[${JSON.stringify(vault)}].lifecycle.delete_after`,
        before: days(d),
        after: days(now),
        lost: `copies older than ${now} day(s) are deleted`,
      });
  }
  // A removed (or renamed) rule makes no more recovery points on its schedule: a restore point it kept is gone once the old ones expire.
  const newNames = new Set(afterRules.map((r: Json) => r.rule_name));
  for (const o of beforeRules.filter((r: Json) => !newNames.has(r.rule_name))) {
    findings.push({
      attribute: `rule[${JSON.stringify(o.rule_name)}]`,
      before: `${show(o.schedule)}, kept ${days(deleteAfter(o.lifecycle))} day(s)`,
      after: "(removed or renamed)",
      lost: "no new recovery points on its schedule (a renamed rule counts as removed: allow it when the new rule keeps as much)",
    });
  }
  return findings;
}

/** A backup vault lock that protects less: lower minimum or maximum retention, or compliance mode dropped. */
function vaultLockWeakened(before: Json, after: Json, afterUnknown: Json): Omit<UpdateFinding, "rule">[] {
  const findings = [
    ...lowered(["min_retention_days"], (a) => `recovery points can be deleted after ${show(a)} day(s)`)(before, after, afterUnknown),
    ...lowered(["max_retention_days"], (a) => `recovery points are kept at most ${show(a)} day(s)`)(before, after, afterUnknown),
  ];
  const b = at(before, ["changeable_for_days"]);
  const a = afterAt(after, afterUnknown, ["changeable_for_days"]);
  if (typeof b === "number" && typeof a !== "number") {
    findings.push({
      attribute: "changeable_for_days",
      before: show(b),
      after: show(a),
      lost: "the lock is in governance mode (or unknown): anyone with enough IAM permissions can remove it and delete recovery points",
    });
  }
  return findings;
}

/**
 * The `environment-type` tag of a resource's values (`ENVIRONMENT_TYPE_TAG`): in `tags_all` (default tags
 * included) when the type has it, else in `tags`; with the attribute it was read from.
 */
export function environmentTypeTag(values: Json): { attribute: "tags_all" | "tags"; value: Value } | undefined {
  if (!values || typeof values !== "object") return undefined;
  const attribute = values.tags_all && typeof values.tags_all === "object" ? "tags_all" : "tags";
  const tags = values[attribute];
  return tags && typeof tags === "object" && ENVIRONMENT_TYPE_TAG in tags ? { attribute, value: tags[ENVIRONMENT_TYPE_TAG] } : undefined;
}

/** A resource tagged `environment-type = production` that is no longer (another value, no tag, or unknown). */
function productionTagLowered(before: Json, after: Json, afterUnknown: Json): Omit<UpdateFinding, "rule">[] {
  const tag = environmentTypeTag(before);
  if (tag?.value !== "production") return [];
  const path = [tag.attribute, ENVIRONMENT_TYPE_TAG];
  const a = afterAt(after, afterUnknown, path);
  if (a === "production") return [];
  return [
    {
      attribute: attr(path),
      before: show(tag.value),
      after: show(a),
      lost:
        "the resource no longer says it is production: later reviews of its stack would then trust the environment file " +
        "and skip the rules production keeps (a secret deleted at once), and its keys may be scheduled for deletion by administrators",
    },
  ];
}

const RDS = ["aws_rds_cluster", "aws_db_instance"];

export const UPDATE_RULES: readonly UpdateRule[] = [
  {
    id: "PR-RDS-1",
    title: "RDS/Aurora backup retention lowered",
    types: RDS,
    reason: "automated backups older than the new window are deleted at once; 0 (an RDS instance) turns backups off and deletes them all",
    check: lowered(["backup_retention_period"], (a) =>
      a === 0
        ? "automated backups are turned off and every existing one is deleted at once"
        : `automated backups older than ${show(a)} day(s) are deleted, and no point-in-time restore reaches further back`,
    ),
  },
  {
    id: "PR-RDS-2",
    title: "RDS/Aurora deletion protection turned off",
    types: RDS,
    reason: "a single API call (or terraform destroy) can then delete the database",
    check: turnedOff(["deletion_protection"], true, "the database can be deleted by one API call or a terraform destroy"),
  },
  {
    id: "PR-RDS-3",
    title: "RDS/Aurora final snapshot skipped",
    types: RDS,
    reason: "a deleted database then leaves no snapshot behind",
    check: turnedOn(["skip_final_snapshot"], true, "deleting the database leaves no final snapshot: the data is gone for good"),
  },
  {
    id: "PR-RDS-4",
    title: "RDS automated backups deleted with the instance",
    types: ["aws_db_instance"],
    reason: "deleting the instance then deletes its automated backups too",
    check: turnedOn(
      ["delete_automated_backups"],
      true,
      "a deleted instance takes its automated backups with it: no point-in-time restore afterwards",
    ),
  },
  {
    id: "PR-S3-1",
    title: "S3 force_destroy turned on",
    types: ["aws_s3_bucket"],
    reason: "Terraform then deletes every object and version to destroy the bucket",
    check: turnedOn(
      ["force_destroy"],
      true,
      "a destroy (or replacement) of the bucket deletes every object and version in it instead of failing",
    ),
  },
  {
    id: "PR-S3-2",
    title: "S3 versioning suspended (or MFA delete off)",
    types: ["aws_s3_bucket_versioning", "aws_s3_bucket"],
    reason: "overwritten and deleted objects are no longer kept as noncurrent versions",
    check: (b, a, u) => [
      // The bucket's deprecated inline versioning block.
      ...turnedOff(
        ["versioning", 0, "enabled"],
        true,
        "overwritten and deleted objects are no longer kept: one bad write or delete loses the object",
      )(b, a, u),
      ...turnedOff(
        ["versioning_configuration", 0, "status"],
        "Enabled",
        "overwritten and deleted objects are no longer kept: one bad write or delete loses the object",
      )(b, a, u),
      ...turnedOff(["versioning_configuration", 0, "mfa_delete"], "Enabled", "versions can be deleted without MFA")(b, a, u),
    ],
  },
  {
    id: "PR-S3-3",
    title: "S3 lifecycle expiration added or shortened",
    types: ["aws_s3_bucket_lifecycle_configuration"],
    reason: "objects or their noncurrent versions are deleted sooner than before (or at all)",
    check: s3LifecycleExpiry,
  },
  {
    id: "PR-S3-5",
    title: "S3 public access block turned off",
    types: ["aws_s3_bucket_public_access_block"],
    reason: "a bucket policy or ACL can then make the data public",
    check: (b, a, u) =>
      ["block_public_acls", "block_public_policy", "ignore_public_acls", "restrict_public_buckets"].flatMap((f) =>
        turnedOff([f], true, "a bucket policy or ACL can make the bucket's objects public")(b, a, u),
      ),
  },
  {
    id: "PR-S3-4",
    title: "S3 object lock removed or shortened",
    types: ["aws_s3_bucket_object_lock_configuration", "aws_s3_bucket"],
    reason: "locked versions can be deleted sooner (or by anyone allowed to bypass governance)",
    check: (b, a, u) => [
      ...objectLockWeakened(b, a, u),
      ...turnedOff(["object_lock_enabled"], true, "the bucket is re-created without object lock")(b, a, u),
    ],
  },
  {
    id: "PR-KMS-1",
    title: "KMS key disabled",
    types: ["aws_kms_key"],
    reason: "nothing encrypted with the key can be read while it is disabled",
    check: turnedOff(
      ["is_enabled"],
      true,
      "everything encrypted with the key (database, buckets, secrets, state) is unreadable while it is disabled",
    ),
  },
  {
    id: "PR-KMS-2",
    title: "KMS deletion window shortened",
    types: ["aws_kms_key"],
    reason: "a scheduled deletion can be cancelled only within the window",
    check: lowered(["deletion_window_in_days"], (a) => `a scheduled deletion of the key leaves ${show(a)} day(s) to notice and cancel it`),
  },
  {
    id: "PR-KMS-3",
    title: "KMS key policy drops the account root",
    types: ["aws_kms_key", "aws_kms_key_policy"],
    reason: "without the root statement only the principals named in the policy can ever manage the key",
    check: keyPolicyDropsRoot,
  },
  {
    id: "PR-KMS-4",
    title: "KMS policy lockout safety check bypassed",
    types: ["aws_kms_key"],
    reason: "AWS then accepts a policy that locks everyone out of the key",
    check: turnedOn(
      ["bypass_policy_lockout_safety_check"],
      true,
      "AWS no longer refuses a policy that locks every principal out of the key for good",
    ),
  },
  {
    id: "PR-SM-1",
    title: "Secrets Manager recovery window lowered",
    types: ["aws_secretsmanager_secret"],
    reason: "a deleted secret can be restored only within the window; 0 deletes it at once",
    notInNonProduction:
      "a non-production environment deletes its secrets at once by default (storage.secretRecoveryDays 0), " +
      "so that it can be torn down and deployed again: a secret scheduled for deletion keeps its name until its window ends",
    check: lowered(["recovery_window_in_days"], (a) =>
      a === 0
        ? "deleting the secret deletes it at once, with no way to restore its values"
        : `a deleted secret can be restored for ${show(a)} day(s) only`,
    ),
  },
  {
    id: "PR-ECR-1",
    title: "ECR force_delete turned on",
    types: ["aws_ecr_repository"],
    reason: "Terraform then deletes every image to destroy the repository",
    check: turnedOn(["force_delete"], true, "a destroy (or replacement) of the repository deletes every image in it instead of failing"),
  },
  {
    id: "PR-ECR-2",
    title: "ECR lifecycle policy keeps fewer images",
    types: ["aws_ecr_lifecycle_policy"],
    reason: "images a Deployment or a rollback needs are expired",
    check: ecrKeepsFewer,
  },
  {
    id: "PR-ECR-3",
    title: "ECR tags made mutable",
    types: ["aws_ecr_repository"],
    reason: "a push can then overwrite a tag a Deployment or rollback pins, and the old image is lost to it",
    check: turnedOff(
      ["image_tag_mutability"],
      "IMMUTABLE",
      "a push can overwrite a released tag: the image a Deployment or rollback pins is replaced",
    ),
  },
  {
    id: "PR-SM-2",
    title: "Secrets Manager secret value replaced",
    types: ["aws_secretsmanager_secret_version"],
    reason:
      "the old value is only kept as AWSPREVIOUS until the next change: " +
      "anything still using it breaks, and it cannot be read back after that",
    check: (b, a, u) =>
      ["secret_string", "secret_binary"].flatMap((f) => {
        const before = at(b, [f]);
        const after = afterAt(a, u, [f]);
        return before !== undefined && before !== null && before !== "" && after !== before
          ? [
              {
                attribute: f,
                before: "(a value)",
                after: after === UNKNOWN ? show(UNKNOWN) : after ? "(another value)" : "(unset)",
                lost: "the old value is kept only as AWSPREVIOUS until the next change; save it first if anything still needs it",
              },
            ]
          : [];
      }),
  },
  {
    id: "PR-LOG-1",
    title: "Log group retention shortened",
    types: ["aws_cloudwatch_log_group"],
    reason: "log events older than the new retention are deleted (0 or unset: kept forever)",
    check: lowered(
      ["retention_in_days"],
      (a) => `log events older than ${show(a)} day(s) are deleted (audit and incident evidence included)`,
      true,
    ),
  },
  {
    id: "PR-DDB-1",
    title: "DynamoDB point-in-time recovery off or shortened",
    types: ["aws_dynamodb_table"],
    reason: "the table can no longer be restored to a moment before a bad write",
    check: (b, a, u) => [
      ...turnedOff(
        ["point_in_time_recovery", 0, "enabled"],
        true,
        "the table can no longer be restored to a moment before a bad write; its continuous backups are deleted",
      )(b, a, u),
      ...lowered(["point_in_time_recovery", 0, "recovery_period_in_days"], (v) => `restores reach back ${show(v)} day(s) only`)(b, a, u),
    ],
  },
  {
    id: "PR-DDB-2",
    title: "DynamoDB deletion protection turned off",
    types: ["aws_dynamodb_table"],
    reason: "a single API call can then delete the table",
    check: turnedOff(["deletion_protection_enabled"], true, "the table can be deleted by one API call or a terraform destroy"),
  },
  {
    id: "PR-DDB-3",
    title: "DynamoDB TTL turned on or moved to another attribute",
    types: ["aws_dynamodb_table"],
    reason: "DynamoDB deletes every item whose TTL attribute is in the past",
    check: (b, a, u) => {
      const on = (v: Value) => v === true || v === UNKNOWN;
      const before = { enabled: at(b, ["ttl", 0, "enabled"]), name: at(b, ["ttl", 0, "attribute_name"]) };
      const after = { enabled: afterAt(a, u, ["ttl", 0, "enabled"]), name: afterAt(a, u, ["ttl", 0, "attribute_name"]) };
      if (!on(after.enabled) || (before.enabled === true && before.name === after.name)) return [];
      return [
        {
          attribute: "ttl[0]",
          before: before.enabled === true ? `on ${show(before.name)}` : "(off)",
          after: `on ${show(after.name)}`,
          lost: `items whose ${show(after.name)} lies in the past are deleted by DynamoDB`,
        },
      ];
    },
  },
  {
    id: "PR-EFS-1",
    title: "EFS automatic backups turned off",
    types: ["aws_efs_backup_policy"],
    reason: "the file system is no longer backed up by AWS Backup",
    check: turnedOff(["backup_policy", 0, "status"], "ENABLED", "no more automatic backups of the file system"),
  },
  {
    id: "PR-CACHE-1",
    title: "ElastiCache snapshot retention lowered",
    types: ["aws_elasticache_replication_group", "aws_elasticache_cluster"],
    reason: "snapshots older than the new limit are deleted; 0 turns snapshots off",
    check: lowered(["snapshot_retention_limit"], (a) =>
      a === 0 ? "automatic snapshots are turned off" : `snapshots older than ${show(a)} day(s) are deleted`,
    ),
  },
  {
    id: "PR-COGNITO-1",
    title: "Cognito user pool deletion protection turned off",
    types: ["aws_cognito_user_pool"],
    reason: "a single API call can then delete every user, and users cannot be exported with their passwords",
    check: turnedOff(
      ["deletion_protection"],
      "ACTIVE",
      "the pool, with every user and password, can be deleted by one API call or a terraform destroy",
    ),
  },
  {
    id: "PR-BACKUP-1",
    title: "AWS Backup retention shortened",
    types: ["aws_backup_plan"],
    reason: "recovery points are deleted sooner",
    check: backupRetentionShortened,
  },
  {
    id: "PR-BACKUP-2",
    title: "AWS Backup vault lock weakened",
    types: ["aws_backup_vault_lock_configuration"],
    reason: "recovery points can be deleted sooner, or the lock itself removed (compliance → governance)",
    check: vaultLockWeakened,
  },
  {
    id: "PR-BACKUP-3",
    title: "AWS Backup vault force_destroy turned on",
    types: ["aws_backup_vault"],
    reason: "Terraform then deletes every recovery point to destroy the vault",
    check: turnedOn(
      ["force_destroy"],
      true,
      "a destroy (or replacement) of the vault deletes every recovery point in it instead of failing",
    ),
  },
  {
    id: "PR-ENV-1",
    title: "Production environment type lowered",
    types: [EVERY_TYPE],
    reason:
      "the review reads a stack's environment type from the tags of its prior state, where the change under review cannot lower it: " +
      "a plan that lowers the tag is the change that would turn production into non-production",
    check: productionTagLowered,
  },
];

/** The update rules by id. */
export const UPDATE_RULE_IDS: ReadonlySet<string> = new Set(UPDATE_RULES.map((r) => r.id));

/** Every finding of every rule on one change (before and after both objects). */
export function updateFindings(type: string, before: Json, after: Json, afterUnknown: Json): UpdateFinding[] {
  if (!before || typeof before !== "object") return [];
  return UPDATE_RULES.filter((r) => r.types.includes(type) || r.types.includes(EVERY_TYPE)).flatMap((r) =>
    r.check(before, after ?? {}, afterUnknown ?? {}).map((f) => ({ rule: r.id, ...f })),
  );
}

/**
 * Creates of protection and configuration resources that can lose data of a resource that exists
 * already (a lifecycle configuration added to an old bucket expires its objects), compared with
 * the safe state the resource had without them: no expiration, versioning Enabled, no image expired.
 */
export interface CreateBaseline {
  /** The state without this resource (or a function of the created state that gives it). */
  readonly before: Json | ((after: Json) => Json);
  /** The attribute naming the resource it configures (`bucket`, `repository`). */
  readonly target: string;
  /** The type it configures and that type's attribute matched against `target`. */
  readonly parentType: string;
  readonly parentName: string;
}

export const CREATE_BASELINES: Readonly<Record<string, CreateBaseline>> = {
  aws_s3_bucket_lifecycle_configuration: { before: { rule: [] }, target: "bucket", parentType: "aws_s3_bucket", parentName: "bucket" },
  aws_s3_bucket_versioning: {
    before: { versioning_configuration: [{ status: "Enabled" }] },
    target: "bucket",
    parentType: "aws_s3_bucket",
    parentName: "bucket",
  },
  aws_ecr_lifecycle_policy: {
    before: { policy: JSON.stringify({ rules: [] }) },
    target: "repository",
    parentType: "aws_ecr_repository",
    parentName: "name",
  },
  // A key's default policy gives kms:* to its account root: a new key policy must keep that for every account it names.
  aws_kms_key_policy: {
    before: (after: Json) => ({ policy: rootPolicyOf(after?.policy) }),
    target: "key_id",
    parentType: "aws_kms_key",
    parentName: "key_id",
  },
};

/** A policy giving kms:* to the root of every account a policy names (the key's default policy), or of a placeholder account. */
function rootPolicyOf(policy: Value): string {
  const accounts = new Set(typeof policy === "string" ? (policy.match(/\b\d{12}\b/g) ?? []) : []);
  if (accounts.size === 0) accounts.add("000000000000");
  // The partition the policy itself uses (aws, aws-cn, aws-us-gov).
  const partition = (typeof policy === "string" ? /arn:(aws[a-z-]*):/.exec(policy)?.[1] : undefined) ?? "aws";
  return JSON.stringify({
    Statement: [...accounts].map((id) => ({
      Effect: "Allow",
      Principal: { AWS: `arn:${partition}:iam::${id}:root` },
      Action: "kms:*",
      Resource: "*",
    })),
  });
}

/** Every finding of every rule on the create of a type of `CREATE_BASELINES` (none for other types). */
export function createFindings(type: string, after: Json, afterUnknown: Json): UpdateFinding[] {
  const baseline = CREATE_BASELINES[type];
  if (!baseline) return [];
  return updateFindings(type, typeof baseline.before === "function" ? baseline.before(after) : baseline.before, after, afterUnknown);
}
