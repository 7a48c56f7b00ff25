/** `npm run emulator -- run`: the options it refuses, and what it shows the user instead of sandbox paths. */
import * as fs from "fs";
import * as path from "path";
import { CommandError, EXIT } from "../../commands/core/errors";
import { sandboxCommand, sandboxHints, userFacing } from "../../sandbox/emulator/run";
import { PROJECT_ROOT } from "../../sandbox/emulator/start";
import { minimalEnvironment, tempDir } from "../support/config-dir";

let project: string;
let sandboxDir: string;
beforeEach(() => {
  project = fs.realpathSync(tempDir("run-guard-"));
  sandboxDir = path.join(project, ".cache", "emulator", "sandbox");
  fs.mkdirSync(path.join(sandboxDir, "config"), { recursive: true });
  fs.writeFileSync(path.join(sandboxDir, "config", "dev.json"), JSON.stringify(minimalEnvironment("dev")));
  fs.mkdirSync(path.join(project, "lib"));
});

function refusal(tool: string, ...args: string[]): string | undefined {
  try {
    sandboxCommand(tool, args, sandboxDir, project);
    return undefined;
  } catch (error) {
    if (!(error instanceof CommandError) || error.exitCode !== EXIT.usage) throw error;
    return error.message;
  }
}

describe("npm run emulator -- run refuses every option that points into the project", () => {
  const outside = () => path.join(fs.realpathSync(tempDir("outside-")), "outputs.json");

  it.each([
    ["cdktf", "deploy", "dev", "--outputs-file", "outputs.json"],
    ["cdktf", "deploy", "dev", "--outputs-file=lib/outputs.json"],
    ["pipeline", "deploy", "dev", "--outputs-file", "./outputs.json"],
    ["pipeline", "verify", "dev", "--outputs-file", "lib/x.json"],
    ["cdktf", "deploy", "dev", "--var-file", "x.tfvars"],
    ["cdktf", "deploy", "dev", "--some-new-option", "lib/file"],
  ])("%s %s %s %s %s", (tool, ...args) => {
    expect(refusal(tool, ...args)).toMatch(/points into the project/);
  });

  it("refuses by real path: a symlink outside the project that leads into it", () => {
    const link = path.join(fs.realpathSync(tempDir("link-")), "into-lib");
    fs.symlinkSync(path.join(project, "lib"), link);
    expect(refusal("pipeline", "deploy", "dev", "--outputs-file", path.join(link, "x.json"))).toMatch(
      /points into the project/,
    );
  });

  it("refuses the options it sets itself", () => {
    expect(refusal("cdktf", "synth", "--output", "cdktf.out")).toBe(
      `--output is set by the emulator's sandbox (${sandboxDir}); leave it out`,
    );
    expect(refusal("pipeline", "app-config", "dev", "--app-config-file=/tmp/x.json")).toMatch(
      /^--app-config-file is set/,
    );
  });

  it("lets through paths outside the project or inside the sandbox, URLs and plain values", () => {
    expect(refusal("pipeline", "deploy", "dev", "--outputs-file", outside())).toBeUndefined();
    expect(refusal("pipeline", "deploy", "dev", "--outputs-file", path.join(sandboxDir, "out.json"))).toBeUndefined();
    expect(refusal("pipeline", "verify", "dev", "--live", "--gateway", "http://127.0.0.1:4000")).toBeUndefined();
    expect(refusal("pipeline", "verify", "dev", "--flow-id", "abc", "--auto-approve")).toBeUndefined();
  });
});

describe("what npm run emulator -- run shows", () => {
  it("names the project's config files where the command names the sandbox's copies", () => {
    const sandboxConfig = path.join(PROJECT_ROOT, ".cache", "emulator", "sandbox", "config");
    const line = `set heldByDeployer to true in ${sandboxConfig}/dev.json and .cache/emulator/sandbox/config/dev.json`;
    expect(userFacing(line, sandboxConfig, path.join(PROJECT_ROOT, "config"))).toBe(
      "set heldByDeployer to true in config/dev.json and config/dev.json",
    );
  });

  it("names pipeline commands the way they run in the sandbox", () => {
    const line = 'deploy the environment first ("npm run pipeline:deploy -- <env>" writes it); npm run pipeline:synth';
    expect(userFacing(line, "/nowhere", path.join(PROJECT_ROOT, "config"))).toBe(
      'deploy the environment first ("npm run emulator -- run pipeline deploy <env>" writes it); npm run emulator -- run pipeline synth',
    );
  });

  it("turns each next step after phase role into the sandbox's grant-role command", () => {
    const step = (role: string, division: string, env: string) =>
      `Next: an org admin grants the role "${role}" to the DEPLOYER's OAuth client (the client whose\n` +
      `id is in GENESYSCLOUD_OAUTHCLIENT_ID; division: ${division}), then set oauthClient.botSessionRole.heldByDeployer ` +
      `to true in config/${env}.json and deploy again (phase "client")`;
    const output = `${step("Dev bots", "the home division", "dev")}\n${step("Test bots", "Bots", "test")}`;
    const deployers: Record<string, string> = { dev: "dev-deployer-client", test: "test-deployer-client" };
    const hints = sandboxHints(output, (env) => deployers[env], "cdktf")!;
    expect(hints).toContain("npm run sandbox -- grant-role --client dev-deployer-client --role 'Dev bots'\n");
    expect(hints).toContain("heldByDeployer to true in config/dev.json");
    expect(hints).toContain("deploy again: npm run emulator -- run cdktf deploy dev --auto-approve");
    expect(hints).toContain(
      "npm run sandbox -- grant-role --client test-deployer-client --role 'Test bots' --division 'Bots'",
    );
    expect(sandboxHints(output, () => undefined, "cdktf")).toBeUndefined();
    expect(sandboxHints("Apply complete!", () => "d", "pipeline")).toBeUndefined();
    expect(sandboxHints(step("R", "the home division", "dev"), () => "d", "pipeline")).toContain(
      "deploy again: npm run emulator -- run pipeline synth, then npm run emulator -- run pipeline deploy dev",
    );
  });
});
