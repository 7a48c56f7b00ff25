import { apiBaseUrl, GRANT_TYPES, REGIONS, TOKEN_VALIDITY_SECONDS } from "../../lib/genesys/provider-rules";
import { pinnedProviderSchema } from "../support/conformance";

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
