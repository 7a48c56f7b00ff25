/** Unit, construct and snapshot tests. The end-to-end suite has its own config (jest.e2e.config.js). */
module.exports = {
  testEnvironment: "node",
  roots: ["<rootDir>/test"],
  testMatch: ["**/*.test.ts"],
  transform: { "^.+\\.tsx?$": "ts-jest" },
  setupFilesAfterEnv: ["<rootDir>/test/setup.ts"],
};
