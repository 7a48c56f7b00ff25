import * as path from "path";
import { KNOWN_PERMISSIONS, KNOWN_SCOPES } from "../genesys/catalog";
import { NON_SCIM_MAX_TOKEN_VALIDITY_SECONDS } from "../genesys/provider-rules";
import { nearest } from "./suggest";
import { EnvironmentConfig } from "./schema";

/** Scopes users ask for that Genesys does not define, with the real scope that covers the intent. */
const SCOPE_HINTS: Record<string, string> = {
  "bot:admin": "textbots",
  "bot:platform": "textbots",
  "analytics:reports:view": "analytics:readonly",
  "user:read": "users:readonly",
};

/**
 * Configuration that synthesizes but cannot work as written. Returned as text for cdktf
 * warnings: the config is valid, the user should still hear about it.
 */
export function configWarnings(environment: EnvironmentConfig): string[] {
  const { oauthClient: client, file } = environment;
  const warnings: string[] = [];
  const isClientCredentials = client.grantType === "CLIENT-CREDENTIALS";

  if (client.grantType === "SAML2BEARER") {
    warnings.push(
      `${file}: oauthClient.grantType: the provider accepts "SAML2BEARER" but the Genesys API does not, so the ` +
        `apply fails; use "SAML2-BEARER"`,
    );
  }
  if (client.accessTokenValiditySeconds > NON_SCIM_MAX_TOKEN_VALIDITY_SECONDS) {
    warnings.push(
      `${file}: oauthClient.accessTokenValiditySeconds: ${client.accessTokenValiditySeconds} is over 48 hours ` +
        `(${NON_SCIM_MAX_TOKEN_VALIDITY_SECONDS}); Genesys allows that only for SCIM (Identity Management) clients`,
    );
  }
  if (isClientCredentials && client.scopes.length > 0) {
    warnings.push(
      `${file}: oauthClient.scopes: Genesys ignores scopes on CLIENT-CREDENTIALS clients; ` +
        `the token is limited by the client's roles (oauthClient.roles, oauthClient.botSessionRole) instead`,
    );
  }

  const unknownScopes = client.scopes.filter((scope) => !KNOWN_SCOPES.has(scope));
  if (unknownScopes.length > 0) {
    const described = unknownScopes.map((scope) => {
      const hint = SCOPE_HINTS[scope] ?? nearest(scope, [...KNOWN_SCOPES]);
      return hint ? `"${scope}" (nearest: "${hint}")` : `"${scope}"`;
    });
    warnings.push(
      `${file}: oauthClient.scopes: not Genesys Cloud scopes: ${described.join(", ")}; ` +
        `see lib/genesys/catalog/scopes.json`,
    );
  }

  const role = client.botSessionRole;
  if (role.enabled) {
    for (const permission of role.permissions.filter((p) => !KNOWN_PERMISSIONS.has(p))) {
      const hint = nearest(permission, [...KNOWN_PERMISSIONS]);
      warnings.push(
        `${file}: oauthClient.botSessionRole.permissions: no Genesys Cloud API operation requires "${permission}"` +
          (hint ? ` (nearest: "${hint}")` : "") +
          `; see lib/genesys/catalog/permissions.json`,
      );
    }
    if (isClientCredentials && !role.grantToClient) {
      warnings.push(
        `${file}: oauthClient.botSessionRole.grantToClient is false: the role is created but not granted, so the ` +
          `client gets 403 on bot sessions until an admin grants the role to the deploying client and you set it ` +
          `to true (README, "First deploy: the role chicken-and-egg")`,
      );
    }
  }

  if (isClientCredentials && client.roles.length === 0 && !(role.enabled && role.grantToClient)) {
    warnings.push(
      `${file}: oauthClient: the CLIENT-CREDENTIALS client has no roles, so every API call it makes is denied (403)`,
    );
  }
  if (!isClientCredentials && (client.roles.length > 0 || (role.enabled && role.grantToClient))) {
    warnings.push(
      `${file}: oauthClient.roles: roles only apply to CLIENT-CREDENTIALS clients; a ${client.grantType} ` +
        `client acts with the signed-in user's permissions`,
    );
  }

  if (client.exposeSecret && environment.backend.type === "local") {
    warnings.push(
      `${file}: oauthClient.exposeSecret with a local backend keeps the client secret in plain text in ` +
        `${path.relative(process.cwd(), environment.backend.path)}; use an encrypted remote backend or leave ` +
        `exposeSecret off`,
    );
  }
  return warnings;
}
