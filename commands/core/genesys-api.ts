/**
 * The official Genesys Cloud SDK (purecloud-platform-client-v2), configured so that it can neither
 * log nor be redirected by a local SDK config file, and the few calls the doctor and rotate-secret
 * make. Errors become plain values without request headers (which carry credentials).
 */
import type * as Sdk from "purecloud-platform-client-v2";
import { REGION_DOMAINS, type Region } from "../../lib/genesys/provider-rules";

let loaded: typeof Sdk | undefined;

/**
 * The SDK, loaded on first use: loading it makes a singleton client whose configuration watches
 * ~/.genesyscloudjavascript/config; that watch is stopped at once (the doctor never uses the file).
 */
export function sdk(): typeof Sdk {
  if (!loaded) {
    loaded = require("purecloud-platform-client-v2") as typeof Sdk;
    stopConfigWatch(loaded.ApiClient);
  }
  return loaded;
}

function stopConfigWatch(client: unknown): void {
  (client as { config: { live_reload_config: boolean } }).config.live_reload_config = false;
}

/** Where the SDK sends its calls: a region's own hosts, or a gateway in front of them. */
export type Target = { readonly region: Region; readonly gateway?: undefined } | { readonly gateway: URL };

export function describeTarget(target: Target): string {
  return target.gateway ? `gateway ${target.gateway.origin}` : `login.${REGION_DOMAINS[target.region]}`;
}

/** Parses `--gateway URL`: http(s), a host, nothing else (no credentials, query or fragment). */
export function parseGateway(text: string): URL {
  let url: URL;
  try {
    url = new URL(text);
  } catch {
    throw new Error(
      `--gateway must be a URL such as https://gateway.example.com or http://127.0.0.1:8080; got "${text}"`,
    );
  }
  if (!["http:", "https:"].includes(url.protocol) || url.username || url.password || url.search || url.hash) {
    throw new Error(`--gateway must be an http(s) URL without credentials, query or fragment; got "${text}"`);
  }
  if (url.pathname !== "/" && url.pathname !== "") {
    throw new Error(`--gateway takes the gateway's root URL (the SDK appends /login and /api); got "${text}"`);
  }
  return url;
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

type ApiClient = InstanceType<typeof Sdk.ApiClientClass>;

/** One independent SDK client (not the SDK's singleton), logged in as one OAuth client. */
export interface Session {
  readonly client: ApiClient;
  readonly target: Target;
}

export function quietClient(target: Target): ApiClient {
  const client = new (sdk().ApiClientClass)();
  const config = client.config as unknown as {
    live_reload_config: boolean;
    logger: {
      log_level: string;
      log_to_console: boolean;
      log_file_path?: string;
      log_request_body: boolean;
      log_response_body: boolean;
      setLogger(): void;
    };
  };
  // The constructor has read ~/.genesyscloudjavascript/config if there is one: undo everything it may set
  // (logging of bodies that carry secrets, a gateway, a host) and stop watching the file.
  config.live_reload_config = false;
  config.logger.log_level = "none";
  config.logger.log_to_console = false;
  config.logger.log_file_path = undefined;
  config.logger.log_request_body = false;
  config.logger.log_response_body = false;
  config.logger.setLogger();
  client.setReturnExtendedResponses(true);
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
    (client as unknown as { config: { setGateway(g?: unknown): void } }).config.setGateway(undefined);
    client.setEnvironment(REGION_DOMAINS[target.region]);
  }
  return client;
}

function failureOf(error: unknown): CallFailure {
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
  const body = typeof rawBody === "object" && rawBody !== null ? (rawBody as Record<string, unknown>) : undefined;
  const headers = e?.headers ?? e?.response?.headers;
  const header = headers?.["inin-correlation-id"];
  const correlationId =
    typeof header === "string" ? header : typeof body?.contextId === "string" ? body.contextId : undefined;
  if (status === undefined) {
    const code = typeof e?.code === "string" ? e.code : undefined;
    const message = typeof e?.message === "string" ? e.message : typeof error === "string" ? error : "unknown error";
    return { network: code && !message.includes(code) ? `${code}: ${message}` : message };
  }
  return { status, ...(body ? { body } : {}), ...(correlationId ? { correlationId } : {}) };
}

async function attempt<T>(call: () => Promise<T>): Promise<Result<T>> {
  try {
    return { ok: true, value: await call() };
  } catch (error) {
    return { ok: false, failure: failureOf(error) };
  }
}

/** `POST /oauth/token` with the client-credentials grant, through the SDK. */
export async function login(target: Target, clientId: string, clientSecret: string): Promise<Result<Session>> {
  const client = quietClient(target);
  const result = await attempt(() => client.loginClientCredentialsGrant(clientId, clientSecret));
  return result.ok ? { ok: true, value: { client, target } } : result;
}

export async function body<T>(call: () => Promise<unknown>): Promise<Result<T>> {
  const result = await attempt(call);
  return result.ok ? { ok: true, value: (result.value as { body: T }).body } : result;
}

export interface Organization {
  readonly id?: string;
  readonly name?: string;
}

export interface OAuthClientInfo {
  readonly id?: string;
  readonly name?: string;
  readonly authorizedGrantType?: string;
  readonly state?: string;
  readonly roleDivisions?: readonly { roleId: string; divisionId: string }[];
}

export interface RoleInfo {
  readonly id?: string;
  readonly name?: string;
  readonly permissions?: readonly string[];
  readonly permissionPolicies?: readonly { domain?: string; entityName?: string; actionSet?: readonly string[] }[];
}

export const api = {
  organizationsMe: (s: Session) => body<Organization>(() => new (sdk().OrganizationApi)(s.client).getOrganizationsMe()),
  oauthClient: (s: Session, clientId: string) =>
    body<OAuthClientInfo>(() => new (sdk().OAuthApi)(s.client).getOauthClient(clientId)),
  role: (s: Session, roleId: string) =>
    body<RoleInfo>(() => new (sdk().AuthorizationApi)(s.client).getAuthorizationRole(roleId, { userCount: false })),
  startBotSession: (s: Session, flowId: string, externalSessionId: string) =>
    body<{ id?: string }>(() =>
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
  regenerateSecret: (s: Session, clientId: string) =>
    body<{ secret?: string }>(() => new (sdk().OAuthApi)(s.client).postOauthClientSecret(clientId)),
};
