import * as fs from "fs";
import * as path from "path";
import { loadEnvironments } from "../../lib/config/load";
import { prepareSandbox } from "../../tools/emulator/sandbox";
import { minimalEnvironment, PROJECT_ROOT, SHIPPED_CONFIG_DIR, tempConfigDir, tempDir } from "../support/config-dir";

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

  it("leaves the shipped configs untouched", () => {
    const before = fs.readFileSync(path.join(SHIPPED_CONFIG_DIR, "dev.json"), "utf8");
    prepareSandbox(SHIPPED_CONFIG_DIR, tempDir("emulator-sandbox-"));
    expect(fs.readFileSync(path.join(SHIPPED_CONFIG_DIR, "dev.json"), "utf8")).toBe(before);
  });
});
