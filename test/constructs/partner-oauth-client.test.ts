import { OauthClient } from "../../.gen/providers/genesyscloud/oauth-client";
import { PartnerOAuthClient } from "../../lib/constructs/partner-oauth-client";
import { environmentWith, synthScope } from "../support/stacks";

function clientJson(oauthClient: Record<string, unknown>, grants = [{ roleId: "role-1", divisionId: "*" }]) {
  const { oauthClient: client } = environmentWith({ oauthClient });
  const synthesized = synthScope((scope) => {
    new PartnerOAuthClient(scope, "PartnerOAuthClient", { client, grants });
  });
  return { synthesized, client: Object.values<any>(JSON.parse(synthesized).resource.genesyscloud_oauth_client)[0] };
}

describe("PartnerOAuthClient", () => {
  it("declares the client with its grant type, scopes, token validity, state and roles", () => {
    const { synthesized } = clientJson({ name: "Partner", accessTokenValiditySeconds: 3600 });
    expect(synthesized).toHaveResourceWithProperties(OauthClient, {
      name: "Partner",
      authorized_grant_type: "CLIENT-CREDENTIALS",
      scopes: ["bot:admin", "bot:platform", "analytics:reports:view", "user:read"],
      access_token_validity_seconds: 3600,
      state: "active",
      expose_client_secret: false,
      roles: [{ role_id: "role-1", division_id: "*" }],
    });
  });

  it("leaves out empty scopes and roles rather than sending empty sets", () => {
    const { client } = clientJson({ scopes: [] }, []);
    expect(client.scopes).toBeUndefined();
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
    );
    expect(client).toMatchObject({
      authorized_grant_type: "CODE",
      registered_redirect_uris: ["https://app.example.com/cb"],
    });
  });
});
