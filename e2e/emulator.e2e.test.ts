/**
 * The emulator itself, driven by the real terraform on hand-written configurations: schema
 * fidelity, authentication, lookups, replacement rules and API-side rejections.
 */
import { mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { PROVIDER_SOURCE, PROVIDER_VERSION } from "../lib/genesys/provider-rules";
import { PROVIDER_ADDRESS } from "../sandbox/emulator/schema";
import { PROJECT_ROOT } from "../sandbox/emulator/start";
import { findOrg } from "../sandbox/emulator/world";
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

/** A CLIENT-CREDENTIALS client holding Master Admin (which the fixture's deployers hold in all divisions). */
function clientCredentialsClient(name: string, attrs: object = {}, extra: object = {}) {
  return {
    data: { genesyscloud_auth_role: { admin: { name: "Master Admin" } } },
    resource: {
      genesyscloud_oauth_client: {
        c: {
          name,
          authorized_grant_type: "CLIENT-CREDENTIALS",
          roles: [{ role_id: "${data.genesyscloud_auth_role.admin.id}", division_id: "*" }],
          ...attrs,
        },
      },
    },
    ...extra,
  };
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
    ws.startEmulator(
      "dev-retrying",
      { clientId: "dev-deployer-client", clientSecret: "fake.dev.deployer.secret" },
      1500,
    ),
  ]);
});

afterAll(async () => {
  await ws.dispose();
});

test("serves its own copy of the provider schema, which equals the pinned file in provider-schema/", () => {
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
  ["genesyscloud_auth_role", "no authorization roles found with name Nonexistent Role"],
  [
    "genesyscloud_auth_division",
    'Could not find division "Nonexistent Role" | error: unable to find auth division with name Nonexistent Role',
  ],
])("%s lookups fail like the provider's when the name is unknown", (type, message) => {
  const dir = configDir(`lookup-${type}`, { data: { [type]: { missing: { name: "Nonexistent Role" } } } }, "dev");
  const plan = terraform(dir, ["plan"], ws.env("dev"));
  expect(plan.code).toBe(1);
  expect(plan.output).toContain(message);
});

test("a role lookup that finds nothing retries first (as long as configured; the provider: about 15 s)", () => {
  const dir = configDir(
    "lookup-retry",
    { data: { genesyscloud_auth_role: { missing: { name: "Nonexistent Role" } } } },
    "dev-retrying",
  );
  const started = Date.now();
  const plan = terraform(dir, ["plan"], ws.env("dev-retrying"));
  expect(plan.code).toBe(1);
  expect(plan.output).toContain("no authorization roles found with name Nonexistent Role");
  expect(Date.now() - started).toBeGreaterThanOrEqual(1500);
});

test("division lookups ignore case, as the provider's division cache does", () => {
  const dir = configDir(
    "lookup-division-case",
    {
      data: { genesyscloud_auth_division: { bots: { name: "bOTS" } } },
      output: { id: { value: "${data.genesyscloud_auth_division.bots.id}" } },
    },
    "dev",
  );
  expect(terraform(dir, ["apply", "-auto-approve"], ws.env("dev")).code).toBe(0);
  const bots = findOrg(ws.world(), "Acme Partner Dev").divisions.find((d) => d.name === "Bots");
  expect(JSON.parse(terraform(dir, ["output", "-json"], ws.env("dev")).stdout).id.value).toBe(bots?.id);
});

test("refuses a CLIENT-CREDENTIALS client without roles at apply (the API stand-in's wording)", () => {
  const dir = configDir(
    "no-roles",
    {
      resource: { genesyscloud_oauth_client: { c: { name: "No roles", authorized_grant_type: "CLIENT-CREDENTIALS" } } },
    },
    "dev",
  );
  const apply = terraform(dir, ["apply", "-auto-approve"], ws.env("dev"));
  expect(apply.code).toBe(1);
  expect(apply.output).toContain(
    "Failed to create oauth client No roles | error: API Error: 400 - [sandbox's wording] a client using the " +
      "CLIENT-CREDENTIALS grant must be granted roles",
  );
  expect(findOrg(ws.world(), "Acme Partner Dev").oauthClients.map((c) => c.name)).not.toContain("No roles");
});

test("refuses scope names Genesys does not define (a deliberately stricter assumption), accepts real ones", () => {
  const code = (scopes: string[]) => ({
    resource: {
      genesyscloud_oauth_client: {
        c: {
          name: "Code client",
          authorized_grant_type: "CODE",
          registered_redirect_uris: ["https://app.example.com/cb"],
          scopes,
        },
      },
    },
  });
  const dir = configDir("scopes", code(["bot:admin", "textbots"]), "dev");
  const apply = terraform(dir, ["apply", "-auto-approve"], ws.env("dev"));
  expect(apply.code).toBe(1);
  expect(apply.output).toContain(
    "API Error: 400 - [sandbox, a deliberately stricter assumption] scopes Genesys Cloud does not " +
      "define: bot:admin",
  );
  writeTf(dir, code(["textbots", "users:readonly"]));
  expect(terraform(dir, ["apply", "-auto-approve"], ws.env("dev")).code).toBe(0);
  expect(terraform(dir, ["destroy", "-auto-approve"], ws.env("dev")).code).toBe(0);
});

test("returns the secret only at create: exposing it later yields an empty value", () => {
  const secretOutput = {
    output: { secret: { value: "${genesyscloud_oauth_client.c.client_secret}", sensitive: true } },
  };
  const secret = (dir: string) => JSON.parse(terraform(dir, ["output", "-json"], ws.env("dev")).stdout).secret.value;

  const atCreate = configDir(
    "secret-at-create",
    clientCredentialsClient("Exposed", { expose_client_secret: true }, secretOutput),
    "dev",
  );
  expect(terraform(atCreate, ["apply", "-auto-approve"], ws.env("dev")).code).toBe(0);
  expect(secret(atCreate)).toMatch(/^emulated-secret-/);

  const later = configDir("secret-later", clientCredentialsClient("Exposed later", {}, secretOutput), "dev");
  expect(terraform(later, ["apply", "-auto-approve"], ws.env("dev")).code).toBe(0);
  expect(secret(later)).toBe("");
  writeTf(later, clientCredentialsClient("Exposed later", { expose_client_secret: true }, secretOutput));
  expect(terraform(later, ["apply", "-auto-approve"], ws.env("dev")).code).toBe(0);
  expect(secret(later)).toBe("");

  for (const dir of [atCreate, later]) expect(terraform(dir, ["destroy", "-auto-approve"], ws.env("dev")).code).toBe(0);
});

test("deletes a client by setting it inactive first, as the provider does (the API deletes only inactive ones)", () => {
  const dir = configDir("delete", clientCredentialsClient("Deleted"), "dev");
  expect(terraform(dir, ["apply", "-auto-approve"], ws.env("dev")).code).toBe(0);
  const id = findOrg(ws.world(), "Acme Partner Dev").oauthClients.find((c) => c.name === "Deleted")?.id;
  expect(terraform(dir, ["destroy", "-auto-approve"], ws.env("dev")).code).toBe(0);
  expect(findOrg(ws.world(), "Acme Partner Dev").oauthClients.map((c) => c.id)).not.toContain(id);
  expect(ws.world().deletedOAuthClients?.find((c) => c.id === id)).toMatchObject({
    name: "Deleted",
    stateHistory: ["inactive"],
  });
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
    clientCredentialsClient(
      "With credential",
      { integration_credential_name: "partner-cred" },
      { output: { credential: { value: "${genesyscloud_oauth_client.c.integration_credential_id}" } } },
    ),
    "dev",
  );
  expect(terraform(dir, ["apply", "-auto-approve"], ws.env("dev")).code).toBe(0);
  const credentialId = JSON.parse(terraform(dir, ["output", "-json"], ws.env("dev")).stdout).credential.value;
  const credential = findOrg(ws.world(), "Acme Partner Dev").integrationCredentials.find((c) => c.id === credentialId);
  expect(credential).toMatchObject({ name: "partner-cred", credentialTypeName: "pureCloudOAuthClient" });
  expect(terraform(dir, ["destroy", "-auto-approve"], ws.env("dev")).code).toBe(0);
  expect(findOrg(ws.world(), "Acme Partner Dev").integrationCredentials).toEqual([]);
});

test("SAML2BEARER: the API stores SAML2-BEARER, so the read-back mismatches and the plan never settles", () => {
  const saml = {
    resource: {
      genesyscloud_oauth_client: {
        c: { name: "Saml", authorized_grant_type: "SAML2BEARER", scopes: ["textbots"] },
      },
    },
  };
  const dir = configDir("saml", saml, "dev");
  expect(terraform(dir, ["validate"], ws.env("dev")).code).toBe(0);
  const apply = terraform(dir, ["apply", "-auto-approve"], ws.env("dev"));
  expect(apply.code).toBe(1);
  expect(apply.output).toContain(
    'mismatch on attribute authorized_grant_type: expected "SAML2BEARER", got "SAML2-BEARER"',
  );
  expect(apply.output).not.toContain("API Error");
  const stored = findOrg(ws.world(), "Acme Partner Dev").oauthClients.filter((c) => c.name === "Saml");
  expect(stored.map((c) => c.authorizedGrantType)).toEqual(["SAML2-BEARER"]);
  // Not settled: the next plan still has changes.
  expect(terraform(dir, ["plan", "-detailed-exitcode"], ws.env("dev")).code).toBe(2);
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
