/**
 * The emulator itself, driven by the real terraform on hand-written configurations: schema
 * fidelity, authentication, lookups, replacement rules and API-side rejections.
 */
import { mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { PROVIDER_SOURCE, PROVIDER_VERSION } from "../lib/genesys/provider-rules";
import { PROVIDER_ADDRESS } from "../tools/emulator/schema";
import { PROJECT_ROOT } from "../tools/emulator/start";
import { findOrg } from "../tools/emulator/world";
import { plannedActions, terraform } from "./support/run";
import { Workspace } from "./support/workspace";

let ws: Workspace;

/** A folder with one hand-written configuration, initialised against emulator `as`. */
function configDir(name: string, config: object, as: string): string {
  const dir = join(ws.root, "tf", name);
  mkdirSync(dir, { recursive: true });
  writeTf(dir, config);
  const init = terraform(dir, ["init"], ws.env(as));
  if (init.code !== 0) throw new Error(init.output);
  return dir;
}

function writeTf(dir: string, config: object): void {
  const base = {
    terraform: { required_providers: { genesyscloud: { source: PROVIDER_SOURCE, version: PROVIDER_VERSION } } },
    provider: { genesyscloud: [{ aws_region: "us-east-1" }] },
  };
  writeFileSync(join(dir, "main.tf.json"), JSON.stringify({ ...base, ...config }, null, 2));
}

const ORG_ONLY = {
  data: { genesyscloud_organizations_me: { me: {} } },
  output: { org: { value: "${data.genesyscloud_organizations_me.me.name}" } },
};

beforeAll(async () => {
  ws = Workspace.create();
  await ws.startEmulators(["dev"]);
  await Promise.all([
    ws.startEmulator("wrong-secret", { clientId: "dev-deployer-client", clientSecret: "not-the-secret" }),
    ws.startEmulator("unknown-client", { clientId: "nobody", clientSecret: "nothing" }),
  ]);
});

afterAll(async () => {
  await ws.dispose();
});

test("serves exactly the pinned schema file in provider-schema/", () => {
  const dir = configDir("schema", ORG_ONLY, "dev");
  const served = terraform(dir, ["providers", "schema", "-json"], ws.env("dev"));
  expect(served.code).toBe(0);
  const file = JSON.parse(
    readFileSync(join(PROJECT_ROOT, "provider-schema", `genesyscloud@${PROVIDER_VERSION}.json`), "utf8"),
  );
  expect(JSON.parse(served.stdout).provider_schemas[PROVIDER_ADDRESS]).toEqual(file.provider_schemas[PROVIDER_ADDRESS]);
});

test("authenticates the deployer and returns its org from organizations_me", () => {
  const dir = configDir("org", ORG_ONLY, "dev");
  expect(terraform(dir, ["apply", "-auto-approve"], ws.env("dev")).code).toBe(0);
  const out = terraform(dir, ["output", "-json"], ws.env("dev"));
  expect(JSON.parse(out.stdout).org.value).toBe("Acme Partner Dev");
});

test.each([
  ["wrong-secret", "us-east-1", 'emulator: wrong secret for OAuth client "dev-deployer-client"'],
  ["unknown-client", "us-east-1", 'emulator: no org has an OAuth client with id "nobody"'],
  ["dev", "eu-west-1", 'emulator: OAuth client "dev-deployer-client" belongs to an org in us-east-1, not eu-west-1'],
])("fails at configure as %s in %s, like a 401 from the login service", (as, region, reason) => {
  const dir = configDir(
    `auth-${as}-${region}`,
    { ...ORG_ONLY, provider: { genesyscloud: [{ aws_region: region }] } },
    as,
  );
  const plan = terraform(dir, ["plan"], ws.env(as));
  expect(plan.code).toBe(1);
  expect(plan.output).toContain(
    "failed to authorize Genesys Cloud client credentials: Auth Error: 401 - invalid_client (authentication failed)",
  );
  expect(plan.output).toContain(reason);
});

test.each([
  ["genesyscloud_auth_role", "No authorization roles found with name Nonexistent Role"],
  ["genesyscloud_auth_division", "No authorization divisions found with name Nonexistent Role"],
])("%s lookups fail like the provider's when the name is unknown", (type, message) => {
  const dir = configDir(`lookup-${type}`, { data: { [type]: { missing: { name: "Nonexistent Role" } } } }, "dev");
  const plan = terraform(dir, ["plan"], ws.env("dev"));
  expect(plan.code).toBe(1);
  expect(plan.output).toContain(message);
});

test("replaces an auth role only when default_role_id changes", () => {
  const role = (attrs: object) => ({
    resource: { genesyscloud_auth_role: { r: { name: "Emulator role", ...attrs } } },
  });
  const dir = configDir("role", role({ description: "one" }), "dev");
  expect(terraform(dir, ["apply", "-auto-approve"], ws.env("dev")).code).toBe(0);

  writeTf(dir, role({ description: "two" }));
  expect(terraform(dir, ["plan", "-out=plan"], ws.env("dev")).code).toBe(0);
  expect(plannedActions(terraform(dir, ["show", "-json", "plan"], ws.env("dev")).stdout)).toEqual({
    "genesyscloud_auth_role.r": ["update"],
  });

  writeTf(dir, { resource: { genesyscloud_auth_role: { r: { name: "employee", default_role_id: "employee" } } } });
  expect(terraform(dir, ["plan", "-out=plan"], ws.env("dev")).code).toBe(0);
  expect(
    plannedActions(terraform(dir, ["show", "-json", "plan"], ws.env("dev")).stdout)["genesyscloud_auth_role.r"],
  ).toEqual(["delete", "create"]);
  expect(terraform(dir, ["destroy", "-auto-approve"], ws.env("dev")).code).toBe(0);
});

test("creates the integration credential named by integration_credential_name", () => {
  const dir = configDir(
    "credential",
    {
      resource: {
        genesyscloud_oauth_client: {
          c: {
            name: "With credential",
            authorized_grant_type: "CLIENT-CREDENTIALS",
            integration_credential_name: "partner-cred",
          },
        },
      },
      output: { credential: { value: "${genesyscloud_oauth_client.c.integration_credential_id}" } },
    },
    "dev",
  );
  expect(terraform(dir, ["apply", "-auto-approve"], ws.env("dev")).code).toBe(0);
  const credentialId = JSON.parse(terraform(dir, ["output", "-json"], ws.env("dev")).stdout).credential.value;
  const credential = findOrg(ws.world(), "Acme Partner Dev").integrationCredentials.find((c) => c.id === credentialId);
  expect(credential).toMatchObject({ name: "partner-cred", credentialTypeName: "pureCloudOAuthClient" });
  expect(terraform(dir, ["destroy", "-auto-approve"], ws.env("dev")).code).toBe(0);
  expect(findOrg(ws.world(), "Acme Partner Dev").integrationCredentials).toEqual([]);
});

test("rejects SAML2BEARER at apply: the provider accepts it, the API does not", () => {
  const dir = configDir(
    "saml",
    { resource: { genesyscloud_oauth_client: { c: { name: "Saml", authorized_grant_type: "SAML2BEARER" } } } },
    "dev",
  );
  expect(terraform(dir, ["validate"], ws.env("dev")).code).toBe(0);
  const apply = terraform(dir, ["apply", "-auto-approve"], ws.env("dev"));
  expect(apply.code).toBe(1);
  expect(apply.output).toContain(
    "Failed to create oauth client Saml | error: API Error: 400 - Invalid value for authorizedGrantType: SAML2BEARER",
  );
});

test("imports an OAuth client by id and reads it back", () => {
  const deployer = findOrg(ws.world(), "Acme Partner Dev").oauthClients[0];
  const dir = configDir(
    "import",
    { resource: { genesyscloud_oauth_client: { c: { name: "x", authorized_grant_type: "CLIENT-CREDENTIALS" } } } },
    "dev",
  );
  expect(terraform(dir, ["import", "genesyscloud_oauth_client.c", deployer?.id ?? ""], ws.env("dev")).code).toBe(0);
  const shown = terraform(dir, ["state", "show", "-no-color", "genesyscloud_oauth_client.c"], ws.env("dev"));
  expect(shown.stdout).toContain(`name                          = "${deployer?.name}"`);
});
