import { loadEnvironments } from "../../lib/config/load";
import { configNotices, configWarnings } from "../../lib/config/warnings";
import { minimalEnvironment, PROJECT_ROOT, tempConfigDir } from "../support/config-dir";

function environmentFor(oauthClient: Record<string, unknown>, extra: Record<string, unknown> = {}) {
  const dir = tempConfigDir({
    "dev.json": { ...minimalEnvironment(), ...extra, oauthClient: { name: "P", ...oauthClient } },
  });
  return loadEnvironments(dir, PROJECT_ROOT)[0];
}

function warningsFor(oauthClient: Record<string, unknown>, extra: Record<string, unknown> = {}): string[] {
  return configWarnings(environmentFor(oauthClient, extra));
}

function noticesFor(oauthClient: Record<string, unknown>): string[] {
  return configNotices(environmentFor(oauthClient));
}

const CODE_CLIENT = { grantType: "CODE", scopes: ["textbots"], redirectUris: ["https://app.example.com/cb"] };

describe("configWarnings", () => {
  it("warns about scopes written on a CLIENT-CREDENTIALS client: they have no effect", () => {
    const warnings = warningsFor({ scopes: ["textbots"], roles: [{ name: "Viewer" }] });
    expect(warnings.join("\n")).toMatch(
      /oauthClient\.scopes: requested scopes \(textbots\) are not sent: the CLIENT-CREDENTIALS client is synthesized without scopes/,
    );
    expect(warnings.join("\n")).toMatch(/authorized by its roles instead: role "Viewer" \(home division\)/);
    expect(warnings.join("\n")).toMatch(/remove oauthClient\.scopes/);
  });

  it("says nothing as a warning about the default scopes the user never wrote", () => {
    expect(warningsFor({ roles: [{ name: "Viewer" }] }).join("\n")).not.toMatch(/scopes/);
  });

  it("warns about custom-role permissions that no API operation requires", () => {
    const warnings = warningsFor({ botSessionRole: { permissions: ["textbots:botFlowSessions:execute"] } });
    expect(warnings.join("\n")).toMatch(
      /no Genesys Cloud API operation requires "textbots:botFlowSessions:execute" \(nearest: "textbots:botFlowSession:execute"\)/,
    );
  });

  it("warns that heldByDeployer does nothing without the bot-session role", () => {
    const warnings = warningsFor({
      roles: [{ name: "Viewer" }],
      botSessionRole: { enabled: false, heldByDeployer: true },
    });
    expect(warnings.join("\n")).toMatch(
      /heldByDeployer has no effect while oauthClient\.botSessionRole\.enabled is false/,
    );
  });

  it("warns that roles do nothing on a CODE client", () => {
    const warnings = warningsFor({ ...CODE_CLIENT, roles: [{ name: "Developer" }] });
    expect(warnings.join("\n")).toMatch(/roles only apply to CLIENT-CREDENTIALS clients/);
    expect(warnings.join("\n")).not.toMatch(/are not sent/);
  });

  it("warns about SAML2BEARER for the right reason: the read-back mismatch, not an API rejection", () => {
    const warnings = warningsFor({
      grantType: "SAML2BEARER",
      scopes: ["textbots"],
      botSessionRole: { enabled: false },
    });
    expect(warnings.join("\n")).toMatch(/stores "SAML2BEARER" as "SAML2-BEARER"/);
    expect(warnings.join("\n")).toMatch(
      /"mismatch on attribute" error \(a plan that never settles\); use "SAML2-BEARER"/,
    );
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

  it("has no warning for the defaults, in either deploy phase", () => {
    expect(warningsFor({})).toEqual([]);
    expect(warningsFor({ botSessionRole: { heldByDeployer: true } })).toEqual([]);
  });
});

describe("configNotices", () => {
  it("says once, as information, what happens to default scopes on a CLIENT-CREDENTIALS client", () => {
    const notices = noticesFor({ botSessionRole: { heldByDeployer: true, name: "Bots" } }).filter((n) =>
      n.includes("scopes"),
    );
    expect(notices).toHaveLength(1);
    expect(notices[0]).toMatch(
      /requested scopes \(bot:admin, bot:platform, analytics:reports:view, user:read\) are not sent/,
    );
    expect(notices[0]).toMatch(/authorized by its roles instead: the bot-session role "Bots" \(home division\)/);
  });

  it("does not repeat as a notice what a warning already says about written scopes", () => {
    expect(noticesFor({ scopes: ["textbots"], roles: [{ name: "Viewer" }] })).toEqual([]);
  });

  it("names the next step while the client waits for the deployer to hold the bot-session role", () => {
    const [, phase] = noticesFor({ name: "Partner", botSessionRole: { division: "Bots" } });
    expect(phase).toMatch(/deploy phase "role": this deploy creates the bot-session role "Partner bot sessions"/);
    expect(phase).toMatch(
      /Next: an org admin grants the role "Partner bot sessions" to the DEPLOYER's OAuth client .*division: Bots\), then set oauthClient\.botSessionRole\.heldByDeployer to true in .*dev\.json and deploy again \(phase "client"\)/,
    );
  });

  it("has no next step once the client has a role", () => {
    expect(noticesFor({ roles: [{ name: "Viewer" }] }).join("\n")).not.toMatch(/deploy phase/);
    expect(noticesFor({ botSessionRole: { heldByDeployer: true } }).join("\n")).not.toMatch(/deploy phase/);
  });

  it("says nothing about scopes of a CODE client (they are sent, mapped), only once what each signed-in user needs", () => {
    const notices = noticesFor({ ...CODE_CLIENT, scopes: ["bot:admin"] });
    expect(notices).toHaveLength(1);
    expect(notices[0]).toMatch(
      /each signed-in user needs textbots:botFlowSession:execute through their roles, and the client's scopes \(textbots\)/,
    );
    expect(notices[0]).toMatch(/provider 1\.84\.1 has no client attribute for it/);
  });
});

describe("no silent 403 (synth warnings)", () => {
  it("warns when the bot-session role is declared but granted to no one, and nothing shows the permission", () => {
    const warnings = warningsFor({ roles: [{ name: "Developer", division: "*" }] });
    expect(warnings).toHaveLength(2);
    expect(warnings[0]).toMatch(
      /oauthClient\.botSessionRole: the role "P bot sessions" is created but granted to no one: heldByDeployer is false, so the client "P" is declared with only "Developer" \(all divisions\)\. Next: an org admin grants the role "P bot sessions" to the DEPLOYER's OAuth client/,
    );
    expect(warnings[1]).toMatch(
      /nothing in this config shows that the client "P" will hold textbots:botFlowSession:execute: it is granted only "Developer" \(all divisions\), existing roles whose permissions synth cannot see/,
    );
  });

  it("warns when the granted bot-session role's permissions do not cover bot sessions", () => {
    const warnings = warningsFor({
      botSessionRole: { heldByDeployer: true, permissions: ["analytics:botFlowSession:view"] },
    });
    expect(warnings).toEqual([
      expect.stringMatching(
        /the granted bot-session role "P bot sessions" carries analytics:botFlowSession:view, which do not cover it/,
      ),
    ]);
  });

  it("is quiet when the client is granted a bot-session role whose permissions cover bot sessions (wildcards too)", () => {
    expect(warningsFor({ botSessionRole: { heldByDeployer: true } })).toEqual([]);
    expect(
      warningsFor({
        roles: [{ name: "Developer" }],
        botSessionRole: { heldByDeployer: true, permissions: ["textbots:*:execute"] },
      }).join("\n"),
    ).not.toMatch(/granted to no one|nothing in this config shows/);
  });

  it('leaves phase "role" to its notice: the client is not declared yet', () => {
    expect(warningsFor({})).toEqual([]);
  });
});

describe("a CODE (PKCE) client", () => {
  it("needs a redirect URI", () => {
    expect(() => environmentFor({ grantType: "CODE", scopes: ["textbots"] })).toThrow(
      /oauthClient\.redirectUris: must list at least one redirect URI for a CODE client/,
    );
  });

  it("warns when a bot-session role is written for it: it cannot use one, and none is declared", () => {
    expect(warningsFor({ ...CODE_CLIENT, botSessionRole: { heldByDeployer: true } })).toEqual([
      expect.stringMatching(/oauthClient\.botSessionRole: not declared for a CODE client, which cannot use a role/),
    ]);
  });

  it("warns when its scopes do not cover bot sessions", () => {
    expect(warningsFor({ ...CODE_CLIENT, scopes: ["users:readonly"] })).toEqual([
      expect.stringMatching(
        /no scope covers bot sessions, so every bot-session call .* gets 403 whatever the user's roles; add "textbots"/,
      ),
    ]);
    expect(warningsFor({ ...CODE_CLIENT, scopes: ["bot:admin"] })).toEqual([]);
  });
});
