import * as fs from "fs";
import * as path from "path";
import { CommandError } from "../../commands/core/errors";
import { loadEnvironments } from "../../lib/config/load";
import { prepareSandbox } from "../../sandbox/emulator/sandbox";
import { minimalEnvironment, PROJECT_ROOT, tempConfigDir, tempDir } from "../support/config-dir";

describe("prepareSandbox", () => {
  it("copies every environment with its state moved into the sandbox, whatever its backend", () => {
    const configDir = tempConfigDir({
      "dev.json": minimalEnvironment("dev"),
      "prod.json": { ...minimalEnvironment("prod"), backend: { type: "s3", bucket: "real", region: "us-east-1" } },
    });
    const sandboxDir = tempDir("emulator-sandbox-");
    const sandbox = prepareSandbox(configDir, sandboxDir);

    const environments = loadEnvironments(sandbox.configDir, PROJECT_ROOT);
    expect(environments.map((e) => [e.name, e.backend])).toEqual([
      ["dev", { type: "local", path: path.join(sandboxDir, "state", "dev.tfstate"), allowOutsideProject: true }],
      ["prod", { type: "local", path: path.join(sandboxDir, "state", "prod.tfstate"), allowOutsideProject: true }],
    ]);
    expect(sandbox.outDir).toBe(path.join(sandboxDir, "cdktf.out"));
  });

  it("leaves the configs it copies untouched, and copies them afresh on every call", () => {
    const configDir = tempConfigDir({
      "alpha.json": minimalEnvironment("alpha"),
      "beta.json": minimalEnvironment("beta"),
    });
    const before = fs.readFileSync(path.join(configDir, "alpha.json"), "utf8");
    const sandboxDir = tempDir("emulator-sandbox-");
    prepareSandbox(configDir, sandboxDir);
    expect(fs.readFileSync(path.join(configDir, "alpha.json"), "utf8")).toBe(before);

    fs.writeFileSync(
      path.join(configDir, "alpha.json"),
      JSON.stringify({ ...minimalEnvironment("alpha"), region: "eu-west-1" }),
    );
    fs.rmSync(path.join(configDir, "beta.json"));
    const sandbox = prepareSandbox(configDir, sandboxDir);
    expect(loadEnvironments(sandbox.configDir, PROJECT_ROOT).map((e) => [e.name, e.region])).toEqual([
      ["alpha", "eu-west-1"],
    ]);
  });

  it("refuses a config that is not valid, naming the original file and the field", () => {
    const configDir = tempConfigDir({ "dev.json": { ...minimalEnvironment("dev"), organization: { name: 5 } } });
    const file = path.join(configDir, "dev.json");
    expect(() => prepareSandbox(configDir, tempDir("emulator-sandbox-"))).toThrow(
      new CommandError(`${file}: organization.name: expected a string, got 5`),
    );
    fs.writeFileSync(file, "{");
    expect(() => prepareSandbox(configDir, tempDir("emulator-sandbox-"))).toThrow(
      new CommandError(`${file} is not valid JSON: expected a key in double quotes (or "}") (line 1, column 2)`),
    );
  });
});
