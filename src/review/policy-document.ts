/**
 * A policy that is unknown in a plan because it is the `json` of an `aws_iam_policy_document` read at apply time
 * (its inputs name a resource created in the same plan, such as a new bucket's ARN): the data source's planned
 * read (`resource_changes`, mode `data`) still shows its statements, and often every principal and condition.
 * This rebuilds the policy from them when all that decides who gets in is known, so that a new production
 * bucket's policy is judged rather than refused for being unknown.
 */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
type Json = any;

const list = (v: Json): Json[] => (Array.isArray(v) ? v : []);

/** Whether anything at or under the value is marked unknown. */
const anyUnknown = (u: Json): boolean => u === true || (typeof u === "object" && u !== null && Object.values(u).some(anyUnknown));

const principalOf = (blocks: Json[]): Json => {
  if (blocks.some((b) => b?.type === "*")) return "*";
  const out: Record<string, string[]> = {};
  for (const b of blocks) out[String(b?.type)] = [...(out[String(b?.type)] ?? []), ...list(b?.identifiers).map(String)];
  return out;
};

/**
 * The policy JSON of the `aws_iam_policy_document` whose planned read is `change`, when its effects, principals,
 * not-principals and conditions are all known and it merges no other document; undefined otherwise. Unknown
 * actions or resources are left out (they decide what, not who).
 */
export function policyFromDocumentRead(change: { change: { after?: unknown; after_unknown?: unknown } }): string | undefined {
  const after: Json = change.change.after ?? {};
  const unknown: Json = change.change.after_unknown ?? {};
  for (const merged of ["source_policy_documents", "override_policy_documents", "source_json", "override_json"]) {
    if (anyUnknown(unknown[merged])) return undefined;
    const value = after[merged];
    if (value !== undefined && value !== null && value !== "" && !(Array.isArray(value) && value.length === 0)) return undefined;
  }
  if (unknown.statement === true) return undefined;
  const statements = list(after.statement);
  const unknownStatements = list(unknown.statement);
  const out: Json[] = [];
  for (let i = 0; i < statements.length; i++) {
    const s = statements[i];
    const u = unknownStatements[i] ?? {};
    if (u === true || ["effect", "principals", "not_principals", "condition", "not_actions"].some((f) => anyUnknown(u[f])))
      return undefined;
    const condition: Record<string, Record<string, string[]>> = {};
    for (const c of list(s?.condition))
      condition[String(c?.test)] = { ...condition[String(c?.test)], [String(c?.variable)]: list(c?.values).map(String) };
    out.push({
      ...(typeof s?.sid === "string" && s.sid !== "" ? { Sid: s.sid } : {}),
      Effect: s?.effect || "Allow",
      ...(list(s?.not_actions).length > 0 ? { NotAction: list(s.not_actions) } : { Action: anyUnknown(u.actions) ? [] : list(s?.actions) }),
      ...(list(s?.principals).length > 0 ? { Principal: principalOf(list(s.principals)) } : {}),
      ...(list(s?.not_principals).length > 0 ? { NotPrincipal: principalOf(list(s.not_principals)) } : {}),
      ...(Object.keys(condition).length > 0 ? { Condition: condition } : {}),
    });
  }
  return JSON.stringify({ Version: "2012-10-17", Statement: out });
}
