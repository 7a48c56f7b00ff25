import * as path from "path";
import { ConfigError } from "../../lib/config/errors";
import { CONFIG_DIR_ENV, configDirFromEnv, listEnvironments, loadEnvironments } from "../../lib/config/load";
import { minimalEnvironment, PROJECT_ROOT, tempConfigDir, tempDir } from "../support/config-dir";
import { expectMentions, REJECTED_INPUTS } from "../support/rejected-inputs";

function loadError(dir: string): ConfigError {
  try {
    loadEnvironments(dir, PROJECT_ROOT);
  } catch (error) {
    if (error instanceof ConfigError) return error;
    throw error;
  }
  throw new Error("expected a ConfigError");
}

describe("loadEnvironments", () => {
  it("loads every environment, named after its file and shown relative to the project", () => {
    const dir = tempConfigDir({ "beta.json": minimalEnvironment("beta"), "alpha.json": minimalEnvironment("alpha") });
    const environments = loadEnvironments(dir, path.dirname(dir));
    const folder = path.basename(dir);
    expect(environments.map((e) => e.name)).toEqual(["alpha", "beta"]);
    expect(environments.map((e) => e.file)).toEqual([`${folder}/alpha.json`, `${folder}/beta.json`]);
  });

  it("adds a stack for a new file with no code change", () => {
    const dir = tempConfigDir({ "dev.json": minimalEnvironment("dev"), "staging.json": minimalEnvironment("staging") });
    expect(listEnvironments(dir)).toEqual(["dev", "staging"]);
    expect(loadEnvironments(dir, PROJECT_ROOT).map((e) => e.name)).toEqual(["dev", "staging"]);
  });

  it("ignores the JSON Schema file next to the environments", () => {
    const dir = tempConfigDir({ "dev.json": minimalEnvironment(), "config.schema.json": { type: "object" } });
    expect(listEnvironments(dir)).toEqual(["dev"]);
  });

  it("applies the documented defaults", () => {
    const [dev] = loadEnvironments(tempConfigDir({ "dev.json": minimalEnvironment() }), PROJECT_ROOT);
    expect(dev.oauthClient).toMatchObject({
      grantType: "CLIENT-CREDENTIALS",
      scopes: ["bot:admin", "bot:platform", "analytics:reports:view", "user:read"],
      accessTokenValiditySeconds: 86400,
      state: "active",
      exposeSecret: false,
      preventDestroy: false,
      roles: [],
      botSessionRole: { enabled: true, permissions: ["textbots:botFlowSession:execute"], heldByDeployer: false },
    });
  });

  it("gives each environment its own local state file by default, resolved from the project root", () => {
    const dir = tempConfigDir({ "dev.json": minimalEnvironment("dev"), "prod.json": minimalEnvironment("prod") });
    const [dev, prod] = loadEnvironments(dir, "/project");
    expect(dev.backend).toEqual({ type: "local", path: path.resolve("/project/terraform.dev.tfstate") });
    expect(prod.backend).toEqual({ type: "local", path: path.resolve("/project/terraform.prod.tfstate") });
  });

  it("fills in a per-environment S3 key", () => {
    const s3 = { type: "s3", bucket: "acme-state", region: "eu-west-1" };
    const dir = tempConfigDir({
      "dev.json": { ...minimalEnvironment("dev"), backend: s3 },
      "prod.json": { ...minimalEnvironment("prod"), backend: s3 },
    });
    const keys = loadEnvironments(dir, PROJECT_ROOT).map((e) => e.backend.type === "s3" && e.backend.key);
    expect(keys).toEqual(["genesys-partner-oauth/dev.tfstate", "genesys-partner-oauth/prod.tfstate"]);
  });

  it("rejects two environments in one remote workspace", () => {
    const remote = { type: "cloud", organization: "acme", workspace: "partner-oauth" };
    const dir = tempConfigDir({
      "dev.json": { ...minimalEnvironment("dev"), backend: remote },
      "prod.json": { ...minimalEnvironment("prod"), backend: remote },
    });
    expect(loadError(dir).message).toMatch(
      /prod\.json: backend: state cloud workspace app\.terraform\.io\/acme\/partner-oauth is also used by .*dev\.json/,
    );
  });

  it("reads a file with a UTF-8 byte order mark and CRLF line ends like the same file without them", () => {
    const text = JSON.stringify(minimalEnvironment(), null, 2);
    const plain = loadEnvironments(tempConfigDir({ "dev.json": text }), PROJECT_ROOT)[0];
    const bom = loadEnvironments(
      tempConfigDir({ "dev.json": `\uFEFF${text.replace(/\n/g, "\r\n")}\r\n` }),
      PROJECT_ROOT,
    )[0];
    expect({ ...bom, file: "" }).toEqual({ ...plain, file: "" });
  });

  it("normalizes organization.id to lower case, so the guard accepts the org whatever case the config uses", () => {
    const id = "73976B4F-C051-45D7-9F59-842E1700CDD1";
    const [dev] = loadEnvironments(
      tempConfigDir({ "dev.json": { ...minimalEnvironment(), organization: { name: "Acme", id } } }),
      PROJECT_ROOT,
    );
    expect(dev.organization.id).toBe(id.toLowerCase());
  });

  it("keeps a local state file outside the project only when the config says so", () => {
    const outside = path.join(tempDir("partner-oauth-state-"), "dev.tfstate");
    const backend = { type: "local", path: outside, allowOutsideProject: true };
    const [dev] = loadEnvironments(tempConfigDir({ "dev.json": { ...minimalEnvironment(), backend } }), PROJECT_ROOT);
    expect(dev.backend).toMatchObject({ type: "local", path: outside });
  });

  it("accepts line breaks and tabs in descriptions", () => {
    const description = "line one\r\n\tline two";
    const [dev] = loadEnvironments(
      tempConfigDir({ "dev.json": { ...minimalEnvironment(), oauthClient: { name: "P", description } } }),
      PROJECT_ROOT,
    );
    expect(dev.oauthClient.description).toBe(description);
  });

  it("reports a missing config folder", () => {
    expect(loadError(path.join(tempDir("partner-oauth-"), "nope")).message).toMatch(/nope: config folder not found/);
  });

  it("reports the problems of every file at once, one per line", () => {
    const dir = tempConfigDir({
      "dev.json": { ...minimalEnvironment(), region: "nowhere" },
      "prod.json": { ...minimalEnvironment("prod"), organization: {} },
    });
    const error = loadError(dir);
    expect(error.problems).toHaveLength(2);
    expect(error.problems[0]).toMatch(/dev\.json: region:/);
    expect(error.problems[1]).toMatch(/prod\.json: organization\.name: is required/);
  });

  describe.each(REJECTED_INPUTS)("rejects $title", ({ files, expected }) => {
    it("with a message naming the file, the field and what is allowed", () => {
      const error = loadError(tempConfigDir(files ?? {}));
      expectMentions(error.message, expected);
    });
  });
});

describe("configDirFromEnv", () => {
  it("defaults to config/ and can be pointed elsewhere", () => {
    expect(configDirFromEnv({})).toBe("config");
    expect(configDirFromEnv({ [CONFIG_DIR_ENV]: "/tmp/envs" })).toBe("/tmp/envs");
  });
});
