/**
 * Values the config layer never produces but a hand-edited cdk.tf.json or a plain-Terraform user
 * can: the emulated provider must reject each in `terraform validate`, as provider 1.84.1 does.
 */
import { readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { terraform } from "./support/run";
import { Workspace } from "./support/workspace";

type Tf = {
  provider: { genesyscloud: Record<string, unknown>[] };
  resource: Record<string, Record<string, Record<string, unknown>>>;
};

let ws: Workspace;
let synthesized: string;

function only(tf: Tf, type: string): Record<string, unknown> {
  const [resource] = Object.values(tf.resource[type] ?? {});
  if (!resource) throw new Error(`the dev stack has no ${type}`);
  return resource;
}

function client(tf: Tf): Record<string, unknown> {
  return only(tf, "genesyscloud_oauth_client");
}

/** Adds a condition to the bot-session role's permission policy. */
function condition(conjunction: string, operator: string, operandType: string): (tf: Tf) => void {
  return (tf) => {
    const [policy] = only(tf, "genesyscloud_auth_role").permission_policies as Record<string, unknown>[];
    if (!policy) throw new Error("the bot-session role has no permission policy");
    policy.conditions = [
      { conjunction, terms: [{ operator, variable_name: "Queue.id", operands: [{ type: operandType, value: "x" }] }] },
    ];
  };
}

function provider(attrs: Record<string, unknown>): (tf: Tf) => void {
  return (tf) => Object.assign(tf.provider.genesyscloud[0] ?? {}, attrs);
}

function validate(edit: (tf: Tf) => void): { valid: boolean; messages: string[] } {
  const tf = JSON.parse(synthesized) as Tf;
  edit(tf);
  writeFileSync(join(ws.stackDir("dev"), "cdk.tf.json"), JSON.stringify(tf, null, 2));
  const result = terraform(ws.stackDir("dev"), ["validate", "-json"], ws.env("dev"));
  const parsed = JSON.parse(result.stdout) as { valid: boolean; diagnostics: { summary: string }[] };
  return { valid: parsed.valid, messages: parsed.diagnostics.map((d) => d.summary) };
}

beforeAll(async () => {
  ws = Workspace.create();
  // Phase "client", so that the stack declares the OAuth client (validate needs no grant to exist).
  ws.editConfig("dev", (config) => {
    config.oauthClient.botSessionRole = { heldByDeployer: true };
  });
  await ws.startEmulators(["dev"]);
  ws.synth("dev");
  ws.init("dev", "dev");
  synthesized = readFileSync(join(ws.stackDir("dev"), "cdk.tf.json"), "utf8");
});

afterAll(async () => {
  await ws.dispose();
});

test("the synthesized dev stack itself is valid", () => {
  expect(validate(() => undefined)).toEqual({ valid: true, messages: [] });
});

test("aws_region is case-insensitive, as in the provider", () => {
  expect(validate(provider({ aws_region: "US-EAST-1" })).valid).toBe(true);
});

// The provider's own order (its ValidateFunc), as the real provider prints it.
const GRANT_TYPES = '["CODE" "TOKEN" "SAML2BEARER" "SAML2-BEARER" "PASSWORD" "CLIENT-CREDENTIALS"]';

test.each<[string, (tf: Tf) => void, string]>([
  [
    "grant type in the wrong case",
    (tf) => void (client(tf).authorized_grant_type = "client-credentials"),
    `expected authorized_grant_type to be one of ${GRANT_TYPES}, got client-credentials`,
  ],
  [
    "state disabled (an API state)",
    (tf) => void (client(tf).state = "disabled"),
    'expected state to be one of ["active" "inactive"], got disabled',
  ],
  [
    "token validity below 5 minutes",
    (tf) => void (client(tf).access_token_validity_seconds = 299),
    "expected access_token_validity_seconds to be in the range (300 - 38880000), got 299",
  ],
  [
    "token validity above 450 days",
    (tf) => void (client(tf).access_token_validity_seconds = 38880001),
    "expected access_token_validity_seconds to be in the range (300 - 38880000), got 38880001",
  ],
  [
    "role condition operator NE",
    condition("AND", "NE", "SCALAR"),
    'expected permission_policies.0.conditions.0.terms.0.operator to be one of ["EQ" "IN" "GE" "GT" "LE" "LT"], got NE',
  ],
  [
    "role condition conjunction in lower case",
    condition("and", "EQ", "SCALAR"),
    'expected permission_policies.0.conditions.0.conjunction to be one of ["AND" "OR"], got and',
  ],
  [
    "role condition operand type in lower case",
    condition("AND", "EQ", "queue"),
    'expected permission_policies.0.conditions.0.terms.0.operands.0.type to be one of ["USER" "QUEUE" "SCALAR" "VARIABLE"], got queue',
  ],
  ["region through a provider override", provider({ aws_region: "us-east-3" }), "expected aws_region to be one of ["],
  [
    "token pool above 50",
    provider({ token_pool_size: 51 }),
    "expected token_pool_size to be in the range (1 - 50), got 51",
  ],
  [
    "SDK debug format in lower case",
    provider({ sdk_debug_format: "json" }),
    'expected sdk_debug_format to be one of ["Text" "Json"], got json',
  ],
])("rejects %s", (_name, edit, message) => {
  const result = validate(edit);
  expect(result.valid).toBe(false);
  expect(result.messages.join("\n")).toContain(message);
});
