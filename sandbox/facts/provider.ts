/**
 * The genesyscloud provider 1.84.1's value rules that its JSON schema cannot carry, as the shared
 * provider-schema README states them (ValidateFuncs and defaults in the provider's Go code). The
 * sandbox's own copy: lib/ has its own table for config validation, and the two are meant to be
 * compared, not shared.
 */

export const PROVIDER_SOURCE = "mypurecloud/genesyscloud";
export const PROVIDER_VERSION = "1.84.1";
export const PROVIDER_ADDRESS = `registry.terraform.io/${PROVIDER_SOURCE}`;

/** `aws_region` → API domain; the provider accepts the names case-insensitively. */
export const REGION_DOMAINS: Readonly<Record<string, string>> = {
  dca: "inindca.com",
  tca: "inintca.com",
  "us-east-1": "mypurecloud.com",
  "us-east-2": "use2.us-gov-pure.cloud",
  "us-west-2": "usw2.pure.cloud",
  "eu-west-1": "mypurecloud.ie",
  "eu-west-2": "euw2.pure.cloud",
  "ap-southeast-2": "mypurecloud.com.au",
  "ap-northeast-1": "mypurecloud.jp",
  "eu-central-1": "mypurecloud.de",
  "ca-central-1": "cac1.pure.cloud",
  "ap-northeast-2": "apne2.pure.cloud",
  "ap-south-1": "aps1.pure.cloud",
  "sa-east-1": "sae1.pure.cloud",
  "ap-northeast-3": "apne3.pure.cloud",
  "eu-central-2": "euc2.pure.cloud",
  "me-central-1": "mec1.pure.cloud",
  "mx-central-1": "mxc1.pure.cloud",
  "ap-southeast-1": "apse1.pure.cloud",
  "eusc-de-east-1": "edee1.eusc-pure.cloud",
};
export const REGIONS: readonly string[] = Object.keys(REGION_DOMAINS);

/** `genesyscloud_oauth_client.authorized_grant_type` (case-sensitive; the API answers SAML2BEARER as SAML2-BEARER). */
export const GRANT_TYPES = ["CODE", "TOKEN", "SAML2BEARER", "SAML2-BEARER", "PASSWORD", "CLIENT-CREDENTIALS"] as const;

/** `genesyscloud_oauth_client.state` (case-sensitive; the provider rejects the API's `disabled`). */
export const CLIENT_STATES = ["active", "inactive"] as const;

/** `genesyscloud_oauth_client.access_token_validity_seconds`. */
export const TOKEN_VALIDITY_SECONDS = { min: 300, max: 38_880_000, default: 86_400 } as const;

/** `genesyscloud_auth_role` permission policy condition enums (case-sensitive). */
export const ROLE_CONDITION_CONJUNCTIONS = ["AND", "OR"] as const;
export const ROLE_TERM_OPERATORS = ["EQ", "IN", "GE", "GT", "LE", "LT"] as const;
export const ROLE_OPERAND_TYPES = ["USER", "QUEUE", "SCALAR", "VARIABLE"] as const;

/** Environment variables the provider's DefaultFuncs read. */
export const CREDENTIAL_ENV_VARS = {
  clientId: "GENESYSCLOUD_OAUTHCLIENT_ID",
  clientSecret: "GENESYSCLOUD_OAUTHCLIENT_SECRET",
  accessToken: "GENESYSCLOUD_ACCESS_TOKEN",
  region: "GENESYSCLOUD_REGION",
} as const;
