import { TerraformStack, Testing } from "cdktf";
import { OauthClient } from "../../.gen/providers/genesyscloud/oauth-client";
import { RoleGrants } from "../../lib/constructs/role-grants";
import { testApp } from "../support/stacks";

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
