/**
 * `POST /login/sandbox/user-token` (form: `client_id`, `username`): the token an app gets when that user signs
 * in with that client. Not a Genesys endpoint: it stands for the authorization-code (or PKCE) sign-in, which
 * needs a browser. The client must be active, of a grant type that acts for users (not CLIENT-CREDENTIALS) and in
 * an org of this region; the user is found by login name in any org of this region; the token's scopes are the
 * client's.
 */
import type { LoginRoute } from "../context";
import { readWorld } from "../../emulator/world";
import { loginError } from "../http";
import { issueToken } from "../sessions";
import { findUser } from "../users";

const TOKEN_LIFETIME_SECONDS = 86_400;

export const userLoginRoutes: readonly LoginRoute[] = [
  {
    method: "POST",
    path: "/login/sandbox/user-token",
    handle({ standIn, request }) {
      const form = new URLSearchParams(request.body);
      const clientId = form.get("client_id") ?? "";
      const world = readWorld(standIn.worldFile);
      const clientOrg = world.orgs.find(
        (o) => o.region === standIn.region && o.oauthClients.some((c) => c.id === clientId),
      );
      const client = clientOrg?.oauthClients.find((c) => c.id === clientId);
      if (!clientOrg || !client || client.state !== "active") {
        throw loginError(401, "invalid_client", "authentication failed");
      }
      if (client.authorizedGrantType === "CLIENT-CREDENTIALS") {
        throw loginError(400, "unauthorized_client", "a CLIENT-CREDENTIALS client signs in no user");
      }
      const found = findUser(world, standIn.region, form.get("username") ?? "");
      if (!found) throw loginError(400, "invalid_grant", "no such user in this region");
      const token = issueToken(standIn, {
        orgId: found.org.id,
        clientId: client.id,
        user: { userId: found.user.id, clientOrgId: clientOrg.id, scopes: [...(client.scopes ?? [])] },
      });
      return { access_token: token, token_type: "bearer", expires_in: TOKEN_LIFETIME_SECONDS };
    },
  },
];
