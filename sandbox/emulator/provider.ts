/**
 * The emulated genesyscloud provider: one handler per plugin protocol call, on decoded values (server.ts only
 * serves them over gRPC).
 */
import { clientLogin } from "../api/routes/login";
import { callApi } from "../api/server";
import { CREDENTIAL_ENV_VARS } from "../facts/provider";
import { type CtyType, type ObjectValue, decodeValue, encodeValue, fromJson } from "./cty";
import { readDataSource } from "./data-sources";
import { type Diagnostic, error, hasErrors, toProtocolDiagnostic } from "./diagnostics";
import { planResourceChange, resolveUnknowns } from "./planning";
import { authRole } from "./resources/auth-role";
import { integrationCredential } from "./resources/integration-credential";
import { oauthClient } from "./resources/oauth-client";
import type { Session } from "../api/context";
import { type Context, type ResourceHandler, type StateResult, str } from "./resources/types";
import { type ProviderSchema, blockType, protocolProviderSchema } from "./schema";
import { type Env, validateProviderConfig, validateProviderDurations } from "./validation";
import { readWorld } from "./world";

const HANDLERS: Readonly<Record<string, ResourceHandler>> = {
  genesyscloud_oauth_client: oauthClient,
  genesyscloud_auth_role: authRole,
  genesyscloud_integration_credential: integrationCredential,
};

const AUTH_FAILED =
  "failed to authorize Genesys Cloud client credentials: Auth Error: 401 - invalid_client (authentication failed)";

export type Handler = (request: Record<string, unknown>) => object;

/** Configure: the login the provider makes with its credentials, from its config or its environment. */
function login(config: ObjectValue, env: Env, worldFile: string): Session | Diagnostic[] {
  const diags = validateProviderDurations(config, env);
  if (hasErrors(diags)) return diags;
  const setting = (name: string, envVar: string) => str(config[name]) ?? env[envVar] ?? "";
  if (setting("access_token", CREDENTIAL_ENV_VARS.accessToken)) {
    return [error("emulator: access_token authentication is not emulated; use OAuth client credentials")];
  }
  const region = setting("aws_region", CREDENTIAL_ENV_VARS.region).toLowerCase();
  if (!region) {
    return [
      error(
        'failed to authorize Genesys Cloud client credentials: Post "https://login./oauth/token": dial tcp: lookup login.: no such host',
      ),
    ];
  }
  const clientId = setting("oauthclient_id", CREDENTIAL_ENV_VARS.clientId);
  const secret = setting("oauthclient_secret", CREDENTIAL_ENV_VARS.clientSecret);
  const login = clientLogin(readWorld(worldFile), region, clientId, secret);
  if ("refused" in login) return [error(AUTH_FAILED, `emulator: ${login.refused}`)];
  return { orgId: login.org.id, clientId };
}

/** What the resources and data sources work with once the provider is logged in. */
function contextOf(session: Session, worldFile: string, env: Env, createdSecrets: Map<string, string>): Context {
  // The provider retries a role lookup that finds nothing for about 15 s; its starter may choose otherwise.
  const retry = Number(env.GC_EMULATOR_LOOKUP_RETRY_MS);
  return {
    createdSecrets,
    lookupRetryMs: Number.isFinite(retry) && retry >= 0 ? retry : 15_000,
    org: () => {
      const org = readWorld(worldFile).orgs.find((o) => o.id === session.orgId);
      if (!org) throw new Error(`org ${session.orgId} vanished from the emulator world`);
      return org;
    },
    api: <T>(method: string, path: string, body?: unknown) => callApi(worldFile, session, method, path, body) as T,
  };
}

function decodeObject(dv: unknown, type: CtyType): ObjectValue | null {
  const value = dv as { msgpack?: Buffer; json?: Buffer } | undefined;
  if (value?.json && value.json.length > 0) throw new Error("JSON DynamicValue is not supported");
  return decodeValue(value?.msgpack, type) as ObjectValue | null;
}

const notConfigured = (): StateResult => ({
  state: null,
  diagnostics: [error("emulator: provider used before Configure")],
});

/** `env` stands for the provider process's environment: its DefaultFuncs read it. */
export function providerHandlers(schema: ProviderSchema, worldFile: string, env: Env): Record<string, Handler> {
  let context: Context | undefined;
  const createdSecrets = new Map<string, string>();
  const schemaResponse = protocolProviderSchema(schema);
  const diagnostics = (diags: readonly Diagnostic[]) => diags.map(toProtocolDiagnostic);
  const typed = (req: Record<string, unknown>, type: CtyType) => ({
    decode: (field: string) => decodeObject(req[field], type),
    encode: (value: ObjectValue | null) => ({ msgpack: encodeValue(value, type) }),
  });
  const resource = (req: Record<string, unknown>) => {
    const name = String(req.type_name);
    const block = schema.resources[name]?.block;
    const handler = HANDLERS[name];
    if (!block || !handler) throw new Error(`resource type ${name} is not emulated`);
    return { name, block, handler, ...typed(req, blockType(block)) };
  };
  const providerValues = (req: Record<string, unknown>) => typed(req, blockType(schema.provider.block));
  return {
    GetSchema: () => schemaResponse,
    PrepareProviderConfig: (req) => {
      const { decode, encode } = providerValues(req);
      const config = decode("config") ?? {};
      return { prepared_config: encode(config), diagnostics: diagnostics(validateProviderConfig(config, env)) };
    },
    Configure: (req) => {
      const session = login(providerValues(req).decode("config") ?? {}, env, worldFile);
      if (Array.isArray(session)) return { diagnostics: diagnostics(session) };
      context = contextOf(session, worldFile, env, createdSecrets);
      return { diagnostics: [] };
    },
    ValidateResourceTypeConfig: (req) => {
      const { handler, decode } = resource(req);
      return { diagnostics: diagnostics(handler.validate(decode("config") ?? {})) };
    },
    ValidateDataSourceConfig: () => ({ diagnostics: [] }),
    UpgradeResourceState: (req) => {
      const { block, encode } = resource(req);
      const json = (req.raw_state as { json?: Buffer } | undefined)?.json;
      // State upgrade re-reads the stored JSON with the current schema.
      const state = json?.length
        ? (fromJson(JSON.parse(json.toString("utf8")), blockType(block)) as ObjectValue)
        : null;
      return { upgraded_state: encode(state), diagnostics: [] };
    },
    ReadDataSource: (req) => {
      const name = String(req.type_name);
      const dataSource = schema.dataSources[name];
      if (!dataSource) throw new Error(`unknown data source type ${name}`);
      const { decode, encode } = typed(req, blockType(dataSource.block));
      const result = context ? readDataSource(context, name, decode("config") ?? {}) : notConfigured();
      return { state: encode(result.state), diagnostics: diagnostics(result.diagnostics) };
    },
    ReadResource: (req) => {
      const { handler, decode, encode } = resource(req);
      const state = decode("current_state") ?? {};
      const current = context ? handler.read(context, state) : null;
      const result = context ? { state: current && { ...state, ...current }, diagnostics: [] } : notConfigured();
      return { new_state: encode(result.state), diagnostics: diagnostics(result.diagnostics), private: req.private };
    },
    PlanResourceChange: (req) => {
      const { block, handler, decode, encode } = resource(req);
      const proposed = decode("proposed_new_state");
      const { planned, requiresReplace } = proposed
        ? planResourceChange(block, decode("prior_state"), proposed, decode("config") ?? {}, handler.forceNew)
        : { planned: null, requiresReplace: [] };
      return {
        planned_state: encode(planned),
        requires_replace: requiresReplace.map((attribute) => ({ steps: [{ attribute_name: attribute }] })),
        planned_private: req.prior_private,
        diagnostics: [],
        // SDK v2 providers set this; Terraform then tolerates their legacy type system quirks.
        legacy_type_system: true,
      };
    },
    ApplyResourceChange: (req) => {
      const { handler, decode, encode } = resource(req);
      const prior = decode("prior_state");
      const planned = decode("planned_state");
      let result: StateResult;
      if (!context) result = notConfigured();
      else if (planned === null) result = { state: null, diagnostics: prior ? handler.delete(context, prior) : [] };
      else {
        const applied = prior === null ? handler.create(context, planned) : handler.update(context, prior, planned);
        // A failed update leaves the object as it was; Terraform keeps the prior state.
        const state = applied.state ?? prior;
        result = { state: state && (resolveUnknowns(state) as ObjectValue), diagnostics: applied.diagnostics };
      }
      return {
        new_state: encode(result.state),
        private: req.planned_private,
        diagnostics: diagnostics(result.diagnostics),
        legacy_type_system: true,
      };
    },
    ImportResourceState: (req) => {
      const { name, block, encode } = resource(req);
      const state = { ...(fromJson({}, blockType(block)) as ObjectValue), id: String(req.id) };
      return {
        imported_resources: [{ type_name: name, state: encode(state), private: Buffer.alloc(0) }],
        diagnostics: [],
      };
    },
    Stop: () => ({ Error: "" }),
  };
}
