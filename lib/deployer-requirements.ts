import { EnvironmentConfig } from "./config/schema";
import { botSessionRoleName, deployPlan } from "./deploy-phase";
import { CREDENTIAL_ENV_VARS } from "./genesys/provider-rules";

/**
 * What the credentials a stack deploys with must hold, from the permissions the Platform API requires of
 * each call the provider makes for it (/work/shared/genesys-api/operations.json: `POST /api/v2/oauth/clients`
 * requires oauth:client:add, and so on), plus the Genesys rule that a client is only granted roles its
 * creator holds.
 */
export interface DeployerRequirements {
  /** Permissions the deployer's roles must carry (any division will do for these). */
  readonly permissions: readonly string[];
  /** Scopes the token must carry: only for a user token (a client-credentials token has no scopes). */
  readonly scopes: readonly string[];
  /** Roles the deployer must itself hold, as `"<name>" (<division>)`, for the client to be granted them. */
  readonly rolesToHold: readonly string[];
}

export function deployerRequirements(config: EnvironmentConfig): DeployerRequirements {
  const client = config.oauthClient;
  const plan = deployPlan(client);
  const userToken = config.customer?.credentials === "admin-token";
  const integrationCredential = config.customer?.secretDelivery === "integration-credential";
  const permissions = [
    // POST, GET, PUT (updates; the provider also sets a client inactive before its DELETE), DELETE (offboarding).
    "oauth:client:add",
    "oauth:client:view",
    "oauth:client:edit",
    "oauth:client:delete",
    // The role lookups by name (GET /api/v2/authorization/roles) and the bot-session role's own life cycle.
    "authorization:role:view",
    ...(plan.declaresBotSessionRole
      ? ["authorization:role:add", "authorization:role:edit", "authorization:role:delete"]
      : []),
    // An admin assigns the new role to their own user: PUT /api/v2/authorization/roles/{roleId}/users/add.
    ...(userToken && plan.declaresBotSessionRole ? ["authorization:grant:add"] : []),
    // POST, GET, PUT, DELETE /api/v2/integrations/credentials.
    ...(integrationCredential
      ? [
          "integrations:integration:add",
          "integrations:integration:view",
          "integrations:integration:edit",
          "integrations:integration:delete",
        ]
      : []),
  ];
  const scopes = userToken
    ? [
        "user-basic-info", // GET /api/v2/tokens/me
        "organization:readonly", // GET /api/v2/organizations/me (the org guard)
        "oauth",
        "authorization",
        ...(integrationCredential ? ["integrations"] : []),
      ]
    : [];
  const division = (name: string | undefined) =>
    name === undefined ? "home division" : name === "*" ? "all divisions" : `division ${name}`;
  const rolesToHold = [
    ...client.roles.map((role) => `"${role.name}" (${division(role.division)})`),
    ...(plan.declaresBotSessionRole
      ? [
          `"${botSessionRoleName(client)}" (${division(client.botSessionRole.division)}; from phase "client" on, ` +
            `after the first deploy created it)`,
        ]
      : []),
  ];
  return { permissions, scopes, rolesToHold };
}

/** The synth INFO line of a customer stack: who deploys it and exactly what they must hold. */
export function deployerRequirementsNotice(config: EnvironmentConfig): string {
  const customer = config.customer;
  if (!customer) throw new Error("deployerRequirementsNotice: not a customer stack");
  const needs = deployerRequirements(config);
  const who =
    customer.credentials === "admin-token"
      ? `the customer's admin deploys with their own user token (${CREDENTIAL_ENV_VARS.accessToken}, in a run the ` +
        `admin starts; the token must carry the scopes ${needs.scopes.join(", ")})`
      : `the customer's admin creates a CLIENT-CREDENTIALS deployer client for the partner in the customer's org ` +
        `(its id and secret in ${CREDENTIAL_ENV_VARS.clientId} and ${CREDENTIAL_ENV_VARS.clientSecret})`;
  return (
    `${config.file}: customer org "${config.organization.name}": ${who}; ` +
    `its roles must carry the permissions ${needs.permissions.join(", ")}` +
    (needs.rolesToHold.length > 0 ? `, and it must itself hold the roles ${needs.rolesToHold.join(", ")}` : "")
  );
}
