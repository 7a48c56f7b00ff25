import * as fs from "fs";
import * as path from "path";
import { toAppConfig, writeAppConfig } from "../../commands/pipeline/app-config";
import { EXPECTED_APP_CONFIG, goodOutputs, readJson, roleOutputs, SECRET, tempDir, writeOutputsFile } from "./support";

describe("writeAppConfig", () => {
  it("writes exactly the six app settings from good outputs", () => {
    const dir = tempDir("pipeline-app-config-");
    const target = path.join(dir, "app-config", "dev.json");
    const config = writeAppConfig({
      environment: "dev",
      outputsFile: writeOutputsFile(dir, { dev: goodOutputs(), test: goodOutputs("test") }),
      target,
      includeSecret: false,
    });
    expect(config).toEqual({ written: EXPECTED_APP_CONFIG });
    expect(readJson(target)).toEqual(EXPECTED_APP_CONFIG);
    expect(Object.keys(readJson(target) as object)).toEqual(Object.keys(EXPECTED_APP_CONFIG));
  });

  it('writes nothing in deploy phase "role" and names the next step instead', () => {
    const dir = tempDir("pipeline-app-config-");
    const target = path.join(dir, "app-config", "dev.json");
    const result = writeAppConfig({
      environment: "dev",
      outputsFile: writeOutputsFile(dir, { dev: roleOutputs() }),
      target,
      includeSecret: false,
      configFile: "config/dev.json",
    });
    expect(result).toEqual({
      notWritten:
        'Not written: "dev" is in deploy phase "role" (the bot-session role exists, the OAuth client does not yet), ' +
        'so there is no client for the app. Next: an org admin grants the role "Partner (dev) bot sessions" to the ' +
        "DEPLOYER's OAuth client (the client whose id is in GENESYSCLOUD_OAUTHCLIENT_ID; division: the home " +
        "division), then set oauthClient.botSessionRole.heldByDeployer to true in config/dev.json and deploy again " +
        '(phase "client"); then run app-config again.',
    });
    expect(fs.existsSync(target)).toBe(false);
  });

  it.each([
    [
      "a missing output",
      { dev: { ...goodOutputs(), oauth_client_id: undefined } },
      `stack "dev":\n  output "oauth_client_id" is missing`,
    ],
    [
      "an output of the wrong type",
      { dev: goodOutputs("dev", { organization_id: 7 }) },
      `output "organization_id" must be a string, got a number (7)`,
    ],
    ["an unknown stack", { test: goodOutputs("test") }, `has no outputs for stack "dev" (it has "test")`],
    ["malformed JSON", "{", "is not valid JSON"],
  ])("rejects %s, naming the stack and output, and writes nothing", (_name, content, expected) => {
    const dir = tempDir("pipeline-app-config-");
    const target = path.join(dir, "app-config", "dev.json");
    const file = writeOutputsFile(dir, content);
    expect(() => writeAppConfig({ environment: "dev", outputsFile: file, target, includeSecret: false })).toThrow(
      expected,
    );
    expect(fs.existsSync(target)).toBe(false);
  });

  it("leaves the previous app config untouched when the new outputs are bad", () => {
    const dir = tempDir("pipeline-app-config-");
    const target = path.join(dir, "dev.json");
    writeAppConfig({
      environment: "dev",
      outputsFile: writeOutputsFile(dir, { dev: goodOutputs() }),
      target,
      includeSecret: false,
    });
    const before = fs.readFileSync(target, "utf8");
    const bad = writeOutputsFile(dir, { dev: goodOutputs("dev", { region: "nowhere" }) });
    expect(() => writeAppConfig({ environment: "dev", outputsFile: bad, target, includeSecret: false })).toThrow(
      `output "region"`,
    );
    expect(fs.readFileSync(target, "utf8")).toBe(before);
    expect(fs.readdirSync(dir).sort()).toEqual(["dev.json", "outputs.json"]);
  });

  describe("the client secret", () => {
    it("is left out unless asked for, even when the outputs hold it", () => {
      const dir = tempDir("pipeline-app-config-");
      const target = path.join(dir, "dev.json");
      const file = writeOutputsFile(dir, { dev: goodOutputs("dev", { oauth_client_secret: SECRET }) });
      writeAppConfig({ environment: "dev", outputsFile: file, target, includeSecret: false });
      expect(fs.readFileSync(target, "utf8")).not.toContain(SECRET);
      expect(fs.statSync(target).mode & 0o777).toBe(0o644);
    });

    it("may be written outside any repository", () => {
      const dir = tempDir("pipeline-app-config-");
      const target = path.join(dir, "dev.json");
      const file = writeOutputsFile(dir, { dev: goodOutputs("dev", { oauth_client_secret: SECRET }) });
      expect(writeAppConfig({ environment: "dev", outputsFile: file, target, includeSecret: true })).toMatchObject({
        written: { oauthClientSecret: SECRET },
      });
    });

    it("must be in the outputs when asked for", () => {
      const dir = tempDir("pipeline-app-config-");
      const target = path.join(dir, "dev.json");
      expect(() =>
        writeAppConfig({
          environment: "dev",
          outputsFile: writeOutputsFile(dir, { dev: goodOutputs() }),
          target,
          includeSecret: true,
        }),
      ).toThrow(`stack "dev" has no output "oauth_client_secret". Set oauthClient.exposeSecret`);
      expect(fs.existsSync(target)).toBe(false);
    });
  });
});

describe("toAppConfig", () => {
  it("drops the secret unless included", () => {
    const outputs = {
      ...EXPECTED_APP_CONFIG,
      region: "us-east-1" as const,
      deployPhase: "client" as const,
      oauthClientSecret: SECRET,
    };
    expect(toAppConfig(outputs, false)).toEqual(EXPECTED_APP_CONFIG);
    expect(toAppConfig(outputs, true)).toEqual({ ...EXPECTED_APP_CONFIG, oauthClientSecret: SECRET });
  });
});
