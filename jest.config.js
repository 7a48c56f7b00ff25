/**
 * The unit suite (`npm test`): in-process tests only (test/setup.ts fails a test that starts a process). Tests that start
 * terraform, cdktf or the app command run in the end-to-end suite (jest.e2e.config.js).
 * TypeScript is transpiled by esbuild without a type check; `npm test` runs tsc once beforehand.
 */
module.exports = {
  testEnvironment: "node",
  roots: ["<rootDir>/test"],
  testMatch: ["**/*.test.ts"],
  transform: { "^.+\\.tsx?$": "<rootDir>/scripts/jest-transform.js" },
  cacheDirectory: "<rootDir>/.cache/jest",
  setupFilesAfterEnv: ["<rootDir>/test/setup.ts"],
};
