import { botSessionRoleName, deployPlan, nextStepAfterRolePhase } from "../lib/deploy-phase";
import { environmentWith } from "./support/environments";

const planFor = (oauthClient: Record<string, unknown>) => deployPlan(environmentWith({ oauthClient }).oauthClient);

describe("deployPlan", () => {
  it('declares only the role (phase "role") while a CLIENT-CREDENTIALS client would have no role', () => {
    expect(planFor({})).toEqual({
      phase: "role",
      declaresClient: false,
      declaresBotSessionRole: true,
      grantsBotSessionRole: false,
    });
  });

  it('declares the client with the bot-session role once the deployer holds it (phase "client")', () => {
    expect(planFor({ botSessionRole: { heldByDeployer: true } })).toEqual({
      phase: "client",
      declaresClient: true,
      declaresBotSessionRole: true,
      grantsBotSessionRole: true,
    });
  });

  it("declares the client at once when it has an existing role the deployer holds", () => {
    expect(planFor({ roles: [{ name: "Viewer" }] })).toEqual({
      phase: "client",
      declaresClient: true,
      declaresBotSessionRole: true,
      grantsBotSessionRole: false,
    });
    expect(planFor({ roles: [{ name: "Viewer" }], botSessionRole: { enabled: false } }).phase).toBe("client");
  });

  it("always declares a client of another grant type (scopes and the user's roles authorize it), never a bot-session role", () => {
    const code = { grantType: "CODE", scopes: ["textbots"], redirectUris: ["https://app.example.com/cb"] };
    expect(planFor(code)).toEqual({
      phase: "client",
      declaresClient: true,
      declaresBotSessionRole: false,
      grantsBotSessionRole: false,
    });
    expect(planFor({ ...code, botSessionRole: { heldByDeployer: true } }).grantsBotSessionRole).toBe(false);
  });

  it("tells an admin who deploys with their own token to assign the role to themselves", () => {
    expect(nextStepAfterRolePhase("R", "customers/x.json", "all divisions", "admin-token")).toBe(
      'the customer\'s admin assigns the role "R" to their own user (division: all divisions; the admin holds a ' +
        "role they created only once it is assigned to them), signs in again for a fresh token in " +
        "GENESYSCLOUD_ACCESS_TOKEN, then set oauthClient.botSessionRole.heldByDeployer to true in " +
        'customers/x.json and deploy again (phase "client")',
    );
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
