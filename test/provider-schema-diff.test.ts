import { readFileSync } from "node:fs";
import * as path from "node:path";
import { PROVIDER_SOURCE, providerSchemaDifferences, SchemaDocument } from "../e2e/support/provider-schema-diff";

const pinned: SchemaDocument = JSON.parse(
  readFileSync(path.join(__dirname, "..", "provider-schema", "genesyscloud@1.84.1.json"), "utf8"),
);

/** A deep copy of the pinned schema with `edit` applied to its genesyscloud part. */
function realWith(edit: (schema: any) => void): SchemaDocument {
  const copy = structuredClone(pinned) as any;
  edit(copy.provider_schemas[PROVIDER_SOURCE]);
  return copy;
}

describe("providerSchemaDifferences", () => {
  it("finds none between a schema and itself, descriptions changed or not", () => {
    const described = realWith((schema) => {
      schema.resource_schemas.genesyscloud_oauth_client.block.attributes.name.description = "other words";
    });
    expect(providerSchemaDifferences(pinned, described)).toEqual([]);
  });

  it("names an attribute whose flags or type differ", () => {
    const real = realWith((schema) => {
      const attributes = schema.resource_schemas.genesyscloud_oauth_client.block.attributes;
      attributes.client_secret.sensitive = false;
      attributes.access_token_validity_seconds.type = "string";
    });
    expect(providerSchemaDifferences(pinned, real)).toEqual([
      'resource.genesyscloud_oauth_client.access_token_validity_seconds: type is "string", pinned "number"',
      "resource.genesyscloud_oauth_client.client_secret: sensitive is false, pinned true",
    ]);
  });

  it("names a nested block whose limits or attributes differ, and a missing data source", () => {
    const real = realWith((schema) => {
      const roles = schema.resource_schemas.genesyscloud_oauth_client.block.block_types.roles;
      roles.nesting_mode = "list";
      delete roles.block.attributes.division_id;
      delete schema.data_source_schemas.genesyscloud_organizations_me;
    });
    expect(providerSchemaDifferences(pinned, real)).toEqual([
      "resource.genesyscloud_oauth_client.roles: nesting_mode is list, pinned set",
      "resource.genesyscloud_oauth_client.roles: attribute division_id only in the pinned schema",
      "data.genesyscloud_organizations_me: not in the real provider's schema",
    ]);
  });

  it("names provider block attributes only the real provider has", () => {
    const real = realWith((schema) => {
      schema.provider.block.attributes.new_setting = { type: "string", optional: true };
    });
    expect(providerSchemaDifferences(pinned, real)).toEqual([
      "provider: attribute new_setting only in the real schema",
    ]);
  });
});
