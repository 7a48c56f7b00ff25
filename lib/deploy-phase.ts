import { CustomerCredentials, OAuthClientConfig } from "./config/schema";
import { CREDENTIAL_ENV_VARS } from "./genesys/provider-rules";

/**
 * The first-deploy flow (README, "First deploy: the role chicken-and-egg"). Genesys only lets a client
 * grant roles it holds itself, and a CLIENT-CREDENTIALS client must have a role. So until the deployer
 * holds the bot-session role, a client-credentials stack with no other role declares only that role
 * (phase "role"); once an admin has granted it to the deployer, the client is declared with it (phase "client").
 * The deployer is a client (the deployer client of an environment or customer) or, for a customer run with
 * its admin's user token, that admin: the same phases, the admin assigning the role to themselves.
 */
export const DEPLOY_PHASES = ["role", "client"] as const;
export type DeployPhase = (typeof DEPLOY_PHASES)[number];

export interface DeployPlan {
  readonly phase: DeployPhase;
  /** Whether the OAuth client is declared at all. */
  readonly declaresClient: boolean;
  /**
   * Whether the bot-session role is declared: only for a CLIENT-CREDENTIALS client, the one kind of
   * client that roles authorize (any other acts with the signed-in user's roles).
   */
  readonly declaresBotSessionRole: boolean;
  /** Whether the client is granted the bot-session role declared in the same stack. */
  readonly grantsBotSessionRole: boolean;
}

/** What a validated client config deploys (the schema has already refused a client-credentials client with no possible role). */
export function deployPlan(client: OAuthClientConfig): DeployPlan {
  const isClientCredentials = client.grantType === "CLIENT-CREDENTIALS";
  const declaresBotSessionRole = isClientCredentials && client.botSessionRole.enabled;
  const grantsBotSessionRole = declaresBotSessionRole && client.botSessionRole.heldByDeployer;
  const hasRole = client.roles.length > 0 || grantsBotSessionRole;
  const phase: DeployPhase = isClientCredentials && !hasRole ? "role" : "client";
  return { phase, declaresClient: phase === "client", declaresBotSessionRole, grantsBotSessionRole };
}

/** Name of the bot-session role: configured, or derived from the client's name. */
export function botSessionRoleName(client: OAuthClientConfig): string {
  return client.botSessionRole.name ?? `${client.name} bot sessions`;
}

/** The step after phase "role", as synth, the pipeline and the README tell it. */
export function nextStepAfterRolePhase(
  roleName: string,
  configFile: string,
  division = "the home division",
  credentials: CustomerCredentials = "deployer-client",
): string {
  const then =
    `then set oauthClient.botSessionRole.heldByDeployer to true in ${configFile} and deploy again ` +
    `(phase "client")`;
  if (credentials === "admin-token") {
    return (
      `the customer's admin assigns the role "${roleName}" to their own user (division: ${division}; the admin holds ` +
      `a role they created only once it is assigned to them), signs in again for a fresh token in ` +
      `${CREDENTIAL_ENV_VARS.accessToken}, ${then}`
    );
  }
  return (
    `an org admin grants the role "${roleName}" to the DEPLOYER's OAuth client (the client whose id is in ` +
    `${CREDENTIAL_ENV_VARS.clientId}; division: ${division}), ${then}`
  );
}
