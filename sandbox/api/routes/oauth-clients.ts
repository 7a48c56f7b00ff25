/**
 * OAuth clients: list, create, read, update, delete, regenerate the secret. Enforces the API's
 * rules (docs/sandbox.md): a CLIENT-CREDENTIALS client needs roles; a caller can only grant roles
 * it holds itself; the secret is only in the answer to create and regenerate.
 */
import { randomUUID } from "node:crypto";
import type { Models } from "purecloud-platform-client-v2";
import { z } from "zod";
import { type ApiCall, routes } from "../context";
import type { OAuthClient, Org, RoleGrant, Shape } from "../../emulator/world";
import { homeDivision, newSecret, nonEmpty } from "../../emulator/world";
import { SCOPES } from "../../facts/api";
import { CLIENT_STATES, GRANT_TYPES, TOKEN_VALIDITY_SECONDS } from "../../facts/provider";
import { apiError, badRequest, byId, page, requestBody } from "../http";

const clientBody = z.strictObject({
  name: nonEmpty,
  description: z.string().optional(),
  accessTokenValiditySeconds: z
    .number()
    .int()
    .min(TOKEN_VALIDITY_SECONDS.min)
    .max(TOKEN_VALIDITY_SECONDS.max)
    .default(TOKEN_VALIDITY_SECONDS.default),
  authorizedGrantType: z.enum(GRANT_TYPES),
  state: z.enum(CLIENT_STATES).default("active"),
  registeredRedirectUri: z.array(z.string()).optional(),
  scope: z.array(z.string()).optional(),
  roleDivisions: z
    .array(z.strictObject({ roleId: nonEmpty, divisionId: z.string().optional() } satisfies Shape<Models.RoleDivision>))
    .default([]),
} satisfies Shape<Models.OAuthClientRequest>);

export function clientView(client: OAuthClient, secret?: string): Models.OAuthClient {
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

/** The caller's own grants, read from the world being changed (so a grant made in this request does not count). */
function callerOf(org: Org, call: ApiCall): OAuthClient {
  return org.oauthClients.find((c) => c.id === call.caller.id) ?? call.caller;
}

/** The API's rule that a caller grants only roles it holds itself, in that division or in all of them ("*"). */
function checkGrants(org: Org, caller: OAuthClient, grants: readonly RoleGrant[]): void {
  for (const grant of grants) {
    const role = org.roles.find((r) => r.id === grant.roleId);
    if (!role) throw badRequest(`[sandbox] Role ${grant.roleId} does not exist.`);
    const division = org.divisions.find((d) => d.id === grant.divisionId);
    if (grant.divisionId !== "*" && !division) {
      throw badRequest(`[sandbox] Division ${grant.divisionId} does not exist.`);
    }
    const held = caller.roles.some(
      (h) => h.roleId === grant.roleId && (h.divisionId === "*" || h.divisionId === grant.divisionId),
    );
    if (held) continue;
    const where = grant.divisionId === "*" ? "all divisions (*)" : `division ${division?.name}`;
    throw apiError(
      403,
      "not.authorized",
      "[sandbox's wording; the API's status and text are unknown] cannot grant a role the requesting client does " +
        `not hold: it does not hold role ${role.name} (${role.id}) in ${where}`,
    );
  }
}

/** The request body as the client's new fields; every rule that needs only the body. */
function fieldsOf(call: ApiCall, org: Org): Omit<OAuthClient, "id" | "secret"> {
  const body = requestBody(call, "the OAuth client", clientBody);
  const grantType = body.authorizedGrantType;
  // An empty division is the home division (the provider sends it explicitly; other clients may not).
  const roles = body.roleDivisions.map((g) => ({ roleId: g.roleId, divisionId: g.divisionId || homeDivision(org).id }));
  if (grantType === "CLIENT-CREDENTIALS" && roles.length === 0) {
    throw badRequest("[sandbox's wording] a client using the CLIENT-CREDENTIALS grant must be granted roles");
  }
  const unknownScopes = (body.scope ?? []).filter((s) => !SCOPES.has(s));
  if (unknownScopes.length > 0) {
    throw badRequest(
      `[sandbox, a deliberately stricter assumption] scopes Genesys Cloud does not define: ${unknownScopes.join(", ")}`,
    );
  }
  return {
    name: body.name,
    description: body.description,
    // The API accepts both spellings and answers with SAML2-BEARER.
    authorizedGrantType: grantType === "SAML2BEARER" ? "SAML2-BEARER" : grantType,
    state: body.state,
    accessTokenValiditySeconds: body.accessTokenValiditySeconds,
    scopes: body.scope,
    registeredRedirectUris: body.registeredRedirectUri,
    roles,
  };
}

export const oauthClientRoutes = routes<ApiCall>({
  "GET /api/v2/oauth/clients"({ org, request }): Models.OAuthClientEntityListing {
    return page(
      org.oauthClients.map((c) => clientView(c)),
      request.query,
      "/api/v2/oauth/clients",
    );
  },
  "POST /api/v2/oauth/clients"(call) {
    return call.change((org) => {
      const fields = fieldsOf(call, org);
      checkGrants(org, callerOf(org, call), fields.roles);
      const client: OAuthClient = { id: randomUUID(), secret: newSecret(), ...fields };
      org.oauthClients.push(client);
      return clientView(client, client.secret);
    });
  },
  "GET /api/v2/oauth/clients/{clientId}": ({ org, params }) =>
    clientView(byId(org.oauthClients, params.clientId, "OAuth client")),
  "PUT /api/v2/oauth/clients/{clientId}"(call) {
    return call.change((org) => {
      const client = byId(org.oauthClients, call.params.clientId, "OAuth client");
      const fields = fieldsOf(call, org);
      // Only grants the client does not have yet need the caller to hold the role.
      const added = fields.roles.filter(
        (g) => !client.roles.some((h) => h.roleId === g.roleId && h.divisionId === g.divisionId),
      );
      checkGrants(org, callerOf(org, call), added);
      Object.assign(client, fields);
      return clientView(client);
    });
  },
  "DELETE /api/v2/oauth/clients/{clientId}"(call) {
    call.change((org, world) => {
      const client = byId(org.oauthClients, call.params.clientId, "OAuth client");
      if (client.state !== "inactive") {
        throw badRequest("[sandbox] an OAuth client must be set inactive before it is deleted.");
      }
      org.oauthClients.splice(org.oauthClients.indexOf(client), 1);
      const deleted = { orgId: org.id, id: client.id, name: client.name, stateHistory: [client.state] };
      (world.deletedOAuthClients ??= []).push(deleted);
    });
    return undefined;
  },
  "POST /api/v2/oauth/clients/{clientId}/secret"(call) {
    return call.change((org) => {
      const client = byId(org.oauthClients, call.params.clientId, "OAuth client");
      const secret = newSecret();
      (client as { secret: string }).secret = secret;
      // Tokens issued to the client before stay valid until they expire; only logins with the old secret fail.
      return clientView(client, secret);
    });
  },
});
