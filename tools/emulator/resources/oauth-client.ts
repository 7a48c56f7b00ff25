/** `genesyscloud_oauth_client`: every change is an in-place PUT; the secret exists at create only. */
import type { ObjectValue } from "../cty";
import { ApiError, type Diagnostic, warning } from "../diagnostics";
import { validateOAuthClient } from "../validation";
import { type OAuthClient, type Org, type RoleGrant, homeDivision, newId, newSecret } from "../world";
import { type StateResult, type Context, type ResourceHandler, apiFailure, objects, str, strings } from "./types";

const TYPE = "genesyscloud_oauth_client";
const CLIENTS_PATH = "/api/v2/oauth/clients";

function requestedGrants(org: Org, planned: ObjectValue): RoleGrant[] {
  return objects(planned.roles).map((role) => ({
    roleId: str(role.role_id) ?? "",
    // The provider sends the home division when division_id is empty.
    divisionId: str(role.division_id) || homeDivision(org).id,
  }));
}

/**
 * The Genesys rule that a client can only grant roles it holds itself (in that division,
 * or in all divisions via "*").
 */
function checkGrants(org: Org, deployerId: string, grants: readonly RoleGrant[], method: string, path: string): void {
  const deployer = org.oauthClients.find((c) => c.id === deployerId);
  for (const grant of grants) {
    const role = org.roles.find((r) => r.id === grant.roleId);
    if (!role) throw new ApiError(400, `Role ${grant.roleId} does not exist`, method, path);
    const division = org.divisions.find((d) => d.id === grant.divisionId);
    if (grant.divisionId !== "*" && !division) {
      throw new ApiError(400, `Division ${grant.divisionId} does not exist`, method, path);
    }
    const held = deployer?.roles.some(
      (h) => h.roleId === grant.roleId && (h.divisionId === "*" || h.divisionId === grant.divisionId),
    );
    if (!held) {
      const where = grant.divisionId === "*" ? "all divisions (*)" : `division ${division?.name}`;
      throw new ApiError(
        403,
        `You cannot grant a role you do not have: the requesting client does not hold role ${role.name} (${role.id}) in ${where}`,
        method,
        path,
      );
    }
  }
}

/** The provider accepts SAML2BEARER, but the API's grant type enum has no such value. */
function checkGrantType(planned: ObjectValue, method: string, path: string): void {
  const grantType = str(planned.authorized_grant_type);
  if (grantType === "SAML2BEARER") {
    throw new ApiError(400, `Invalid value for authorizedGrantType: ${grantType}`, method, path);
  }
}

function applyFields(client: OAuthClient, planned: ObjectValue, grants: RoleGrant[]): void {
  client.name = str(planned.name) ?? "";
  client.description = str(planned.description);
  client.authorizedGrantType = str(planned.authorized_grant_type) ?? "";
  client.state = str(planned.state) ?? "active";
  client.accessTokenValiditySeconds = Number(planned.access_token_validity_seconds);
  client.scopes = strings(planned.scopes);
  client.registeredRedirectUris = strings(planned.registered_redirect_uris);
  client.roles = grants;
}

function view(client: OAuthClient): ObjectValue {
  return {
    id: client.id,
    client_id: client.id,
    name: client.name,
    description: client.description ?? null,
    authorized_grant_type: client.authorizedGrantType,
    state: client.state,
    access_token_validity_seconds: client.accessTokenValiditySeconds,
    scopes: client.scopes ?? null,
    registered_redirect_uris: client.registeredRedirectUris ?? null,
    roles: client.roles.map((g) => ({ role_id: g.roleId, division_id: g.divisionId })),
  };
}

function create(ctx: Context, planned: ObjectValue): StateResult {
  const name = str(planned.name) ?? "";
  const credentialName = str(planned.integration_credential_name);
  let created: { client: OAuthClient; credentialId: string | null };
  try {
    created = ctx.world((_world, org) => {
      checkGrantType(planned, "POST", CLIENTS_PATH);
      const grants = requestedGrants(org, planned);
      checkGrants(org, ctx.session.clientId, grants, "POST", CLIENTS_PATH);
      const client: OAuthClient = {
        id: newId(),
        secret: newSecret(),
        name,
        authorizedGrantType: "",
        state: "active",
        accessTokenValiditySeconds: 0,
        roles: [],
      };
      applyFields(client, planned, grants);
      org.oauthClients.push(client);
      let credentialId: string | null = null;
      if (credentialName) {
        credentialId = newId();
        org.integrationCredentials.push({
          id: credentialId,
          name: credentialName,
          credentialTypeName: "pureCloudOAuthClient",
          fields: { clientId: client.id, clientSecret: client.secret },
        });
      }
      return { client, credentialId };
    }, true);
  } catch (err) {
    return apiFailure(TYPE, `Failed to create oauth client ${name}`, err);
  }
  ctx.createdSecrets.set(created.client.id, created.client.secret);
  const diagnostics: Diagnostic[] = [];
  if (str(planned.directory_client_secret)) {
    diagnostics.push(warning("emulator: directory_client_secret is not emulated; no secret file was written"));
  }
  return {
    state: {
      ...planned,
      ...view(created.client),
      client_secret: planned.expose_client_secret === true ? created.client.secret : "",
      integration_credential_id: created.credentialId,
    },
    diagnostics,
  };
}

function update(ctx: Context, prior: ObjectValue, planned: ObjectValue): StateResult {
  const id = str(prior.id) ?? "";
  const name = str(planned.name) ?? "";
  try {
    const client = ctx.world((_world, org) => {
      const path = `${CLIENTS_PATH}/${id}`;
      const existing = org.oauthClients.find((c) => c.id === id);
      if (!existing) throw new ApiError(404, `OAuth client ${id} not found`, "PUT", path);
      checkGrantType(planned, "PUT", path);
      const grants = requestedGrants(org, planned);
      checkGrants(org, ctx.session.clientId, grants, "PUT", path);
      applyFields(existing, planned, grants);
      return existing;
    }, true);
    return { state: { ...planned, ...view(client) }, diagnostics: [] };
  } catch (err) {
    return apiFailure(TYPE, `Failed to update oauth client ${name}`, err);
  }
}

function remove(ctx: Context, prior: ObjectValue): Diagnostic[] {
  const id = str(prior.id) ?? "";
  const credentialId = str(prior.integration_credential_id);
  // The provider sets the client inactive before deleting it; the end state is the same here.
  ctx.world((_world, org) => {
    const i = org.oauthClients.findIndex((c) => c.id === id);
    if (i >= 0) org.oauthClients.splice(i, 1);
    const j = org.integrationCredentials.findIndex((c) => c.id === credentialId);
    if (credentialId && j >= 0) org.integrationCredentials.splice(j, 1);
  }, true);
  return [];
}

function read(ctx: Context, state: ObjectValue): ObjectValue | null {
  const id = str(state.id);
  return ctx.world((_world, org) => {
    const client = org.oauthClients.find((c) => c.id === id);
    return client ? view(client) : null;
  });
}

export const oauthClient: ResourceHandler = {
  forceNew: [],
  validate: validateOAuthClient,
  create,
  update,
  delete: remove,
  read,
};
