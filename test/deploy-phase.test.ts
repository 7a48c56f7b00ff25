import { botSessionRoleName, deployPlan, nextStepAfterRolePhase } from "../lib/deploy-phase";
import { environmentWith } from "./support/stacks";

const planFor = (oauthClient: Record<string, unknown>) => deployPlan(environmentWith({ oauthClient }).oauthClient);

describe("deployPlan", () => {
  it('declares only the role (phase "role") while a CLIENT-CREDENTIALS client would have no role', () => {
    expect(planFor({})).toEqual({ phase: "role", declaresClient: false, grantsBotSessionRole: false });
  });

  it('declares the client with the bot-session role once the deployer holds it (phase "client")', () => {
    expect(planFor({ botSessionRole: { heldByDeployer: true } })).toEqual({
      phase: "client",
      declaresClient: true,
      grantsBotSessionRole: true,
    });
  });

  it("declares the client at once when it has an existing role the deployer holds", () => {
    expect(planFor({ roles: [{ name: "Viewer" }] })).toEqual({
      phase: "client",
      declaresClient: true,
      grantsBotSessionRole: false,
    });
    expect(planFor({ roles: [{ name: "Viewer" }], botSessionRole: { enabled: false } }).phase).toBe("client");
  });

  it("always declares a client of another grant type (scopes and the user's roles authorize it)", () => {
    expect(planFor({ grantType: "CODE", scopes: ["textbots"] }).phase).toBe("client");
  });

  it("names the bot-session role after the client unless configured, and tells the next step", () => {
    expect(botSessionRoleName(environmentWith({ oauthClient: { name: "P" } }).oauthClient)).toBe("P bot sessions");
    expect(nextStepAfterRolePhase("R", "config/x.json")).toBe(
      'an org admin grants the role "R" to the DEPLOYER\'s OAuth client (the client whose id is in ' +
        "GENESYSCLOUD_OAUTHCLIENT_ID; division: the home division), then set " +
        'oauthClient.botSessionRole.heldByDeployer to true in config/x.json and deploy again (phase "client")',
    );
  });
});
