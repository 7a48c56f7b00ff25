/**
 * Value rules of the genesyscloud provider 1.84.1 that its JSON schema cannot carry
 * (ValidateFuncs and defaults in the provider's Go code). One source for the config
 * validation, the conformance test and the provider emulator.
 */

export const PROVIDER_SOURCE = "mypurecloud/genesyscloud";
export const PROVIDER_VERSION = "1.84.1";

/** `aws_region` → API domain. The provider accepts these case-insensitively. */
export const REGION_DOMAINS = {
  "us-east-1": "mypurecloud.com",
  "us-east-2": "use2.us-gov-pure.cloud",
  "us-west-2": "usw2.pure.cloud",
  "ca-central-1": "cac1.pure.cloud",
  "sa-east-1": "sae1.pure.cloud",
  "mx-central-1": "mxc1.pure.cloud",
  "eu-west-1": "mypurecloud.ie",
  "eu-west-2": "euw2.pure.cloud",
  "eu-central-1": "mypurecloud.de",
  "eu-central-2": "euc2.pure.cloud",
  "eusc-de-east-1": "edee1.eusc-pure.cloud",
  "me-central-1": "mec1.pure.cloud",
  "ap-south-1": "aps1.pure.cloud",
  "ap-southeast-1": "apse1.pure.cloud",
  "ap-southeast-2": "mypurecloud.com.au",
  "ap-northeast-1": "mypurecloud.jp",
  "ap-northeast-2": "apne2.pure.cloud",
  "ap-northeast-3": "apne3.pure.cloud",
  dca: "inindca.com",
  tca: "inintca.com",
} as const;

export type Region = keyof typeof REGION_DOMAINS;
export const REGIONS = Object.keys(REGION_DOMAINS) as Region[];

export function apiBaseUrl(region: Region): string {
  return `https://api.${REGION_DOMAINS[region]}`;
}

/** Where tokens come from: `<login base URL>/oauth/token`. */
export function loginBaseUrl(region: Region): string {
  return `https://login.${REGION_DOMAINS[region]}`;
}

/** `genesyscloud_oauth_client.authorized_grant_type` (case-sensitive). */
export const GRANT_TYPES = ["CLIENT-CREDENTIALS", "CODE", "TOKEN", "SAML2-BEARER", "SAML2BEARER", "PASSWORD"] as const;
export type GrantType = (typeof GRANT_TYPES)[number];

/** `genesyscloud_oauth_client.state` (case-sensitive; the API's `disabled` is rejected). */
export const CLIENT_STATES = ["active", "inactive"] as const;
export type ClientState = (typeof CLIENT_STATES)[number];

/** `genesyscloud_oauth_client.access_token_validity_seconds`. */
export const TOKEN_VALIDITY_SECONDS = { min: 300, max: 38_880_000, default: 86_400 } as const;
/** The API's own limit for clients that are not Genesys Cloud SCIM clients (the schema description's "48hrs"). */
export const NON_SCIM_MAX_TOKEN_VALIDITY_SECONDS = 172_800;

/** `genesyscloud_auth_role` permission policy condition enums. */
export const ROLE_CONDITION_CONJUNCTIONS = ["AND", "OR"] as const;
export const ROLE_TERM_OPERATORS = ["EQ", "IN", "GE", "GT", "LE", "LT"] as const;
export const ROLE_OPERAND_TYPES = ["USER", "QUEUE", "SCALAR", "VARIABLE"] as const;

/** Environment variables the provider reads its credentials from at plan/apply time. */
export const CREDENTIAL_ENV_VARS = {
  clientId: "GENESYSCLOUD_OAUTHCLIENT_ID",
  clientSecret: "GENESYSCLOUD_OAUTHCLIENT_SECRET",
  accessToken: "GENESYSCLOUD_ACCESS_TOKEN",
  region: "GENESYSCLOUD_REGION",
} as const;
