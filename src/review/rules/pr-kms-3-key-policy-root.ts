import type { Json, RuleFinding, UpdateRule } from "./types";
import { UNKNOWN, at, afterAt, show, asList, policyStatements } from "./values";
import type { Value } from "./values";

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

function keyPolicyDropsRoot(before: Json, after: Json, afterUnknown: Json): RuleFinding[] {
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
  const findings: RuleFinding[] = [];
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

/** KMS key policy drops the account root. */
export const rule: UpdateRule = {
  id: "PR-KMS-3",
  title: "KMS key policy drops the account root",
  types: ["aws_kms_key", "aws_kms_key_policy"],
  reason: "without the root statement only the principals named in the policy can ever manage the key",
  check: keyPolicyDropsRoot,
};
