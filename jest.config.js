/**
 * Two tiers of tests, each suite listed in exactly one (`__tests__/tiers.test.ts` fails otherwise):
 *
 * - unit: in-process only (configuration, constructs, rules, stacks synthesized in the test's own
 *   process, contracts, cost, plan review on fixtures). `npm run test:unit` is the inner loop. A
 *   suite here that starts a process fails with a message saying to move it (`support/no-processes.ts`).
 * - integration: every suite that starts Terraform, Helm, ESLint, `node`, `bash`, `git` or any
 *   other process. `npm test` runs both tiers.
 *
 * Jest runs the TypeScript tests through sucrase (support/transform.js), without type-checking: both scripts run `tsc --noEmit` first.
 */
const path = require("path");

const TESTS = path.join(__dirname, "__tests__");

/** Suites whose every test runs in the Jest worker's own process. Folders end with a slash: every suite under them. */
const UNIT = [
  "constructs/",
  "frontend/",
  "rules/",
  "apps-stack.test.ts",
  "backend-service-values.test.ts",
  "bad-files.test.ts",
  "catalog.test.ts",
  "cdktf-stack-traces.test.ts",
  "ci-boundary.test.ts",
  "ci-permission-tables.test.ts",
  "ci-roles.test.ts",
  "ci-scripts.test.ts",
  "cluster-stack.test.ts",
  "config-properties.test.ts",
  "config-validation.test.ts",
  "cost.test.ts",
  "cost-diff.test.ts",
  "data-stack.test.ts",
  "deploy-role.test.ts",
  "docs.test.ts",
  "drift.test.ts",
  "environment-dashboard.test.ts",
  "environments.test.ts",
  "exit-codes.test.ts",
  "instance-types.test.ts",
  "karpenter.test.ts",
  "laptop-path.test.ts",
  "lint.test.ts",
  "managed-addons.test.ts",
  "managed-policies.test.ts",
  "naming.test.ts",
  "network-policy-evaluator.test.ts",
  "network-stack.test.ts",
  "plan-review-production.test.ts",
  "plan-review.test.ts",
  "plan-review-classes.test.ts",
  "preflight.test.ts",
  "preview-init.test.ts",
  "preview.test.ts",
  "security-rules.test.ts",
  "slo-alarms.test.ts",
  "slo-config.test.ts",
  "stack-contracts.test.ts",
  "stack-validation.test.ts",
  "stacks-common.test.ts",
  "stateful-addresses.test.ts",
  "sts-endpoint.test.ts",
  "subnet-layout.test.ts",
  "synthetic-checks.test.ts",
  "teardown.test.ts",
  "tiers.test.ts",
  "update-rules.test.ts",
  "versions.test.ts",
];

/** Suites that start a process: Terraform, Helm, ESLint, the synth entry in a `node` child, bash, git. */
const INTEGRATION = [
  "terraform-plan/",
  "apps-migration-terraform.test.ts",
  "apps-extracts-terraform.test.ts",
  "bench.test.ts",
  "cost-diff-git.test.ts",
  "helm-backend-service.test.ts",
  "frontend-helm.test.ts",
  "helm-support.test.ts",
  "karpenter-chart.test.ts",
  "load-balancer-controller-chart.test.ts",
  "load-balancer-controller-crd-migration.test.ts",
  "plan-review-classes-real.test.ts",
  "plan-review-real.test.ts",
  "preflight-command.test.ts",
  "project-rules.test.ts",
  "register.test.ts",
  "synth.test.ts",
  "webhook-order.test.ts",
  "workflows.test.ts",
];

/** A listed file or folder as the glob Jest matches test paths with. */
const glob = (entry) => path.join(TESTS, entry.endsWith("/") ? `${entry}**/*.test.ts` : entry);

const shared = {
  rootDir: __dirname,
  roots: ["<rootDir>/__tests__"],
  transform: { "^.+\\.ts$": "<rootDir>/__tests__/support/transform.js" },
  moduleFileExtensions: ["ts", "js", "json"],
  testEnvironment: "node",
  setupFilesAfterEnv: ["<rootDir>/__tests__/setup.ts"],
};

module.exports = {
  projects: [
    {
      ...shared,
      displayName: "unit",
      testMatch: UNIT.map(glob),
      // Refuses child processes: a suite that needs one belongs to the integration tier.
      setupFiles: ["<rootDir>/__tests__/support/no-processes.ts"],
    },
    { ...shared, displayName: "integration", testMatch: INTEGRATION.map(glob) },
  ],
  // One temporary folder per run, removed at the end; the synthesized stacks shared by the suites
  // (support/synthesized-cache.ts); the skipped-Terraform warning printed after the summary.
  globalSetup: "<rootDir>/__tests__/support/global-setup.ts",
  globalTeardown: "<rootDir>/__tests__/support/global-teardown.ts",
  // The longest Terraform suites start first, so that neither worker ends the run alone.
  testSequencer: "<rootDir>/__tests__/support/sequencer.js",
  testTimeout: 30000,
  // Two workers: the two cores of the machines; the Terraform suites are split so both share them.
  maxWorkers: 2,
};
