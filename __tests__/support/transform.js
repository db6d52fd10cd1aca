/**
 * Jest's TypeScript transform: the same sucrase transform `scripts/register.js` runs the synth with
 * (types stripped, imports to CommonJS, every line kept where it was, so a failure points at the
 * `.ts` line), plus the hoisting of `jest.mock` calls above the imports. It does not type-check:
 * `npm test` and `npm run test:unit` run `tsc --noEmit` first. ts-jest, which this replaces,
 * compiled each file with the TypeScript compiler, the largest cost of a run on a fresh clone.
 */
const crypto = require("crypto");
const fs = require("fs");
const { transform } = require("sucrase");

const OPTIONS = { transforms: ["typescript", "imports", "jest"] };
const SALT = [require("sucrase/package.json").version, JSON.stringify(OPTIONS), fs.readFileSync(__filename, "utf8")].join("\0");

module.exports = {
  process(source, filename) {
    return { code: transform(source, { ...OPTIONS, filePath: filename }).code };
  },
  // Jest adds nothing to a transform's own key: a coverage run (instrumented code) must not share entries with a plain one.
  getCacheKey(source, filename, options) {
    const instrument = options && options.instrument ? "instrument" : "";
    return crypto
      .createHash("sha1")
      .update(SALT)
      .update("\0")
      .update(instrument)
      .update("\0")
      .update(filename)
      .update("\0")
      .update(source)
      .digest("hex");
  },
};
