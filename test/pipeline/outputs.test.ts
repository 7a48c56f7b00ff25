import * as fs from "fs";
import * as path from "path";
import { CommandError } from "../../commands/core/errors";
import {
  deployedOutputs,
  outputsFileOf,
  readOutputsFile,
  stackOutputs,
  writeOutputsFile,
} from "../../commands/pipeline/outputs";
import { CLIENT_ID, goodOutputs, ORG_ID, ROLE_ID, roleOutputs, SECRET, tempDir } from "./support";

const SOURCE = "outputs.json";

function problemsOf(outputs: Record<string, unknown>, stack = "dev"): string {
  try {
    stackOutputs(outputs, stack, SOURCE);
  } catch (error) {
    expect(error).toBeInstanceOf(CommandError);
    return (error as Error).message;
  }
  throw new Error("expected the outputs to be rejected");
}

describe("stackOutputs", () => {
  it("returns the checked outputs of the stack", () => {
    expect(stackOutputs({ dev: goodOutputs(), prod: {} }, "dev", SOURCE)).toEqual({
      organizationId: ORG_ID,
      organizationName: "Acme dev",
      region: "us-east-1",
      apiBaseUrl: "https://api.mypurecloud.com",
      loginBaseUrl: "https://login.mypurecloud.com",
      deployPhase: "client",
      botSessionRoleId: ROLE_ID,
      botSessionRoleName: "Partner (dev) bot sessions",
      oauthClientId: CLIENT_ID,
    });
  });

  it('needs no client id in phase "role", but the bot-session role name', () => {
    expect(stackOutputs({ dev: roleOutputs() }, "dev", SOURCE)).toMatchObject({ deployPhase: "role" });
    expect(stackOutputs({ dev: roleOutputs() }, "dev", SOURCE).oauthClientId).toBeUndefined();
    const { bot_session_role_name: _name, ...withoutName } = roleOutputs();
    expect(problemsOf({ dev: withoutName })).toContain(
      `output "bot_session_role_name" is missing though "deploy_phase" is "role"`,
    );
    expect(problemsOf({ dev: goodOutputs("dev", { deploy_phase: "later" }) })).toContain(
      `output "deploy_phase" must be one of role, client, got "later"`,
    );
  });

  it("accepts a region in other case and a trailing slash on the base URL", () => {
    const outputs = stackOutputs(
      {
        dev: goodOutputs("dev", {
          region: "EU-West-1",
          api_base_url: "https://api.mypurecloud.ie/",
          login_base_url: "https://login.mypurecloud.ie",
        }),
      },
      "dev",
      SOURCE,
    );
    expect(outputs.region).toBe("eu-west-1");
    expect(outputs.apiBaseUrl).toBe("https://api.mypurecloud.ie");
  });

  it("names the source, the stack and every missing output", () => {
    const { organization_id: _id, oauth_client_id: _client, ...rest } = goodOutputs();
    const message = problemsOf({ dev: rest });
    expect(message).toContain(`${SOURCE}: stack "dev"`);
    expect(message).toContain(`output "organization_id" is missing`);
    expect(message).toContain(`output "oauth_client_id" is missing`);
  });

  it.each([
    ["organization_id", 42, `output "organization_id" must be a string, got a number (42)`],
    ["organization_name", null, `output "organization_name" must be a string, got null`],
    ["region", ["us-east-1"], `output "region" must be a string, got an array`],
    ["oauth_client_id", { id: "x" }, `output "oauth_client_id" must be a string, got an object`],
    ["organization_name", "  ", `output "organization_name" is empty`],
    ["organization_id", "not-a-uuid", `output "organization_id" must be a UUID, got "not-a-uuid"`],
    ["region", "mars-1", `output "region" must be a Genesys Cloud region`],
    [
      "api_base_url",
      "https://api.mypurecloud.de",
      `output "api_base_url" is "https://api.mypurecloud.de" but region "us-east-1" has the API base URL "https://api.mypurecloud.com"`,
    ],
    [
      "login_base_url",
      "https://api.mypurecloud.com",
      `output "login_base_url" is "https://api.mypurecloud.com" but region "us-east-1" has the login base URL "https://login.mypurecloud.com"`,
    ],
  ])("rejects %s = %j", (name, value, expected) => {
    expect(problemsOf({ dev: goodOutputs("dev", { [name]: value }) })).toContain(expected);
  });

  it("names the stacks the file has when the stack is unknown", () => {
    expect(problemsOf({ dev: goodOutputs(), test: goodOutputs("test") }, "prod")).toBe(
      `${SOURCE} has no outputs for stack "prod" (it has "dev", "test")`,
    );
    expect(problemsOf({}, "prod")).toContain("(it has none)");
  });

  it("rejects a stack entry that is not an object", () => {
    expect(problemsOf({ dev: "oops" })).toContain(`the outputs of stack "dev" must be an object`);
  });

  it("passes the client secret through but never shows it in an error", () => {
    expect(
      stackOutputs({ dev: goodOutputs("dev", { oauth_client_secret: SECRET }) }, "dev", SOURCE).oauthClientSecret,
    ).toBe(SECRET);
    const message = problemsOf({ dev: goodOutputs("dev", { oauth_client_secret: 12345 }) });
    expect(message).toContain(`output "oauth_client_secret" must be a non-empty string (value not shown)`);
    expect(message).not.toContain("12345");
  });
});

describe("outputs read from terraform output -json", () => {
  const terraformOutputs = Object.fromEntries([
    ...Object.entries(goodOutputs()).map(([name, value]) => [name, { value, sensitive: false }]),
    ["oauth_client_secret", { value: SECRET, sensitive: true }],
    ["unrelated", { value: 1, sensitive: false }],
  ]);

  it("are checked like an outputs file and written back as one, sensitive ones only when asked", () => {
    const withoutSecret = deployedOutputs("dev", terraformOutputs, false);
    expect(withoutSecret.oauthClientSecret).toBeUndefined();
    expect(outputsFileOf("dev", withoutSecret)).toEqual({ dev: goodOutputs() });
    const withSecret = deployedOutputs("dev", terraformOutputs, true);
    expect(outputsFileOf("dev", withSecret)).toEqual({ dev: goodOutputs("dev", { oauth_client_secret: SECRET }) });
    expect(stackOutputs(outputsFileOf("dev", withSecret), "dev", SOURCE)).toEqual(withSecret);
  });

  it("say when the state has none (never deployed), and name the state when one is wrong", () => {
    expect(() => deployedOutputs("dev", {}, true)).toThrow(`The state of stack "dev" has no outputs`);
    expect(() => deployedOutputs("dev", { region: { value: "us-east-1", sensitive: false } }, true)).toThrow(
      `deployed state of stack "dev": stack "dev":`,
    );
  });
});

describe("outputs files", () => {
  const dir = tempDir("pipeline-outputs-");

  it("writes JSON that reads back, private when it holds secrets", () => {
    const file = path.join(dir, "deep", "dev.json");
    writeOutputsFile(file, { dev: goodOutputs() }, true);
    expect(readOutputsFile(file)).toEqual({ dev: goodOutputs() });
    expect(fs.statSync(file).mode & 0o777).toBe(0o600);
    writeOutputsFile(file, { dev: goodOutputs() }, false);
    expect(fs.statSync(file).mode & 0o777).toBe(0o644);
  });

  it.each([
    ["missing", undefined, "not found: deploy the environment first"],
    ["not JSON", "{nope", 'is not valid JSON: expected a key in double quotes (or "}") (line 1, column 2)'],
    ["a secret where JSON belongs", "s3cr3t-value", "is not valid JSON: expected a JSON value (line 1, column 1)"],
    ["an array", "[]", "must hold a JSON object with one entry per stack"],
  ])("explains a file that is %s", (name, content, expected) => {
    const file = path.join(dir, `${name}.json`);
    if (content !== undefined) fs.writeFileSync(file, content);
    expect(() => readOutputsFile(file)).toThrow(expected);
  });

  it("reports why a file that exists cannot be read, rather than calling it missing", () => {
    const folder = path.join(dir, "a-folder.json");
    fs.mkdirSync(folder);
    expect(() => readOutputsFile(folder)).toThrow(`Could not read ${folder}: EISDIR`);
  });
});
