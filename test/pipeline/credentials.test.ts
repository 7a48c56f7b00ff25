import { hasProviderCredentials, missingCredentialsMessage, terraformEnv } from "../../commands/pipeline/credentials";

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

  it("drops empty credential variables (unset GitHub secrets) and keeps everything else", () => {
    expect(
      terraformEnv({
        PATH: "/bin",
        AWS_ACCESS_KEY_ID: "",
        TF_TOKEN_app_terraform_io: "",
        GENESYSCLOUD_OAUTHCLIENT_ID: "id",
        TF_REATTACH_PROVIDERS: "{}",
        EMPTY_BUT_UNRELATED: "",
      }),
    ).toEqual({
      PATH: "/bin",
      GENESYSCLOUD_OAUTHCLIENT_ID: "id",
      TF_REATTACH_PROVIDERS: "{}",
      EMPTY_BUT_UNRELATED: "",
    });
  });
});
