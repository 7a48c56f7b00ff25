/**
 * Calls made with an access token someone hands over (a user's, or any client's), through the same quiet,
 * bounded SDK clients as genesys-api.ts: `GET /api/v2/tokens/me`, `GET /api/v2/users/me?expand=authorization`,
 * and the calls of `api` (they take a Session, whatever gave it its token). The token is screened from all
 * server text like every secret the process knows.
 */
import type { Models } from "purecloud-platform-client-v2";
import {
  DEFAULT_LIMITS,
  type Limits,
  type Result,
  type Session,
  type Target,
  body,
  quietClient,
  remember,
  sdk,
} from "./genesys-api";

/** A session that sends `accessToken` as its bearer token; nothing is called until an API is. */
export function tokenSession(target: Target, accessToken: string, limits: Limits = DEFAULT_LIMITS): Session {
  remember(accessToken);
  const client = quietClient(target, limits);
  client.setAccessToken(accessToken);
  return { client, target, limits };
}

export const tokenApi = {
  /** What the token is: its org, home org, authorized scopes and the OAuth client that issued it. */
  tokensMe: (s: Session): Promise<Result<Models.TokenInfo>> =>
    body<Models.TokenInfo>(s, () => new (sdk().TokensApi)(s.client).getTokensMe()),
  /** The signed-in user with their roles and effective permissions (user tokens only). */
  usersMeWithAuthorization: (s: Session): Promise<Result<Models.UserMe>> =>
    body<Models.UserMe>(s, () => new (sdk().UsersApi)(s.client).getUsersMe({ expand: ["authorization"] })),
};
