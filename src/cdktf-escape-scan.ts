/**
 * cdktf splits every string it resolves into literals, tokens and `${`/`}` escapes. Before each token
 * it looks for the next escape that starts before that token (`TokenString.nextEscapeToken(...,
 * maxIndex)`), but its regular expression searches from there to the end of the string and only then
 * drops a match at or after `maxIndex`. A string with many tokens is therefore scanned once per token:
 * the apps stack's dashboard body (about 200 KB and 200 references with 100 services) took a third
 * of a second per resolve, and cdktf resolves it twice.
 *
 * The patch answers the same question for long strings while remembering, per string, where the
 * last search for an opening and for a closing escape started and what it found: a later question
 * from a point in between has the same answer, so each part of the string is searched once. It keeps
 * cdktf's contract to the letter (which literal, which escape, which index and depth);
 * __tests__/cdktf-stack-traces.test.ts compares it with cdktf's own method on generated strings of
 * tokens, escapes, braces and text, short and long. With 100 services per environment it saves about
 * 0.3 s of CPU; the built-in environments have no string long enough to matter.
 *
 * Guarded like src/cdktf-stack-traces.ts: only for the cdktf version it was written for and only
 * when the method still has the shape it had; otherwise the synth goes on unpatched (the same output,
 * only slower) after one warning, and `npm test` fails on the refusal.
 */

import { INSTALLED_CDKTF_VERSION, loadQuietly, PatchResult } from "./cdktf-stack-traces";

/** The cdktf version whose `lib/tokens/private/encoding` this patch was written against and measured with. */
export const PATCHED_CDKTF_VERSION = "0.21.0";
/** The module patched; it is required below by this path, literally. */
export const ENCODING_MODULE = "cdktf/lib/tokens/private/encoding";

// eslint-disable-next-line @typescript-eslint/no-explicit-any
type NextEscapeToken = (fragments: any, startIndex: number, escapeDepth: number, maxIndex: number) => unknown;
interface TokenStringPrototype {
  str: string;
  nextEscapeToken: NextEscapeToken & { unbounded?: NextEscapeToken };
}

/** The result of {@link applyBoundedEscapeScan}: applied, or why not and what to do (the stack-trace patch's type). */
export type { PatchResult };

const WHAT_TO_DO =
  `check the new cdktf's lib/tokens/private/encoding.js (TokenString.nextEscapeToken still searching from startIndex ` +
  `to the end and dropping matches at or after maxIndex?), adapt src/cdktf-escape-scan.ts, re-measure with npm run bench, ` +
  `then set PATCHED_CDKTF_VERSION there`;

/** From this length on a string's searches are remembered (the test builds strings on both sides of it). */
export const LONG_STRING = 1024;

/** Where the next match of an escape's start or end is, from the last search of one string. */
interface Scan {
  readonly str: string;
  /** The search started here ... */
  from: number;
  /** ... and found a match here (-1: none up to the string's end). */
  at: number;
}

/** The searches of each TokenString (cdktf makes one per string it resolves), by kind of escape. */
const scans = new WeakMap<object, { begin?: Scan; end?: Scan }>();

// The escapes cdktf's encoding module looks for: `${` that does not start a token marker, and `}`.
const ESCAPE_BEGIN = /\$\{(?!TfToken\[)/g;
const ESCAPE_END = /\}/g;

/**
 * The first match of `pattern` at or after `startIndex` in `str` (-1 if none), answered from the
 * previous search when that one started at or before `startIndex` and found nothing before it: so
 * each part of the string is searched once, however many tokens and escapes follow each other.
 */
function nextMatch(owner: object, kind: "begin" | "end", pattern: RegExp, str: string, startIndex: number): number {
  const known = scans.get(owner) ?? {};
  const scan = known[kind];
  if (scan !== undefined && scan.str === str && scan.from <= startIndex && (scan.at === -1 || startIndex <= scan.at)) return scan.at;
  pattern.lastIndex = startIndex;
  const at = pattern.exec(str)?.index ?? -1;
  known[kind] = { str, from: startIndex, at };
  scans.set(owner, known);
  return at;
}

/**
 * cdktf's `nextEscapeToken`, with the same contract: the escape (`${` opening, `}` closing) that comes
 * first at or after `startIndex` and before `maxIndex` is added to `fragments`, after the literal text
 * before it, and the index after it and the new depth are returned; `index: -1` when there is none.
 * As in cdktf, the text before an escape is added when the next opening is after `startIndex`, even
 * if a closing comes first at `startIndex` (an empty literal).
 */
function scanningNextEscapeToken(unbounded: NextEscapeToken): NextEscapeToken & { unbounded: NextEscapeToken } {
  interface Fragments {
    addLiteral(text: string): void;
    addEscape(kind: "open" | "close"): void;
  }
  const nextEscapeToken = function (
    this: TokenStringPrototype,
    fragments: Fragments,
    startIndex: number,
    escapeDepth: number,
    maxIndex: number,
  ) {
    const str = this.str;
    // Short strings (almost all) cost cdktf's search less than the bookkeeping of remembered searches.
    if (str.length < LONG_STRING) return unbounded.call(this, fragments, startIndex, escapeDepth, maxIndex);
    const beginAt = nextMatch(this, "begin", ESCAPE_BEGIN, str, startIndex);
    const endAt = nextMatch(this, "end", ESCAPE_END, str, startIndex);
    const begin = beginAt !== -1 && beginAt < maxIndex ? beginAt : undefined;
    const end = endAt !== -1 && endAt < maxIndex ? endAt : undefined;
    if (begin === undefined && end === undefined) return { index: -1, escapeDepth };
    const opens = begin !== undefined && (end === undefined || begin < end);
    const first = opens ? (begin as number) : (end as number);
    const ledeBefore = begin !== undefined && end !== undefined ? begin > startIndex : first > startIndex;
    if (ledeBefore) fragments.addLiteral(str.substring(startIndex, first));
    fragments.addEscape(opens ? "open" : "close");
    return opens ? { index: first + 2, escapeDepth: escapeDepth + 1 } : { index: first + 1, escapeDepth: escapeDepth - 1 };
  } as NextEscapeToken;
  return Object.assign(nextEscapeToken, { unbounded });
}

/**
 * Bounds `TokenString.prototype.nextEscapeToken` of `module` (cdktf's encoding module) if `cdktfVersion`
 * is {@link PATCHED_CDKTF_VERSION} and the method has the expected shape. Never throws.
 */
export function applyBoundedEscapeScan(cdktfVersion: string | undefined, module: unknown): PatchResult {
  const refuse = (why: string): PatchResult => ({
    applied: false,
    reason: `cdktf escape-scan patch not applied (synth is correct, only slower): ${why}; ${WHAT_TO_DO}`,
  });
  if (cdktfVersion === undefined) {
    return refuse(`cdktf's version could not be read (cdktf/package.json), the patch was written for ${PATCHED_CDKTF_VERSION}`);
  }
  if (cdktfVersion !== PATCHED_CDKTF_VERSION) return refuse(`cdktf is ${cdktfVersion}, the patch was written for ${PATCHED_CDKTF_VERSION}`);
  const prototype = (module as { TokenString?: { prototype?: Partial<TokenStringPrototype> } } | undefined)?.TokenString?.prototype;
  const method = prototype?.nextEscapeToken;
  if (prototype === undefined || typeof method !== "function") {
    return refuse(`${ENCODING_MODULE} no longer exports a TokenString with a nextEscapeToken method`);
  }
  if (typeof method.unbounded === "function") return { applied: true };
  const source = Function.prototype.toString.call(method);
  // The shape measured: four parameters, a search from startIndex over this.str, matches at or after maxIndex dropped.
  if (
    method.length !== 4 ||
    !/lastIndex = startIndex/.test(source) ||
    !/exec\(this\.str\)/.test(source) ||
    !/\.index >= maxIndex/.test(source)
  ) {
    return refuse(`${ENCODING_MODULE}'s TokenString.nextEscapeToken changed shape`);
  }
  prototype.nextEscapeToken = scanningNextEscapeToken(method);
  return { applied: true };
}

// eslint-disable-next-line @typescript-eslint/no-require-imports
const encodingModule = loadQuietly(() => require("cdktf/lib/tokens/private/encoding"));
/** Whether this process scans strings for escapes only up to each token; the reason when not (also printed once). */
export const ESCAPE_SCAN_PATCH: PatchResult = applyBoundedEscapeScan(INSTALLED_CDKTF_VERSION, encodingModule);
if (!ESCAPE_SCAN_PATCH.applied) console.warn(`warning: ${ESCAPE_SCAN_PATCH.reason}`);
