/**
 * cdktf records where every token was created (Lazy values, references, intrinsics) by capturing
 * a stack trace of unlimited depth (`Error.stackTraceLimit = MAX_SAFE_INTEGER`), and keeps it
 * only to print if that token later fails to resolve. With construct trees 40-60 frames deep,
 * that capture is a quarter of a large synth's time. We keep the diagnostic but bound it to the
 * engine's default depth (`Error.stackTraceLimit`, 10 frames): the frames nearest the token's
 * creation, which are the ones that say which construct made it.
 *
 * cdktf's modules call `(0, stack_trace_1.captureStackTrace)()` through the module's exports
 * object, so replacing the export replaces every caller. cdktf is pinned exactly (0.21.0); a
 * test fails if the module or its export moves.
 */
// eslint-disable-next-line @typescript-eslint/no-require-imports
const stackTrace = require("cdktf/lib/tokens/private/stack-trace") as { captureStackTrace: (below?: Function) => string[] };

function captureBoundedStackTrace(below?: Function): string[] {
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

if (typeof stackTrace.captureStackTrace !== "function") {
  throw new Error(
    "cdktf/lib/tokens/private/stack-trace no longer exports captureStackTrace: review src/cdktf-stack-traces.ts for this cdktf version",
  );
}
stackTrace.captureStackTrace = captureBoundedStackTrace;

export const BOUNDED_TOKEN_STACK_TRACES = true;
