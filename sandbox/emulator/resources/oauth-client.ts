/** `genesyscloud_oauth_client`: every change is an in-place PUT; the secret exists at create only. */
import { SCOPES as KNOWN_SCOPES } from "../../facts/api";
import type { ObjectValue } from "../cty";
import { ApiError, type Diagnostic, error, warning } from "../diagnostics";
import { validateOAuthClient } from "../validation";
import { type OAuthClient, type Org, type RoleGrant, grantRefusal, homeDivision, newId, newSecret } from "../world";
import type { Context, ResourceHandler, StateResult } from "./types";
import { apiCall, objects, readById, str, strings } from "./types";

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
 * The requested grants, checked against the API's rules that the provider does not check (BEHAVIOUR.md), in the
 * emulator's own wording (the API's real texts are unknown).
 */
function checkedGrants(ctx: Context, org: Org, planned: ObjectValue, method: string, path: string): RoleGrant[] {
  const refuse = (status: number, message: string) => new ApiError(status, message, method, path);
  const grants = requestedGrants(org, planned);
  if (str(planned.authorized_grant_type) === "CLIENT-CREDENTIALS" && grants.length === 0) {
    throw refuse(400, "[emulator's wording] a client using the CLIENT-CREDENTIALS grant must be granted roles");
  }
  // How the API treats scope names it does not define is unknown; the emulator assumes the stricter case.
  const unknown = (strings(planned.scopes) ?? []).filter((scope) => !KNOWN_SCOPES.has(scope));
  if (unknown.length > 0) {
    const assumption = "[emulator's wording, a deliberately stricter assumption]";
    throw refuse(400, `${assumption} scopes Genesys Cloud does not define: ${unknown.join(", ")}`);
  }
  const deployer = org.oauthClients.find((c) => c.id === ctx.session.clientId);
  for (const grant of grants) {
    const refusal = grantRefusal(org, deployer, grant);
    if (refusal?.status === 403) throw refuse(403, `[emulator's wording; ${refusal.text}`);
    if (refusal) throw refuse(refusal.status, refusal.text);
  }
  return grants;
}

/** The API accepts both spellings and answers with SAML2-BEARER (provider commit 51bf7f5b). */
function storedGrantType(grantType: string): string {
  return grantType === "SAML2BEARER" ? "SAML2-BEARER" : grantType;
}

/**
 * The provider re-reads what it wrote and fails when the API answers with other values than
 * configured (after retrying for 5 minutes; the emulator fails at once).
 */
function consistencyErrors(planned: ObjectValue, client: OAuthClient): Diagnostic[] {
  const configured = str(planned.authorized_grant_type);
  if (configured === client.authorizedGrantType) return [];
  return [
    error(
      `mismatch on attribute authorized_grant_type: expected "${configured}", got "${client.authorizedGrantType}"`,
      "emulator: the provider's consistency checker gives this after retrying for 5 minutes; its exact wording is " +
        "not reproduced",
    ),
  ];
}

function fieldsOf(planned: ObjectValue, grants: RoleGrant[]): Omit<OAuthClient, "id" | "secret"> {
  return {
    name: str(planned.name) ?? "",
    description: str(planned.description),
    authorizedGrantType: storedGrantType(str(planned.authorized_grant_type) ?? ""),
    state: str(planned.state) ?? "active",
    accessTokenValiditySeconds: Number(planned.access_token_validity_seconds),
    scopes: strings(planned.scopes),
    registeredRedirectUris: strings(planned.registered_redirect_uris),
    roles: grants,
  };
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
  return apiCall(TYPE, `Failed to create oauth client ${name}`, () => {
    const created = ctx.world((_world, org) => {
      const grants = checkedGrants(ctx, org, planned, "POST", CLIENTS_PATH);
      const client: OAuthClient = { id: newId(), secret: newSecret(), ...fieldsOf(planned, grants) };
      org.oauthClients.push(client);
      if (!credentialName) return { client, credentialId: null };
      const credential = { id: newId(), name: credentialName, credentialTypeName: "pureCloudOAuthClient" };
      org.integrationCredentials.push({ ...credential, fields: { clientId: client.id, clientSecret: client.secret } });
      return { client, credentialId: credential.id };
    }, true);
    ctx.createdSecrets.set(created.client.id, created.client.secret);
    const diagnostics: Diagnostic[] = consistencyErrors(planned, created.client);
    if (str(planned.directory_client_secret)) {
      diagnostics.push(warning("emulator: directory_client_secret is not emulated; no secret file was written"));
    }
    const state: ObjectValue = {
      ...planned,
      ...view(created.client),
      authorized_grant_type: planned.authorized_grant_type,
      client_secret: planned.expose_client_secret === true ? created.client.secret : "",
      integration_credential_id: created.credentialId,
    };
    return { state, diagnostics };
  });
}

function update(ctx: Context, prior: ObjectValue, planned: ObjectValue): StateResult {
  const id = str(prior.id) ?? "";
  const name = str(planned.name) ?? "";
  return apiCall(TYPE, `Failed to update oauth client ${name}`, () => {
    const client = ctx.world((_world, org) => {
      const path = `${CLIENTS_PATH}/${id}`;
      const existing = org.oauthClients.find((c) => c.id === id);
      if (!existing) throw new ApiError(404, `OAuth client ${id} not found`, "PUT", path);
      return Object.assign(existing, fieldsOf(planned, checkedGrants(ctx, org, planned, "PUT", path)));
    }, true);
    return {
      state: { ...planned, ...view(client), authorized_grant_type: planned.authorized_grant_type },
      diagnostics: consistencyErrors(planned, client),
    };
  });
}

function remove(ctx: Context, prior: ObjectValue): Diagnostic[] {
  const id = str(prior.id) ?? "";
  const credentialId = str(prior.integration_credential_id);
  // The provider first updates the client to inactive (a PUT), then deletes it: two API calls.
  const before = ctx.world((_world, org) => {
    const client = org.oauthClients.find((c) => c.id === id);
    if (!client) return undefined;
    const state = client.state;
    client.state = "inactive";
    return state;
  }, true);
  ctx.world((world, org) => {
    const i = org.oauthClients.findIndex((c) => c.id === id);
    if (i >= 0) {
      const [client] = org.oauthClients.splice(i, 1);
      const stateHistory = [before ?? client.state, client.state];
      (world.deletedOAuthClients ??= []).push({ orgId: org.id, id, name: client.name, stateHistory });
    }
    const j = org.integrationCredentials.findIndex((c) => c.id === credentialId);
    if (credentialId && j >= 0) org.integrationCredentials.splice(j, 1);
  }, true);
  return [];
}

export const oauthClient: ResourceHandler = {
  forceNew: [],
  validate: validateOAuthClient,
  create,
  update,
  delete: remove,
  read: readById((org) => org.oauthClients, view),
};
