import { OauthClient } from "../../.gen/providers/genesyscloud/oauth-client";
import { PartnerOAuthClient } from "../../lib/constructs/partner-oauth-client";
import { environmentWith } from "../support/environments";
import { synthScope } from "../support/stacks";

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
