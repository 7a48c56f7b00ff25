/**
 * The first-deploy flow (README, "First deploy: the role chicken-and-egg") for every shipped
 * environment, against the emulator with deployers that hold only the usual admin roles: phase
 * "role" deploys into an empty org; granting the new role on the client before the deployer holds
 * it fails; after the documented next steps the client holds textbots:botFlowSession:execute.
 */
import { DEFAULT_FIXTURE } from "../sandbox/emulator/start";
import { grantRole } from "../sandbox/admin";
import { type Org, findOrg, readWorld } from "../sandbox/emulator/world";
import { terraform } from "./support/run";
import { Workspace } from "./support/workspace";

let ws: Workspace;
const fixture = readWorld(DEFAULT_FIXTURE);

function orgOf(environment: string): Org {
  return findOrg(ws.world(), ws.config(environment).organization.name);
}

function clientName(environment: string): string {
  return String(ws.config(environment).oauthClient.name);
}

function roleName(environment: string): string {
  return `${clientName(environment)} bot sessions`;
}

function apply(environment: string) {
  ws.synth(environment);
  return terraform(ws.stackDir(environment), ["apply", "-auto-approve"], ws.env(environment));
}

/** Applies the environment's stack and expects success; a failure names the environment and shows terraform's output. */
function expectApplied(environment: string): void {
  const result = apply(environment);
  expect({ environment, code: result.code, output: result.code === 0 ? "" : result.output }).toEqual({
    environment,
    code: 0,
    output: "",
  });
}

function outputs(environment: string): Record<string, { value: unknown }> {
  return JSON.parse(terraform(ws.stackDir(environment), ["output", "-json"], ws.env(environment)).stdout);
}

function setHeldByDeployer(environment: string): void {
  ws.editConfig(environment, (config) => {
    const role = (config.oauthClient.botSessionRole ?? {}) as Record<string, unknown>;
    config.oauthClient.botSessionRole = { ...role, heldByDeployer: true };
  });
}

beforeAll(async () => {
  ws = Workspace.create();
  const environments = ws.environments();
  await ws.startEmulators(environments);
  ws.synth(environments[0] ?? "dev");
  for (const environment of environments) ws.init(environment, environment);
});

afterAll(async () => {
  await ws.dispose();
});

describe("first deploy of every shipped environment", () => {
  test("the deployers hold only the usual admin roles, not the bot-session role", () => {
    for (const environment of ws.environments()) {
      const org = orgOf(environment);
      const held = org.oauthClients[0]?.roles.map((g) => org.roles.find((r) => r.id === g.roleId)?.name);
      expect(held).toContain("Master Admin");
      expect(held).not.toContain(roleName(environment));
    }
  });

  test('phase "role": each deploys into an empty org, creating the role and no client', () => {
    for (const environment of ws.environments()) {
      expectApplied(environment);
      const org = orgOf(environment);
      const role = org.roles.find((r) => r.name === roleName(environment));
      expect(role?.permissionPolicies).toEqual([
        { domain: "textbots", entityName: "botFlowSession", actionSet: ["execute"] },
      ]);
      expect(org.oauthClients.map((c) => c.name)).not.toContain(clientName(environment));
      expect(outputs(environment)).toMatchObject({
        deploy_phase: { value: "role" },
        bot_session_role_name: { value: roleName(environment) },
        bot_session_role_id: { value: role?.id },
      });
      expect(outputs(environment)).not.toHaveProperty("oauth_client_id");
    }
  });

  test("setting heldByDeployer before the admin's grant fails: the deployer cannot grant a role it lacks", () => {
    const [environment = "dev"] = ws.environments();
    setHeldByDeployer(environment);
    const result = apply(environment);
    expect(result.code).toBe(1);
    expect(result.output).toContain("cannot grant a role the requesting client does not hold");
    expect(result.output).toContain(`does not hold role ${roleName(environment)}`);
    expect(orgOf(environment).oauthClients.map((c) => c.name)).not.toContain(clientName(environment));
  });

  test('next steps: an admin grants the role to the deployer, heldByDeployer, deploy again (phase "client")', () => {
    for (const environment of ws.environments()) {
      // What an org admin does in Admin > Integrations > OAuth > the deployer's client > Roles (home division).
      const home = findOrg(fixture, ws.config(environment).organization.name).divisions.find((d) => d.home);
      grantRole(ws.worldFile, {
        client: ws.deployer(environment).clientId,
        role: roleName(environment),
        division: home?.name,
      });
      setHeldByDeployer(environment);
      expectApplied(environment);

      const org = orgOf(environment);
      const client = org.oauthClients.find((c) => c.name === clientName(environment));
      const held = client?.roles.map((g) => org.roles.find((r) => r.id === g.roleId));
      const permissions = held?.flatMap((role) =>
        (role?.permissionPolicies ?? []).flatMap((p) => p.actionSet.map((a) => `${p.domain}:${p.entityName}:${a}`)),
      );
      expect(permissions).toEqual(["textbots:botFlowSession:execute"]);
      expect(client?.scopes ?? []).toEqual([]);
      expect(outputs(environment)).toMatchObject({
        deploy_phase: { value: "client" },
        oauth_client_id: { value: client?.id },
      });
      const settled = terraform(ws.stackDir(environment), ["plan", "-detailed-exitcode"], ws.env(environment));
      expect({ environment, code: settled.code }).toEqual({ environment, code: 0 });
    }
  });
});
