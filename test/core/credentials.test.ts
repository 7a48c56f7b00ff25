import { hasProviderCredentials, missingCredentialsMessage, terraformEnv } from "../../commands/core/credentials";

describe("credentials", () => {
  it("needs a client id and secret, or an access token", () => {
    expect(
      hasProviderCredentials({ GENESYSCLOUD_OAUTHCLIENT_ID: "id", GENESYSCLOUD_OAUTHCLIENT_SECRET: "secret" }),
    ).toBe(true);
    expect(hasProviderCredentials({ GENESYSCLOUD_ACCESS_TOKEN: "token" })).toBe(true);
    expect(hasProviderCredentials({ GENESYSCLOUD_OAUTHCLIENT_ID: "id" })).toBe(false);
    expect(hasProviderCredentials({ GENESYSCLOUD_OAUTHCLIENT_ID: "id", GENESYSCLOUD_OAUTHCLIENT_SECRET: "" })).toBe(
      false,
    );
    expect(hasProviderCredentials({})).toBe(false);
  });

  it("says which variables to set for which environment", () => {
    expect(missingCredentialsMessage("prod")).toContain(
      `No Genesys Cloud credentials for environment "prod": set GENESYSCLOUD_OAUTHCLIENT_ID and GENESYSCLOUD_OAUTHCLIENT_SECRET`,
    );
  });
});

describe("terraform's environment", () => {
  const given = {
    PATH: "/bin",
    HOME: "/home/me",
    LC_ALL: "C",
    HTTPS_PROXY: "http://proxy:3128",
    AWS_ACCESS_KEY_ID: "",
    AWS_SECRET_ACCESS_KEY: "aws",
    TF_TOKEN_app_terraform_io: "",
    TF_CLI_CONFIG_FILE: "/home/me/.terraformrc",
    TF_REATTACH_PROVIDERS: "{}",
    GENESYSCLOUD_OAUTHCLIENT_ID: "id",
    GENESYSCLOUD_OAUTHCLIENT_SECRET: "deployer-secret",
    PARTNER_OAUTHCLIENT_SECRET: "partner-secret",
    GITHUB_TOKEN: "gh",
    NODE_OPTIONS: "--require /tmp/x.js",
    EMPTY_BUT_UNRELATED: "",
  };
  const set = { CHECKPOINT_DISABLE: "1", TF_IN_AUTOMATION: "1", TF_DATA_DIR: "/private/data" };

  it("is an allowlist: plan and apply get the Genesys credentials, nothing else of the caller's secrets", () => {
    expect(terraformEnv(given, "genesys", "/private/data")).toEqual({
      PATH: "/bin",
      HOME: "/home/me",
      LC_ALL: "C",
      HTTPS_PROXY: "http://proxy:3128",
      AWS_SECRET_ACCESS_KEY: "aws",
      TF_CLI_CONFIG_FILE: "/home/me/.terraformrc",
      TF_REATTACH_PROVIDERS: "{}",
      GENESYSCLOUD_OAUTHCLIENT_ID: "id",
      GENESYSCLOUD_OAUTHCLIENT_SECRET: "deployer-secret",
      ...set,
    });
  });

  it("gives init, show and output (state only) no Genesys Cloud secret", () => {
    const env = terraformEnv(given, "state-only", "/private/data");
    expect(Object.keys(env).filter((name) => name.startsWith("GENESYSCLOUD_"))).toEqual([]);
    expect(JSON.stringify(env)).not.toContain("secret");
  });

  it.each([
    [{ TF_CLI_ARGS_plan: "-destroy" }, "TF_CLI_ARGS_plan"],
    [{ TF_CLI_ARGS: "-lock=false", TF_CLI_ARGS_init: "-upgrade" }, "TF_CLI_ARGS, TF_CLI_ARGS_init"],
    [{ TF_WORKSPACE: "other" }, "TF_WORKSPACE"],
    [{ TF_DATA_DIR: "/tmp/planted" }, "TF_DATA_DIR"],
    [{ TF_LOG: "trace", TF_LOG_PATH: "/tmp/log" }, "TF_LOG, TF_LOG_PATH"],
    [{ TF_VAR_x: "1" }, "TF_VAR_x"],
    [{ TF_PLUGIN_CACHE_MAY_BREAK_DEPENDENCY_LOCK_FILE: "1" }, "TF_PLUGIN_CACHE_MAY_BREAK_DEPENDENCY_LOCK_FILE"],
  ])("refuses %j with one line naming them", (extra, named) => {
    expect(() => terraformEnv({ ...given, ...extra }, "genesys", "/d")).toThrow(
      new RegExp(`^Refusing to run terraform with ${named} set: (it changes|they change) what terraform plans`),
    );
  });
});
