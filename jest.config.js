/** Unit, construct and snapshot tests. The end-to-end suite has its own config (jest.e2e.config.js). */
module.exports = {
  testEnvironment: "node",
  roots: ["<rootDir>/test"],
  testMatch: ["**/*.test.ts"],
  transform: { "^.+\\.tsx?$": "ts-jest" },
  setupFilesAfterEnv: ["<rootDir>/test/setup.ts"],
  // Some tests run the real cdktf CLI (a few seconds each on 2 cores).
  testTimeout: 60_000,
};
