/** Names of every stack's Terraform outputs: the contract with the pipeline and the partner app. */
export const OUTPUT_NAMES = {
  organizationId: "organization_id",
  organizationName: "organization_name",
  region: "region",
  apiBaseUrl: "api_base_url",
  /** `https://login.<region domain>`: tokens come from `<login_base_url>/oauth/token`. */
  loginBaseUrl: "login_base_url",
  /** Absent in deploy phase "role" (the client is not declared yet). */
  oauthClientId: "oauth_client_id",
  /** Sensitive; only when the environment sets `oauthClient.exposeSecret`. */
  oauthClientSecret: "oauth_client_secret",
  /** Only when `oauthClient.botSessionRole.enabled`. */
  botSessionRoleId: "bot_session_role_id",
  botSessionRoleName: "bot_session_role_name",
  /** Customer stacks only: `"secret-sink"` or `"integration-credential"`. */
  secretDelivery: "secret_delivery",
  /** Customer stacks with secret delivery `"integration-credential"` only, once the client is declared. */
  integrationCredentialId: "integration_credential_id",
  /** `"role"` or `"client"` (lib/deploy-phase.ts). */
  deployPhase: "deploy_phase",
} as const;
