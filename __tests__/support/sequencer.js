/**
 * The order Jest starts the suites in: the longest real-Terraform suites first, always (even after a
 * run in which another suite failed), then the others in Jest's own order (suites that failed last
 * time, then the longest by the durations Jest cached, then the largest files).
 *
 * Why: with two workers a run ends when its last suite ends. On a fresh clone (CI) Jest has no
 * durations and starts the largest files first; the Terraform suites are small files that run for a
 * minute or more, so they would start last and one worker would finish alone while the other idles.
 * Started first, they overlap with the many short suites instead.
 */
const TestSequencer = require("@jest/test-sequencer").default;

/** Suites that start Terraform, the longest first (as `npm run bench` and the Jest timings show them). */
const LONGEST_FIRST = [
  "terraform-plan/dev.test.ts",
  "terraform-plan/prod.test.ts",
  "terraform-plan/variants.test.ts",
  "plan-review-real.test.ts",
  "plan-review-classes-real.test.ts",
  "terraform-plan/accounts.test.ts",
  "terraform-plan/drift-refresh-only.test.ts",
  "apps-extracts-terraform.test.ts",
  "apps-migration-terraform.test.ts",
];

class LongestFirstSequencer extends TestSequencer {
  sort(tests) {
    const rank = (test) => {
      const at = LONGEST_FIRST.findIndex((suffix) => test.path.endsWith(`__tests__/${suffix}`));
      return at < 0 ? LONGEST_FIRST.length : at;
    };
    // Array.prototype.sort is stable: the suites not listed keep Jest's order.
    return [...super.sort(tests)].sort((a, b) => rank(a) - rank(b));
  }
}

module.exports = LongestFirstSequencer;
module.exports.LONGEST_FIRST = LONGEST_FIRST;
