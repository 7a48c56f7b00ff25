import { runApp } from "../lib/cli";
import { ConfigError } from "../lib/config/errors";

describe("runApp", () => {
  let stderr: jest.SpyInstance;
  beforeEach(() => {
    stderr = jest.spyOn(process.stderr, "write").mockImplementation(() => true);
    process.exitCode = undefined;
  });
  afterEach(() => {
    stderr.mockRestore();
    process.exitCode = undefined;
  });

  it("reports a configuration error as its message alone and fails the process", () => {
    runApp(() => {
      throw new ConfigError(["config/dev.json: region: bad"]);
    });
    expect(stderr).toHaveBeenCalledWith("Configuration error:\n  config/dev.json: region: bad\n");
    expect(process.exitCode).toBe(1);
  });

  it("lets programming errors through with their stack", () => {
    expect(() =>
      runApp(() => {
        throw new TypeError("bug");
      }),
    ).toThrow(TypeError);
    expect(process.exitCode).toBeUndefined();
  });
});
