/** The login service: `POST /login/oauth/token` (client-credentials grant, Basic auth). */
import type { LoginRoute } from "../context";
import { readWorld } from "../../emulator/world";
import { basicCredentials, loginError } from "../http";
import { issueToken } from "../sessions";

const TOKEN_LIFETIME_SECONDS = 86_400;

export const loginRoutes: readonly LoginRoute[] = [
  {
    method: "POST",
    path: "/login/oauth/token",
    handle({ standIn, request }) {
      const form = new URLSearchParams(request.body);
      if (form.get("grant_type") !== "client_credentials") {
        throw loginError(400, "unsupported_grant_type", "only grant_type=client_credentials is supported here");
      }
      const credentials = basicCredentials(request.headers.authorization);
      if (!credentials) throw loginError(401, "invalid_client", "authentication failed");
      const world = readWorld(standIn.worldFile);
      const org = world.orgs.find(
        (o) => o.region === standIn.region && o.oauthClients.some((c) => c.id === credentials.id),
      );
      const client = org?.oauthClients.find((c) => c.id === credentials.id);
      // Unknown client, client of another region, wrong secret, inactive: one answer, as a login service gives.
      if (!org || !client || client.secret !== credentials.secret || client.state !== "active") {
        throw loginError(401, "invalid_client", "authentication failed");
      }
      if (client.authorizedGrantType !== "CLIENT-CREDENTIALS") {
        throw loginError(400, "unauthorized_client", "the client may not use the client credentials grant");
      }
      const token = issueToken(standIn, { orgId: org.id, clientId: client.id });
      return { access_token: token, token_type: "bearer", expires_in: TOKEN_LIFETIME_SECONDS };
    },
  },
];
