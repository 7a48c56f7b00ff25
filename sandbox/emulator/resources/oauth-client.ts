/**
 * `genesyscloud_oauth_client`: every change is an in-place PUT; the secret exists at create only. The API's rules
 * (roles needed, grants the deployer holds, known scopes) are the API stand-in's, called in-process.
 */
import type { Models } from "purecloud-platform-client-v2";
import type { ObjectValue } from "../cty";
import { type Diagnostic, error, warning } from "../diagnostics";
import { validateOAuthClient } from "../validation";
import type { OAuthClient } from "../world";
import type { Context, ResourceHandler, StateResult } from "./types";
import { apiCall, ignoreNotFound, objects, readById, str, strings } from "./types";

const TYPE = "genesyscloud_oauth_client";
const CLIENTS_PATH = "/api/v2/oauth/clients";
const CREDENTIALS_PATH = "/api/v2/integrations/credentials";

/** The attributes as the provider sends them; an empty division_id is the home division. */
function requestBody(values: ObjectValue): Models.OAuthClientRequest {
  return {
    name: str(values.name) ?? "",
    description: str(values.description),
    authorizedGrantType: str(values.authorized_grant_type) ?? "",
    state: str(values.state) ?? "active",
    accessTokenValiditySeconds: Number(values.access_token_validity_seconds),
    scope: strings(values.scopes),
    registeredRedirectUri: strings(values.registered_redirect_uris),
    roleDivisions: objects(values.roles).map((role) => ({
      roleId: str(role.role_id) ?? "",
      divisionId: str(role.division_id) ?? "",
    })),
  };
}

/**
 * The provider re-reads what it wrote and fails when the API answers with other values than
 * configured (after retrying for 5 minutes; the emulator fails at once).
 */
function consistencyErrors(planned: ObjectValue, stored: string | undefined): Diagnostic[] {
  const configured = str(planned.authorized_grant_type);
  if (configured === stored) return [];
  return [
    error(
      `mismatch on attribute authorized_grant_type: expected "${configured}", got "${stored}"`,
      "emulator: the provider's consistency checker gives this after retrying for 5 minutes; its exact wording is " +
        "not reproduced",
    ),
  ];
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

const read = readById((org) => org.oauthClients, view);

/** The state after a create or update: the API's view, with the grant type as configured and its check. */
function stateAfter(ctx: Context, planned: ObjectValue, id: string, extra: ObjectValue = {}): StateResult {
  const client = read(ctx, { id })!;
  return {
    state: { ...planned, ...client, authorized_grant_type: planned.authorized_grant_type, ...extra },
    diagnostics: consistencyErrors(planned, str(client.authorized_grant_type)),
  };
}

function create(ctx: Context, planned: ObjectValue): StateResult {
  const credentialName = str(planned.integration_credential_name);
  return apiCall(TYPE, `Failed to create oauth client ${str(planned.name) ?? ""}`, () => {
    const { id, secret } = ctx.api<Models.OAuthClient>("POST", CLIENTS_PATH, requestBody(planned));
    ctx.createdSecrets.set(id!, secret!);
    const credential = credentialName
      ? ctx.api<Models.CredentialInfo>("POST", CREDENTIALS_PATH, {
          name: credentialName,
          type: { name: "pureCloudOAuthClient" },
          credentialFields: { clientId: id!, clientSecret: secret! },
        } satisfies Models.Credential)
      : undefined;
    const result = stateAfter(ctx, planned, id!, {
      client_secret: planned.expose_client_secret === true ? secret! : "",
      integration_credential_id: credential?.id ?? null,
    });
    if (str(planned.directory_client_secret)) {
      result.diagnostics.push(warning("emulator: directory_client_secret is not emulated; no secret file was written"));
    }
    return result;
  });
}

function update(ctx: Context, prior: ObjectValue, planned: ObjectValue): StateResult {
  const id = str(prior.id) ?? "";
  return apiCall(TYPE, `Failed to update oauth client ${str(planned.name) ?? ""}`, () => {
    ctx.api("PUT", `${CLIENTS_PATH}/${id}`, requestBody(planned));
    return stateAfter(ctx, planned, id);
  });
}

function remove(ctx: Context, prior: ObjectValue): Diagnostic[] {
  const id = str(prior.id) ?? "";
  const credentialId = str(prior.integration_credential_id);
  return apiCall(TYPE, `Failed to delete oauth client ${id}`, () => {
    // The provider first updates the client to inactive (a PUT), then deletes it: two API calls.
    ignoreNotFound(() => {
      ctx.api("PUT", `${CLIENTS_PATH}/${id}`, { ...requestBody(prior), state: "inactive" });
      ctx.api("DELETE", `${CLIENTS_PATH}/${id}`);
    });
    if (credentialId) ignoreNotFound(() => ctx.api("DELETE", `${CREDENTIALS_PATH}/${credentialId}`));
  }).diagnostics;
}

export const oauthClient: ResourceHandler = {
  forceNew: [],
  validate: validateOAuthClient,
  create,
  update,
  delete: remove,
  read,
};
