/** OAuth clients: read one, regenerate its secret. */
import type { ApiRoute } from "../context";
import { type OAuthClient, newSecret, updateWorld } from "../../emulator/world";
import { apiError } from "../http";

function clientView(client: OAuthClient, secret?: string): Record<string, unknown> {
  return {
    id: client.id,
    name: client.name,
    description: client.description,
    accessTokenValiditySeconds: client.accessTokenValiditySeconds,
    authorizedGrantType: client.authorizedGrantType,
    state: client.state,
    scope: client.scopes ?? [],
    registeredRedirectUri: client.registeredRedirectUris ?? [],
    roleIds: [...new Set(client.roles.map((g) => g.roleId))],
    roleDivisions: client.roles.map((g) => ({ roleId: g.roleId, divisionId: g.divisionId })),
    ...(secret !== undefined ? { secret } : {}),
    selfUri: `/api/v2/oauth/clients/${client.id}`,
  };
}

export const oauthClientRoutes: readonly ApiRoute[] = [
  {
    method: "GET",
    path: "/api/v2/oauth/clients/{clientId}",
    handle({ org, params }) {
      const client = org.oauthClients.find((c) => c.id === params.clientId);
      if (!client) throw apiError(404, "not.found", `OAuth client ${params.clientId} not found.`);
      return clientView(client);
    },
  },
  {
    method: "POST",
    path: "/api/v2/oauth/clients/{clientId}/secret",
    handle({ standIn, org, params }) {
      return updateWorld(standIn.worldFile, (current) => {
        const client = current.orgs.find((o) => o.id === org.id)?.oauthClients.find((c) => c.id === params.clientId);
        if (!client) throw apiError(404, "not.found", `OAuth client ${params.clientId} not found.`);
        const secret = newSecret();
        (client as { secret: string }).secret = secret;
        // Tokens issued to the client before stay valid until they expire; only logins with the old secret fail.
        return clientView(client, secret);
      });
    },
  },
];
