import { BOT_SESSION_PERMISSION, DEFAULT_SCOPES, environmentFileSchema } from "../../lib/config/schema";
import { minimalEnvironment } from "../support/config-dir";

describe("environmentFileSchema", () => {
  it("defaults the client to CLIENT-CREDENTIALS with the requested scopes and a day-long token", () => {
    const parsed = environmentFileSchema.parse(minimalEnvironment());
    expect(parsed.oauthClient.grantType).toBe("CLIENT-CREDENTIALS");
    expect(parsed.oauthClient.scopes).toEqual(DEFAULT_SCOPES);
    expect(parsed.oauthClient.accessTokenValiditySeconds).toBe(86400);
    expect(parsed.backend).toEqual({ type: "local" });
  });

  it("declares the bot-session role by default, carrying only the bot-session permission, not yet granted", () => {
    const parsed = environmentFileSchema.parse(minimalEnvironment());
    expect(parsed.oauthClient.botSessionRole).toEqual({
      enabled: true,
      permissions: [BOT_SESSION_PERMISSION],
      heldByDeployer: false,
    });
  });

  it("accepts the token validity bounds of the provider and nothing outside them", () => {
    const withValidity = (seconds: number) => ({
      ...minimalEnvironment(),
      oauthClient: { name: "x", accessTokenValiditySeconds: seconds },
    });
    expect(environmentFileSchema.safeParse(withValidity(300)).success).toBe(true);
    expect(environmentFileSchema.safeParse(withValidity(38_880_000)).success).toBe(true);
    expect(environmentFileSchema.safeParse(withValidity(38_880_001)).success).toBe(false);
    expect(environmentFileSchema.safeParse(withValidity(300.5)).success).toBe(false);
  });

  it("rejects the API's disabled state, which the provider does not accept", () => {
    const result = environmentFileSchema.safeParse({
      ...minimalEnvironment(),
      oauthClient: { name: "x", state: "disabled" },
    });
    expect(result.success).toBe(false);
  });

  it("trims names so that whitespace alone is empty", () => {
    const parsed = environmentFileSchema.parse({ ...minimalEnvironment(), organization: { name: "  Acme  " } });
    expect(parsed.organization.name).toBe("Acme");
  });
});
