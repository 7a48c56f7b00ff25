import { CREDENTIAL_ENV_VARS } from "../../lib/genesys/provider-rules";

const { clientId, clientSecret, accessToken } = CREDENTIAL_ENV_VARS;

/** Whether the genesyscloud provider will find credentials: a client id and secret, or a token. */
export function hasProviderCredentials(env: NodeJS.ProcessEnv): boolean {
  return Boolean((env[clientId] && env[clientSecret]) || env[accessToken]);
}

export function missingCredentialsMessage(environment: string): string {
  return (
    `No Genesys Cloud credentials for environment "${environment}": set ${clientId} and ${clientSecret} ` +
    `(the OAuth client that deploys into the ${environment} org), or ${accessToken}. ` +
    `In CI they come from the GitHub environment's secrets (docs/pipeline.md).`
  );
}

/**
 * The environment for terraform. GitHub Actions turns an unset secret into an empty string, and
 * an empty AWS_ACCESS_KEY_ID or TF_TOKEN_* is not the same as none to every tool, so empty
 * credential-like variables are dropped.
 */
export function terraformEnv(env: NodeJS.ProcessEnv): NodeJS.ProcessEnv {
  const credentialLike = /^(GENESYSCLOUD_|AWS_|TF_TOKEN_|ARM_|GOOGLE_)/;
  return Object.fromEntries(
    Object.entries(env).filter(([name, value]) => !(credentialLike.test(name) && value === "")),
  );
}
