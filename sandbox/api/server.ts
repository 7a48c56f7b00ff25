/**
 * A local stand-in for the few Genesys Cloud Platform API endpoints the doctor and rotate-secret
 * use, serving the provider emulator's world file (sandbox/emulator/world.ts). Plain node:http on
 * 127.0.0.1, in the official SDK's gateway layout (path parameters `login` and `api`):
 *   POST /login/oauth/token                              client-credentials login (Basic auth)
 *   GET  /api/api/v2/organizations/me
 *   GET  /api/api/v2/oauth/clients/{clientId}
 *   POST /api/api/v2/oauth/clients/{clientId}/secret
 *   GET  /api/api/v2/authorization/roles/{roleId}
 *   POST /api/api/v2/textbots/botflows/sessions
 * One stand-in serves one region, like one region's login and API hosts: a client of an org in
 * another region cannot log in. Error wordings are the project's own (docs/doctor.md).
 */
import { randomBytes, randomUUID } from "node:crypto";
import { type IncomingMessage, type ServerResponse, createServer } from "node:http";
import { appendFileSync } from "node:fs";
import type { AddressInfo } from "node:net";
import {
  type OAuthClient,
  type Org,
  type Role,
  type World,
  newSecret,
  readWorld,
  updateWorld,
} from "../emulator/world";

export const BOT_SESSION_PERMISSION = "textbots:botFlowSession:execute";

export interface ApiStubOptions {
  readonly worldFile: string;
  /** The provider `aws_region` this stand-in answers for. */
  readonly region: string;
  /** Default 0: a free port. */
  readonly port?: number;
  /** For tests in another process: every issued access token is appended here (one per line). */
  readonly tokensFile?: string;
}

export interface ApiStub {
  /** The gateway URL to pass as `--gateway`, e.g. http://127.0.0.1:41234 */
  readonly url: string;
  readonly port: number;
  /** Every request as "METHOD /path", for tests that prove what was (not) called. */
  readonly requests: readonly string[];
  /** Access tokens issued so far, for tests that prove no token reaches any output. */
  issuedTokens(): string[];
  close(): Promise<void>;
}

interface Session {
  readonly orgId: string;
  readonly clientId: string;
}

const TOKEN_LIFETIME_SECONDS = 86_400;
const MAX_BODY_BYTES = 64 * 1024;

class HttpError extends Error {
  constructor(
    readonly status: number,
    readonly body: Record<string, unknown>,
  ) {
    super(String(body.message ?? body.error));
  }
}

/** The API's error body (SDK model ErrorBody); the codes and messages here are the stand-in's own. */
function apiError(status: number, code: string, message: string, messageParams?: Record<string, string>): HttpError {
  return new HttpError(status, {
    message,
    code,
    status,
    ...(messageParams ? { messageParams } : {}),
    contextId: randomUUID(),
    details: [],
    errors: [],
  });
}

/** The login service's OAuth error body (`error`, `description`, `error_description`). */
function loginError(status: number, error: string, description: string): HttpError {
  return new HttpError(status, { error, description, error_description: description });
}

/** `domain:entity:action` strings a role carries: its `permissions` plus those of its permissionPolicies. */
export function rolePermissions(role: Role): string[] {
  const fromPolicies = (role.permissionPolicies ?? []).flatMap((p) =>
    p.actionSet.map((action) => `${p.domain}:${p.entityName}:${action}`),
  );
  return [...new Set([...(role.permissions ?? []), ...fromPolicies])];
}

/** Whether `granted` (possibly with `*` parts) covers `wanted`. */
export function permissionCovers(granted: string, wanted: string): boolean {
  const g = granted.split(":");
  const w = wanted.split(":");
  return g.length === 3 && w.length === 3 && g.every((part, i) => part === "*" || part === w[i]);
}

function orgView(org: Org): Record<string, unknown> {
  return {
    id: org.id,
    name: org.name,
    defaultLanguage: org.defaultLanguage,
    defaultCountryCode: org.defaultCountryCode,
    thirdPartyOrgName: org.thirdPartyOrgName,
    domain: org.domain,
    version: 1,
    state: "active",
    defaultSiteId: org.defaultSiteId,
    supportURI: org.supportUri,
    voicemailEnabled: org.voicemailEnabled,
    productPlatform: org.productPlatform,
    selfUri: "/api/v2/organizations/me",
  };
}

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

function roleView(role: Role): Record<string, unknown> {
  return {
    id: role.id,
    name: role.name,
    description: role.description,
    ...(role.defaultRoleId ? { defaultRoleId: role.defaultRoleId } : {}),
    permissions: rolePermissions(role),
    permissionPolicies: (role.permissionPolicies ?? []).map((p) => ({
      domain: p.domain,
      entityName: p.entityName,
      actionSet: [...p.actionSet],
      allowConditions: p.conditions !== undefined,
    })),
    default: role.defaultRoleId !== undefined,
    base: false,
    selfUri: `/api/v2/authorization/roles/${role.id}`,
  };
}

function readBody(req: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    let size = 0;
    const chunks: Buffer[] = [];
    req.on("data", (chunk: Buffer) => {
      size += chunk.length;
      if (size > MAX_BODY_BYTES) {
        reject(apiError(413, "request.too.large", "The request body is too large."));
        req.destroy();
        return;
      }
      chunks.push(chunk);
    });
    req.on("end", () => resolve(Buffer.concat(chunks).toString("utf8")));
    req.on("error", reject);
  });
}

function parseJson(text: string): unknown {
  try {
    return text === "" ? undefined : JSON.parse(text);
  } catch {
    throw apiError(400, "bad.request", "The request body is not valid JSON.");
  }
}

function basicCredentials(header: string | undefined): { id: string; secret: string } | undefined {
  const match = /^Basic\s+([A-Za-z0-9+/=]+)$/.exec(header ?? "");
  if (!match) return undefined;
  const decoded = Buffer.from(match[1]!, "base64").toString("utf8");
  const colon = decoded.indexOf(":");
  return colon < 0 ? undefined : { id: decoded.slice(0, colon), secret: decoded.slice(colon + 1) };
}

export async function startApiStub(options: ApiStubOptions): Promise<ApiStub> {
  const sessions = new Map<string, Session>();
  const requests: string[] = [];
  const region = options.region.toLowerCase();

  function login(req: IncomingMessage, body: string): Record<string, unknown> {
    const form = new URLSearchParams(body);
    if (form.get("grant_type") !== "client_credentials") {
      throw loginError(400, "unsupported_grant_type", "only grant_type=client_credentials is supported here");
    }
    const credentials = basicCredentials(req.headers.authorization);
    if (!credentials) throw loginError(401, "invalid_client", "authentication failed");
    const world = readWorld(options.worldFile);
    const org = world.orgs.find((o) => o.region === region && o.oauthClients.some((c) => c.id === credentials.id));
    const client = org?.oauthClients.find((c) => c.id === credentials.id);
    // Unknown client, client of another region, wrong secret, inactive: one answer, as a login service gives.
    if (!org || !client || client.secret !== credentials.secret || client.state !== "active") {
      throw loginError(401, "invalid_client", "authentication failed");
    }
    if (client.authorizedGrantType !== "CLIENT-CREDENTIALS") {
      throw loginError(400, "unauthorized_client", "the client may not use the client credentials grant");
    }
    const token = randomBytes(24).toString("base64url");
    sessions.set(token, { orgId: org.id, clientId: client.id });
    if (options.tokensFile) appendFileSync(options.tokensFile, `${token}\n`, { mode: 0o600 });
    return { access_token: token, token_type: "bearer", expires_in: TOKEN_LIFETIME_SECONDS };
  }

  function session(req: IncomingMessage, world: World): { org: Org; caller: OAuthClient } {
    const match = /^Bearer\s+(\S+)$/.exec(req.headers.authorization ?? "");
    const known = match ? sessions.get(match[1]!) : undefined;
    const org = known && world.orgs.find((o) => o.id === known.orgId);
    const caller = known && org?.oauthClients.find((c) => c.id === known.clientId);
    if (!org || !caller) throw apiError(401, "bad.credentials", "Invalid login credentials.");
    return { org, caller };
  }

  function requirePermission(org: Org, caller: OAuthClient, permission: string): void {
    const held = caller.roles.some((grant) => {
      const role = org.roles.find((r) => r.id === grant.roleId);
      return role !== undefined && rolePermissions(role).some((p) => permissionCovers(p, permission));
    });
    if (!held) {
      throw apiError(403, "missing.permissions", `You are missing the following permission(s): ${permission}`, {
        permissions: permission,
      });
    }
  }

  async function api(req: IncomingMessage, method: string, path: string, body: string): Promise<unknown> {
    const world = readWorld(options.worldFile);
    const { org, caller } = session(req, world);
    if (method === "GET" && path === "/api/v2/organizations/me") return orgView(org);

    let m = /^\/api\/v2\/oauth\/clients\/([^/]+)$/.exec(path);
    if (method === "GET" && m) {
      const client = org.oauthClients.find((c) => c.id === decodeURIComponent(m![1]!));
      if (!client) throw apiError(404, "not.found", `OAuth client ${decodeURIComponent(m[1]!)} not found.`);
      return clientView(client);
    }
    m = /^\/api\/v2\/oauth\/clients\/([^/]+)\/secret$/.exec(path);
    if (method === "POST" && m) {
      const id = decodeURIComponent(m[1]!);
      return updateWorld(options.worldFile, (current) => {
        const client = current.orgs.find((o) => o.id === org.id)?.oauthClients.find((c) => c.id === id);
        if (!client) throw apiError(404, "not.found", `OAuth client ${id} not found.`);
        const secret = newSecret();
        (client as { secret: string }).secret = secret;
        // Tokens issued to the client before stay valid until they expire; only logins with the old secret fail.
        return clientView(client, secret);
      });
    }
    m = /^\/api\/v2\/authorization\/roles\/([^/]+)$/.exec(path);
    if (method === "GET" && m) {
      const role = org.roles.find((r) => r.id === decodeURIComponent(m![1]!));
      if (!role) throw apiError(404, "not.found", `Role ${decodeURIComponent(m[1]!)} not found.`);
      return roleView(role);
    }
    if (method === "POST" && path === "/api/v2/textbots/botflows/sessions") {
      requirePermission(org, caller, BOT_SESSION_PERMISSION);
      const launch = parseJson(body) as { flow?: { id?: unknown }; externalSessionId?: unknown } | undefined;
      if (typeof launch?.flow?.id !== "string" || typeof launch.externalSessionId !== "string") {
        throw apiError(400, "bad.request", "flow.id and externalSessionId are required.");
      }
      return { id: randomUUID() };
    }
    throw apiError(404, "not.found", `The stand-in does not implement ${method} ${path}.`);
  }

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const method = req.method ?? "GET";
    const path = new URL(req.url ?? "/", "http://stand-in").pathname;
    requests.push(`${method} ${path}`);
    let status = 200;
    let payload: unknown;
    try {
      const body = await readBody(req);
      if (method === "POST" && path === "/login/oauth/token") payload = login(req, body);
      else if (path.startsWith("/api/api/v2/")) payload = await api(req, method, path.slice("/api".length), body);
      else throw apiError(404, "not.found", `The stand-in does not implement ${method} ${path}.`);
    } catch (error) {
      if (!(error instanceof HttpError)) throw error;
      status = error.status;
      payload = error.body;
    }
    const headers: Record<string, string> = { "content-type": "application/json" };
    const contextId = (payload as { contextId?: unknown } | undefined)?.contextId;
    headers["inin-correlation-id"] = typeof contextId === "string" ? contextId : randomUUID();
    res.writeHead(status, headers);
    res.end(JSON.stringify(payload));
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
    port,
    requests,
    issuedTokens: () => [...sessions.keys()],
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
