// The configuration (lib/config/): the zod schema and its JSON Schema, loading the files, the error messages,
// the scope mapping, the suggestions for near misses, and the warnings synth prints.

import * as fs from "fs";
import * as path from "path";
import Ajv2020 from "ajv/dist/2020";
import { z } from "zod";
import { ConfigError, describeIssue, formatPath } from "../lib/config/errors";
import {
  CONFIG_JSON_SCHEMA_FILE,
  CONFIG_REFERENCE_FILE,
  configFields,
  configJsonSchema,
  renderConfigJsonSchema,
  renderConfigReference,
} from "../lib/config/json-schema";
import { CONFIG_DIR_ENV, configDirFromEnv, listEnvironments, loadEnvironments, STACK_NAME } from "../lib/config/load";
import { BOT_SESSION_PERMISSION, DEFAULT_SCOPES, environmentFileSchema } from "../lib/config/schema";
import { genesysScope, SCOPE_ALIASES, synthesizedScopes, unknownScopeProblem } from "../lib/config/scopes";
import { nearest } from "../lib/config/suggest";
import { configNotices, configWarnings } from "../lib/config/warnings";
import { KNOWN_SCOPES } from "../lib/genesys/catalog";
import { minimalEnvironment, PROJECT_ROOT, SHIPPED_CONFIG_DIR, tempConfigDir, tempDir } from "./support/config-dir";
import { expectMentions, REJECTED_INPUTS } from "./support/rejected-inputs";

describe("environmentFileSchema", () => {
  it("defaults the client to CLIENT-CREDENTIALS with the requested scopes and a day-long token", () => {
    const parsed = environmentFileSchema.parse(minimalEnvironment());
    expect(parsed.oauthClient.grantType).toBe("CLIENT-CREDENTIALS");
    expect(parsed.oauthClient.scopes).toEqual(DEFAULT_SCOPES);
    expect(parsed.oauthClient.accessTokenValiditySeconds).toBe(86400);
    expect(parsed.backend).toEqual({ type: "local" });
  });

  it("declares the bot-session role by default, carrying only the bot-session permission, not yet granted", () => {
    const parsed = environmentFileSchema.parse(minimalEnvironment());
    expect(parsed.oauthClient.botSessionRole).toEqual({
      enabled: true,
      permissions: [BOT_SESSION_PERMISSION],
      heldByDeployer: false,
    });
  });

  it("accepts the token validity bounds of the provider and nothing outside them", () => {
    const withValidity = (seconds: number) => ({
      ...minimalEnvironment(),
      oauthClient: { name: "x", accessTokenValiditySeconds: seconds },
    });
    expect(environmentFileSchema.safeParse(withValidity(300)).success).toBe(true);
    expect(environmentFileSchema.safeParse(withValidity(38_880_000)).success).toBe(true);
    expect(environmentFileSchema.safeParse(withValidity(38_880_001)).success).toBe(false);
    expect(environmentFileSchema.safeParse(withValidity(300.5)).success).toBe(false);
  });

  it("rejects the API's disabled state, which the provider does not accept", () => {
    const result = environmentFileSchema.safeParse({
      ...minimalEnvironment(),
      oauthClient: { name: "x", state: "disabled" },
    });
    expect(result.success).toBe(false);
  });

  it("trims names so that whitespace alone is empty", () => {
    const parsed = environmentFileSchema.parse({ ...minimalEnvironment(), organization: { name: "  Acme  " } });
    expect(parsed.organization.name).toBe("Acme");
  });
});

const committed = fs.readFileSync(path.join(PROJECT_ROOT, CONFIG_JSON_SCHEMA_FILE), "utf8");
const validate = new Ajv2020({ strict: false, validateFormats: false }).compile(configJsonSchema());

describe("config JSON Schema", () => {
  it("is the committed config/config.schema.json (run `npm run config:schema` after changing lib/config/schema.ts)", () => {
    expect(committed).toBe(renderConfigJsonSchema());
  });

  it.each(fs.readdirSync(SHIPPED_CONFIG_DIR).filter((f) => f.endsWith(".json") && !f.endsWith(".schema.json")))(
    "validates the shipped %s, which points to it",
    (file) => {
      const content = JSON.parse(fs.readFileSync(path.join(SHIPPED_CONFIG_DIR, file), "utf8"));
      expect(content.$schema).toBe("./config.schema.json");
      expect(validate(content)).toBe(true);
    },
  );

  it("flags in the editor what the loader rejects", () => {
    expect(validate({ region: "us-east-9", organization: { name: "x" }, oauthClient: { name: "y" } })).toBe(false);
    expect(
      validate({ region: "us-east-1", organization: { name: "x" }, oauthClient: { name: "y", grant_type: "CODE" } }),
    ).toBe(false);
    expect(validate({ region: "us-east-1", organization: {}, oauthClient: { name: "y" } })).toBe(false);
  });
});

describe("config field reference", () => {
  it("is the committed config/README.md (run `npm run config:schema` after changing lib/config/schema.ts)", () => {
    expect(fs.readFileSync(path.join(PROJECT_ROOT, CONFIG_REFERENCE_FILE), "utf8")).toBe(renderConfigReference());
  });

  it("says what every field means: each has a .describe() text in lib/config/schema.ts", () => {
    expect(
      configFields()
        .filter((field) => !field.description)
        .map((field) => field.path),
    ).toEqual([]);
  });

  it("has one row per field, with its default and the variant a union field belongs to", () => {
    const rows = renderConfigReference().split("\n");
    expect(rows).toContain(
      "| `oauthClient.accessTokenValiditySeconds` | integer 300–38880000 | `86400` | Lifetime of issued access tokens, in seconds. |",
    );
    expect(rows.filter((row) => row.startsWith("| `backend.workspace` |"))).toEqual([
      '| `backend.workspace` | string | required | With "type": "remote" or "cloud". Workspace holding this environment\'s state. |',
    ]);
    expect(rows.filter((row) => row.startsWith("| `oauthClient.roles[].name` |"))).toHaveLength(1);
  });
});

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

describe("STACK_NAME", () => {
  const longest = "a".repeat(31);

  it("matches every name the app gives a stack: an environment's, or customer-<name>", () => {
    const names = ["dev", "test", "prod", "eu-west", longest, "customer-acme", `customer-${longest}`];
    expect(names.filter((name) => !STACK_NAME.test(name))).toEqual([]);
  });

  it("refuses any other name, since manifests and command lines carry untrusted ones", () => {
    const names = ["", "Dev", "1dev", `${longest}a`, `customer-${longest}a`, "dev/..", 'x"$(id)', "dev\n"];
    expect(names.filter((name) => STACK_NAME.test(name))).toEqual([]);
  });
});

describe("configDirFromEnv", () => {
  it("defaults to config/ and can be pointed elsewhere", () => {
    expect(configDirFromEnv({})).toBe("config");
    expect(configDirFromEnv({ [CONFIG_DIR_ENV]: "/tmp/envs" })).toBe("/tmp/envs");
  });
});

describe("formatPath", () => {
  it("writes object keys with dots and array indexes in brackets", () => {
    expect(formatPath(["oauthClient", "roles", 0, "name"])).toBe("oauthClient.roles[0].name");
    expect(formatPath([])).toBe("(top level)");
  });
});

describe("describeIssue", () => {
  const schema = z.strictObject({
    count: z.number().min(1).max(9),
    kind: z.enum(["ALPHA", "BETA"]),
    nested: z.strictObject({ label: z.string() }).optional(),
  });
  const describe = (data: unknown) =>
    (schema.safeParse(data, { reportInput: true }).error?.issues ?? []).map((issue) =>
      describeIssue(issue, schema, data),
    );

  it("names the field, the given value and the allowed values", () => {
    expect(describe({ count: 10, kind: "alpha" })).toEqual([
      "count: 10 is out of range; allowed: 1 to 9",
      'kind: the string "alpha" is not allowed; allowed: ALPHA, BETA. Did you mean "ALPHA"?',
    ]);
  });

  it("lists the fields allowed where an unknown one stands", () => {
    expect(describe({ count: 1, kind: "BETA", nested: { label: "x", lable: "y" } })).toEqual([
      'nested.lable: unknown field; allowed here: label. Did you mean "label"?',
    ]);
  });

  it("says what is missing", () => {
    expect(describe({ kind: "BETA" })).toEqual(["count: is required (number)"]);
  });
});

describe("ConfigError", () => {
  it("keeps each problem and joins them into its message", () => {
    const error = new ConfigError(["a: one", "b: two"]);
    expect(error.problems).toEqual(["a: one", "b: two"]);
    expect(error.message).toBe("a: one\nb: two");
  });
});

describe("scope names", () => {
  it("maps every accepted alias to a scope Genesys defines", () => {
    for (const scope of Object.values(SCOPE_ALIASES)) expect(KNOWN_SCOPES.has(scope)).toBe(true);
    expect(Object.keys(SCOPE_ALIASES).filter((alias) => KNOWN_SCOPES.has(alias))).toEqual([]);
  });

  it("keeps Genesys scopes as they are and maps the aliases", () => {
    expect(genesysScope("textbots:readonly")).toBe("textbots:readonly");
    expect(genesysScope("bot:platform")).toBe("textbots");
    expect(genesysScope("user:read")).toBe("users:readonly");
    expect(genesysScope("analytics:reports:view")).toBe("analytics:readonly");
    expect(genesysScope("bots")).toBeUndefined();
  });

  it("names the nearest real scope of an unknown name, however far", () => {
    expect(unknownScopeProblem("textbots")).toBeUndefined();
    expect(unknownScopeProblem("bot:admin")).toBeUndefined();
    expect(unknownScopeProblem("analytics:read")).toMatch(/nearest real scope: "analytics(:readonly)?"/);
    expect(unknownScopeProblem("zzzzzzzzzzzzzzzzzzzzzz")).toMatch(/nearest real scope: "[a-z:-]+"/);
  });

  it("sends no scopes for CLIENT-CREDENTIALS and only Genesys scopes, once each, otherwise", () => {
    expect(synthesizedScopes("CLIENT-CREDENTIALS", ["bot:admin", "textbots"])).toEqual([]);
    expect(synthesizedScopes("CODE", ["bot:admin", "bot:platform", "user:read", "textbots", "users:readonly"])).toEqual(
      ["textbots", "users:readonly"],
    );
    expect(() => synthesizedScopes("TOKEN", ["nope"])).toThrow(/not validated/);
  });
});

describe("nearest", () => {
  const grantTypes = ["CLIENT-CREDENTIALS", "CODE", "TOKEN", "SAML2-BEARER", "PASSWORD"];

  it("matches a value that differs only in case and separators", () => {
    expect(nearest("client_credentials", grantTypes)).toBe("CLIENT-CREDENTIALS");
    expect(nearest("US-EAST-1", ["us-east-1", "us-east-2"])).toBe("us-east-1");
  });

  it("matches a small typo", () => {
    expect(nearest("grantTyp", ["name", "grantType", "scopes"])).toBe("grantType");
    expect(nearest("PASWORD", grantTypes)).toBe("PASSWORD");
  });

  it("suggests nothing for an unrelated value", () => {
    expect(nearest("implicit-flow-v2", grantTypes)).toBeUndefined();
  });
});

function environmentFor(oauthClient: Record<string, unknown>, extra: Record<string, unknown> = {}) {
  const dir = tempConfigDir({
    "dev.json": { ...minimalEnvironment(), ...extra, oauthClient: { name: "P", ...oauthClient } },
  });
  return loadEnvironments(dir, PROJECT_ROOT)[0];
}

function warningsFor(oauthClient: Record<string, unknown>, extra: Record<string, unknown> = {}): string[] {
  return configWarnings(environmentFor(oauthClient, extra));
}

function noticesFor(oauthClient: Record<string, unknown>): string[] {
  return configNotices(environmentFor(oauthClient));
}

const CODE_CLIENT = { grantType: "CODE", scopes: ["textbots"], redirectUris: ["https://app.example.com/cb"] };

describe("configWarnings", () => {
  it("warns about scopes written on a CLIENT-CREDENTIALS client: they have no effect", () => {
    const warnings = warningsFor({ scopes: ["textbots"], roles: [{ name: "Viewer" }] });
    expect(warnings.join("\n")).toMatch(
      /oauthClient\.scopes: requested scopes \(textbots\) are not sent: the CLIENT-CREDENTIALS client is synthesized without scopes/,
    );
    expect(warnings.join("\n")).toMatch(/authorized by its roles instead: role "Viewer" \(home division\)/);
    expect(warnings.join("\n")).toMatch(/remove oauthClient\.scopes/);
  });

  it("says nothing as a warning about the default scopes the user never wrote", () => {
    expect(warningsFor({ roles: [{ name: "Viewer" }] }).join("\n")).not.toMatch(/scopes/);
  });

  it("warns about custom-role permissions that no API operation requires", () => {
    const warnings = warningsFor({ botSessionRole: { permissions: ["textbots:botFlowSessions:execute"] } });
    expect(warnings.join("\n")).toMatch(
      /no Genesys Cloud API operation requires "textbots:botFlowSessions:execute" \(nearest: "textbots:botFlowSession:execute"\)/,
    );
  });

  it("warns that heldByDeployer does nothing without the bot-session role", () => {
    const warnings = warningsFor({
      roles: [{ name: "Viewer" }],
      botSessionRole: { enabled: false, heldByDeployer: true },
    });
    expect(warnings.join("\n")).toMatch(
      /heldByDeployer has no effect while oauthClient\.botSessionRole\.enabled is false/,
    );
  });

  it("warns that roles do nothing on a CODE client", () => {
    const warnings = warningsFor({ ...CODE_CLIENT, roles: [{ name: "Developer" }] });
    expect(warnings.join("\n")).toMatch(/roles only apply to CLIENT-CREDENTIALS clients/);
    expect(warnings.join("\n")).not.toMatch(/are not sent/);
  });

  it("warns about SAML2BEARER for the right reason: the read-back mismatch, not an API rejection", () => {
    const warnings = warningsFor({
      grantType: "SAML2BEARER",
      scopes: ["textbots"],
      botSessionRole: { enabled: false },
    });
    expect(warnings.join("\n")).toMatch(/stores "SAML2BEARER" as "SAML2-BEARER"/);
    expect(warnings.join("\n")).toMatch(
      /"mismatch on attribute" error \(a plan that never settles\); use "SAML2-BEARER"/,
    );
  });

  it("warns that a token validity over 48 hours is for SCIM clients only", () => {
    expect(warningsFor({ accessTokenValiditySeconds: 172_801 }).join("\n")).toMatch(
      /is over 48 hours \(172800\); Genesys allows that only for SCIM/,
    );
    expect(warningsFor({ accessTokenValiditySeconds: 172_800 }).join("\n")).not.toMatch(/48 hours/);
  });

  it("warns that an exposed secret would sit in plain text in local state", () => {
    expect(warningsFor({ exposeSecret: true }).join("\n")).toMatch(
      /keeps the client secret in plain text in .*terraform\.dev\.tfstate/,
    );
    const remote = { backend: { type: "cloud", organization: "acme", workspace: "dev" } };
    expect(warningsFor({ exposeSecret: true }, remote).join("\n")).not.toMatch(/plain text/);
  });

  it("has no warning for the defaults, in either deploy phase", () => {
    expect(warningsFor({})).toEqual([]);
    expect(warningsFor({ botSessionRole: { heldByDeployer: true } })).toEqual([]);
  });
});

describe("configNotices", () => {
  it("says once, as information, what happens to default scopes on a CLIENT-CREDENTIALS client", () => {
    const notices = noticesFor({ botSessionRole: { heldByDeployer: true, name: "Bots" } }).filter((n) =>
      n.includes("scopes"),
    );
    expect(notices).toHaveLength(1);
    expect(notices[0]).toMatch(
      /requested scopes \(bot:admin, bot:platform, analytics:reports:view, user:read\) are not sent/,
    );
    expect(notices[0]).toMatch(/authorized by its roles instead: the bot-session role "Bots" \(home division\)/);
  });

  it("does not repeat as a notice what a warning already says about written scopes", () => {
    expect(noticesFor({ scopes: ["textbots"], roles: [{ name: "Viewer" }] })).toEqual([]);
  });

  it("names the next step while the client waits for the deployer to hold the bot-session role", () => {
    const [, phase] = noticesFor({ name: "Partner", botSessionRole: { division: "Bots" } });
    expect(phase).toMatch(/deploy phase "role": this deploy creates the bot-session role "Partner bot sessions"/);
    expect(phase).toMatch(
      /Next: an org admin grants the role "Partner bot sessions" to the DEPLOYER's OAuth client .*division: Bots\), then set oauthClient\.botSessionRole\.heldByDeployer to true in .*dev\.json and deploy again \(phase "client"\)/,
    );
  });

  it("has no next step once the client has a role", () => {
    expect(noticesFor({ roles: [{ name: "Viewer" }] }).join("\n")).not.toMatch(/deploy phase/);
    expect(noticesFor({ botSessionRole: { heldByDeployer: true } }).join("\n")).not.toMatch(/deploy phase/);
  });

  it("says nothing about scopes of a CODE client (they are sent, mapped), only once what each signed-in user needs", () => {
    const notices = noticesFor({ ...CODE_CLIENT, scopes: ["bot:admin"] });
    expect(notices).toHaveLength(1);
    expect(notices[0]).toMatch(
      /each signed-in user needs textbots:botFlowSession:execute through their roles, and the client's scopes \(textbots\)/,
    );
    expect(notices[0]).toMatch(/provider 1\.84\.1 has no client attribute for it/);
  });
});

describe("no silent 403 (synth warnings)", () => {
  it("warns when the bot-session role is declared but granted to no one, and nothing shows the permission", () => {
    const warnings = warningsFor({ roles: [{ name: "Developer", division: "*" }] });
    expect(warnings).toHaveLength(2);
    expect(warnings[0]).toMatch(
      /oauthClient\.botSessionRole: the role "P bot sessions" is created but granted to no one: heldByDeployer is false, so the client "P" is declared with only "Developer" \(all divisions\)\. Next: an org admin grants the role "P bot sessions" to the DEPLOYER's OAuth client/,
    );
    expect(warnings[1]).toMatch(
      /nothing in this config shows that the client "P" will hold textbots:botFlowSession:execute: it is granted only "Developer" \(all divisions\), existing roles whose permissions synth cannot see/,
    );
  });

  it("warns when the granted bot-session role's permissions do not cover bot sessions", () => {
    const warnings = warningsFor({
      botSessionRole: { heldByDeployer: true, permissions: ["analytics:botFlowSession:view"] },
    });
    expect(warnings).toEqual([
      expect.stringMatching(
        /the granted bot-session role "P bot sessions" carries analytics:botFlowSession:view, which do not cover it/,
      ),
    ]);
  });

  it("is quiet when the client is granted a bot-session role whose permissions cover bot sessions (wildcards too)", () => {
    expect(warningsFor({ botSessionRole: { heldByDeployer: true } })).toEqual([]);
    expect(
      warningsFor({
        roles: [{ name: "Developer" }],
        botSessionRole: { heldByDeployer: true, permissions: ["textbots:*:execute"] },
      }).join("\n"),
    ).not.toMatch(/granted to no one|nothing in this config shows/);
  });

  it('leaves phase "role" to its notice: the client is not declared yet', () => {
    expect(warningsFor({})).toEqual([]);
  });
});

describe("a CODE (PKCE) client", () => {
  it("needs a redirect URI", () => {
    expect(() => environmentFor({ grantType: "CODE", scopes: ["textbots"] })).toThrow(
      /oauthClient\.redirectUris: must list at least one redirect URI for a CODE client/,
    );
  });

  it("warns when a bot-session role is written for it: it cannot use one, and none is declared", () => {
    expect(warningsFor({ ...CODE_CLIENT, botSessionRole: { heldByDeployer: true } })).toEqual([
      expect.stringMatching(/oauthClient\.botSessionRole: not declared for a CODE client, which cannot use a role/),
    ]);
  });

  it("warns when its scopes do not cover bot sessions", () => {
    expect(warningsFor({ ...CODE_CLIENT, scopes: ["users:readonly"] })).toEqual([
      expect.stringMatching(
        /no scope covers bot sessions, so every bot-session call .* gets 403 whatever the user's roles; add "textbots"/,
      ),
    ]);
    expect(warningsFor({ ...CODE_CLIENT, scopes: ["bot:admin"] })).toEqual([]);
  });
});
