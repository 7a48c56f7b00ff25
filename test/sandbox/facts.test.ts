/**
 * The sandbox states the provider's and the API's facts itself (sandbox/facts/); these tests compare
 * the product's tables with them, so a wrong table in lib/ fails here instead of being mirrored.
 */
import { readFileSync, writeFileSync } from "fs";
import * as path from "path";
import { KNOWN_PERMISSIONS, KNOWN_SCOPES } from "../../lib/genesys/catalog";
import * as productRules from "../../lib/genesys/provider-rules";
import { servedOperations } from "../../sandbox/api/server";
import { OPERATIONS, PERMISSIONS, SCOPES } from "../../sandbox/facts/api";
import * as sandboxRules from "../../sandbox/facts/provider";
import { loadProviderSchema, PROVIDER_SCHEMA_FILE } from "../../sandbox/emulator/schema";
import { PINNED_SCHEMA_FILE } from "../support/conformance";
import { tempDir } from "../support/config-dir";

const sorted = (values: Iterable<string>) => [...values].sort();

describe("the product's tables agree with the sandbox's facts", () => {
  it("pins the provider schema the sandbox serves", () => {
    expect(JSON.parse(readFileSync(PINNED_SCHEMA_FILE, "utf8"))).toEqual(
      JSON.parse(readFileSync(PROVIDER_SCHEMA_FILE, "utf8")),
    );
    expect(path.basename(PINNED_SCHEMA_FILE)).toBe(`genesyscloud@${sandboxRules.PROVIDER_VERSION}.json`);
    expect(productRules.PROVIDER_SOURCE).toBe(sandboxRules.PROVIDER_SOURCE);
  });

  it("has the provider's regions, grant types, states, token validity and role condition enums", () => {
    expect(productRules.REGION_DOMAINS).toEqual(sandboxRules.REGION_DOMAINS);
    expect(sorted(productRules.GRANT_TYPES)).toEqual(sorted(sandboxRules.GRANT_TYPES));
    expect(sorted(productRules.CLIENT_STATES)).toEqual(sorted(sandboxRules.CLIENT_STATES));
    expect(productRules.TOKEN_VALIDITY_SECONDS).toEqual(sandboxRules.TOKEN_VALIDITY_SECONDS);
    expect(sorted(productRules.ROLE_CONDITION_CONJUNCTIONS)).toEqual(sorted(sandboxRules.ROLE_CONDITION_CONJUNCTIONS));
    expect(sorted(productRules.ROLE_TERM_OPERATORS)).toEqual(sorted(sandboxRules.ROLE_TERM_OPERATORS));
    expect(sorted(productRules.ROLE_OPERAND_TYPES)).toEqual(sorted(sandboxRules.ROLE_OPERAND_TYPES));
    expect(productRules.CREDENTIAL_ENV_VARS).toEqual(sandboxRules.CREDENTIAL_ENV_VARS);
  });

  it("knows the API's scopes and permissions", () => {
    expect(sorted(KNOWN_SCOPES)).toEqual(sorted(SCOPES));
    expect(sorted(KNOWN_PERMISSIONS)).toEqual(sorted(PERMISSIONS));
  });
});

describe("the provider schema the emulator serves", () => {
  it("is read through its schema: a wrong field is one error naming the file and the field", () => {
    expect(Object.keys(loadProviderSchema(PROVIDER_SCHEMA_FILE).resources)).toContain("genesyscloud_oauth_client");
    const doc = JSON.parse(readFileSync(PROVIDER_SCHEMA_FILE, "utf8"));
    const entry = doc.provider_schemas[sandboxRules.PROVIDER_ADDRESS];
    entry.resource_schemas.genesyscloud_oauth_client.block.attributes.name.optinal = true;
    const file = path.join(tempDir("provider-schema-"), "schema.json");
    writeFileSync(file, JSON.stringify(doc));
    expect(() => loadProviderSchema(file)).toThrow(
      `${file}: provider_schemas.${sandboxRules.PROVIDER_ADDRESS}.resource_schemas.genesyscloud_oauth_client.block` +
        `.attributes.name: Unrecognized key: "optinal"`,
    );
    writeFileSync(file, "{");
    expect(() => loadProviderSchema(file)).toThrow(`Could not read the provider schema ${file}:`);
  });
});

describe("the API stand-in's operations", () => {
  it("serves exactly the operations of its catalog copy, each once", () => {
    const served = servedOperations();
    expect(new Set(served).size).toBe(served.length);
    expect(sorted(served)).toEqual(sorted(OPERATIONS.map((op) => `${op.method} ${op.path}`)));
  });
});
