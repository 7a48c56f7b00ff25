/**
 * Genesys only lets an OAuth client grant roles it holds itself. The stacks therefore create the
 * bot-session role first and grant it in a later deploy (oauthClient.botSessionRole.grantToClient),
 * after an admin has granted the new role to the deploying client.
 */
import { DEFAULT_FIXTURE } from "../tools/emulator/start";
import { findOrg, grantRoleToClient, readWorld } from "../tools/emulator/world";
import { terraform } from "./support/run";
import { Workspace } from "./support/workspace";

const DEV_ORG = "Acme Partner Dev";
const ROLE_NAME = "Acme Bot Partner (dev) bot sessions";

let ws: Workspace;

function deployDev(grantToClient: boolean) {
  ws.editConfig("dev", (config) => {
    config.oauthClient.botSessionRole = { enabled: true, name: ROLE_NAME, grantToClient };
  });
  ws.synth("dev");
  return terraform(ws.stackDir("dev"), ["apply", "-auto-approve"], ws.env("dev"));
}

function devOrg() {
  return findOrg(ws.world(), DEV_ORG);
}

beforeAll(async () => {
  ws = Workspace.create();
  await ws.startEmulators(["dev"]);
  ws.synth("dev");
  ws.init("dev", "dev");
});

afterAll(async () => {
  await ws.dispose();
});

describe("two-phase grant of the bot-session role", () => {
  test("granting the new role on the first deploy fails: the deployer does not hold it", () => {
    const apply = deployDev(true);
    expect(apply.code).toBe(1);
    expect(apply.output).toContain("API Error: 403 - You cannot grant a role you do not have");
    expect(apply.output).toContain(`does not hold role ${ROLE_NAME}`);
    expect(devOrg().oauthClients.map((c) => c.name)).not.toContain("Acme Bot Partner (dev)");

    // Back to a clean org for the next phase.
    expect(terraform(ws.stackDir("dev"), ["destroy", "-auto-approve"], ws.env("dev")).code).toBe(0);
    expect(devOrg()).toEqual(findOrg(readWorld(DEFAULT_FIXTURE), DEV_ORG));
  });

  test("phase 1: without the grant the first deploy creates the role and the client", () => {
    expect(deployDev(false).code).toBe(0);
    const role = devOrg().roles.find((r) => r.name === ROLE_NAME);
    expect(role?.permissionPolicies).toEqual([
      { domain: "textbots", entityName: "botFlowSession", actionSet: ["execute"] },
    ]);
    const client = devOrg().oauthClients.find((c) => c.name === "Acme Bot Partner (dev)");
    expect(client?.roles.map((g) => g.roleId)).not.toContain(role?.id);
  });

  test("phase 2: once an admin grants the role to the deployer, the grant deploys", () => {
    const deployer = ws.deployer("dev").clientId;
    grantRoleToClient(ws.worldFile, { clientId: deployer, roleName: ROLE_NAME, division: "*" });

    expect(deployDev(true).code).toBe(0);
    const role = devOrg().roles.find((r) => r.name === ROLE_NAME);
    const client = devOrg().oauthClients.find((c) => c.name === "Acme Bot Partner (dev)");
    expect(client?.roles.map((g) => g.roleId)).toContain(role?.id);
    expect(terraform(ws.stackDir("dev"), ["plan", "-detailed-exitcode"], ws.env("dev")).code).toBe(0);
  });
});
