// The constructs of lib/constructs/, one describe each, synthesized alone in a bare stack.

import { TerraformStack, Testing } from "cdktf";
import * as path from "path";
import { AuthRole } from "../.gen/providers/genesyscloud/auth-role";
import { DataGenesyscloudOrganizationsMe } from "../.gen/providers/genesyscloud/data-genesyscloud-organizations-me";
import { OauthClient } from "../.gen/providers/genesyscloud/oauth-client";
import { BackendConfig } from "../lib/config/schema";
import { BotSessionRole, permissionPolicies } from "../lib/constructs/bot-session-role";
import { OrganizationGuard } from "../lib/constructs/organization-guard";
import { PartnerOAuthClient } from "../lib/constructs/partner-oauth-client";
import { RoleGrants } from "../lib/constructs/role-grants";
import { addStateBackend } from "../lib/constructs/state-backend";
import { terraformQuotedString } from "../lib/terraform-literal";
import { PROJECT_ROOT, tempDir } from "./support/config-dir";
import { environmentWith } from "./support/environments";
import { synthScope, testApp } from "./support/stacks";
import { decodeTemplate } from "./support/terraform-template";

describe("BotSessionRole", () => {
  it("declares a custom role carrying only the bot-session permission", () => {
    const synthesized = synthScope((scope) => {
      new BotSessionRole(scope, "BotSessionRole", {
        name: "Partner bot sessions",
        permissions: ["textbots:botFlowSession:execute"],
      });
    });
    expect(synthesized).toHaveResourceWithProperties(AuthRole, {
      name: "Partner bot sessions",
      permission_policies: [{ domain: "textbots", entity_name: "botFlowSession", action_set: ["execute"] }],
      lifecycle: { prevent_destroy: false },
    });
  });

  it("can be protected from destroy", () => {
    const synthesized = synthScope((scope) => {
      new BotSessionRole(scope, "BotSessionRole", { name: "r", permissions: ["a:b:c"], preventDestroy: true });
    });
    const [role] = Object.values<any>(JSON.parse(synthesized).resource.genesyscloud_auth_role);
    expect(role.lifecycle.prevent_destroy).toBe(true);
  });
});

describe("permissionPolicies", () => {
  it("groups actions by domain and entity", () => {
    expect(
      permissionPolicies([
        "textbots:botFlowSession:execute",
        "analytics:botFlowSession:view",
        "textbots:botFlowSession:view",
      ]),
    ).toEqual([
      { domain: "textbots", entityName: "botFlowSession", actionSet: ["execute", "view"] },
      { domain: "analytics", entityName: "botFlowSession", actionSet: ["view"] },
    ]);
  });
});

function guardJson(expectedName: string, expectedId?: string) {
  const synthesized = synthScope((scope) => {
    new OrganizationGuard(scope, "Organization", {
      environment: "dev",
      configFile: "config/dev.json",
      expectedName,
      expectedId,
      region: "us-east-1",
    });
  });
  return { synthesized, data: JSON.parse(synthesized).data.genesyscloud_organizations_me };
}

describe("OrganizationGuard", () => {
  it("looks up the org of the provider's credentials", () => {
    expect(guardJson("Acme Dev").synthesized).toHaveDataSource(DataGenesyscloudOrganizationsMe);
  });

  it("fails the plan when the org's name is not the configured one, naming environment, org and region", () => {
    const [lookup] = Object.values<any>(guardJson("Acme Dev").data);
    const [postcondition] = lookup.lifecycle.postcondition;
    expect(postcondition.condition).toBe('${self.name == "Acme Dev"}');
    expect(postcondition.error_message).toMatch(
      /^Org guard \(dev\): the Genesys Cloud credentials belong to org "\$\{self\.name\}"/,
    );
    expect(postcondition.error_message).toContain('config/dev.json expects "Acme Dev" (region us-east-1)');
    expect(postcondition.error_message).toContain("GENESYSCLOUD_OAUTHCLIENT_ID and GENESYSCLOUD_OAUTHCLIENT_SECRET");
  });

  it("checks the name alone unless the org's id is configured", () => {
    const [byName] = Object.values<any>(guardJson("Acme Dev").data);
    expect(byName.lifecycle.postcondition).toHaveLength(1);
  });

  it("also pins the org's id when configured, naming it in the error", () => {
    const id = "73976b4f-c051-45d7-9f59-842e1700cdd1";
    const [lookup] = Object.values<any>(guardJson("Acme Dev", id).data);
    const [, byId] = lookup.lifecycle.postcondition;
    expect(byId.condition).toBe(`\${lower(self.id) == ${terraformQuotedString(id)}}`);
    expect(byId.error_message).toMatch(
      /^Org guard \(dev\): the Genesys Cloud credentials belong to org "\$\{self\.name\}" with id \$\{self\.id\}/,
    );
    expect(decodeTemplate(byId.error_message).text).toContain(`config/dev.json expects org id ${id}`);
  });

  it("compares against the org name literally, whatever characters it holds", () => {
    const [lookup] = Object.values<any>(guardJson('Acme "${x}"').data);
    expect(lookup.lifecycle.postcondition[0].condition).toBe('${self.name == "Acme \\"$${x}\\""}');
  });
});

function clientJson(
  oauthClient: Record<string, unknown>,
  grants = [{ roleId: "role-1", divisionId: "*" }],
  scopes: string[] = [],
) {
  const { oauthClient: client } = environmentWith({ oauthClient });
  const synthesized = synthScope((scope) => {
    new PartnerOAuthClient(scope, "PartnerOAuthClient", { client, scopes, grants });
  });
  return { synthesized, client: Object.values<any>(JSON.parse(synthesized).resource.genesyscloud_oauth_client)[0] };
}

describe("PartnerOAuthClient", () => {
  it("declares a CLIENT-CREDENTIALS client with its grant type, token validity, state and roles, and no scopes", () => {
    const { synthesized, client } = clientJson({ name: "Partner", accessTokenValiditySeconds: 3600 });
    expect(synthesized).toHaveResourceWithProperties(OauthClient, {
      name: "Partner",
      authorized_grant_type: "CLIENT-CREDENTIALS",
      access_token_validity_seconds: 3600,
      state: "active",
      expose_client_secret: false,
      roles: [{ role_id: "role-1", division_id: "*" }],
    });
    expect(client.scopes).toBeUndefined();
  });

  it("never declares a CLIENT-CREDENTIALS client without a role or with scopes", () => {
    expect(() => clientJson({}, [])).toThrow(/needs a role and takes no scopes/);
    expect(() => clientJson({}, undefined, ["textbots"])).toThrow(/needs a role and takes no scopes/);
  });

  it("sends the given scopes of other grant types, and leaves out empty roles", () => {
    const { client } = clientJson(
      { grantType: "CODE", scopes: ["bot:admin"], redirectUris: ["https://app.example.com/cb"] },
      [],
      ["textbots"],
    );
    expect(client.scopes).toEqual(["textbots"]);
    expect(client.roles).toBeUndefined();
  });

  it("refuses a destroy when preventDestroy is set", () => {
    expect(clientJson({ preventDestroy: true }).client.lifecycle).toEqual({ prevent_destroy: true });
    expect(clientJson({}).client.lifecycle).toEqual({ prevent_destroy: false });
  });

  it("passes redirect URIs for CODE clients", () => {
    const { client } = clientJson(
      { grantType: "CODE", scopes: ["textbots"], redirectUris: ["https://app.example.com/cb"] },
      [],
      ["textbots"],
    );
    expect(client).toMatchObject({
      authorized_grant_type: "CODE",
      registered_redirect_uris: ["https://app.example.com/cb"],
    });
  });
});

/** The lookups RoleGrants declares, and the `roles` blocks of a client that uses its grants. */
function grantsOf(grants: ConstructorParameters<typeof RoleGrants>[2]["grants"]) {
  const stack = new TerraformStack(testApp(), "test");
  const { roles } = new RoleGrants(stack, "RoleGrants", { grants });
  new OauthClient(stack, "Client", { name: "c", authorizedGrantType: "CLIENT-CREDENTIALS", roles });
  const synthesized = JSON.parse(Testing.synth(stack));
  return { roles: synthesized.resource.genesyscloud_oauth_client.Client.roles, data: synthesized.data ?? {} };
}

describe("RoleGrants", () => {
  it("looks up an existing role by name and grants it in the home division by default", () => {
    const { roles, data } = grantsOf([{ roleName: "Developer" }]);
    expect(Object.values<any>(data.genesyscloud_auth_role)).toEqual([expect.objectContaining({ name: "Developer" })]);
    expect(Object.keys(data.genesyscloud_auth_division_home)).toHaveLength(1);
    expect(roles).toEqual([
      {
        role_id: expect.stringMatching(/^\$\{data\.genesyscloud_auth_role\..*\.id\}$/),
        division_id: expect.stringMatching(/^\$\{data\.genesyscloud_auth_division_home\..*\.id\}$/),
      },
    ]);
  });

  it('grants "*" as all divisions without a lookup', () => {
    const { roles, data } = grantsOf([{ roleName: "Developer", division: "*" }]);
    expect(data.genesyscloud_auth_division_home).toBeUndefined();
    expect(roles).toEqual([expect.objectContaining({ division_id: "*" })]);
  });

  it("looks up a named division by exact name", () => {
    const { data } = grantsOf([{ roleName: "Developer", division: "Partner Apps" }]);
    expect(Object.values<any>(data.genesyscloud_auth_division)).toEqual([
      expect.objectContaining({ name: "Partner Apps" }),
    ]);
  });

  it("looks each role and division up once, however many grants name it", () => {
    const { roles, data } = grantsOf([
      { roleName: "Developer", division: "Sales" },
      { roleName: "Developer", division: "Support" },
      { roleName: "Viewer", division: "Sales" },
      { roleId: "${genesyscloud_auth_role.custom.id}" },
    ]);
    expect(Object.keys(data.genesyscloud_auth_role)).toHaveLength(2);
    expect(Object.keys(data.genesyscloud_auth_division)).toHaveLength(2);
    expect(Object.keys(data.genesyscloud_auth_division_home)).toHaveLength(1);
    expect(roles).toHaveLength(4);
  });
});

function backendOf(backend: BackendConfig, app = testApp()) {
  const stack = new TerraformStack(app, "dev");
  addStateBackend(stack, backend);
  const { terraform } = JSON.parse(Testing.synth(stack));
  return terraform.cloud ? { cloud: terraform.cloud } : terraform.backend;
}

describe("addStateBackend", () => {
  it("writes a local state path relative to where Terraform runs the stack, not a machine path", () => {
    expect(backendOf({ type: "local", path: `${PROJECT_ROOT}/terraform.dev.tfstate` })).toEqual({
      local: { path: "../../../terraform.dev.tfstate" },
    });
  });

  it("follows the app's output directory", () => {
    const root = tempDir("partner-oauth-root-");
    const app = Testing.app({ outdir: path.join(root, "build") });
    expect(backendOf({ type: "local", path: path.join(root, "state", "dev.tfstate") }, app)).toEqual({
      local: { path: "../../../state/dev.tfstate" },
    });
  });

  it("configures S3 with encryption and locking", () => {
    const backend = backendOf({
      type: "s3",
      bucket: "b",
      key: "k/dev.tfstate",
      region: "eu-west-1",
      dynamodbTable: "locks",
      encrypt: true,
    });
    expect(backend).toEqual({
      s3: { bucket: "b", key: "k/dev.tfstate", region: "eu-west-1", dynamodb_table: "locks", encrypt: true },
    });
  });

  it("configures an HCP Terraform workspace", () => {
    expect(backendOf({ type: "cloud", organization: "acme", workspace: "partner-dev" })).toEqual({
      cloud: { organization: "acme", workspaces: { name: "partner-dev" } },
    });
    expect(backendOf({ type: "remote", organization: "acme", workspace: "partner-dev" })).toEqual({
      remote: { organization: "acme", workspaces: { name: "partner-dev" } },
    });
  });
});
