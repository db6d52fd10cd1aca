/**
 * What an update changes: every attribute whose before and after differ, down to the leaves,
 * as paths (`rule["daily"].lifecycle[0].delete_after`). A block added or removed is one change of
 * the whole block; a value unknown until apply is a change (to an unknown value). Lists Terraform
 * keeps as sets of named blocks are matched by name, so a reordering is no change.
 */
import { UNKNOWN } from "../rules/values";

/** One step of an attribute path: an attribute or map key, a list index, or a block matched by its name. */
export type Step = string | number | { readonly key: string };

export interface Changed {
  readonly path: readonly Step[];
  readonly before: unknown;
  /** `UNKNOWN` when Terraform knows it only after apply. */
  readonly after: unknown;
}

/** Lists of named blocks, per type: the attribute of the list and the attribute naming each block. */
export const NAMED_BLOCKS: Readonly<Record<string, Readonly<Record<string, string>>>> = {
  aws_backup_plan: { rule: "rule_name" },
  aws_s3_bucket_lifecycle_configuration: { rule: "id" },
};

const isPlainObject = (v: unknown): v is Record<string, unknown> => typeof v === "object" && v !== null && !Array.isArray(v);

/** null, undefined, [] and {}: Terraform writes each for an absent block or map. */
const isEmpty = (v: unknown) =>
  v === null || v === undefined || (Array.isArray(v) && v.length === 0) || (isPlainObject(v) && Object.keys(v).length === 0);

/**
 * null and the zero value of a type (0, "", false): the AWS provider (SDK v2) cannot tell them apart, and a state
 * written before an attribute existed holds null where the provider now plans its zero value.
 */
const isZero = (v: unknown) => v === null || v === undefined || v === 0 || v === "" || v === false;

/** `rule["daily"].lifecycle[0].delete_after`. */
export function formatPath(path: readonly Step[]): string {
  return path
    .map((step, i) => {
      if (typeof step === "number") return `[${step}]`;
      if (typeof step === "object") return `[${JSON.stringify(step.key)}]`;
      if (/^[A-Za-z_][A-Za-z0-9_-]*$/.test(step)) return i === 0 ? step : `.${step}`;
      return `[${JSON.stringify(step)}]`;
    })
    .join("");
}

/** Every attribute an update of a resource of `type` changes. */
export function changedAttributes(type: string, before: unknown, after: unknown, afterUnknown: unknown): Changed[] {
  const changes: Changed[] = [];
  const walk = (b: unknown, a: unknown, u: unknown, path: Step[]): void => {
    if (u === true) {
      changes.push({ path, before: b, after: UNKNOWN });
      return;
    }
    if (isPlainObject(b) && isPlainObject(a)) {
      const unknown = isPlainObject(u) ? u : {};
      for (const key of new Set([...Object.keys(b), ...Object.keys(a), ...Object.keys(unknown)]))
        walk(b[key], a[key], unknown[key], [...path, key]);
      return;
    }
    if (Array.isArray(b) && Array.isArray(a)) {
      const unknown = Array.isArray(u) ? u : [];
      const named = path.length === 1 && typeof path[0] === "string" ? NAMED_BLOCKS[type]?.[path[0]] : undefined;
      const names = (list: unknown[]) =>
        list.map((e) => (isPlainObject(e) && typeof e[named ?? ""] === "string" ? (e[named ?? ""] as string) : undefined));
      const beforeNames = named ? names(b) : [];
      const afterNames = named ? names(a) : [];
      const byName =
        named !== undefined && [beforeNames, afterNames].every((n) => n.every((x) => x !== undefined) && new Set(n).size === n.length);
      if (byName) {
        for (const name of new Set([...beforeNames, ...afterNames] as string[])) {
          const i = afterNames.indexOf(name);
          walk(b[beforeNames.indexOf(name)], i < 0 ? undefined : a[i], i < 0 ? undefined : unknown[i], [...path, { key: name }]);
        }
        return;
      }
      for (let i = 0; i < Math.max(b.length, a.length, unknown.length); i++) walk(b[i], a[i], unknown[i], [...path, i]);
      return;
    }
    if (isEmpty(b) && isEmpty(a)) return;
    if (isZero(b) && isZero(a)) return;
    if (JSON.stringify(b) !== JSON.stringify(a)) changes.push({ path, before: b, after: a });
  };
  walk(isPlainObject(before) ? before : {}, isPlainObject(after) ? after : {}, afterUnknown, []);
  return changes;
}
