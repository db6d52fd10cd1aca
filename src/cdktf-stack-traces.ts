/**
 * cdktf records where every token was created (Lazy values, references, intrinsics) by capturing
 * a stack trace of unlimited depth (`Error.stackTraceLimit = MAX_SAFE_INTEGER`), and keeps it
 * only to print if that token later fails to resolve. With construct trees 40-60 frames deep,
 * that capture is a quarter of a large synth's time. We keep the diagnostic but bound it to the
 * engine's default depth (`Error.stackTraceLimit`, 10 frames): the frames nearest the token's
 * creation, which are the ones that say which construct made it.
 *
 * cdktf's modules call `(0, stack_trace_1.captureStackTrace)()` through the module's exports
 * object, so replacing the export replaces every caller. That is cdktf's private code, so the patch
 * is guarded: it applies only to the cdktf version it was written for, and only when the export
 * still has the shape it had (a one-argument function that raises the stack-trace limit). Otherwise
 * synth goes on unpatched (correct output, only slower) after one warning that says what to do, and
 * `npm test` fails (__tests__/cdktf-stack-traces.test.ts asserts the patch is applied), so a cdktf
 * upgrade cannot silently lose it, nor stop anyone's synth.
 */

/** The cdktf version whose `lib/tokens/private/stack-trace` this patch was written against and measured with. */
export const PATCHED_CDKTF_VERSION = "0.21.0";
/** The module patched; `load` below requires it by this path, literally (the test checks the patched export is this module's). */
export const STACK_TRACE_MODULE = "cdktf/lib/tokens/private/stack-trace";

type Capture = (below?: (...args: never[]) => unknown) => string[];
interface StackTraceModule {
  captureStackTrace: Capture;
}

/** The result of {@link applyBoundedStackTraces}: applied, or why not and what to do. */
export type PatchResult = { readonly applied: true } | { readonly applied: false; readonly reason: string };

function captureBoundedStackTrace(below?: (...args: never[]) => unknown): string[] {
  const holder: { stack?: string } = {};
  Error.captureStackTrace(holder, below ?? captureBoundedStackTrace);
  // V8 formats the frames when `stack` is first read: only if cdktf ever prints this trace.
  let lines: string[] | undefined;
  const format = () =>
    (lines ??= holder.stack
      ? holder.stack
          .split("\n")
          .slice(1)
          .map((line) => line.replace(/^\s*at\s+/, ""))
      : []);
  return new Proxy([] as string[], {
    get: (_target, key) => Reflect.get(format(), key),
    has: (_target, key) => Reflect.has(format(), key),
    ownKeys: () => Reflect.ownKeys(format()),
    getOwnPropertyDescriptor: (_target, key) => Reflect.getOwnPropertyDescriptor(format(), key),
  });
}

/** What to do when the guard refuses, in one sentence. */
const WHAT_TO_DO =
  `check the new cdktf's lib/tokens/private/stack-trace.js (still an unbounded captureStackTrace(below) export?), ` +
  `adapt src/cdktf-stack-traces.ts, re-measure with npm run bench, then set PATCHED_CDKTF_VERSION there`;

/**
 * Replaces cdktf's unbounded stack-trace capture with {@link captureBoundedStackTrace}, if
 * `cdktfVersion` is {@link PATCHED_CDKTF_VERSION} (undefined: it could not be read, a mismatch) and
 * `module` has the shape the patch expects. Never throws: a refusal is returned with its reason.
 */
export function applyBoundedStackTraces(cdktfVersion: string | undefined, module: unknown): PatchResult {
  const refuse = (why: string): PatchResult => ({
    applied: false,
    reason: `cdktf stack-trace patch not applied (synth is correct, only slower): ${why}; ${WHAT_TO_DO}`,
  });
  if (cdktfVersion === undefined) {
    return refuse(`cdktf's version could not be read (cdktf/package.json), the patch was written for ${PATCHED_CDKTF_VERSION}`);
  }
  if (cdktfVersion !== PATCHED_CDKTF_VERSION) {
    return refuse(`cdktf is ${cdktfVersion}, the patch was written for ${PATCHED_CDKTF_VERSION}`);
  }
  const capture = (module as Partial<StackTraceModule> | undefined)?.captureStackTrace;
  if (typeof capture !== "function") return refuse(`${STACK_TRACE_MODULE} no longer exports a captureStackTrace function`);
  if (capture === captureBoundedStackTrace) return { applied: true };
  if (capture.length !== 1 || !/stackTraceLimit\s*=\s*Number\.MAX_SAFE_INTEGER/.test(Function.prototype.toString.call(capture))) {
    return refuse(`${STACK_TRACE_MODULE}'s captureStackTrace changed shape (no longer one argument raising Error.stackTraceLimit)`);
  }
  (module as StackTraceModule).captureStackTrace = captureBoundedStackTrace;
  return { applied: true };
}

/**
 * Runs one of cdktf's requires, or gives undefined when it throws: the module is gone, or a future
 * `exports` map hides it (then the guard refuses, naming it). Each require names its path literally.
 */
export function loadQuietly(read: () => unknown): unknown {
  try {
    return read();
  } catch {
    return undefined;
  }
}

// eslint-disable-next-line @typescript-eslint/no-require-imports
const version = (loadQuietly(() => require("cdktf/package.json")) as { version?: unknown } | undefined)?.version;
/** The installed cdktf's version, as its package.json says (undefined when it cannot be read): what both patches check. */
export const INSTALLED_CDKTF_VERSION = typeof version === "string" ? version : undefined;
// eslint-disable-next-line @typescript-eslint/no-require-imports
const stackTraceModule = loadQuietly(() => require("cdktf/lib/tokens/private/stack-trace"));
/** Whether this process runs with bounded token stack traces; the reason when not (also printed once). */
export const STACK_TRACE_PATCH: PatchResult = applyBoundedStackTraces(INSTALLED_CDKTF_VERSION, stackTraceModule);
if (!STACK_TRACE_PATCH.applied) console.warn(`warning: ${STACK_TRACE_PATCH.reason}`);
