/** The token's own information: `GET /api/v2/tokens/me` (SDK model TokenInfo). */
import type { Models } from "purecloud-platform-client-v2";
import type { ApiRoute } from "../context";
import type { OAuthClient, Org } from "../../emulator/world";
import { userTokenInfo } from "../users";

/** A client-credentials token acts in the org that owns its client, so both organizations are that org. */
export function tokenInfo(org: Org, client: OAuthClient): Models.TokenInfo {
  const organization: Models.NamedEntity = { id: org.id, name: org.name };
  return {
    organization,
    homeOrganization: organization,
    authorizedScope: client.scopes ?? [],
    OAuthClient: {
      id: client.id,
      name: client.name,
      authorizedGrantType: client.authorizedGrantType,
      scope: client.scopes ?? [],
      roleDivisions: client.roles.map((g) => ({ roleId: g.roleId, divisionId: g.divisionId })),
      state: client.state,
      organization,
    },
  };
}

export const tokenRoutes: readonly ApiRoute[] = [
  {
    method: "GET",
    path: "/api/v2/tokens/me",
    handle: ({ org, caller, user }) => (user ? userTokenInfo(org, caller, user) : tokenInfo(org, caller)),
  },
];
