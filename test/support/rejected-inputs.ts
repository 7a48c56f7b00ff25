import { filesUnder, minimalEnvironment, SpecialEntry } from "./config-dir";

/**
 * Every input the configuration layer must reject, with what its one error message must say.
 * Used by the loader's unit tests and by the app tests that run the real synth command.
 */
export interface RejectedInput {
  readonly title: string;
  /** Files of the config folder (`null` = an empty folder). */
  readonly files: Record<string, unknown> | null;
  /** Each must appear in the message. */
  readonly expected: readonly (string | RegExp)[];
}

const base = minimalEnvironment();
const client = base.oauthClient as Record<string, unknown>;

export const REJECTED_INPUTS: readonly RejectedInput[] = [
  {
    title: "invalid JSON",
    files: { "dev.json": '{ "region": "us-east-1", }' },
    expected: ["dev.json: not valid JSON"],
  },
  {
    title: "an empty file",
    files: { "dev.json": "  \n" },
    expected: ["dev.json: the file is empty"],
  },
  {
    title: "a wrong type",
    files: { "dev.json": { ...base, oauthClient: { ...client, accessTokenValiditySeconds: "86400" } } },
    expected: ['dev.json: oauthClient.accessTokenValiditySeconds: expected a number, got the string "86400"'],
  },
  {
    title: "a typo'd field",
    files: { "dev.json": { ...base, oauthClient: { ...client, grant_type: "CLIENT-CREDENTIALS" } } },
    expected: ["dev.json: oauthClient.grant_type: unknown field; allowed here: name,", 'Did you mean "grantType"?'],
  },
  {
    title: "a typo'd field in a role grant",
    files: { "dev.json": { ...base, oauthClient: { ...client, roles: [{ name: "Developer", divison: "*" }] } } },
    expected: [
      'dev.json: oauthClient.roles[0].divison: unknown field; allowed here: name, division. Did you mean "division"?',
    ],
  },
  {
    title: "a typo'd field in a backend",
    files: {
      "dev.json": { ...base, backend: { type: "s3", bucket: "b", region: "eu-west-1", dynamoDbTable: "locks" } },
    },
    expected: [
      "dev.json: backend.dynamoDbTable: unknown field; allowed here: type, bucket, key, region, dynamodbTable, encrypt",
      'Did you mean "dynamodbTable"?',
    ],
  },
  {
    title: "a negative promotion order",
    files: { "dev.json": { ...base, promotionOrder: -1 } },
    expected: ["dev.json: promotionOrder: -1 is out of range; allowed: at least 0"],
  },
  {
    title: "an unknown field",
    files: { "dev.json": { ...base, environmentColour: "green" } },
    expected: ["dev.json: environmentColour: unknown field; allowed here: region, organization, oauthClient, backend"],
  },
  {
    title: "an unknown region",
    files: { "dev.json": { ...base, region: "us-east-9" } },
    expected: [
      'dev.json: region: the string "us-east-9" is not allowed; allowed: us-east-1,',
      'Did you mean "us-east-1"?',
    ],
  },
  {
    title: "an out-of-range validity",
    files: { "dev.json": { ...base, oauthClient: { ...client, accessTokenValiditySeconds: 299 } } },
    expected: ["dev.json: oauthClient.accessTokenValiditySeconds: 299 is out of range; allowed: 300 to 38880000"],
  },
  {
    title: "an unknown grant type",
    files: { "dev.json": { ...base, oauthClient: { ...client, grantType: "client_credentials" } } },
    expected: [
      'dev.json: oauthClient.grantType: the string "client_credentials" is not allowed; allowed: CLIENT-CREDENTIALS,',
      'Did you mean "CLIENT-CREDENTIALS"?',
    ],
  },
  {
    title: "an empty name",
    files: { "dev.json": { ...base, oauthClient: { ...client, name: "   " } } },
    expected: ["dev.json: oauthClient.name: must not be empty"],
  },
  {
    title: "a missing org name",
    files: { "dev.json": { ...base, organization: {} } },
    expected: ["dev.json: organization.name: is required (string)"],
  },
  {
    title: "an org id that is not a UUID",
    files: { "dev.json": { ...base, organization: { name: "Acme", id: "acme-dev" } } },
    expected: [
      'dev.json: organization.id: must be a Genesys Cloud organization ID (a UUID) (got the string "acme-dev")',
    ],
  },
  {
    title: "an empty config folder",
    files: null,
    expected: ["no environment config found; add one JSON file per environment"],
  },
  {
    title: "an unknown backend type",
    files: { "dev.json": { ...base, backend: { type: "s4" } } },
    expected: ['dev.json: backend.type: the string "s4" is not allowed; allowed: local, s3, remote, cloud'],
  },
  {
    title: "an invalid environment file name",
    files: { "Dev Env.json": base },
    expected: ["Dev Env.json: the file name is the environment name and must be lowercase letters"],
  },
  {
    title: "two environments sharing one state",
    files: {
      "dev.json": { ...base, backend: { type: "local", path: "shared.tfstate" } },
      "test.json": { ...minimalEnvironment("test"), backend: { type: "local", path: "shared.tfstate" } },
    },
    expected: [/test\.json: backend: state local file .*shared\.tfstate is also used by .*dev\.json/],
  },
  {
    title: "a malformed custom-role permission",
    files: {
      "dev.json": { ...base, oauthClient: { ...client, botSessionRole: { permissions: ["textbots.botFlowSession"] } } },
    },
    expected: [
      "dev.json: oauthClient.botSessionRole.permissions[0]: must be a permission of the form domain:entity:action",
    ],
  },
  {
    title: "a CODE client without scopes",
    files: {
      "dev.json": {
        ...base,
        oauthClient: { ...client, grantType: "CODE", scopes: [], redirectUris: ["https://app.example.com/cb"] },
      },
    },
    expected: ["dev.json: oauthClient.scopes: must list at least one scope: Genesys requires scopes for CODE clients"],
  },
  {
    title: "the retired grantToClient",
    files: { "dev.json": { ...base, oauthClient: { ...client, botSessionRole: { grantToClient: true } } } },
    expected: [
      'dev.json: oauthClient.botSessionRole.grantToClient: replaced by "heldByDeployer". Write "heldByDeployer": true ' +
        "only once an org admin has granted the bot-session role to the deploying OAuth client",
    ],
  },
  {
    title: "a scope name neither Genesys nor the alias table knows, on a CODE client",
    files: {
      "dev.json": {
        ...base,
        oauthClient: {
          ...client,
          grantType: "CODE",
          scopes: ["bot:admin", "textbot"],
          redirectUris: ["https://app.example.com/cb"],
        },
      },
    },
    expected: [
      "dev.json: oauthClient.scopes[1]: is not a Genesys Cloud scope (lib/genesys/catalog/scopes.json) nor one of " +
        'the names this project maps to one (bot:admin, bot:platform, analytics:reports:view, user:read); nearest real scope: "textbots"',
    ],
  },
  {
    title: "an unknown scope name on a CLIENT-CREDENTIALS client (never sent, still refused)",
    files: { "dev.json": { ...base, oauthClient: { ...client, scopes: ["users:read"] } } },
    expected: ["dev.json: oauthClient.scopes[0]: is not a Genesys Cloud scope", 'nearest real scope: "users:readonly"'],
  },
  {
    title: "a CLIENT-CREDENTIALS client that could never have a role",
    files: { "dev.json": { ...base, oauthClient: { ...client, roles: [], botSessionRole: { enabled: false } } } },
    expected: [
      "dev.json: oauthClient.roles: a CLIENT-CREDENTIALS client is authorized only by its roles and Genesys requires it " +
        "to have one",
      "List a role the deploying client holds in oauthClient.roles, or enable oauthClient.botSessionRole",
    ],
  },
  // Config text comes through pull requests and must not be trusted.
  {
    title: "a duplicate key (the last one would silently win)",
    files: {
      "dev.json":
        '{\n  "region": "us-east-1",\n  "organization": {\n    "name": "Acme Partner Dev",\n    "name": "Acme Partner Prod"\n  },\n' +
        '  "oauthClient": { "name": "Partner" }\n}\n',
    },
    expected: [
      'dev.json: not valid JSON: duplicate key "organization.name" at line 5, column 5 (first at line 4, column 5)',
    ],
  },
  {
    title: "a duplicate key in a CRLF file after a byte order mark",
    files: { "dev.json": '\uFEFF{\r\n  "region": "us-east-1",\r\n  "region": "eu-west-1"\r\n}\r\n' },
    expected: ['dev.json: not valid JSON: duplicate key "region" at line 3, column 3 (first at line 2, column 3)'],
  },
  {
    title: "invalid JSON, without quoting the file's content",
    files: { "dev.json": "[default]\naws_secret_access_key = abc123\n" },
    expected: [/dev\.json: not valid JSON: expected a JSON value \(line 1, column 2\)$/m],
  },
  {
    title: "an org name with a line break",
    files: { "dev.json": { ...base, organization: { name: "Acme\nProd" } } },
    expected: ["dev.json: organization.name: must not contain control characters"],
  },
  {
    title: "a client name with a bidirectional text control",
    files: { "dev.json": { ...base, oauthClient: { ...client, name: "Partner \u202eved" } } },
    expected: ["dev.json: oauthClient.name: must not contain control characters"],
  },
  {
    title: "a role name with a tab",
    files: { "dev.json": { ...base, oauthClient: { ...client, roles: [{ name: "Dev\teloper" }] } } },
    expected: ["dev.json: oauthClient.roles[0].name: must not contain control characters"],
  },
  {
    title: "a description with a NUL character",
    files: { "dev.json": { ...base, oauthClient: { ...client, description: "a\u0000b" } } },
    expected: ["dev.json: oauthClient.description: must not contain control characters other than line breaks"],
  },
  {
    title: "a folder named like an environment file",
    files: { "dev.json": base, "qa.json": new SpecialEntry("folder") },
    expected: ["qa.json: is a folder; an environment file must be a regular file"],
  },
  {
    title: "a broken symbolic link named like an environment file",
    files: { "dev.json": base, "qa.json": new SpecialEntry("broken-symlink") },
    expected: ["qa.json: is a symbolic link whose target does not exist"],
  },
  {
    title: "a symbolic link named like an environment file (it could point at any file)",
    files: { "qa.json": new SpecialEntry("symlink-to-file") },
    expected: ["qa.json: is a symbolic link; an environment file must be a regular file"],
  },
  {
    title: "an environment file with an upper-case extension",
    files: { "dev.JSON": base, "test.json": minimalEnvironment("test") },
    expected: ['dev.JSON: environment files must end in lower-case ".json"', "rename it to dev.json"],
  },
  {
    title: "an environment named like an object member",
    files: { "constructor.json": base },
    expected: ['constructor.json: "constructor" cannot be an environment name'],
  },
  {
    title: "an environment file named __proto__",
    files: { "__proto__.json": base },
    expected: ["__proto__.json: the file name is the environment name and must be lowercase letters"],
  },
  {
    title: "an environment file named toString",
    files: { "toString.json": base },
    expected: ["toString.json: the file name is the environment name and must be lowercase letters"],
  },
  {
    title: "a __proto__ key in the config",
    files: {
      "dev.json":
        '{ "__proto__": { "region": "us-east-1" }, "organization": { "name": "A" }, "oauthClient": { "name": "P" } }',
    },
    expected: ["dev.json: __proto__: unknown field"],
  },
  {
    title: "a local state path outside the project",
    files: { "dev.json": { ...base, backend: { type: "local", path: "../elsewhere/dev.tfstate" } } },
    expected: [
      /dev\.json: backend\.path: .*elsewhere\/dev\.tfstate is outside the project/,
      '"allowOutsideProject": true',
    ],
  },
  {
    title: "an absolute local state path without allowOutsideProject",
    files: { "dev.json": { ...base, backend: { type: "local", path: "/var/tmp/dev.tfstate" } } },
    expected: ["dev.json: backend.path: /var/tmp/dev.tfstate is outside the project"],
  },
  {
    title: "two environments sharing one state through case differences",
    files: {
      "dev.json": { ...base, backend: { type: "local", path: "state/Shared.tfstate" } },
      "test.json": { ...minimalEnvironment("test"), backend: { type: "local", path: "state/shared.tfstate" } },
    },
    expected: [
      /test\.json: backend: state local file .*shared\.tfstate is also used by .*dev\.json \(as local file .*Shared\.tfstate\)/,
    ],
  },
  {
    title: "two environments in one workspace through remote and cloud",
    files: {
      "dev.json": { ...base, backend: { type: "remote", organization: "acme", workspace: "partner" } },
      "test.json": {
        ...minimalEnvironment("test"),
        backend: { type: "cloud", organization: "Acme", workspace: "Partner" },
      },
    },
    expected: [
      "test.json: backend: state cloud workspace app.terraform.io/Acme/Partner is also used by",
      "(as remote workspace app.terraform.io/acme/partner)",
    ],
  },
  {
    title: "JSON nested deeper than any config (no stack overflow)",
    files: { "dev.json": "[".repeat(100000) },
    expected: ["dev.json: not valid JSON: nested more than 64 levels deep (line 1, column 66)"],
  },
  {
    title: "a config file over 1 MiB",
    files: { "dev.json": `{"region": "us-east-1", "x": "${"a".repeat(1024 * 1024)}"}` },
    expected: [/dev\.json: is \d+ bytes; an environment file may be at most 1048576 bytes/],
  },
];

/** Every expected part (a string it contains, or a pattern it matches) appears in `message`. */
export function expectMentions(message: string, expected: RejectedInput["expected"]): void {
  for (const part of expected) {
    if (typeof part === "string") expect(message).toContain(part);
    else expect(message).toMatch(part);
  }
}

/**
 * How the app rejects an input: exit code 1, one "Configuration error" message with every expected
 * part and no stack trace, and nothing written to `outdir`.
 */
export function expectRejected(
  result: { status: number | null; stderr: string },
  expected: RejectedInput["expected"],
  outdir: string,
): void {
  expect(result.status).toBe(1);
  expect(result.stderr).toMatch(/^Configuration error:\n/);
  expectMentions(result.stderr, expected);
  expect(result.stderr).not.toMatch(/^\s+at /m);
  expect(filesUnder(outdir)).toEqual([]);
}
