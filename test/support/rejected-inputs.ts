import { minimalEnvironment } from "./config-dir";

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
];
