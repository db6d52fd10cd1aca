/**
 * cdktf splits every string it resolves into literals, tokens and `${`/`}` escapes. Before each token
 * it looks for the next escape that starts before that token (`TokenString.nextEscapeToken(...,
 * maxIndex)`), but its regular expression searches from there to the end of the string and only then
 * drops a match at or after `maxIndex`. A string with many tokens is therefore scanned once per token:
 * the apps stack's dashboard body (about 200 KB and 200 references with 100 services) took a third
 * of a second per resolve, and cdktf resolves it twice.
 *
 * The patch hands the same method a view of the string that ends at `maxIndex` (a slice, which V8
 * makes without copying), so the search stops where its result would be dropped anyway. Every match
 * it can find, every literal it cuts and every index it returns lie before `maxIndex`, where the view
 * and the string are the same characters; __tests__/cdktf-escape-scan.test.ts compares both on
 * generated strings of tokens, escapes and braces.
 *
 * Guarded like src/cdktf-stack-traces.ts: only for the cdktf version it was written for and only
 * when the method still has the shape it had; otherwise the synth goes on unpatched (the same output,
 * only slower) after one warning, and `npm test` fails on the refusal.
 */

/** The cdktf version whose `lib/tokens/private/encoding` this patch was written against and measured with. */
export const PATCHED_CDKTF_VERSION = "0.21.0";
/** The module patched; `load` below requires it by this path, literally. */
export const ENCODING_MODULE = "cdktf/lib/tokens/private/encoding";

type NextEscapeToken = (fragments: unknown, startIndex: number, escapeDepth: number, maxIndex: number) => unknown;
interface TokenStringPrototype {
  str: string;
  nextEscapeToken: NextEscapeToken & { unbounded?: NextEscapeToken };
}

/** The result of {@link applyBoundedEscapeScan}: applied, or why not and what to do. */
export type PatchResult = { readonly applied: true } | { readonly applied: false; readonly reason: string };

const WHAT_TO_DO =
  `check the new cdktf's lib/tokens/private/encoding.js (TokenString.nextEscapeToken still searching from startIndex ` +
  `to the end and dropping matches at or after maxIndex?), adapt src/cdktf-escape-scan.ts, re-measure with npm run bench, ` +
  `then set PATCHED_CDKTF_VERSION there`;

/** cdktf's method, called on a view of the string that ends at `maxIndex`. */
function bounded(unbounded: NextEscapeToken): NextEscapeToken & { unbounded: NextEscapeToken } {
  const boundedNextEscapeToken = function (
    this: TokenStringPrototype,
    fragments: unknown,
    startIndex: number,
    escapeDepth: number,
    maxIndex: number,
  ) {
    const whole = this.str;
    if (!(maxIndex < whole.length)) return unbounded.call(this, fragments, startIndex, escapeDepth, maxIndex);
    this.str = whole.slice(0, maxIndex);
    try {
      return unbounded.call(this, fragments, startIndex, escapeDepth, maxIndex);
    } finally {
      this.str = whole;
    }
  };
  return Object.assign(boundedNextEscapeToken, { unbounded });
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
  prototype.nextEscapeToken = bounded(method);
  return { applied: true };
}

function load(read: () => unknown): unknown {
  try {
    return read();
  } catch {
    return undefined;
  }
}

// eslint-disable-next-line @typescript-eslint/no-require-imports
const version = (load(() => require("cdktf/package.json")) as { version?: unknown } | undefined)?.version;
// eslint-disable-next-line @typescript-eslint/no-require-imports
const encodingModule = load(() => require("cdktf/lib/tokens/private/encoding"));
/** Whether this process scans strings for escapes only up to each token; the reason when not (also printed once). */
export const ESCAPE_SCAN_PATCH: PatchResult = applyBoundedEscapeScan(typeof version === "string" ? version : undefined, encodingModule);
if (!ESCAPE_SCAN_PATCH.applied) console.warn(`warning: ${ESCAPE_SCAN_PATCH.reason}`);
