/** Access tokens: issued by the login routes, resolved to the caller on every API request. */
import { randomBytes } from "node:crypto";
import { appendFileSync } from "node:fs";
import type { IncomingHttpHeaders } from "node:http";
import type { OAuthClient, Org, World } from "../emulator/world";
import type { Session, StandIn } from "./context";
import { apiError } from "./http";
import { type SignedInUser, usersOf } from "./users";

export function issueToken(standIn: StandIn, session: Session): string {
  const token = randomBytes(24).toString("base64url");
  standIn.sessions.set(token, session);
  if (standIn.tokensFile) appendFileSync(standIn.tokensFile, `${token}\n`, { mode: 0o600 });
  return token;
}

/** The org and client (and, for a user token, the user) the request's bearer token stands for; 401 without a valid one. */
export function authenticate(
  standIn: StandIn,
  world: World,
  headers: IncomingHttpHeaders,
): { org: Org; caller: OAuthClient; user?: SignedInUser } {
  const match = /^Bearer\s+(\S+)$/.exec(headers.authorization ?? "");
  const known = match ? standIn.sessions.get(match[1]!) : undefined;
  const org = known && world.orgs.find((o) => o.id === known.orgId);
  const clientOrg = known && world.orgs.find((o) => o.id === (known.user?.clientOrgId ?? known.orgId));
  const caller = known && clientOrg?.oauthClients.find((c) => c.id === known.clientId);
  if (!org || !clientOrg || !caller) throw apiError(401, "bad.credentials", "Invalid login credentials.");
  if (!known.user) return { org, caller };
  const user = usersOf(org).find((u) => u.id === known.user!.userId);
  if (!user) throw apiError(401, "bad.credentials", "Invalid login credentials.");
  return { org, caller, user: { user, clientOrg, scopes: known.user.scopes } };
}
