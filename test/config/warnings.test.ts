import { loadEnvironments } from "../../lib/config/load";
import { configWarnings } from "../../lib/config/warnings";
import { minimalEnvironment, PROJECT_ROOT, tempConfigDir } from "../support/config-dir";

function warningsFor(oauthClient: Record<string, unknown>, extra: Record<string, unknown> = {}): string[] {
  const dir = tempConfigDir({
    "dev.json": { ...minimalEnvironment(), ...extra, oauthClient: { name: "P", ...oauthClient } },
  });
  return configWarnings(loadEnvironments(dir, PROJECT_ROOT)[0]);
}

describe("configWarnings", () => {
  it("warns that scopes do nothing on a CLIENT-CREDENTIALS client", () => {
    expect(warningsFor({ scopes: ["textbots"] }).join("\n")).toMatch(
      /Genesys ignores scopes on CLIENT-CREDENTIALS clients/,
    );
  });

  it("names the scopes Genesys does not define, with the real scope nearest to each", () => {
    const [warning] = warningsFor({ scopes: ["bot:admin", "user:read", "textbots"] }).filter((w) =>
      w.includes("not Genesys"),
    );
    expect(warning).toContain('"bot:admin" (nearest: "textbots")');
    expect(warning).toContain('"user:read" (nearest: "users:readonly")');
    expect(warning).not.toContain('"textbots" (');
  });

  it("warns about custom-role permissions that no API operation requires", () => {
    const warnings = warningsFor({ botSessionRole: { permissions: ["textbots:botFlowSessions:execute"] } });
    expect(warnings.join("\n")).toMatch(
      /no Genesys Cloud API operation requires "textbots:botFlowSessions:execute" \(nearest: "textbots:botFlowSession:execute"\)/,
    );
  });

  it("warns that the bot-session role is not granted until grantToClient is set", () => {
    expect(warningsFor({}).join("\n")).toMatch(/grantToClient is false: the role is created but not granted/);
    expect(warningsFor({ botSessionRole: { grantToClient: true } }).join("\n")).not.toMatch(/grantToClient is false/);
  });

  it("warns that a client-credentials client without roles is denied everything", () => {
    expect(warningsFor({ botSessionRole: { enabled: false } }).join("\n")).toMatch(/has no roles/);
    expect(warningsFor({ roles: [{ name: "Developer" }] }).join("\n")).not.toMatch(/has no roles/);
  });

  it("warns that roles do nothing on a CODE client", () => {
    const warnings = warningsFor({ grantType: "CODE", scopes: ["textbots"], roles: [{ name: "Developer" }] });
    expect(warnings.join("\n")).toMatch(/roles only apply to CLIENT-CREDENTIALS clients/);
    expect(warnings.join("\n")).not.toMatch(/ignores scopes/);
  });

  it("warns about the grant type the provider accepts but the API rejects", () => {
    const warnings = warningsFor({
      grantType: "SAML2BEARER",
      scopes: ["textbots"],
      botSessionRole: { enabled: false },
    });
    expect(warnings.join("\n")).toMatch(/the Genesys API does not, so the apply fails; use "SAML2-BEARER"/);
  });

  it("warns that a token validity over 48 hours is for SCIM clients only", () => {
    expect(warningsFor({ accessTokenValiditySeconds: 172_801 }).join("\n")).toMatch(
      /is over 48 hours \(172800\); Genesys allows that only for SCIM/,
    );
    expect(warningsFor({ accessTokenValiditySeconds: 172_800 }).join("\n")).not.toMatch(/48 hours/);
  });

  it("warns that an exposed secret would sit in plain text in local state", () => {
    expect(warningsFor({ exposeSecret: true }).join("\n")).toMatch(
      /keeps the client secret in plain text in .*terraform\.dev\.tfstate/,
    );
    const remote = { backend: { type: "cloud", organization: "acme", workspace: "dev" } };
    expect(warningsFor({ exposeSecret: true }, remote).join("\n")).not.toMatch(/plain text/);
  });

  it("has nothing to say about a client configured as Genesys expects", () => {
    expect(
      warningsFor({ scopes: [], roles: [{ name: "Developer" }], botSessionRole: { grantToClient: true } }),
    ).toEqual([]);
  });
});
