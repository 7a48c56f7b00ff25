/**
 * The emulated genesyscloud provider, on decoded values. The gRPC layer (server.ts) only
 * encodes and decodes around these calls.
 */
import { CREDENTIAL_ENV_VARS } from "../facts/provider";
import { type CtyType, type ObjectValue, fromJson } from "./cty";
import { readDataSource } from "./data-sources";
import { ApiError, type Diagnostic, error, hasErrors } from "./diagnostics";
import { planResourceChange, resolveUnknowns } from "./planning";
import { authRole } from "./resources/auth-role";
import { integrationCredential } from "./resources/integration-credential";
import { oauthClient } from "./resources/oauth-client";
import { type Context, type ResourceHandler, type Session, type StateResult, str } from "./resources/types";
import { type JsonBlock, type ProviderSchema, blockType } from "./schema";
import { type Env, validateProviderConfig, validateProviderDurations } from "./validation";
import { callApi } from "../api/server";
import { HttpError } from "../api/http";
import { type Org, type World, orgOfClient, readWorld } from "./world";

const HANDLERS: Readonly<Record<string, ResourceHandler>> = {
  genesyscloud_oauth_client: oauthClient,
  genesyscloud_auth_role: authRole,
  genesyscloud_integration_credential: integrationCredential,
};

export interface PlanResult extends StateResult {
  readonly requiresReplace: string[];
}

const AUTH_FAILED =
  "failed to authorize Genesys Cloud client credentials: Auth Error: 401 - invalid_client (authentication failed)";

export class Provider {
  private session: Session | undefined;
  private readonly createdSecrets = new Map<string, string>();

  /** `env` stands for the provider process's environment: its DefaultFuncs read it. */
  constructor(
    readonly schema: ProviderSchema,
    private readonly worldFile: string,
    private readonly env: Env,
  ) {}

  providerType(): CtyType {
    return blockType(this.schema.provider.block);
  }

  resourceType(type: string): CtyType {
    return blockType(this.resourceBlock(type));
  }

  dataSourceType(type: string): CtyType {
    const schema = this.schema.dataSources[type];
    if (!schema) throw new Error(`unknown data source type ${type}`);
    return blockType(schema.block);
  }

  validateProviderConfig(config: ObjectValue): Diagnostic[] {
    return validateProviderConfig(config, this.env);
  }

  configure(config: ObjectValue): Diagnostic[] {
    const diags = validateProviderDurations(config, this.env);
    if (hasErrors(diags)) return diags;
    const setting = (name: string, envVar: string) => str(config[name]) ?? this.env[envVar] ?? "";
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
    const org = orgOfClient(readWorld(this.worldFile), clientId);
    const client = org?.oauthClients.find((c) => c.id === clientId);
    const reason =
      !org || !client
        ? `emulator: no org has an OAuth client with id "${clientId}"`
        : client.secret !== secret
          ? `emulator: wrong secret for OAuth client "${clientId}"`
          : org.region !== region
            ? `emulator: OAuth client "${clientId}" belongs to an org in ${org.region}, not ${region}`
            : client.state !== "active"
              ? `emulator: OAuth client "${clientId}" is ${client.state}`
              : undefined;
    if (reason || !org) return [error(AUTH_FAILED, reason)];
    this.session = { orgId: org.id, clientId };
    return [];
  }

  validateResource(type: string, config: ObjectValue): Diagnostic[] {
    return this.handler(type).validate(config);
  }

  readDataSource(type: string, config: ObjectValue): StateResult {
    const ctx = this.context();
    return ctx ? readDataSource(ctx, type, config) : notConfigured();
  }

  readResource(type: string, state: ObjectValue): StateResult {
    const ctx = this.context();
    if (!ctx) return notConfigured();
    const current = this.handler(type).read(ctx, state);
    return { state: current && { ...state, ...current }, diagnostics: [] };
  }

  planResource(type: string, prior: ObjectValue | null, proposed: ObjectValue | null, config: ObjectValue): PlanResult {
    if (proposed === null) return { state: null, requiresReplace: [], diagnostics: [] };
    const { planned, requiresReplace } = planResourceChange(
      this.resourceBlock(type),
      prior,
      proposed,
      config,
      this.handler(type).forceNew,
    );
    return { state: planned, requiresReplace, diagnostics: [] };
  }

  applyResource(type: string, prior: ObjectValue | null, planned: ObjectValue | null): StateResult {
    const ctx = this.context();
    if (!ctx) return notConfigured();
    const handler = this.handler(type);
    if (planned === null) {
      return { state: null, diagnostics: prior ? handler.delete(ctx, prior) : [] };
    }
    const result = prior === null ? handler.create(ctx, planned) : handler.update(ctx, prior, planned);
    // A failed update leaves the object as it was; Terraform keeps the prior state.
    const state = result.state ?? prior;
    return { state: state && (resolveUnknowns(state) as ObjectValue), diagnostics: result.diagnostics };
  }

  importResource(type: string, id: string): StateResult {
    const empty = fromJson({}, this.resourceType(type)) as ObjectValue;
    return { state: { ...empty, id }, diagnostics: [] };
  }

  upgradeResourceState(type: string, json: string): ObjectValue {
    return fromJson(JSON.parse(json), this.resourceType(type)) as ObjectValue;
  }

  private resourceBlock(type: string): JsonBlock {
    const schema = this.schema.resources[type];
    if (!schema) throw new Error(`unknown resource type ${type}`);
    return schema.block;
  }

  private handler(type: string): ResourceHandler {
    const handler = HANDLERS[type];
    if (!handler) throw new Error(`resource type ${type} is not emulated`);
    return handler;
  }

  private context(): Context | undefined {
    const session = this.session;
    if (!session) return undefined;
    const worldFile = this.worldFile;
    const inOrg =
      <T>(fn: (world: World, org: Org) => T) =>
      (world: World): T => {
        const org = world.orgs.find((o) => o.id === session.orgId);
        if (!org) throw new Error(`org ${session.orgId} vanished from the emulator world`);
        return fn(world, org);
      };
    return {
      session,
      createdSecrets: this.createdSecrets,
      lookupRetryMs: lookupRetryMs(this.env),
      world: (fn) => inOrg(fn)(readWorld(worldFile)),
      api: <T>(method: string, path: string, body?: unknown) => {
        try {
          return callApi(worldFile, session, method, path, body) as T;
        } catch (err) {
          if (err instanceof HttpError) throw new ApiError(err.status, err.message, method, path.split("?")[0]!);
          throw err;
        }
      },
    };
  }
}

/** The provider retries a role lookup that finds nothing for about 15 s; its starter may choose otherwise. */
function lookupRetryMs(env: Env): number {
  const value = Number(env.GC_EMULATOR_LOOKUP_RETRY_MS);
  return Number.isFinite(value) && value >= 0 ? value : 15_000;
}

function notConfigured(): StateResult {
  return { state: null, diagnostics: [error("emulator: provider used before Configure")] };
}
