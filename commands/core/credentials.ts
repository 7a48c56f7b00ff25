import { CREDENTIAL_ENV_VARS } from "../../lib/genesys/provider-rules";
import { CommandError } from "./errors";

const { clientId, clientSecret, accessToken } = CREDENTIAL_ENV_VARS;

/** Whether the genesyscloud provider will find credentials: a client id and secret, or a token. */
export function hasProviderCredentials(env: NodeJS.ProcessEnv): boolean {
  return Boolean((env[clientId] && env[clientSecret]) || env[accessToken]);
}

export interface Credentials {
  readonly clientId: string;
  readonly clientSecret: string;
}

/** The deployer's client credentials (what terraform deploys with), when both are set. */
export function deployerCredentials(env: NodeJS.ProcessEnv): Credentials | undefined {
  const [id, secret] = [env[clientId], env[clientSecret]];
  return id && secret ? { clientId: id, clientSecret: secret } : undefined;
}

export function missingCredentialsMessage(environment: string): string {
  return (
    `No Genesys Cloud credentials for environment "${environment}": set ${clientId} and ${clientSecret} ` +
    `(the OAuth client that deploys into the ${environment} org), or ${accessToken}. ` +
    `In CI they come from the GitHub environment's secrets (docs/pipeline.md).`
  );
}

/** What a child process is for: only plan and apply talk to Genesys Cloud, so only they get its credentials. */
export type ChildPurpose = "genesys" | "state-only";

/** Passed on as they are: the system, locale, proxies and the user's documented Terraform choices. */
const PASSED = [
  /^(PATH|HOME|USER|LOGNAME|SHELL|TMPDIR|TMP|TEMP|TZ|TERM|NO_COLOR|LANG|LANGUAGE)$/,
  /^LC_[A-Z]+$/,
  /^(HTTPS?_PROXY|NO_PROXY|ALL_PROXY|https?_proxy|no_proxy|all_proxy|SSL_CERT_FILE|SSL_CERT_DIR)$/,
  // A CLI config file (registry credentials, a mirror) and provider cache are the user's documented choice;
  // TF_REATTACH_PROVIDERS attaches an already running provider (the local emulator).
  /^TF_(IN_AUTOMATION|INPUT|CLI_CONFIG_FILE|PLUGIN_CACHE_DIR|REATTACH_PROVIDERS|REGISTRY_CLIENT_TIMEOUT|REGISTRY_DISCOVERY_RETRY)$/,
  // State backend credentials.
  /^TF_TOKEN_\w+$/,
  /^(AWS|ARM|GOOGLE)_\w+$/,
];
const GENESYS = /^GENESYSCLOUD_\w+$/;

/** Credentials of Genesys Cloud, the partner app, a state backend or the registry. */
export const CREDENTIAL_VARIABLE = /^(GENESYSCLOUD_|PARTNER_OAUTHCLIENT_SECRET$|AWS_|ARM_|GOOGLE_|TF_TOKEN_)/;

/**
 * The environment of terraform: an allowlist. Any other TF_* variable changes what terraform does behind the
 * reviewed configuration (TF_CLI_ARGS_plan=-destroy, TF_WORKSPACE, TF_VAR_*, TF_LOG…): refused. Empty
 * credential-like values (an unset GitHub secret) are dropped: not every tool reads them as unset.
 */
export function terraformEnv(env: NodeJS.ProcessEnv, purpose: ChildPurpose, dataDir: string): NodeJS.ProcessEnv {
  const refused = Object.keys(env)
    .filter((name) => name.startsWith("TF_") && !PASSED.some((pattern) => pattern.test(name)))
    .sort();
  if (refused.length > 0) {
    throw new CommandError(
      `Refusing to run terraform with ${refused.join(", ")} set: ${refused.length === 1 ? "it changes" : "they change"} ` +
        `what terraform plans, applies or records, past the reviewed configuration. Nothing was run; unset ` +
        `${refused.length === 1 ? "it" : "them"} (docs/pipeline.md, "What the pipeline guarantees").`,
    );
  }
  const kept = Object.entries(env).filter(
    ([name, value]) =>
      value !== undefined &&
      (PASSED.some((pattern) => pattern.test(name)) || (purpose === "genesys" && GENESYS.test(name))) &&
      !(value === "" && CREDENTIAL_VARIABLE.test(name)),
  );
  return { ...Object.fromEntries(kept), CHECKPOINT_DISABLE: "1", TF_IN_AUTOMATION: "1", TF_DATA_DIR: dataDir };
}
