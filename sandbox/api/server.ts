/**
 * A local stand-in for the Genesys Cloud Platform API over the emulator's world file, on 127.0.0.1, in the
 * official SDK's gateway layout (path parameters `login` and `api`: `/login/...`, `/api/api/v2/...`). One
 * stand-in serves one region, as one region's hosts do: a client of an org in another region cannot log in.
 */
import { randomUUID } from "node:crypto";
import { type IncomingMessage, type ServerResponse, createServer } from "node:http";
import type { AddressInfo } from "node:net";
import { type OAuthClient, type Org, type World, readWorld, updateWorld } from "../emulator/world";
import { type OperationFact, operationFact } from "../facts/api";
import type { ApiRoute, Request, Session, StandIn } from "./context";
import { badCredentials, HttpError, notImplemented, readBody } from "./http";
import { divisionRoutes } from "./routes/divisions";
import { integrationRoutes } from "./routes/integrations";
import { loginRoutes } from "./routes/login";
import { oauthClientRoutes } from "./routes/oauth-clients";
import { organizationRoutes } from "./routes/organizations";
import { roleRoutes } from "./routes/roles";
import { textbotRoutes } from "./routes/textbots";
import { tokenRoutes } from "./routes/tokens";
import { userRoutes } from "./routes/users";
import { requireOperation } from "./permissions";
import { authenticate, requireScope, type SignedInUser } from "./users";

const API_ROUTES: readonly ApiRoute[] = [
  ...organizationRoutes,
  ...tokenRoutes,
  ...oauthClientRoutes,
  ...roleRoutes,
  ...divisionRoutes,
  ...integrationRoutes,
  ...textbotRoutes,
  ...userRoutes,
];
/** The catalog operation of each route: what permission it needs. A route the catalog does not know is a bug. */
const OPERATIONS = new Map<ApiRoute, OperationFact>(
  API_ROUTES.map((route) => {
    const fact = operationFact(route.method, route.path);
    if (!fact) throw new Error(`sandbox: no API catalog entry for ${route.method} ${route.path} (sandbox/facts/)`);
    return [route, fact];
  }),
);
/** "METHOD /path" of every API operation the stand-in serves. */
export function servedOperations(): string[] {
  return API_ROUTES.map((route) => `${route.method} ${route.path}`);
}

/** The gateway's `api` path parameter in front of every API path. */
const API_PREFIX = "/api";

export interface ApiStubOptions {
  readonly worldFile: string;
  /** The provider `aws_region` this stand-in answers for. */
  readonly region: string;
  /** Default 0: a free port. */
  readonly port?: number;
  /** For tests in another process: every issued access token is appended here (one per line). */
  readonly tokensFile?: string;
  /** Where refused requests are reported, one line each; default stderr. */
  readonly log?: (line: string) => void;
}

export interface ApiStub {
  /** The gateway URL to pass as `--gateway`, e.g. http://127.0.0.1:41234 */
  readonly url: string;
  /** Every request as "METHOD /path", for tests that prove what was (not) called. */
  readonly requests: readonly string[];
  /** Access tokens issued so far, for tests that prove no token reaches any output. */
  issuedTokens(): string[];
  close(): Promise<void>;
}

/** `{name}` parameters of `template` in `path`, or undefined when the path does not fit. */
function matchTemplate(template: string, path: string): Record<string, string> | undefined {
  const match = new RegExp(`^${template.replace(/\{(\w+)\}/g, "(?<$1>[^/]+)")}$`).exec(path);
  if (!match) return undefined;
  return Object.fromEntries(
    Object.entries(match.groups ?? {}).map(([name, value]) => [name, decodeURIComponent(value)]),
  );
}

function dispatch(standIn: StandIn, request: Request): unknown {
  const login = loginRoutes.find((r) => r.method === request.method && r.path === request.path);
  if (login) return login.handle({ standIn, request });
  if (!request.path.startsWith(`${API_PREFIX}/api/v2/`)) throw notImplemented(request.method, request.path);
  const apiRequest = { ...request, path: request.path.slice(API_PREFIX.length) };
  const { org, caller, user } = authenticate(standIn, readWorld(standIn.worldFile), request.headers);
  return handleApi(standIn, apiRequest, org, caller, user);
}

/** `user` (a user token): the client's scopes limit it, the user's roles authorize it. */
function handleApi(
  standIn: StandIn,
  request: Request,
  org: Org,
  caller: OAuthClient,
  user: SignedInUser | undefined,
  checkPermissions = true,
): unknown {
  for (const route of API_ROUTES) {
    if (route.method !== request.method) continue;
    const params = matchTemplate(route.path, request.path);
    if (!params) continue;
    const operation = OPERATIONS.get(route)!;
    if (user) requireScope(user.scopes, operation);
    if (checkPermissions) requireOperation(org, user?.user ?? caller, operation);
    const inOrg = (current: World) => current.orgs.find((o) => o.id === org.id)!;
    const change = <T>(fn: (org: Org, world: World) => T) => updateWorld(standIn.worldFile, (w) => fn(inOrg(w), w));
    const call = { standIn, request, org, caller, params, change };
    return route.handle(user ? { ...call, user } : call);
  }
  throw notImplemented(request.method, request.path);
}

/**
 * An API operation called in-process by OAuth client `clientId` of `orgId`, as the provider emulator calls the API:
 * the API's rules apply as over HTTP, but not its permissions (the emulator emulates only the role-grant rule).
 * Throws the HttpError the API would answer with, naming the call.
 */
export function callApi(
  worldFile: string,
  session: Session,
  method: string,
  pathAndQuery: string,
  body?: unknown,
): unknown {
  const standIn: StandIn = {
    worldFile,
    region: "",
    sessions: new Map(),
    log: (line) => process.stderr.write(`${line}\n`),
  };
  const url = new URL(pathAndQuery, "http://stand-in");
  const request = {
    method,
    path: url.pathname,
    query: url.searchParams,
    headers: {},
    body: body === undefined ? "" : JSON.stringify(body),
  };
  try {
    const org = readWorld(worldFile).orgs.find((o) => o.id === session.orgId);
    const caller = org?.oauthClients.find((c) => c.id === session.clientId);
    if (!org || !caller) throw badCredentials();
    return handleApi(standIn, request, org, caller, undefined, false);
  } catch (error) {
    if (!(error instanceof HttpError)) throw error;
    throw new HttpError(error.status, error.body, { method, path: url.pathname });
  }
}

export async function startApiStub(options: ApiStubOptions): Promise<ApiStub> {
  const standIn: StandIn = {
    worldFile: options.worldFile,
    region: options.region.toLowerCase(),
    sessions: new Map<string, Session>(),
    ...(options.tokensFile ? { tokensFile: options.tokensFile } : {}),
    log: options.log ?? ((line) => process.stderr.write(`sandbox api: ${line}\n`)),
  };
  const requests: string[] = [];

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const method = req.method ?? "GET";
    const url = new URL(req.url ?? "/", "http://stand-in");
    requests.push(`${method} ${url.pathname}`);
    let status = 200;
    let payload: unknown;
    try {
      const body = await readBody(req);
      payload = dispatch(standIn, { method, path: url.pathname, query: url.searchParams, headers: req.headers, body });
    } catch (error) {
      if (!(error instanceof HttpError)) throw error;
      status = error.status;
      payload = error.body;
    }
    const contextId = (payload as { contextId?: unknown } | undefined)?.contextId;
    res.writeHead(payload === undefined && status === 200 ? 204 : status, {
      "content-type": "application/json",
      "inin-correlation-id": typeof contextId === "string" ? contextId : randomUUID(),
    });
    res.end(payload === undefined ? undefined : JSON.stringify(payload));
  }

  const server = createServer((req, res) => {
    handle(req, res).catch(() => {
      res.writeHead(500, { "content-type": "application/json" });
      res.end(JSON.stringify({ status: 500, code: "internal.server.error", message: "The stand-in failed." }));
    });
  });
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(options.port ?? 0, "127.0.0.1", () => resolve());
  });
  const port = (server.address() as AddressInfo).port;
  return {
    url: `http://127.0.0.1:${port}`,
    requests,
    issuedTokens: () => [...standIn.sessions.keys()],
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
