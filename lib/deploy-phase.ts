import { OAuthClientConfig } from "./config/schema";
import { CREDENTIAL_ENV_VARS } from "./genesys/provider-rules";

/**
 * The first-deploy flow (README, "First deploy: the role chicken-and-egg"). Genesys only lets a client
 * grant roles it holds itself, and a CLIENT-CREDENTIALS client must have a role. So until the deployer
 * holds the bot-session role, a client-credentials stack with no other role declares only that role
 * (phase "role"); once an admin has granted it to the deployer, the client is declared with it (phase "client").
 */
export const DEPLOY_PHASES = ["role", "client"] as const;
export type DeployPhase = (typeof DEPLOY_PHASES)[number];

export interface DeployPlan {
  readonly phase: DeployPhase;
  /** Whether the OAuth client is declared at all. */
  readonly declaresClient: boolean;
  /** Whether the client is granted the bot-session role declared in the same stack. */
  readonly grantsBotSessionRole: boolean;
}

/** What a validated client config deploys (the schema has already refused a client-credentials client with no possible role). */
export function deployPlan(client: OAuthClientConfig): DeployPlan {
  const botRole = client.botSessionRole;
  const grantsBotSessionRole = botRole.enabled && botRole.heldByDeployer;
  const hasRole = client.roles.length > 0 || grantsBotSessionRole;
  const phase: DeployPhase = client.grantType === "CLIENT-CREDENTIALS" && !hasRole ? "role" : "client";
  return { phase, declaresClient: phase === "client", grantsBotSessionRole };
}

/** Name of the bot-session role: configured, or derived from the client's name. */
export function botSessionRoleName(client: OAuthClientConfig): string {
  return client.botSessionRole.name ?? `${client.name} bot sessions`;
}

/** The step after phase "role", as synth, the pipeline and the README tell it. */
export function nextStepAfterRolePhase(roleName: string, configFile: string, division = "the home division"): string {
  return (
    `an org admin grants the role "${roleName}" to the DEPLOYER's OAuth client (the client whose id is in ` +
    `${CREDENTIAL_ENV_VARS.clientId}; division: ${division}), then set oauthClient.botSessionRole.heldByDeployer ` +
    `to true in ${configFile} and deploy again (phase "client")`
  );
}
