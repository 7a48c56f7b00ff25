import { decodeTemplate } from "../support/terraform-template";
import { terraformQuotedString } from "../../lib/terraform-literal";
import { DataGenesyscloudOrganizationsMe } from "../../.gen/providers/genesyscloud/data-genesyscloud-organizations-me";
import { OrganizationGuard } from "../../lib/constructs/organization-guard";
import { synthScope } from "../support/stacks";

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
