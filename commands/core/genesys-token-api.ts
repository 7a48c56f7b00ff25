/**
 * Calls made with an access token someone hands over (a user's, or any client's), through the same quiet
 * SDK clients as genesys-api.ts: `GET /api/v2/tokens/me`, `GET /api/v2/users/me?expand=authorization`, and
 * the calls of `api` (they take a Session, whatever gave it its token).
 */
import type { Models } from "purecloud-platform-client-v2";
import { type Result, type Session, type Target, body, quietClient, sdk } from "./genesys-api";

/** A session that sends `accessToken` as its bearer token; nothing is called until an API is. */
export function tokenSession(target: Target, accessToken: string): Session {
  const client = quietClient(target);
  client.setAccessToken(accessToken);
  return { client, target };
}

export const tokenApi = {
  /** What the token is: its org, home org, authorized scopes and the OAuth client that issued it. */
  tokensMe: (s: Session): Promise<Result<Models.TokenInfo>> =>
    body<Models.TokenInfo>(() => new (sdk().TokensApi)(s.client).getTokensMe()),
  /** The signed-in user with their roles and effective permissions (user tokens only). */
  usersMeWithAuthorization: (s: Session): Promise<Result<Models.UserMe>> =>
    body<Models.UserMe>(() => new (sdk().UsersApi)(s.client).getUsersMe({ expand: ["authorization"] })),
};
