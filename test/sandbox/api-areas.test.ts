/** The API stand-in as the provider, the doctor and rotate-secret call it, over one world of several orgs. */
import { BOTS_DIVISION, CUSTOMER, HOME, PARTNER, ROLE, type Sandbox, sandbox } from "./support";

let sb: Sandbox;
beforeEach(async () => {
  sb = await sandbox();
});
afterEach(() => sb.close());

const CLIENT = {
  name: "Partner app",
  description: "made by a test",
  accessTokenValiditySeconds: 3600,
  authorizedGrantType: "CLIENT-CREDENTIALS",
  state: "active",
  roleDivisions: [{ roleId: ROLE.bots, divisionId: "*" }],
};

describe("what the provider calls when it is configured", () => {
  it("answers organizations/me with defaultCountryCode and products with total and entities", async () => {
    const token = await sb.login("nobody");
    const me = await sb.call(token, "GET", "/api/v2/organizations/me");
    expect(me).toMatchObject({ status: 200, body: { id: PARTNER, name: "Partner", defaultCountryCode: "US" } });
    const products = await sb.call(token, "GET", "/api/v2/authorization/products");
    expect(products).toEqual({ status: 200, body: expect.objectContaining({ total: 0, entities: [] }) });
  });

  it("says in tokens/me which org the token and its client belong to", async () => {
    const partner = await sb.call(await sb.login("deployer"), "GET", "/api/v2/tokens/me");
    expect(partner.body).toMatchObject({
      organization: { id: PARTNER, name: "Partner" },
      homeOrganization: { id: PARTNER },
      OAuthClient: { id: "deployer", authorizedGrantType: "CLIENT-CREDENTIALS", organization: { id: PARTNER } },
    });
    const customer = await sb.call(await sb.login("customer-deployer"), "GET", "/api/v2/tokens/me");
    expect(customer.body.OAuthClient.organization).toEqual({ id: CUSTOMER, name: "Customer" });
  });
});

describe("OAuth clients", () => {
  it("returns the secret when it creates a client, and never on a read, a list or an update", async () => {
    const token = await sb.login("deployer");
    const created = await sb.call(token, "POST", "/api/v2/oauth/clients", CLIENT);
    expect(created.status).toBe(200);
    expect(created.body.secret).toMatch(/^emulated-secret-/);
    const id = created.body.id as string;
    const read = await sb.call(token, "GET", `/api/v2/oauth/clients/${id}`);
    expect(read.body).toMatchObject({
      id,
      name: "Partner app",
      roleDivisions: [{ roleId: ROLE.bots, divisionId: "*" }],
    });
    expect(read.body).not.toHaveProperty("secret");
    const listed = await sb.call(token, "GET", "/api/v2/oauth/clients");
    expect(JSON.stringify(listed.body)).not.toContain(created.body.secret);
    const updated = await sb.call(token, "PUT", `/api/v2/oauth/clients/${id}`, { ...CLIENT, description: "edited" });
    expect(updated.body).toMatchObject({ description: "edited" });
    expect(updated.body).not.toHaveProperty("secret");
  });

  it("reads a null field as an absent one, as the API does", async () => {
    const token = await sb.login("deployer");
    const created = await sb.call(token, "POST", "/api/v2/oauth/clients", {
      ...CLIENT,
      description: null,
      scope: null,
    });
    expect(created.status).toBe(200);
    expect(created.body).not.toHaveProperty("description");
    expect(created.body).toMatchObject({ scope: [] });
  });

  it("refuses a CLIENT-CREDENTIALS client without roles, and a role the caller does not hold", async () => {
    const token = await sb.login("deployer");
    const noRoles = await sb.call(token, "POST", "/api/v2/oauth/clients", { ...CLIENT, roleDivisions: [] });
    expect(noRoles.status).toBe(400);
    expect(noRoles.body.message).toContain("CLIENT-CREDENTIALS grant must be granted roles");
    const notHeld = await sb.call(token, "POST", "/api/v2/oauth/clients", {
      ...CLIENT,
      roleDivisions: [{ roleId: ROLE.reader, divisionId: "*" }],
    });
    expect(notHeld.status).toBe(403);
    expect(notHeld.body.message).toContain("does not hold role Reader");
    // A CODE client needs no roles.
    const code = await sb.call(token, "POST", "/api/v2/oauth/clients", {
      ...CLIENT,
      authorizedGrantType: "CODE",
      roleDivisions: [],
      scope: ["textbots"],
      registeredRedirectUri: ["https://app.example.com/callback"],
    });
    expect(code.status).toBe(200);
    expect(sb.world().orgs[0]!.oauthClients.map((c) => c.name)).toEqual([
      "client deployer",
      "client reader",
      "client nobody",
      "Partner app",
    ]);
  });

  it("grants an empty division as the home division and answers SAML2BEARER as SAML2-BEARER", async () => {
    const token = await sb.login("deployer");
    const home = await sb.call(token, "POST", "/api/v2/oauth/clients", {
      ...CLIENT,
      roleDivisions: [{ roleId: ROLE.bots, divisionId: "" }],
    });
    expect(home.body.roleDivisions).toEqual([{ roleId: ROLE.bots, divisionId: HOME.partner }]);
    const saml = await sb.call(token, "POST", "/api/v2/oauth/clients", {
      ...CLIENT,
      authorizedGrantType: "SAML2BEARER",
      roleDivisions: [],
    });
    expect(saml.body.authorizedGrantType).toBe("SAML2-BEARER");
  });

  it("refuses, loudly, a body with a field it does not know", async () => {
    const token = await sb.login("deployer");
    const response = await sb.call(token, "POST", "/api/v2/oauth/clients", { ...CLIENT, orgId: PARTNER });
    expect(response.status).toBe(400);
    expect(response.body.message).toContain("orgId");
    const nested = await sb.call(token, "POST", "/api/v2/oauth/clients", {
      ...CLIENT,
      roleDivisions: [{ roleId: ROLE.bots, divisionId: "*", userId: "x" }],
    });
    expect(nested.status).toBe(400);
    expect(sb.logged).toEqual([
      expect.stringContaining("refused the OAuth client: orgId: unknown field; allowed here: name, description"),
      expect.stringContaining("refused the OAuth client: roleDivisions[0].userId: unknown field; allowed here: roleId"),
    ]);
  });

  it("deletes only an inactive client, then answers 404 for it", async () => {
    const token = await sb.login("deployer");
    const { body } = await sb.call(token, "POST", "/api/v2/oauth/clients", CLIENT);
    const path = `/api/v2/oauth/clients/${body.id}`;
    expect((await sb.call(token, "DELETE", path)).status).toBe(400);
    expect((await sb.call(token, "PUT", path, { ...CLIENT, state: "inactive" })).status).toBe(200);
    expect((await sb.call(token, "DELETE", path)).status).toBe(204);
    expect((await sb.call(token, "GET", path)).status).toBe(404);
    expect(sb.world().deletedOAuthClients).toEqual([
      { orgId: PARTNER, id: body.id, name: "Partner app", stateHistory: ["inactive"] },
    ]);
  });

  it("shows a client-credentials token only its own org's clients", async () => {
    const customer = await sb.login("customer-deployer");
    expect((await sb.call(customer, "GET", "/api/v2/oauth/clients/deployer")).status).toBe(404);
    expect((await sb.call(customer, "POST", "/api/v2/oauth/clients/deployer/secret")).status).toBe(404);
  });
});

describe("permissions, as the API catalog lists them per endpoint", () => {
  it("lets a client without oauth:client:edit read a client but not regenerate its secret", async () => {
    const reader = await sb.login("reader");
    expect((await sb.call(reader, "GET", "/api/v2/oauth/clients/deployer")).status).toBe(200);
    const regenerate = await sb.call(reader, "POST", "/api/v2/oauth/clients/deployer/secret");
    expect(regenerate).toMatchObject({
      status: 403,
      body: { code: "missing.permissions", messageParams: { permissions: "oauth:client:edit" } },
    });
    expect(sb.world().orgs[0]!.oauthClients[0]!.secret).toBe("marker-sandbox-secret-41d7");
  });

  it("needs no permission for organizations/me and tokens/me, and authorization:role:view for roles", async () => {
    const nobody = await sb.login("nobody");
    expect((await sb.call(nobody, "GET", "/api/v2/organizations/me")).status).toBe(200);
    expect((await sb.call(nobody, "GET", "/api/v2/tokens/me")).status).toBe(200);
    expect((await sb.call(nobody, "GET", `/api/v2/authorization/roles/${ROLE.bots}`)).status).toBe(403);
    expect((await sb.call(nobody, "POST", "/api/v2/textbots/botflows/sessions", {})).status).toBe(403);
    const reader = await sb.login("reader");
    expect((await sb.call(reader, "GET", `/api/v2/authorization/roles/${ROLE.bots}`)).status).toBe(200);
    expect((await sb.call(reader, "POST", "/api/v2/authorization/roles", { name: "x" })).body).toMatchObject({
      status: 403,
      messageParams: { permissions: "authorization:role:add" },
    });
  });
});

describe("roles", () => {
  const BOT_ROLE = {
    name: "Partner bot sessions",
    description: "made by a test",
    permissionPolicies: [{ domain: "textbots", entityName: "botFlowSession", actionSet: ["execute"] }],
  };

  it("creates, finds by exact name, updates and deletes a role; deleting it drops its grants", async () => {
    const token = await sb.login("deployer");
    const created = await sb.call(token, "POST", "/api/v2/authorization/roles", BOT_ROLE);
    expect(created.body).toMatchObject({
      name: "Partner bot sessions",
      permissions: [],
      permissionPolicies: [
        { domain: "textbots", entityName: "botFlowSession", actionSet: ["execute"], allowConditions: false },
      ],
    });
    const id = created.body.id as string;
    const found = await sb.call(
      token,
      "GET",
      "/api/v2/authorization/roles?pageSize=100&pageNumber=1&name=Partner%20bot%20sessions",
    );
    expect(found.body).toMatchObject({ total: 1, pageCount: 1, entities: [{ id }] });
    const none = await sb.call(token, "GET", "/api/v2/authorization/roles?name=Partner%20bot");
    expect(none.body).toMatchObject({ total: 0, entities: [] });
    expect((await sb.call(token, "POST", "/api/v2/authorization/roles", BOT_ROLE)).status).toBe(400);

    const updated = await sb.call(token, "PUT", `/api/v2/authorization/roles/${id}`, {
      ...BOT_ROLE,
      description: "new",
    });
    expect(updated.body.description).toBe("new");

    const world = sb.world();
    world.orgs[0]!.oauthClients[1]!.roles.push({ roleId: id, divisionId: "*" });
    require("fs").writeFileSync(sb.worldFile, JSON.stringify(world));
    expect((await sb.call(token, "DELETE", `/api/v2/authorization/roles/${id}`)).status).toBe(204);
    expect((await sb.call(token, "GET", `/api/v2/authorization/roles/${id}?userCount=false`)).status).toBe(404);
    expect(sb.world().orgs[0]!.oauthClients[1]!.roles).toEqual([{ roleId: ROLE.reader, divisionId: "*" }]);
  });

  it("keeps a policy's conditions, and restores a default role instead of deleting it", async () => {
    const token = await sb.login("deployer");
    const node = {
      conjunction: "AND",
      terms: [{ variableName: "Queue.id", operator: "EQ", operands: [{ type: "QUEUE", queue: { id: "q1" } }] }],
    };
    const created = await sb.call(token, "POST", "/api/v2/authorization/roles", {
      name: "Conditional",
      permissionPolicies: [
        { domain: "routing", entityName: "queue", actionSet: ["view"], resourceConditionNode: node },
      ],
    });
    expect(created.body.permissionPolicies[0]).toMatchObject({ allowConditions: true, resourceConditionNode: node });

    const employee = await sb.call(
      token,
      "GET",
      "/api/v2/authorization/roles?pageSize=1&pageNumber=1&defaultRoleId=employee",
    );
    expect(employee.body.entities).toEqual([expect.objectContaining({ id: ROLE.employee, default: true })]);
    await sb.call(token, "PUT", `/api/v2/authorization/roles/${ROLE.employee}`, {
      name: "employee",
      permissions: ["group_creation"],
    });
    expect((await sb.call(token, "DELETE", `/api/v2/authorization/roles/${ROLE.employee}`)).status).toBe(400);
    const restored = await sb.call(token, "PUT", "/api/v2/authorization/roles/default", [{ id: ROLE.employee }]);
    expect(restored.status).toBe(200);
    expect((await sb.call(token, "GET", `/api/v2/authorization/roles/${ROLE.employee}`)).body.permissions).toEqual([]);
  });

  it("lists a domain's permissions from its own catalog copy", async () => {
    const token = await sb.login("deployer");
    const listing = await sb.call(
      token,
      "GET",
      "/api/v2/authorization/permissions?pageSize=100&pageNumber=1&queryType=domain&query=textbots",
    );
    expect(listing.body.entities[0].permissionMap.botFlowSession).toContainEqual({
      domain: "textbots",
      entityType: "botFlowSession",
      action: "execute",
    });
  });
});

describe("divisions", () => {
  it("lists divisions with pageCount, finds one by name, and names the home division", async () => {
    const token = await sb.login("nobody");
    const all = await sb.call(token, "GET", "/api/v2/authorization/divisions?pageSize=100&pageNumber=1");
    expect(all.body).toMatchObject({ total: 2, pageCount: 1 });
    const bots = await sb.call(token, "GET", "/api/v2/authorization/divisions?name=Bots");
    expect(bots.body.entities).toEqual([expect.objectContaining({ id: BOTS_DIVISION, homeDivision: false })]);
    const home = await sb.call(token, "GET", "/api/v2/authorization/divisions/home");
    expect(home.body).toMatchObject({ id: HOME.partner, homeDivision: true });
    const customerHome = await sb.call(
      await sb.login("customer-deployer"),
      "GET",
      "/api/v2/authorization/divisions/home",
    );
    expect(customerHome.body.id).toBe(HOME.customer);
  });
});

describe("integration credentials", () => {
  it("keeps a pureCloudOAuthClient credential and never returns its fields", async () => {
    const token = await sb.login("deployer");
    const created = await sb.call(token, "POST", "/api/v2/integrations/credentials", {
      name: "Partner app credential",
      type: { name: "pureCloudOAuthClient" },
      credentialFields: { clientId: "c", clientSecret: "marker-credential-secret" },
    });
    expect(created.body).toMatchObject({ name: "Partner app credential", type: { name: "pureCloudOAuthClient" } });
    const path = `/api/v2/integrations/credentials/${created.body.id}`;
    const read = await sb.call(token, "GET", path);
    expect(JSON.stringify(read.body)).not.toContain("marker-credential-secret");
    expect(sb.world().orgs[0]!.integrationCredentials[0]!.fields.clientSecret).toBe("marker-credential-secret");
    expect((await sb.call(token, "DELETE", path)).status).toBe(204);
    expect((await sb.call(token, "GET", path)).status).toBe(404);
  });
});
