/**
 * The login service: `POST /login/oauth/token` (client-credentials grant, Basic auth), and the sandbox's own
 * `POST /login/sandbox/user-token`, standing for a user's sign-in in a browser (docs/doctor.md).
 */
import { type LoginCall, routes } from "../context";
import { type OAuthClient, type Org, type World, readWorld } from "../../emulator/world";
import { basicCredentials, loginError } from "../http";
import { findUser, issueToken } from "../users";

const TOKEN_LIFETIME_SECONDS = 86_400;

/** The client with this id, with its org: the first org (of `region`, when given) that has it. */
function clientById(
  world: World,
  id: string | undefined,
  region?: string,
): { org: Org; client: OAuthClient } | undefined {
  const org = world.orgs.find(
    (o) => (region === undefined || o.region === region) && o.oauthClients.some((c) => c.id === id),
  );
  const client = org?.oauthClients.find((c) => c.id === id);
  return org && client ? { org, client } : undefined;
}

/**
 * The client these credentials log in to `region` as, with its org; else why they do not (the login service gives
 * one answer for every reason; the provider emulator names the reason in its diagnostic's detail).
 */
export function clientLogin(
  world: World,
  region: string,
  id: string | undefined,
  secret: string | undefined,
): { org: Org; client: OAuthClient } | { refused: string } {
  const found = clientById(world, id);
  if (!found) return { refused: `no org has an OAuth client with id "${id}"` };
  const { org, client } = found;
  if (client.secret !== secret) return { refused: `wrong secret for OAuth client "${id}"` };
  if (org.region !== region)
    return { refused: `OAuth client "${id}" belongs to an org in ${org.region}, not ${region}` };
  if (client.state !== "active") return { refused: `OAuth client "${id}" is ${client.state}` };
  return { org, client };
}

export const loginRoutes = routes<LoginCall>({
  "POST /login/oauth/token"({ standIn, request }) {
    const form = new URLSearchParams(request.body);
    if (form.get("grant_type") !== "client_credentials") {
      throw loginError(400, "unsupported_grant_type", "only grant_type=client_credentials is supported here");
    }
    const credentials = basicCredentials(request.headers.authorization);
    const found = clientLogin(readWorld(standIn.worldFile), standIn.region, credentials?.id, credentials?.secret);
    if ("refused" in found) throw loginError(401, "invalid_client", "authentication failed");
    if (found.client.authorizedGrantType !== "CLIENT-CREDENTIALS") {
      throw loginError(400, "unauthorized_client", "the client may not use the client credentials grant");
    }
    const token = issueToken(standIn, { orgId: found.org.id, clientId: found.client.id });
    return { access_token: token, token_type: "bearer", expires_in: TOKEN_LIFETIME_SECONDS };
  },
  "POST /login/sandbox/user-token"({ standIn, request }) {
    const form = new URLSearchParams(request.body);
    const world = readWorld(standIn.worldFile);
    const found = clientById(world, form.get("client_id") ?? "", standIn.region);
    if (!found || found.client.state !== "active") throw loginError(401, "invalid_client", "authentication failed");
    const { org: clientOrg, client } = found;
    if (client.authorizedGrantType === "CLIENT-CREDENTIALS") {
      throw loginError(400, "unauthorized_client", "a CLIENT-CREDENTIALS client signs in no user");
    }
    const user = findUser(world, standIn.region, form.get("username") ?? "");
    if (!user) throw loginError(400, "invalid_grant", "no such user in this region");
    const token = issueToken(standIn, {
      orgId: user.org.id,
      clientId: client.id,
      user: { userId: user.user.id, clientOrgId: clientOrg.id, scopes: [...(client.scopes ?? [])] },
    });
    return { access_token: token, token_type: "bearer", expires_in: TOKEN_LIFETIME_SECONDS };
  },
});
