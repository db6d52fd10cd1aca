/** Jest runs the TypeScript tests through ts-jest without type-checking: `npm test` runs `tsc --noEmit` first. */
module.exports = {
  roots: ["<rootDir>/__tests__"],
  testMatch: ["**/*.test.ts"],
  transform: {
    "^.+\\.ts$": ["ts-jest", { diagnostics: false }],
  },
  moduleFileExtensions: ["ts", "js", "json"],
  testEnvironment: "node",
  setupFilesAfterEnv: ["<rootDir>/__tests__/setup.ts"],
  // One temporary folder per run, removed at the end; the skipped-Terraform warning printed after the summary.
  globalSetup: "<rootDir>/__tests__/support/global-setup.ts",
  globalTeardown: "<rootDir>/__tests__/support/global-teardown.ts",
  testTimeout: 30000,
  // Two workers: the Terraform suite runs beside the unit tests on the 2-core machines.
  maxWorkers: 2,
};
