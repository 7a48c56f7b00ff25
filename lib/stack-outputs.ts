/** Names of every stack's Terraform outputs: the contract with the pipeline and the partner app. */
export const OUTPUT_NAMES = {
  organizationId: "organization_id",
  organizationName: "organization_name",
  region: "region",
  apiBaseUrl: "api_base_url",
  oauthClientId: "oauth_client_id",
  /** Sensitive; only when the environment sets `oauthClient.exposeSecret`. */
  oauthClientSecret: "oauth_client_secret",
} as const;
