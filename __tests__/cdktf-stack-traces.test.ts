import { applyBoundedStackTraces, PATCHED_CDKTF_VERSION, STACK_TRACE_MODULE, STACK_TRACE_PATCH } from "../src/cdktf-stack-traces";

/** A module shaped like cdktf 0.21's stack-trace module: a one-argument export that raises the limit. */
function cdktfShapedModule() {
  function captureStackTrace(below?: unknown): string[] {
    const object = { stack: "" };
    Error.stackTraceLimit = Number.MAX_SAFE_INTEGER;
    return below ? [object.stack] : [];
  }
  return { captureStackTrace };
}

describe("the cdktf stack-trace patch is guarded (src/cdktf-stack-traces.ts)", () => {
  test("with the installed cdktf the patch is applied (if not, the reason below says what to do)", () => {
    expect(STACK_TRACE_PATCH).toEqual({ applied: true });
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    expect(require(STACK_TRACE_MODULE).captureStackTrace.name).toBe("captureBoundedStackTrace");
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    expect(require("cdktf/package.json").version).toBe(PATCHED_CDKTF_VERSION);
  });

  test("the pinned version with the expected shape: the export is replaced", () => {
    const module = cdktfShapedModule();
    expect(applyBoundedStackTraces(PATCHED_CDKTF_VERSION, module)).toEqual({ applied: true });
    expect(module.captureStackTrace.name).toBe("captureBoundedStackTrace");
  });

  test.each([
    ["another cdktf version", "0.22.0", cdktfShapedModule(), /cdktf is 0\.22\.0, the patch was written for 0\.21\.0/],
    [
      "cdktf's version unreadable",
      undefined,
      cdktfShapedModule(),
      /cdktf's version could not be read \(cdktf\/package\.json\), the patch was written for 0\.21\.0/,
    ],
    [
      "the module is gone",
      PATCHED_CDKTF_VERSION,
      undefined,
      /cdktf\/lib\/tokens\/private\/stack-trace no longer exports a captureStackTrace/,
    ],
    ["the export is gone", PATCHED_CDKTF_VERSION, { capture: () => [] }, /no longer exports a captureStackTrace function/],
    ["the export takes other arguments", PATCHED_CDKTF_VERSION, { captureStackTrace: (_a: unknown, _b: unknown) => [] }, /changed shape/],
    ["the export no longer raises the limit", PATCHED_CDKTF_VERSION, { captureStackTrace: (_below: unknown) => [] }, /changed shape/],
  ])("%s: not applied, the module left as it was, and the reason names what to do", (_case, version, module, why) => {
    const before = module && { ...module };
    const result = applyBoundedStackTraces(version, module);
    expect(result.applied).toBe(false);
    const reason = result.applied ? "" : result.reason;
    expect(reason).toMatch(why);
    expect(reason).toMatch(/synth is correct, only slower/);
    expect(reason).toMatch(/lib\/tokens\/private\/stack-trace\.js/);
    expect(reason).toMatch(/npm run bench/);
    expect(reason).toMatch(/PATCHED_CDKTF_VERSION/);
    expect(module).toEqual(before);
  });

  test("loaded with another cdktf, the module warns once on one line and synth goes on (nothing thrown)", () => {
    const warn = jest.spyOn(console, "warn").mockImplementation(() => undefined);
    try {
      jest.isolateModules(() => {
        jest.doMock("cdktf/package.json", () => ({ version: "0.99.0" }));
        // eslint-disable-next-line @typescript-eslint/no-require-imports
        const reloaded = require("../src/cdktf-stack-traces");
        expect(reloaded.STACK_TRACE_PATCH.applied).toBe(false);
      });
      expect(warn).toHaveBeenCalledTimes(1);
      const line = String(warn.mock.calls[0][0]);
      expect(line).toMatch(/^warning: cdktf stack-trace patch not applied .*cdktf is 0\.99\.0/);
      expect(line).not.toContain("\n");
    } finally {
      warn.mockRestore();
      jest.dontMock("cdktf/package.json");
    }
  });

  test("cdktf/package.json unreadable (e.g. hidden by a future `exports` map): it warns once as a mismatch, nothing thrown", () => {
    const warn = jest.spyOn(console, "warn").mockImplementation(() => undefined);
    try {
      jest.isolateModules(() => {
        jest.doMock("cdktf/package.json", () => {
          throw new Error(`Package subpath './package.json' is not defined by "exports" in node_modules/cdktf/package.json`);
        });
        // eslint-disable-next-line @typescript-eslint/no-require-imports
        const reloaded = require("../src/cdktf-stack-traces");
        expect(reloaded.STACK_TRACE_PATCH.applied).toBe(false);
      });
      expect(warn).toHaveBeenCalledTimes(1);
      const line = String(warn.mock.calls[0][0]);
      expect(line).toMatch(/^warning: cdktf stack-trace patch not applied .*cdktf's version could not be read/);
      expect(line).not.toContain("\n");
    } finally {
      warn.mockRestore();
      jest.dontMock("cdktf/package.json");
    }
  });
});

// The second guarded cdktf patch (src/cdktf-escape-scan.ts) lives beside the first: both are cdktf's private code, version-pinned.
describe("the cdktf escape-scan patch is guarded and changes nothing but speed (src/cdktf-escape-scan.ts)", () => {
  /* eslint-disable @typescript-eslint/no-require-imports */
  const { ESCAPE_SCAN_PATCH, applyBoundedEscapeScan, ENCODING_MODULE, LONG_STRING } =
    require("../src/cdktf-escape-scan") as typeof import("../src/cdktf-escape-scan");
  const encoding = require("cdktf/lib/tokens/private/encoding") as {
    TokenString: {
      forString(s: string, includeEscapes: boolean, warnEscapes: boolean): { split(lookup: (id: string) => unknown): unknown };
      prototype: { nextEscapeToken: { unbounded?: unknown } };
    };
  };
  /* eslint-enable @typescript-eslint/no-require-imports */
  const fc = jest.requireActual<typeof import("fast-check")>("fast-check");

  test("with the installed cdktf the patch is applied (if not, the reason below says what to do)", () => {
    expect(ESCAPE_SCAN_PATCH).toEqual({ applied: true });
    expect(typeof encoding.TokenString.prototype.nextEscapeToken.unbounded).toBe("function");
  });

  test("strings of tokens, escapes, braces and text split into the same fragments as with cdktf's own scan", () => {
    const patched = encoding.TokenString.prototype.nextEscapeToken;
    const unbounded = patched.unbounded as typeof patched;
    // Every piece the scan tells apart, and near misses of each (a `$` alone, a token marker without its end).
    // A long run of text makes some strings longer than LONG_STRING, where the patch remembers its searches.
    const filler = "x".repeat(Math.ceil(LONG_STRING / 4));
    const piece = fc.constantFrom(
      filler,
      "${TfToken[TOKEN.1]}",
      "${TfToken[TOKEN.22]}",
      "${",
      "}",
      "{",
      "$",
      "TfToken[",
      "${TfToken[",
      "a",
      "\n",
      '"',
    );
    const split = (text: string) => JSON.stringify(encoding.TokenString.forString(text, true, false).split((id) => ({ token: id })));
    // Half the strings start with LONG_STRING characters of text, so the searches the patch remembers are exercised too.
    const lead = fc.constantFrom("", "x".repeat(LONG_STRING));
    fc.assert(
      fc.property(lead, fc.array(piece, { maxLength: 40 }), (start, pieces) => {
        const text = start + pieces.join("");
        const bounded = split(text);
        encoding.TokenString.prototype.nextEscapeToken = unbounded;
        try {
          expect(bounded).toBe(split(text));
        } finally {
          encoding.TokenString.prototype.nextEscapeToken = patched;
        }
      }),
      // A closing escape right after a token and an opening one later: cdktf adds an empty literal first.
      { numRuns: 3000, examples: [["x".repeat(LONG_STRING), ["${TfToken[TOKEN.1]}", "}", "a", "${", "a", "}", "${TfToken[TOKEN.1]}"]]] },
    );
  });

  test.each([
    ["another cdktf version", "0.22.0", encoding, /cdktf is 0\.22\.0, the patch was written for 0\.21\.0/],
    ["cdktf's version unreadable", undefined, encoding, /cdktf's version could not be read/],
    ["the module is gone", "0.21.0", undefined, /no longer exports a TokenString with a nextEscapeToken method/],
    [
      "the method changed shape",
      "0.21.0",
      { TokenString: { prototype: { nextEscapeToken: (a: unknown, b: unknown, c: unknown, d: unknown) => [a, b, c, d] } } },
      /TokenString\.nextEscapeToken changed shape/,
    ],
  ])("%s: refused with the reason and what to do, nothing replaced", (_name, version, module, reason) => {
    const before = (module as typeof encoding | undefined)?.TokenString.prototype.nextEscapeToken;
    const result = applyBoundedEscapeScan(version, module);
    expect(result.applied).toBe(false);
    expect(!result.applied && result.reason).toMatch(reason);
    expect(!result.applied && result.reason).toContain("npm run bench");
    expect(ENCODING_MODULE).toBe("cdktf/lib/tokens/private/encoding");
    expect((module as typeof encoding | undefined)?.TokenString.prototype.nextEscapeToken).toBe(before);
  });
});
