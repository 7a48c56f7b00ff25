/** What every route sees: the stand-in's state and, for API routes, the logged-in caller. */
import type { IncomingHttpHeaders } from "node:http";
import type { OAuthClient, Org, World } from "../emulator/world";
import type { SignedInUser, UserSession } from "./users";

/** Who an access token stands for. */
export interface Session {
  readonly orgId: string;
  readonly clientId: string;
  /** Set for a user token (users.ts): it acts in `orgId` as that user; the client is the other org's. */
  readonly user?: UserSession;
}

export interface StandIn {
  readonly worldFile: string;
  /** The provider `aws_region` this stand-in answers for, lower case. */
  readonly region: string;
  /** Access token -> session. */
  readonly sessions: Map<string, Session>;
  readonly tokensFile?: string;
  /** One line per refused request the operator should notice (e.g. a body field the stand-in does not know). */
  log(line: string): void;
}

export interface Request {
  readonly method: string;
  /** The path without the gateway's `/api` path parameter, e.g. `/api/v2/organizations/me`. */
  readonly path: string;
  readonly query: URLSearchParams;
  readonly headers: IncomingHttpHeaders;
  readonly body: string;
}

/** A request to a login route (no access token needed). */
export interface LoginCall {
  readonly standIn: StandIn;
  readonly request: Request;
}

/** A request to an API route, by a caller with a valid access token. */
export interface ApiCall extends LoginCall {
  readonly org: Org;
  /** The OAuth client that issued the token. */
  readonly caller: OAuthClient;
  /** The signed-in user of a user token; absent for a client-credentials token. */
  readonly user?: SignedInUser;
  /** The path's `{name}` parameters, decoded. */
  readonly params: Readonly<Record<string, string>>;
  /** Runs `change` on the caller's org in a fresh read of the world file, then saves the file. */
  change<T>(change: (org: Org, world: World) => T): T;
}

/** A login route answers one exact path; an API route a path template, e.g. `/api/v2/oauth/clients/{clientId}`. */
interface Route<Call> {
  readonly method: string;
  readonly path: string;
  handle(call: Call): unknown;
}
export type ApiRoute = Route<ApiCall>;

/** Routes from a table keyed `METHOD path`, as the API's reference names its operations. */
export function routes<Call>(table: Readonly<Record<string, (call: Call) => unknown>>): readonly Route<Call>[] {
  return Object.entries(table).map(([operation, handle]) => {
    const [method = "", path = ""] = operation.split(" ");
    return { method, path, handle };
  });
}
