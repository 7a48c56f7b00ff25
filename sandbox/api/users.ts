/**
 * Access tokens, issued by the login routes and resolved to the caller on every API request; and the users of
 * the sandbox's orgs (a world file may give an org `users`, holding roles as clients do) and their
 * tokens. A user token acts in the user's org as that user: the user's roles decide its permissions, the scopes
 * of the client it signed in with limit what it may call, and that client may be another org's (a partner's).
 */
import { randomBytes } from "node:crypto";
import { appendFileSync } from "node:fs";
import type { IncomingHttpHeaders } from "node:http";
import type { OAuthClient, Org, User, World } from "../emulator/world";
import type { Session, StandIn } from "./context";
import type { OperationFact } from "../facts/api";
import { apiError, badCredentials } from "./http";

export type { User };

/** What a user token stands for besides the org it acts in and the client that issued it. */
export interface UserSession {
  readonly userId: string;
  /** The org of the client the user signed in with. */
  readonly clientOrgId: string;
  /** The token's authorized scopes: the client's. */
  readonly scopes: readonly string[];
}

/** The signed-in user of an API call made with a user token. */
export interface SignedInUser {
  readonly user: User;
  readonly clientOrg: Org;
  readonly scopes: readonly string[];
}

/** The user with this login name (email) in an org of `region`, with that org. */
export function findUser(world: World, region: string, email: string): { org: Org; user: User } | undefined {
  for (const org of world.orgs.filter((o) => o.region === region)) {
    const user = (org.users ?? []).find((u) => u.email.toLowerCase() === email.toLowerCase());
    if (user) return { org, user };
  }
  return undefined;
}

/** 403 unless the user token's scopes include one the operation accepts (or `all`). The wording is the sandbox's. */
export function requireScope(scopes: readonly string[], { method, path, scopes: accepted }: OperationFact): void {
  if (!accepted) throw new Error(`sandbox: no scopes in sandbox/facts/api-scopes.json for ${method} ${path}`);
  if (scopes.includes("all") || accepted.some((s) => scopes.includes(s))) return;
  throw apiError(
    403,
    "missing.scope",
    `[sandbox's wording] The token's scopes include none of those this operation accepts: ${accepted.join(", ")}`,
  );
}

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
  if (!org || !clientOrg || !caller) throw badCredentials();
  if (!known.user) return { org, caller };
  const user = (org.users ?? []).find((u) => u.id === known.user!.userId);
  if (!user) throw badCredentials();
  return { org, caller, user: { user, clientOrg, scopes: known.user.scopes } };
}
