import { Json, PlanRule, PlanRuleContext, PlanRuleFinding } from "./types";

const asList = (v: Json): Json[] => (Array.isArray(v) ? v : v === undefined || v === null ? [] : [v]);

/** Whether a bucket policy denies every request that is not over TLS (`aws:SecureTransport` false, to everyone). */
export function deniesPlainHttp(policy: unknown): boolean {
  if (typeof policy !== "string" || policy === "") return false;
  let doc: Json;
  try {
    doc = JSON.parse(policy);
  } catch {
    return false;
  }
  return asList(doc?.Statement).some((s: Json) => {
    if (s?.Effect !== "Deny" || !(s.Principal === "*" || asList(s.Principal?.AWS).includes("*"))) return false;
    const bool = s.Condition?.Bool ?? s.Condition?.bool;
    const value = bool?.["aws:SecureTransport"] ?? bool?.["aws:securetransport"];
    return asList(value).map(String).includes("false");
  });
}

/**
 * The deletion (or forget) of a bucket's public access block, and the deletion of its bucket policy (or an update
 * of it) that takes away the TLS-only Deny; not when the bucket itself is deleted in the same plan (refused on its own).
 */
function protectionDeleted(context: PlanRuleContext): PlanRuleFinding[] {
  const changes = (context.plan.resource_changes ?? []).filter((c) => c.mode === "managed");
  const deletedBuckets = new Set(
    changes
      .filter((c) => c.type === "aws_s3_bucket" && c.change.actions.includes("delete") && !c.change.actions.includes("create"))
      .map((c) => (c.change.before as Json)?.bucket),
  );
  const findings: PlanRuleFinding[] = [];
  for (const c of changes) {
    const actions = c.change.actions;
    const gone = (actions.includes("delete") || actions.includes("forget")) && !actions.includes("create");
    const before: Json = c.change.before ?? {};
    if (deletedBuckets.has(before.bucket)) continue;
    if (gone && (c.type === "aws_s3_bucket_public_access_block" || c.type === "aws_s3_account_public_access_block")) {
      findings.push({
        address: c.address,
        type: c.type,
        attribute: "(the resource)",
        before: "blocks public ACLs and policies",
        after: actions.includes("forget") ? "(forgotten)" : "(deleted)",
        lost: "without its public access block a bucket policy or ACL can make the bucket's objects public",
      });
    }
    if (c.type === "aws_s3_bucket_policy" && deniesPlainHttp(before.policy)) {
      const after: Json = c.change.after;
      const kept = !gone && (deniesPlainHttp(after?.policy) || (c.change.after_unknown as Json)?.policy === true);
      if (!kept)
        findings.push({
          address: c.address,
          type: c.type,
          attribute: "policy",
          before: "denies requests without TLS (aws:SecureTransport false)",
          after: gone ? "(deleted)" : "no such Deny",
          lost: "the bucket answers plain-HTTP requests again: its data (and credentials) can be read or changed on the wire",
        });
    }
  }
  return findings;
}

/** A bucket's public access block or TLS-only policy deleted. */
export const rule: PlanRule = {
  id: "PR-S3-6",
  title: "S3 public access block or TLS-only bucket policy deleted",
  reason: "turning the block off in place is refused (PR-S3-5); deleting the resource removes the same protection",
  productionOnly:
    "a non-production teardown deletes its buckets' protection with them; the bucket deletion itself is still refused unless allowed",
  check: protectionDeleted,
};
