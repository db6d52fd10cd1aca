/**
 * Readers of a change's before and after values for the update rules, and the checks most rules
 * are made of (a protection turned off, a danger turned on, a number lowered). A value unknown
 * until apply counts as the worst case: the review cannot show it is safe.
 */
import type { Json } from "./types";

/** Marks a value Terraform only knows after apply. */
export const UNKNOWN = Symbol("unknown");
export type Value = unknown;

export function at(value: Json, path: readonly (string | number)[]): Value {
  let v = value;
  for (const step of path) {
    if (v === null || v === undefined || typeof v !== "object") return undefined;
    v = v[step as never];
  }
  return v;
}

/** The after value at `path`, or UNKNOWN when `after_unknown` marks it (or a parent). */
export function afterAt(after: Json, afterUnknown: Json, path: readonly (string | number)[]): Value {
  let u = afterUnknown;
  for (const step of path) {
    if (u === true) return UNKNOWN;
    if (u === null || u === undefined || typeof u !== "object") break;
    u = u[step as never];
  }
  if (u === true) return UNKNOWN;
  return at(after, path);
}

export function show(value: Value): string {
  if (value === UNKNOWN) return "(known after apply)";
  if (value === undefined || value === null) return "(unset)";
  return typeof value === "string" ? JSON.stringify(value) : String(value);
}

export const attr = (path: readonly (string | number)[]) =>
  path.map((s, i) => (typeof s === "number" ? `[${s}]` : i === 0 ? s : `.${s}`)).join("");

/** A protective value (`true`, `"Enabled"`) that is no longer there. */
export function turnedOff(path: readonly (string | number)[], protective: unknown, lost: string) {
  return (before: Json, after: Json, afterUnknown: Json) => {
    const b = at(before, path);
    const a = afterAt(after, afterUnknown, path);
    return b === protective && a !== protective ? [{ attribute: attr(path), before: show(b), after: show(a), lost }] : [];
  };
}

/** A dangerous value (`force_destroy = true`) that was not there before. */
export function turnedOn(path: readonly (string | number)[], dangerous: unknown, lost: string) {
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
export function lowered(path: readonly (string | number)[], lost: (after: Value) => string, zeroIsForever = false) {
  const rank = (v: Value): number =>
    v === UNKNOWN ? -1 : typeof v !== "number" ? (zeroIsForever ? Infinity : 0) : zeroIsForever && v === 0 ? Infinity : v;
  return (before: Json, after: Json, afterUnknown: Json) => {
    const b = at(before, path);
    const a = afterAt(after, afterUnknown, path);
    if (typeof b !== "number" && !zeroIsForever) return [];
    return rank(a) < rank(b) ? [{ attribute: attr(path), before: show(b), after: show(a), lost: lost(a) }] : [];
  };
}

export const list = (value: Value): Json[] => (Array.isArray(value) ? value : []);

export const isObj = (v: Json): boolean => typeof v === "object" && v !== null && !Array.isArray(v);

/** Whether `after_unknown` marks `path` (or a parent of it) under `u`. */
export function isUnknownAt(u: Json, path: readonly (string | number)[]): boolean {
  let v = u;
  for (const step of path) {
    if (v === true) return true;
    if (v === null || v === undefined || typeof v !== "object") return false;
    v = v[step as never];
  }
  return v === true;
}

export const asList = (v: Json): Json[] => (Array.isArray(v) ? v : v === undefined || v === null ? [] : [v]);

export function policyStatements(policy: Value): Json[] | undefined {
  if (typeof policy !== "string") return [];
  try {
    return asList(JSON.parse(policy)?.Statement).filter(isObj);
  } catch {
    return undefined;
  }
}
