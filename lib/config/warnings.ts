import * as path from "path";
import { KNOWN_PERMISSIONS } from "../genesys/catalog";
import { NON_SCIM_MAX_TOKEN_VALIDITY_SECONDS } from "../genesys/provider-rules";
import { botSessionRoleName, deployPlan, nextStepAfterRolePhase } from "../deploy-phase";
import { deployerRequirementsNotice } from "../deployer-requirements";
import { anyPermissionCovers } from "../genesys/permissions";
import { BOT_SESSION_PERMISSION } from "./schema";
import { synthesizedScopes } from "./scopes";
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

  if (!isClientCredentials && client.roles.length > 0) {
    warnings.push(
      `${file}: oauthClient.roles: roles only apply to CLIENT-CREDENTIALS clients; a ${client.grantType} ` +
        `client acts with the signed-in user's permissions`,
    );
  }
  if (!isClientCredentials && environment.botSessionRoleWritten) {
    warnings.push(
      `${file}: oauthClient.botSessionRole: not declared for a ${client.grantType} client, which cannot use a ` +
        `role: its tokens act with the signed-in user's roles; give the users a role with ` +
        `${BOT_SESSION_PERMISSION} in their own org, and remove oauthClient.botSessionRole`,
    );
  }
  if (!isClientCredentials && !synthesizedScopes(client.grantType, client.scopes).includes("textbots")) {
    warnings.push(
      `${file}: oauthClient.scopes: no scope covers bot sessions, so every bot-session call with this client's ` +
        `tokens gets 403 whatever the user's roles; add "textbots"`,
    );
  }
  warnings.push(...silent403Warnings(environment));

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
 * A CLIENT-CREDENTIALS client that deploys and verifies but whose bot sessions would get 403: nothing
 * in the config shows it will hold the bot-session permission. In phase "role" the client is not
 * declared yet, and the phase notice tells the next step instead.
 */
function silent403Warnings(environment: EnvironmentConfig): string[] {
  const { oauthClient: client, file } = environment;
  const plan = deployPlan(client);
  if (client.grantType !== "CLIENT-CREDENTIALS" || plan.phase !== "client") return [];
  const warnings: string[] = [];
  const roleName = botSessionRoleName(client);
  const others = client.roles.map((r) => `"${r.name}" (${divisionText(r.division)})`).join(", ");
  const credentials = environment.customer?.credentials;
  if (plan.declaresBotSessionRole && !plan.grantsBotSessionRole) {
    warnings.push(
      `${file}: oauthClient.botSessionRole: the role "${roleName}" is created but granted to no one: ` +
        `heldByDeployer is false, so the client "${client.name}" is declared with only ${others}. Next: ` +
        nextStepAfterRolePhase(roleName, file, client.botSessionRole.division, credentials),
    );
  }
  const granted = plan.grantsBotSessionRole ? client.botSessionRole.permissions : [];
  if (!anyPermissionCovers(granted, BOT_SESSION_PERMISSION)) {
    warnings.push(
      `${file}: oauthClient: nothing in this config shows that the client "${client.name}" will hold ` +
        `${BOT_SESSION_PERMISSION}: ` +
        (plan.grantsBotSessionRole
          ? `the granted bot-session role "${roleName}" carries ${granted.join(", ")}, which do not cover it`
          : `it is granted only ${others}, existing roles whose permissions synth cannot see`) +
        `; its bot sessions get 403 unless one of them carries it. Grant the bot-session role (as the next step ` +
        `says) or check live with the doctor`,
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
        `it holds). Next: ` +
        nextStepAfterRolePhase(roleName, file, client.botSessionRole.division, environment.customer?.credentials) +
        (client.botSessionRole.adoptId ? "" : adoptHint(roleName)),
    );
  }
  if (client.grantType !== "CLIENT-CREDENTIALS") {
    notices.push(
      `${file}: oauthClient: a ${client.grantType} client's tokens act as the signed-in user, in that user's own ` +
        `org (the partner's or a customer's): each signed-in user needs ${BOT_SESSION_PERMISSION} through their ` +
        `roles, and the client's scopes (${synthesizedScopes(client.grantType, client.scopes).join(", ")}) limit ` +
        `what the token may do. PKCE is the app's part of the sign-in (code_challenge, code_verifier); provider ` +
        `1.84.1 has no client attribute for it`,
    );
  }
  if (environment.customer) notices.push(deployerRequirementsNotice(environment));
  return notices;
}

/** Genesys refuses a second role of the same name: a hand-made one is adopted, not created again. */
function adoptHint(roleName: string): string {
  return (
    `. If the org already has a role named "${roleName}" (made by hand), this deploy fails at "Failed to create ` +
    `role": adopt that role instead by setting oauthClient.botSessionRole.adoptId to its id (Terraform imports it; ` +
    `docs/multi-tenant.md, "Adopting an existing client")`
  );
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
