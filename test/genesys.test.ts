// The tables of Genesys facts (lib/genesys/): the API catalog and the provider's value rules.

import { KNOWN_PERMISSIONS, KNOWN_SCOPES } from "../lib/genesys/catalog";
import { apiBaseUrl, GRANT_TYPES, REGIONS, TOKEN_VALIDITY_SECONDS } from "../lib/genesys/provider-rules";
import { pinnedProviderSchema } from "./support/conformance";

describe("Genesys API catalog", () => {
  it("knows the bot-session permission and the textbots scopes", () => {
    expect(KNOWN_PERMISSIONS.has("textbots:botFlowSession:execute")).toBe(true);
    expect(KNOWN_SCOPES.has("textbots")).toBe(true);
    expect(KNOWN_SCOPES.has("all")).toBe(true);
  });

  it("does not know the scopes users ask for that Genesys does not define", () => {
    for (const scope of ["bot:admin", "bot:platform", "analytics:reports:view", "user:read"]) {
      expect(KNOWN_SCOPES.has(scope)).toBe(false);
    }
  });

  it("holds only permission strings (domain:entity:action)", () => {
    const malformed = [...KNOWN_PERMISSIONS].filter((p) => !/^[A-Za-z][\w-]*:[\w*-]+:[\w*-]+$/.test(p));
    expect(malformed).toEqual([]);
  });

  it("holds the whole catalog", () => {
    expect(KNOWN_SCOPES.size).toBe(135);
    expect(KNOWN_PERMISSIONS.size).toBe(1399);
  });
});

describe("provider rules", () => {
  it("maps each region to its API base URL", () => {
    expect(apiBaseUrl("us-east-1")).toBe("https://api.mypurecloud.com");
    expect(apiBaseUrl("eu-west-1")).toBe("https://api.mypurecloud.ie");
    expect(apiBaseUrl("eusc-de-east-1")).toBe("https://api.edee1.eusc-pure.cloud");
    expect(REGIONS).toHaveLength(20);
  });

  it("lists the grant types the pinned schema describes", () => {
    const description = pinnedProviderSchema().resources.genesyscloud_oauth_client.block.attributes!
      .authorized_grant_type as unknown as { description: string };
    for (const grantType of GRANT_TYPES.filter((g) => g !== "SAML2BEARER")) {
      expect(description.description).toContain(grantType);
    }
  });

  it("has the provider's token validity range and default", () => {
    expect(TOKEN_VALIDITY_SECONDS).toEqual({ min: 300, max: 38_880_000, default: 86_400 });
  });
});
