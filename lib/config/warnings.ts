import * as path from "path";
import { KNOWN_PERMISSIONS } from "../genesys/catalog";
import { NON_SCIM_MAX_TOKEN_VALIDITY_SECONDS } from "../genesys/provider-rules";
import { botSessionRoleName, deployPlan, nextStepAfterRolePhase } from "../deploy-phase";
import { nearest } from "./suggest";
import { EnvironmentConfig } from "./schema";

/**
 * Configuration that synthesizes but cannot work as written. Returned as text for cdktf
 * warnings: the config is valid, the user should still hear about it.
 */
export function configWarnings(environment: EnvironmentConfig): string[] {
  const { oauthClient: client, file } = environment;
  const warnings: string[] = [];
  const isClientCredentials = client.grantType === "CLIENT-CREDENTIALS";
  const role = client.botSessionRole;

  if (client.grantType === "SAML2BEARER") {
    warnings.push(
      `${file}: oauthClient.grantType: the Genesys API stores "SAML2BEARER" as "SAML2-BEARER", so the provider ` +
        `reads back another value than configured and the apply ends in its consistency check's "mismatch on ` +
        `attribute" error (a plan that never settles); use "SAML2-BEARER"`,
    );
  }
  if (client.accessTokenValiditySeconds > NON_SCIM_MAX_TOKEN_VALIDITY_SECONDS) {
    warnings.push(
      `${file}: oauthClient.accessTokenValiditySeconds: ${client.accessTokenValiditySeconds} is over 48 hours ` +
        `(${NON_SCIM_MAX_TOKEN_VALIDITY_SECONDS}); Genesys allows that only for SCIM (Identity Management) clients`,
    );
  }
  if (isClientCredentials && environment.scopesWritten) {
    warnings.push(`${file}: oauthClient.scopes: ${scopesNotSent(environment)}; remove oauthClient.scopes`);
  }

  if (role.enabled) {
    for (const permission of role.permissions.filter((p) => !KNOWN_PERMISSIONS.has(p))) {
      const hint = nearest(permission, [...KNOWN_PERMISSIONS]);
      warnings.push(
        `${file}: oauthClient.botSessionRole.permissions: no Genesys Cloud API operation requires "${permission}"` +
          (hint ? ` (nearest: "${hint}")` : "") +
          `; see lib/genesys/catalog/permissions.json`,
      );
    }
  } else if (role.heldByDeployer) {
    warnings.push(
      `${file}: oauthClient.botSessionRole.heldByDeployer has no effect while oauthClient.botSessionRole.enabled is false`,
    );
  }

  if (!isClientCredentials && (client.roles.length > 0 || (role.enabled && role.heldByDeployer))) {
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

/**
 * What synth tells once per environment that is no mistake: what happens to the scopes of a
 * CLIENT-CREDENTIALS client the user did not write, and the next step of the first-deploy flow.
 */
export function configNotices(environment: EnvironmentConfig): string[] {
  const { oauthClient: client, file } = environment;
  const notices: string[] = [];
  const plan = deployPlan(client);
  if (client.grantType === "CLIENT-CREDENTIALS" && !environment.scopesWritten) {
    notices.push(`${file}: oauthClient.scopes: ${scopesNotSent(environment)}`);
  }
  if (plan.phase === "role") {
    const roleName = botSessionRoleName(client);
    notices.push(
      `${file}: deploy phase "role": this deploy creates the bot-session role "${roleName}" but not the OAuth ` +
        `client "${client.name}" (a CLIENT-CREDENTIALS client needs a role, and the deployer can only grant roles ` +
        `it holds). Next: ${nextStepAfterRolePhase(roleName, file, client.botSessionRole.division)}`,
    );
  }
  return notices;
}

/** What happens to a CLIENT-CREDENTIALS client's scopes, and what authorizes the client instead. */
function scopesNotSent(environment: EnvironmentConfig): string {
  const client = environment.oauthClient;
  const plan = deployPlan(client);
  const requested = client.scopes.length > 0 ? client.scopes.join(", ") : "none";
  const authorizedBy = [
    ...client.roles.map((r) => `role "${r.name}" (${divisionText(r.division)})`),
    ...(plan.grantsBotSessionRole
      ? [`the bot-session role "${botSessionRoleName(client)}" (${divisionText(client.botSessionRole.division)})`]
      : []),
  ];
  return (
    `requested scopes (${requested}) are not sent: the CLIENT-CREDENTIALS client is synthesized without scopes ` +
    `(Genesys applies scopes only to clients acting for a user); it is authorized by its roles instead: ` +
    (authorizedBy.length > 0
      ? authorizedBy.join(", ")
      : `none yet, the client is declared once the deployer holds the bot-session role (see the next step)`)
  );
}

function divisionText(division: string | undefined): string {
  if (division === undefined) return "home division";
  return division === "*" ? "all divisions" : `division ${division}`;
}
