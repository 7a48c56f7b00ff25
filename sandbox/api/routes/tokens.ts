/** The token's own information: `GET /api/v2/tokens/me` (SDK model TokenInfo). */
import type { Models } from "purecloud-platform-client-v2";
import { type ApiCall, routes } from "../context";
import type { OAuthClient, Org } from "../../emulator/world";
import type { SignedInUser } from "../users";

/**
 * A client-credentials token acts in the org that owns its client; a user token in the user's org, while its
 * client may be another org's, and its scopes are those the user signed in with.
 */
function tokenInfo(org: Org, client: OAuthClient, signedIn: SignedInUser | undefined): Models.TokenInfo {
  const organization: Models.NamedEntity = { id: org.id, name: org.name };
  const clientOrg = signedIn?.clientOrg ?? org;
  return {
    organization,
    homeOrganization: organization,
    authorizedScope: [...(signedIn?.scopes ?? client.scopes ?? [])],
    OAuthClient: {
      id: client.id,
      name: client.name,
      authorizedGrantType: client.authorizedGrantType,
      scope: client.scopes ?? [],
      ...(signedIn ? {} : { roleDivisions: client.roles.map((g) => ({ roleId: g.roleId, divisionId: g.divisionId })) }),
      state: client.state,
      organization: { id: clientOrg.id, name: clientOrg.name },
    },
  };
}

export const tokenRoutes = routes<ApiCall>({
  "GET /api/v2/tokens/me": ({ org, caller, user }) => tokenInfo(org, caller, user),
});
