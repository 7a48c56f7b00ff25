/**
 * End-to-end suite (`npm run test:e2e`): the real terraform and cdktf CLIs against the offline
 * genesyscloud provider emulator (sandbox/emulator). Unit tests have their own config (jest.config.js).
 */
module.exports = {
  testEnvironment: "node",
  roots: ["<rootDir>/e2e"],
  testMatch: ["**/*.e2e.test.ts"],
  transform: { "^.+\\.tsx?$": "<rootDir>/scripts/jest-transform.js" },
  cacheDirectory: "<rootDir>/.cache/jest",
  setupFilesAfterEnv: ["<rootDir>/e2e/setup.ts"],
  globalSetup: "<rootDir>/e2e/global-setup.ts",
  reporters: ["default", "<rootDir>/e2e/timing-reporter.js"],
  testTimeout: 60000,
  verbose: true,
};
