import * as fs from "fs";
import * as path from "path";
import { Testing } from "cdktf";
import { synthesizeApp } from "../lib/app";
import { ConfigError } from "../lib/config/errors";
import { listCustomers, loadCustomers, loadEnvironments } from "../lib/config/load";
import { configNotices, configWarnings } from "../lib/config/warnings";
import { CUSTOMER_JSON_SCHEMA_FILE, renderCustomerJsonSchema } from "../lib/config/json-schema";
import { deployerRequirements } from "../lib/deployer-requirements";
import { PartnerOAuthStack } from "../lib/partner-oauth-stack";
import { minimalEnvironment, PROJECT_ROOT, tempConfigDir, tempDir } from "./support/config-dir";
import { testApp } from "./support/stacks";
import { decodeTemplate } from "./support/terraform-template";

const GLOBEX_ORG_ID = "5b0a9d1e-7c3f-4e2a-9d8b-1f6e2c4a7b90";

/** A customer file as docs/multi-tenant.md shows it. */
function customerFile(changes: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    $schema: "../config/customer.schema.json",
    region: "us-east-1",
    organization: { name: "Globex Corporation", id: GLOBEX_ORG_ID },
    oauthClient: { name: "Acme Bot Partner", description: "Acme's bot partner app for Globex. Managed by cdktf." },
    customer: { secretDelivery: "integration-credential" },
    ...changes,
  };
}

function loadCustomer(changes: Record<string, unknown> = {}, name = "globex") {
  return loadCustomers(tempConfigDir({ [`${name}.json`]: customerFile(changes) }), PROJECT_ROOT)[0];
}

function synthCustomer(changes: Record<string, unknown> = {}) {
  const customer = loadCustomer(changes);
  const stack = new PartnerOAuthStack(testApp(), customer.name, { environment: customer });
  return { customer, stack, json: JSON.parse(Testing.synth(stack)) as Record<string, any> };
}

describe("customers/<name>.json", () => {
  it("lists the customer stacks of a folder, sorted, and none for a missing folder (listCustomers)", () => {
    const dir = tempConfigDir({ "initech.json": customerFile(), "globex.json": customerFile(), "notes.txt": "x" });
    expect(listCustomers(dir)).toEqual([
      { name: "globex", stack: "customer-globex", file: path.join(dir, "globex.json") },
      { name: "initech", stack: "customer-initech", file: path.join(dir, "initech.json") },
    ]);
    expect(listCustomers(path.join(dir, "missing"))).toEqual([]);
  });

  it("loads as stack customer-<name> with its own default state", () => {
    const customer = loadCustomer();
    expect(customer.name).toBe("customer-globex");
    expect(customer.customer).toEqual({ credentials: "deployer-client", secretDelivery: "integration-credential" });
    expect(customer.backend).toEqual({
      type: "local",
      path: path.join(PROJECT_ROOT, "terraform.customer-globex.tfstate"),
    });
  });

  it.each([
    [{ customer: undefined }, /customer: .*required|customer: Invalid input/i],
    [
      { customer: { secretDelivery: "email" } },
      /customer\.secretDelivery: .*allowed: secret-sink, integration-credential/,
    ],
    [{ promotionOrder: 40 }, /promotionOrder/],
    [
      { customer: { secretDelivery: "secret-sink", integrationCredentialName: "x" } },
      /customer\.integrationCredentialName: only applies when customer\.secretDelivery is "integration-credential"/,
    ],
    [
      {
        oauthClient: { name: "P", grantType: "CODE", scopes: ["textbots"], redirectUris: ["https://a.example/cb"] },
      },
      /oauthClient\.grantType: a customer org gets a CLIENT-CREDENTIALS client .* declared once, in the partner's org/,
    ],
  ])("refuses %j naming the field", (changes, expected) => {
    expect(() => loadCustomer(changes as Record<string, unknown>)).toThrow(expected);
  });

  it("shares neither state nor a stack name with an environment", () => {
    const environments = loadEnvironments(
      tempConfigDir({
        "customer-globex.json": minimalEnvironment("x"),
        "dev.json": { ...minimalEnvironment(), backend: { type: "s3", bucket: "b", region: "r", key: "k" } },
      }),
      PROJECT_ROOT,
    );
    const customers = tempConfigDir({
      "globex.json": customerFile(),
      "initech.json": customerFile({ backend: { type: "s3", bucket: "b", region: "r", key: "k" } }),
    });
    let error: unknown;
    try {
      loadCustomers(customers, PROJECT_ROOT, environments);
    } catch (caught) {
      error = caught;
    }
    expect(error).toBeInstanceOf(ConfigError);
    const problems = (error as ConfigError).problems.join("\n");
    expect(problems).toMatch(/the environment name "customer-globex" is the stack name of customer/);
    expect(problems).toMatch(/initech\.json: backend: state s3:\/\/b\/k is also used by .*dev\.json/);
  });
});

describe("a customer stack", () => {
  it("declares the client with a pureCloudOAuthClient integration credential, its secret never in state", () => {
    const { json } = synthCustomer({
      oauthClient: { name: "Acme Bot Partner", botSessionRole: { heldByDeployer: true } },
    });
    const [client] = Object.values<any>(json.resource.genesyscloud_oauth_client);
    expect(client.integration_credential_name).toBe("Acme Bot Partner credentials");
    expect(client.expose_client_secret).toBe(false);
    expect(json.output.secret_delivery.value).toBe("integration-credential");
    expect(json.output.integration_credential_id.value).toMatch(/\.integration_credential_id\}$/);
    expect(json.output.oauth_client_secret).toBeUndefined();
  });

  it("delivers to the partner's sink without an integration credential", () => {
    const { json } = synthCustomer({
      oauthClient: { name: "P", botSessionRole: { heldByDeployer: true } },
      customer: { secretDelivery: "secret-sink" },
    });
    const [client] = Object.values<any>(json.resource.genesyscloud_oauth_client);
    expect(client.integration_credential_name).toBeUndefined();
    expect(json.output.secret_delivery.value).toBe("secret-sink");
    expect(json.output.integration_credential_id).toBeUndefined();
    expect(json.output.organization_id).toBeDefined();
  });

  it('starts in phase "role" like an environment: the role, no client', () => {
    const { json } = synthCustomer();
    expect(json.output.deploy_phase.value).toBe("role");
    expect(json.resource.genesyscloud_oauth_client).toBeUndefined();
    expect(Object.values<any>(json.resource.genesyscloud_auth_role)).toHaveLength(1);
  });

  it("names the admin's token in the org guard's error when the admin deploys", () => {
    const { json } = synthCustomer({ customer: { credentials: "admin-token", secretDelivery: "secret-sink" } });
    const guard = Object.values<any>(json.data.genesyscloud_organizations_me)[0];
    const messages = guard.lifecycle.postcondition.map((p: { error_message: string }) => p.error_message).join("\n");
    expect(messages).toMatch(/Check that GENESYSCLOUD_ACCESS_TOKEN holds a token of the customer-globex org's admin/);
  });

  it("tells, once, the exact permissions and roles its credentials need", () => {
    const deployer = configNotices(loadCustomer()).join("\n");
    expect(deployer).toMatch(
      /globex\.json: customer org "Globex Corporation": the customer's admin creates a CLIENT-CREDENTIALS deployer client for the partner/,
    );
    expect(deployer).toMatch(
      /its roles must carry the permissions oauth:client:add, oauth:client:view, oauth:client:edit, oauth:client:delete, authorization:role:view, authorization:role:add, authorization:role:edit, authorization:role:delete, integrations:integration:add, integrations:integration:view, integrations:integration:edit, integrations:integration:delete, and it must itself hold the roles "Acme Bot Partner bot sessions" \(home division; from phase "client" on/,
    );
    expect(deployer).toMatch(
      /Next: an org admin grants the role "Acme Bot Partner bot sessions" to the DEPLOYER's OAuth client/,
    );

    const admin = loadCustomer({ customer: { credentials: "admin-token", secretDelivery: "secret-sink" } });
    expect(deployerRequirements(admin)).toEqual({
      permissions: [
        "oauth:client:add",
        "oauth:client:view",
        "oauth:client:edit",
        "oauth:client:delete",
        "authorization:role:view",
        "authorization:role:add",
        "authorization:role:edit",
        "authorization:role:delete",
        "authorization:grant:add",
      ],
      scopes: ["user-basic-info", "organization:readonly", "oauth", "authorization"],
      rolesToHold: [
        '"Acme Bot Partner bot sessions" (home division; from phase "client" on, after the first deploy created it)',
      ],
    });
    const notices = configNotices(admin).join("\n");
    expect(notices).toMatch(/the customer's admin deploys with their own user token \(GENESYSCLOUD_ACCESS_TOKEN/);
    expect(notices).toMatch(
      /Next: the customer's admin assigns the role "Acme Bot Partner bot sessions" to their own user/,
    );
    expect(configWarnings(admin)).toEqual([]);
  });
});

describe("the app with customers", () => {
  it("synthesizes every environment and every customer, customers outside the environment list", () => {
    const outdir = path.join(tempDir("partner-oauth-out-"), "cdktf.out");
    const customersDir = tempConfigDir({ "globex.json": customerFile() });
    const configDir = tempConfigDir({
      "alpha.json": minimalEnvironment("alpha"),
      "beta.json": minimalEnvironment("beta"),
    });
    synthesizeApp({ configDir, customersDir, outdir });
    expect(fs.readdirSync(path.join(outdir, "stacks")).sort()).toEqual(["alpha", "beta", "customer-globex"]);
    expect(loadEnvironments(configDir, PROJECT_ROOT).map((e) => e.name)).toEqual(["alpha", "beta"]);
  });

  it("ships no customer: the folder only explains itself", () => {
    expect(listCustomers(path.join(PROJECT_ROOT, "customers"))).toEqual([]);
  });
});

describe("the customer stack of docs/multi-tenant.md", () => {
  it("matches its snapshot (after an intended change: npm run test:update, then review and commit)", () => {
    // An S3 state and the folder as project root: nothing of the temp folder's path is in the snapshot.
    const dir = tempConfigDir({
      "globex.json": customerFile({
        oauthClient: { name: "Acme Bot Partner", botSessionRole: { heldByDeployer: true } },
        backend: { type: "s3", bucket: "acme-partner-state", region: "us-east-1" },
      }),
    });
    const [customer] = loadCustomers(dir, dir);
    const stack = new PartnerOAuthStack(testApp(), customer.name, { environment: customer });
    const json = JSON.parse(Testing.synth(stack));
    json.terraform.required_providers.genesyscloud.version = "<pinned provider version>";
    expect(json).toMatchSnapshot();
  });
});

describe("the customers' JSON Schema", () => {
  it("is the committed config/customer.schema.json (run `npm run config:schema` after changing lib/config/schema.ts)", () => {
    const committed = fs.readFileSync(path.join(PROJECT_ROOT, CUSTOMER_JSON_SCHEMA_FILE), "utf8");
    expect(committed).toBe(renderCustomerJsonSchema());
  });
});

describe("adopting an existing client and role (adoptId)", () => {
  const CLIENT_ID = "0b7e5a9c-2f4d-4e8a-9c1b-6d3f2a8e5b71";
  const ROLE_ID = "9a4c2e7f-1b3d-4f6a-8e2c-5d7b9f1a3c68";

  it("imports them with Terraform import blocks, keeping their ids", () => {
    const { json } = synthCustomer({
      oauthClient: { name: "P", adoptId: CLIENT_ID, botSessionRole: { heldByDeployer: true, adoptId: ROLE_ID } },
    });
    const [clientKey] = Object.keys(json.resource.genesyscloud_oauth_client);
    const [roleKey] = Object.keys(json.resource.genesyscloud_auth_role);
    // Ids are literals (terraformLiteral); decoded, they are the configured ids.
    const imports = json.import.map((block: { id: string; to: string }) => ({
      ...block,
      id: decodeTemplate(block.id).text,
    }));
    expect(imports).toEqual(
      expect.arrayContaining([
        { id: CLIENT_ID, to: `genesyscloud_oauth_client.${clientKey}` },
        { id: ROLE_ID, to: `genesyscloud_auth_role.${roleKey}` },
      ]),
    );
    expect(json.import).toHaveLength(2);
  });

  it('imports nothing without adoptId, and tells in phase "role" how to adopt a role of the same name', () => {
    const { json } = synthCustomer();
    expect(json.import).toBeUndefined();
    expect(configNotices(loadCustomer()).join("\n")).toMatch(
      /If the org already has a role named "Acme Bot Partner bot sessions" \(made by hand\), this deploy fails at "Failed to create role": adopt that role instead by setting oauthClient\.botSessionRole\.adoptId to its id/,
    );
  });

  it("refuses an id that is not a Genesys Cloud id", () => {
    expect(() => loadCustomer({ oauthClient: { name: "P", adoptId: '${file("x")}' } })).toThrow(
      /oauthClient\.adoptId: must be the id of an existing OAuth client \(a UUID\)/,
    );
  });
});

describe("customer strings reach Terraform as literals", () => {
  it.each(['${file("/etc/passwd")}', "%{ for x in y }${x}%{ endfor }"])("integrationCredentialName %s", (payload) => {
    const { json } = synthCustomer({
      oauthClient: { name: "P", botSessionRole: { heldByDeployer: true } },
      customer: { secretDelivery: "integration-credential", integrationCredentialName: payload },
    });
    const [client] = Object.values<any>(json.resource.genesyscloud_oauth_client);
    expect(decodeTemplate(client.integration_credential_name)).toEqual(
      expect.objectContaining({ text: payload, evaluated: [] }),
    );
  });
});
