import { changesWithAfter, Json, PlanRule, PlanRuleContext, PlanRuleFinding, unknownAt } from "./types";

/** The actions the break-glass guardrails of `EncryptionKey` (`destructionGuard`) deny to everyone but the break-glass role. */
export const GUARDED_KEY_ACTIONS = ["kms:ScheduleKeyDeletion", "kms:DisableKey", "kms:PutKeyPolicy"] as const;

const asList = (v: Json): Json[] => (Array.isArray(v) ? v : v === undefined || v === null ? [] : [v]);
const glob = (pattern: string) =>
  new RegExp(
    `^${pattern
      .replace(/[.+^${}()|[\]\\]/g, "\\$&")
      .replace(/\*/g, ".*")
      .replace(/\?/g, ".")}$`,
    "i",
  );

/** A Deny to every principal (`*`) of one of the guarded actions: a guardrail statement, as JSON without its Sid. */
export function guardrails(policy: unknown): Map<string, string[]> | undefined {
  if (typeof policy !== "string" || policy === "") return new Map();
  let doc: Json;
  try {
    doc = JSON.parse(policy);
  } catch {
    return undefined;
  }
  const found = new Map<string, string[]>();
  for (const s of asList(doc?.Statement)) {
    if (s?.Effect !== "Deny" || s.NotAction !== undefined) continue;
    const everyone = s.Principal === "*" || asList(s.Principal?.AWS).includes("*");
    if (!everyone) continue;
    const actions = GUARDED_KEY_ACTIONS.filter((g) => asList(s.Action).some((a: Json) => glob(String(a)).test(g)));
    if (actions.length === 0) continue;
    const { Sid: _sid, ...rest } = s;
    found.set(canonical(rest), actions);
  }
  return found;
}

/** JSON with object keys sorted and single values as lists, so that an equal statement written otherwise compares equal. */
function canonical(value: Json): string {
  const norm = (v: Json): Json =>
    Array.isArray(v)
      ? v.map(norm).sort((a, b) => (JSON.stringify(a) < JSON.stringify(b) ? -1 : 1))
      : typeof v === "object" && v !== null
        ? Object.fromEntries(
            Object.keys(v)
              .sort()
              .map((k) => [k, Array.isArray(v[k]) || typeof v[k] === "object" ? norm(v[k]) : norm([v[k]])]),
          )
        : v;
  return JSON.stringify(norm(value));
}

const POLICY_TYPES = ["aws_kms_key", "aws_kms_key_policy"];

function keyGuardrails(context: PlanRuleContext): PlanRuleFinding[] {
  const findings: PlanRuleFinding[] = [];
  for (const change of changesWithAfter(context.plan).filter((c) => POLICY_TYPES.includes(c.type))) {
    const { address, type } = change;
    const before: Json = change.change.before;
    const created = change.change.actions.join(",") === "create";
    const old = created ? new Map<string, string[]>() : (guardrails(before?.policy) ?? new Map<string, string[]>());
    if (unknownAt(change.change.after_unknown, ["policy"])) {
      // A new key with no policy set gets AWS's default; one that had guardrails (or a new policy resource) must show them.
      if (old.size === 0 && type === "aws_kms_key") continue;
      findings.push({
        address,
        type,
        attribute: "policy",
        before: old.size > 0 ? `${old.size} guardrail statement(s)` : "(none)",
        after: "(known after apply)",
        lost:
          "the review cannot show the key keeps its break-glass guardrails " +
          "(only the break-glass role deletes, disables or re-writes it)",
      });
      continue;
    }
    const now = guardrails((change.change.after as Json)?.policy);
    if (now === undefined) {
      findings.push({
        address,
        type,
        attribute: "policy",
        before: "(set)",
        after: "(not JSON)",
        lost: "the review cannot read the key policy",
      });
      continue;
    }
    for (const [statement, actions] of old) {
      if (now.has(statement)) continue;
      findings.push({
        address,
        type,
        attribute: "policy",
        before: `Deny of ${actions.join(", ")} to everyone: ${statement}`,
        after: "(dropped or changed)",
        lost:
          "a break-glass guardrail of the key is gone or changed: a CI or stack role may then delete, disable or re-write the key, " +
          "and with it every piece of data it encrypts",
      });
    }
    // A key policy resource replaces whatever policy the key had (its guardrails included): one created in
    // production carries every guardrail, as EncryptionKey writes them. (A new aws_kms_key is not held to it: the
    // project's keys carry their policy themselves, and a replaced key is refused as data loss.)
    if (created && type === "aws_kms_key_policy") {
      const covered = new Set([...now.values()].flat());
      const missing = GUARDED_KEY_ACTIONS.filter((a) => !covered.has(a));
      if (missing.length > 0)
        findings.push({
          address,
          type,
          attribute: "policy",
          before: "(the key's own policy)",
          after: `no Deny to everyone of ${missing.join(", ")}`,
          lost:
            "the key policy it writes has no break-glass guardrail: " +
            "any principal it or IAM allows can delete, disable or re-write the key",
        });
    }
  }
  return findings;
}

/** A key policy that drops the break-glass guardrails. */
export const rule: PlanRule = {
  id: "PR-KMS-5",
  title: "KMS key break-glass guardrails dropped",
  reason:
    "the key policy's Deny statements (src/constructs/security/kms-key.ts, destructionGuard) are what keep every principal but the " +
    "break-glass role from deleting, disabling or re-writing a production key",
  productionOnly:
    "a non-production key's guardrails change with its administrators (cluster.adminRoleArns may schedule its deletion for a teardown); " +
    "another account let in by its policy is refused there too (PR-IAM-1)",
  check: keyGuardrails,
};
