/**
 * The official Genesys Cloud SDK, configured so that it can neither log nor be redirected by a local SDK config
 * file, and the calls the doctors and rotate-secret make. No server is trusted: every call has a deadline and a
 * response size limit and follows no redirect, and every string a server sends is screened (`screen`) before
 * anything can show it. Errors become plain values without request headers.
 */
import type * as Sdk from "purecloud-platform-client-v2";
import type { Models } from "purecloud-platform-client-v2";
import { REGION_DOMAINS, type Region } from "../../lib/genesys/provider-rules";
import { usageError } from "./errors";

let loaded: typeof Sdk | undefined;

/**
 * The SDK, loaded on first use: loading it makes a singleton client whose configuration watches
 * ~/.genesyscloudjavascript/config; that watch is stopped at once (the doctor never uses the file).
 */
function sdk(): typeof Sdk {
  if (!loaded) {
    loaded = require("purecloud-platform-client-v2") as typeof Sdk;
    loaded.ApiClient.config.live_reload_config = false;
  }
  return loaded;
}

/** Where the SDK sends its calls: a region's own hosts, or a gateway in front of them. */
export type Target = { readonly region: Region; readonly gateway?: undefined } | { readonly gateway: URL };

/** The host the calls of `host` go to: the region's login or API host, or the gateway. */
export function describeTarget(target: Target, host: "login" | "api" = "login"): string {
  return target.gateway ? `gateway ${target.gateway.origin}` : `${host}.${REGION_DOMAINS[target.region]}`;
}

/** Hosts plain http may go to: credentials sent in clear text must not leave the machine. */
const LOOPBACK = /^(localhost|\[::1\]|127(\.\d{1,3}){3})$/;

/** Parses `--gateway URL`: https, or http to loopback only; a host, no credentials, query or fragment. */
export function parseGateway(text: string): URL {
  let url: URL;
  try {
    url = new URL(text);
  } catch {
    throw usageError(
      `--gateway must be a URL such as https://gateway.example.com or http://127.0.0.1:8080; got "${text}"`,
    );
  }
  if (!["http:", "https:"].includes(url.protocol) || url.username || url.password || url.search || url.hash) {
    throw usageError(`--gateway must be an http(s) URL without credentials, query or fragment; got "${text}"`);
  }
  if (url.protocol === "http:" && !LOOPBACK.test(url.hostname)) {
    throw usageError(
      `--gateway with plain http is allowed only to this machine (127.0.0.1, [::1], localhost): the calls carry ` +
        `secrets; use https://${url.host}; got "${text}"`,
    );
  }
  if (url.pathname !== "/" && url.pathname !== "") {
    throw usageError(`--gateway takes the gateway's root URL (the SDK appends /login and /api); got "${text}"`);
  }
  return url;
}

/** Parses `--flow-id ID`; `echo` shows a bad value (the token doctor never echoes: it may be the token). */
export function parseFlowId(text: string | undefined, echo = true): string | undefined {
  if (text !== undefined && !/^[A-Za-z0-9-]{1,100}$/.test(text)) {
    throw usageError(`--flow-id must be a bot flow id (letters, digits and dashes)${echo ? `; got "${text}"` : ""}`);
  }
  return text;
}

/** Bounds on what one call may cost: a deadline for the whole exchange and the largest answer read. */
export interface Limits {
  readonly deadlineMs: number;
  readonly maxResponseBytes: number;
}

export const DEFAULT_LIMITS: Limits = { deadlineMs: 30_000, maxResponseBytes: 1 << 20 };

/** Longest server text shown: a line, not a page. */
const MAX_SHOWN = 300;
/** C0/C1 controls, bidirectional and other format controls, line and paragraph separators. */
const CONTROL = /[\p{Cc}\p{Cf}\u2028\u2029]/gu;

/** Every secret and token this process has used or received, in the forms a server might echo. */
const knownSecrets = new Set<string>();

function remember(...values: string[]): void {
  for (const value of values.filter((secret) => secret.length >= 4)) {
    const bytes = Buffer.from(value);
    for (const form of [value, bytes.toString("base64"), bytes.toString("base64url"), encodeURIComponent(value)]) {
      // Base64 padding may be cut off or differ in the echo.
      knownSecrets.add(form).add(form.replace(/=+$/, ""));
    }
  }
}

/** Server text fit to show a person: no known secret or token, no control character, one short line. */
export function screen(text: string, max = MAX_SHOWN): string {
  let shown = text;
  // Longest first, so a secret inside a longer known form is not left half-hidden.
  for (const secret of [...knownSecrets].sort((a, b) => b.length - a.length)) {
    shown = shown.split(secret).join("[redacted]");
  }
  shown = shown.replace(CONTROL, "\uFFFD");
  return shown.length > max ? `${shown.slice(0, max)}… (${shown.length - max} more characters)` : shown;
}

/** A parsed JSON answer with every string in it (keys too) screened. */
function screened(value: unknown, depth = 0): unknown {
  if (typeof value === "string") return screen(value);
  if (typeof value !== "object" || value === null) return value;
  if (depth > 32) return undefined;
  if (Array.isArray(value)) return value.map((item) => screened(item, depth + 1));
  return Object.fromEntries(
    Object.entries(value as Record<string, unknown>).map(([key, item]) => [screen(key), screened(item, depth + 1)]),
  );
}

/** What a failed call tells: HTTP status (none when the host could not be reached) and the body. */
export interface CallFailure {
  readonly status?: number;
  readonly body?: Record<string, unknown>;
  readonly correlationId?: string;
  /** Network-level failure text (e.g. "connect ECONNREFUSED 127.0.0.1:1"), never headers. */
  readonly network?: string;
}

export type Result<T> =
  { readonly ok: true; readonly value: T } | { readonly ok: false; readonly failure: CallFailure };

/** A failed API call in words: status, the body's code and message, the correlation id. Never headers. */
export function describeFailure(failure: CallFailure): string {
  if (failure.status === undefined) return `no answer (${failure.network ?? "network error"})`;
  const body = failure.body ?? {};
  const text = (key: string) => (typeof body[key] === "string" && body[key] !== "" ? (body[key] as string) : undefined);
  const parts = [
    `HTTP ${failure.status}`,
    text("code") ?? text("error"),
    text("message") ?? text("error_description") ?? text("description"),
  ].filter((part) => part !== undefined);
  return `${parts.join(" ")}${failure.correlationId ? ` (correlation id ${failure.correlationId})` : ""}`;
}

type ApiClient = InstanceType<typeof Sdk.ApiClientClass>;

/** One independent SDK client (not the SDK's singleton), logged in as one OAuth client. */
export interface Session {
  readonly client: ApiClient;
  readonly target: Target;
  readonly limits: Limits;
}

function quietClient(target: Target, limits: Limits): ApiClient {
  const client = new (sdk().ApiClientClass)();
  const config = client.config;
  // The constructor has read ~/.genesyscloudjavascript/config if there is one: undo everything it may set
  // (logging of bodies that carry secrets, a gateway, a host) and stop watching the file.
  config.live_reload_config = false;
  Object.assign(config.logger, {
    log_level: "none",
    log_to_console: false,
    log_file_path: undefined,
    log_request_body: false,
    log_response_body: false,
  });
  config.logger.setLogger();
  client.setReturnExtendedResponses(true);
  // axios's own `timeout` restarts with every byte received; the signal is a deadline for the whole call.
  client.getHttpClient().setPreHook(async (request: Record<string, unknown>) => ({
    ...request,
    timeout: limits.deadlineMs,
    signal: AbortSignal.timeout(limits.deadlineMs),
    maxContentLength: limits.maxResponseBytes,
    maxRedirects: 0,
    // Plain http goes to loopback only, never through a proxy named by an inherited HTTP_PROXY.
    ...(target.gateway?.protocol === "http:" ? { proxy: false } : {}),
  }));
  if (target.gateway) {
    const url = target.gateway;
    client.setEnvironment("gateway.invalid");
    client.setGateway({
      host: url.hostname,
      protocol: url.protocol.replace(/:$/, ""),
      ...(url.port ? { port: Number(url.port) } : {}),
      path_params_login: "login",
      path_params_api: "api",
    });
  } else {
    config.gateway = undefined;
    client.setEnvironment(REGION_DOMAINS[target.region]);
  }
  return client;
}

function failureOf(error: unknown, limits: Limits): CallFailure {
  const e = error as {
    status?: unknown;
    body?: unknown;
    headers?: Record<string, unknown>;
    response?: { status?: unknown; data?: unknown; headers?: Record<string, unknown> };
    code?: unknown;
    message?: unknown;
  } | null;
  // callApi with extended responses rejects with { status, body, headers }; login rejects with axios's error.
  const status =
    typeof e?.status === "number" ? e.status : typeof e?.response?.status === "number" ? e.response.status : undefined;
  const rawBody = e?.body ?? e?.response?.data;
  const body =
    typeof rawBody === "object" && rawBody !== null && !Array.isArray(rawBody)
      ? (screened(rawBody) as Record<string, unknown>)
      : undefined;
  const headers = e?.headers ?? e?.response?.headers;
  const header = headers?.["inin-correlation-id"];
  const correlationId = screen(
    typeof header === "string" ? header : typeof body?.contextId === "string" ? body.contextId : "",
  );
  if (status === undefined) {
    const code = typeof e?.code === "string" ? e.code : undefined;
    if (code === "ERR_CANCELED") return { network: `no complete answer within ${limits.deadlineMs / 1000} s` };
    if (code === "ERR_FR_MAX_CONTENT_LENGTH_EXCEEDED" || /maxContentLength/.test(String(e?.message))) {
      return { network: `the answer was larger than ${limits.maxResponseBytes} bytes; it was not read` };
    }
    const message = typeof e?.message === "string" ? e.message : typeof error === "string" ? error : "unknown error";
    return { network: screen(code && !message.includes(code) ? `${code}: ${message}` : message) };
  }
  return { status, ...(body ? { body } : {}), ...(correlationId ? { correlationId } : {}) };
}

async function attempt<T>(call: () => Promise<T>, limits: Limits): Promise<Result<T>> {
  try {
    return { ok: true, value: await call() };
  } catch (error) {
    return { ok: false, failure: failureOf(error, limits) };
  }
}

/** `POST /oauth/token` with the client-credentials grant, through the SDK. */
export async function login(
  target: Target,
  clientId: string,
  clientSecret: string,
  limits: Limits = DEFAULT_LIMITS,
): Promise<Result<Session>> {
  remember(clientSecret, `${clientId}:${clientSecret}`);
  const client = quietClient(target, limits);
  const result = await attempt(() => client.loginClientCredentialsGrant(clientId, clientSecret), limits);
  if (!result.ok) return result;
  const token: unknown = result.value.accessToken;
  if (typeof token === "string") remember(token);
  return { ok: true, value: { client, target, limits } };
}

/** A session that sends `accessToken` as its bearer token; nothing is called until an API is. */
export function tokenSession(target: Target, accessToken: string, limits: Limits = DEFAULT_LIMITS): Session {
  remember(accessToken);
  const client = quietClient(target, limits);
  client.setAccessToken(accessToken);
  return { client, target, limits };
}

/** The answer's body (extended responses resolve with { status, headers, body }), every string in it screened. */
async function body<T>(session: Session, call: () => Promise<unknown>): Promise<Result<T>> {
  const result = await attempt(call, session.limits);
  if (!result.ok) return result;
  return { ok: true, value: screened((result.value as { body: unknown }).body) as T };
}

export const api = {
  /** What the token is: its org, home org, authorized scopes and the OAuth client that issued it. */
  tokensMe: (s: Session) => body<Models.TokenInfo>(s, () => new (sdk().TokensApi)(s.client).getTokensMe()),
  /** The signed-in user with their roles and effective permissions (user tokens only). */
  usersMeWithAuthorization: (s: Session) =>
    body<Models.UserMe>(s, () => new (sdk().UsersApi)(s.client).getUsersMe({ expand: ["authorization"] })),
  organizationsMe: (s: Session) =>
    body<Models.Organization>(s, () => new (sdk().OrganizationApi)(s.client).getOrganizationsMe()),
  oauthClient: (s: Session, clientId: string) =>
    body<Models.OAuthClient>(s, () => new (sdk().OAuthApi)(s.client).getOauthClient(clientId)),
  role: (s: Session, roleId: string) =>
    body<Models.DomainOrganizationRole>(s, () =>
      new (sdk().AuthorizationApi)(s.client).getAuthorizationRole(roleId, { userCount: false }),
    ),
  startBotSession: (s: Session, flowId: string, externalSessionId: string) =>
    body<Models.TextBotFlowLaunchResponse>(s, () =>
      new (sdk().TextbotsApi)(s.client).postTextbotsBotflowsSessions({
        flow: { id: flowId },
        externalSessionId,
        channel: {
          name: "genesys-partner-oauth doctor",
          inputModes: ["Text"],
          outputModes: ["Text"],
          userAgent: { name: "genesys-partner-oauth-doctor" },
        },
      }),
    ),
  /** The new secret is returned as sent, not screened (it goes to its sink), and screened from all later text. */
  regenerateSecret: async (s: Session, clientId: string): Promise<Result<{ secret?: string }>> => {
    const result = await attempt(() => new (sdk().OAuthApi)(s.client).postOauthClientSecret(clientId), s.limits);
    if (!result.ok) return result;
    const secret: unknown = (result.value as { body?: { secret?: unknown } }).body?.secret;
    if (typeof secret !== "string") return { ok: true, value: {} };
    remember(secret);
    return { ok: true, value: { secret } };
  },
};
