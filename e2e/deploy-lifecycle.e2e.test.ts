/**
 * The shipped stacks through their whole life against the emulator, with the real cdktf CLI where
 * the pipeline uses it (deploy, output) and plain terraform elsewhere. The tests run in order and
 * share one world: wrong org → deploy → outputs → no drift → in-place change → destroy rules.
 */
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { DEFAULT_FIXTURE } from "../sandbox/emulator/start";
import { type Org, findOrg, readWorld } from "../sandbox/emulator/world";
import { cdktf, plannedActions, terraform } from "./support/run";
import { Workspace } from "./support/workspace";

const DEV_ORG = "Acme Partner Dev";
const PROD_ORG = "Acme Partner Prod";
const fixture = readWorld(DEFAULT_FIXTURE);

let ws: Workspace;

function orgNow(name: string): Org {
  return findOrg(ws.world(), name);
}

function readJson(file: string): Record<string, Record<string, unknown>> {
  return JSON.parse(readFileSync(file, "utf8")) as Record<string, Record<string, unknown>>;
}

function deploy(stack: string, outputsFile: string) {
  return cdktf(
    ["deploy", stack, "--auto-approve", "--skip-provider-lock", "--outputs-file", outputsFile, "--output", ws.outDir],
    ws.env(stack),
  );
}

beforeAll(async () => {
  ws = Workspace.create();
  // dev exposes its secret so the sensitive output path is exercised, and holds an existing role the
  // deployer holds, so its client is declared at once (phase "client"); prod stays as shipped (phase "role").
  ws.editConfig("dev", (config) => {
    config.oauthClient.exposeSecret = true;
    config.oauthClient.roles = [{ name: "Developer", division: "*" }];
  });
  await ws.startEmulators(["dev", "test", "prod"]);
});

afterAll(async () => {
  await ws.dispose();
});

describe("dev and prod stacks against the emulator", () => {
  test("the dev stack with prod's credentials fails at plan with the org guard and creates nothing", () => {
    ws.synth("dev");
    ws.init("dev", "dev");

    // prod's deployer signs in to prod's org (same region), and the org guard stops the plan.
    const asProd = terraform(ws.stackDir("dev"), ["apply", "-auto-approve"], ws.env("prod"));
    expect(asProd.code).toBe(1);
    expect(asProd.output).toContain("Org guard (dev):");
    expect(asProd.output).toContain(`belong to org "${PROD_ORG}"`);
    expect(asProd.output).toContain(`expects "${DEV_ORG}"`);
    expect(asProd.output).toContain("Error: Resource postcondition failed");
    // The role lookups wait for the guard: no misleading "role not found" from the other org.
    expect(asProd.output).not.toContain("no authorization roles found");

    expect(ws.world()).toEqual(fixture);
  });

  test("a pinned org id is checked too: dev pinned to another org's id fails the plan", () => {
    ws.editConfig("dev", (config) => {
      config.organization.id = findOrg(fixture, PROD_ORG).id;
    });
    ws.synth("dev");
    const pinnedToProd = terraform(ws.stackDir("dev"), ["plan"], ws.env("dev"));
    expect(pinnedToProd.code).toBe(1);
    expect(pinnedToProd.output).toContain(`expects org id ${findOrg(fixture, PROD_ORG).id}`);

    // The rest of the lifecycle runs with dev's own id pinned: no false alarm.
    ws.editConfig("dev", (config) => {
      config.organization.id = findOrg(fixture, DEV_ORG).id;
    });
    ws.synth("dev");
    expect(terraform(ws.stackDir("dev"), ["plan"], ws.env("dev")).code).toBe(0);
    expect(ws.world()).toEqual(fixture);
  });

  test("cdktf deploy dev, then prod, each with its own credentials", () => {
    const devOutputs = join(ws.root, "dev-deploy-outputs.json");
    const dev = deploy("dev", devOutputs);
    expect(dev.code).toBe(0);
    const prodOutputs = join(ws.root, "prod-deploy-outputs.json");
    const prod = deploy("prod", prodOutputs);
    expect(prod.code).toBe(0);

    const devOut = readJson(devOutputs).dev ?? {};
    expect(devOut).toMatchObject({
      organization_id: findOrg(fixture, DEV_ORG).id,
      organization_name: DEV_ORG,
      region: "us-east-1",
      api_base_url: "https://api.mypurecloud.com",
    });
    const devClient = orgNow(DEV_ORG).oauthClients.find((c) => c.id === devOut.oauth_client_id);
    expect(devClient).toMatchObject({ name: "Acme Bot Partner (dev)", authorizedGrantType: "CLIENT-CREDENTIALS" });
    const developer = findOrg(fixture, DEV_ORG).roles.find((r) => r.name === "Developer");
    expect(devClient?.roles).toEqual([{ roleId: developer?.id, divisionId: "*" }]);

    expect(devOut).toMatchObject({ deploy_phase: "client", login_base_url: "https://login.mypurecloud.com" });

    const prodOut = readJson(prodOutputs).prod ?? {};
    expect(prodOut).toMatchObject({
      organization_id: findOrg(fixture, PROD_ORG).id,
      organization_name: PROD_ORG,
      region: "us-east-1",
      api_base_url: "https://api.mypurecloud.com",
      login_base_url: "https://login.mypurecloud.com",
      deploy_phase: "role",
      bot_session_role_name: "Acme Bot Partner bot sessions",
    });
    expect(prodOut).not.toHaveProperty("oauth_client_id");
    expect(orgNow(PROD_ORG).roles.find((r) => r.name === "Acme Bot Partner bot sessions")?.id).toBe(
      prodOut.bot_session_role_id,
    );
    expect(orgNow(PROD_ORG).oauthClients.map((c) => c.name)).not.toContain("Acme Bot Partner");
  });

  test("sensitive outputs: left out of outputs files unless asked for, marked sensitive by terraform", () => {
    const plainFile = join(ws.root, "dev-outputs.json");
    const output = (...args: string[]) =>
      cdktf(["output", "dev", "--skip-provider-lock", "--output", ws.outDir, ...args], ws.env("dev"));
    expect(output("--outputs-file", plainFile).code).toBe(0);
    const withSecretFile = join(ws.root, "dev-outputs-sensitive.json");
    const withSecret = output("--outputs-file", withSecretFile, "--outputs-file-include-sensitive-outputs");
    expect(withSecret.code).toBe(0);

    const clientId = readJson(plainFile).dev?.oauth_client_id;
    const secret = orgNow(DEV_ORG).oauthClients.find((c) => c.id === clientId)?.secret;
    expect(secret).toMatch(/^emulated-secret-/);
    expect(readJson(plainFile).dev).not.toHaveProperty("oauth_client_secret");
    expect(readJson(withSecretFile).dev).toMatchObject({ oauth_client_secret: secret });
    expect(withSecret.output).not.toContain(secret ?? "no secret");

    const tfOutputs = JSON.parse(terraform(ws.stackDir("dev"), ["output", "-json"], ws.env("dev")).stdout);
    expect(tfOutputs.oauth_client_secret).toMatchObject({ sensitive: true, value: secret });
    expect(tfOutputs.organization_id).toMatchObject({ sensitive: false });
    expect(terraform(ws.stackDir("dev"), ["output"], ws.env("dev")).stdout).toMatch(
      /oauth_client_secret = <sensitive>/,
    );
  });

  test("a second deploy plans no changes", () => {
    for (const stack of ["dev", "prod"]) {
      const plan = terraform(ws.stackDir(stack), ["plan", "-detailed-exitcode"], ws.env(stack));
      expect({ stack, code: plan.code }).toEqual({ stack, code: 0 });
    }
  });

  test("a token validity change updates the OAuth client in place", () => {
    const before = orgNow(DEV_ORG).oauthClients.map((c) => c.id);
    ws.editConfig("dev", (config) => {
      config.oauthClient.accessTokenValiditySeconds = 3600;
    });
    ws.synth("dev");

    const dir = ws.stackDir("dev");
    expect(terraform(dir, ["plan", "-out=validity.plan"], ws.env("dev")).code).toBe(0);
    const actions = plannedActions(terraform(dir, ["show", "-json", "validity.plan"], ws.env("dev")).stdout);
    const client = Object.keys(actions).filter((a) => a.startsWith("genesyscloud_oauth_client."));
    expect(client).toHaveLength(1);
    expect(actions[client[0] ?? ""]).toEqual(["update"]);
    expect(Object.values(actions).flat()).not.toContain("delete");

    expect(terraform(dir, ["apply", "validity.plan"], ws.env("dev")).code).toBe(0);
    const after = orgNow(DEV_ORG).oauthClients;
    expect(after.map((c) => c.id)).toEqual(before);
    const devClient = after.find((c) => c.name === "Acme Bot Partner (dev)");
    expect(devClient?.accessTokenValiditySeconds).toBe(3600);
    expect(devClient?.scopes ?? []).toEqual([]);
  });

  test("prod's protected bot-session role refuses destroy", () => {
    const destroy = terraform(ws.stackDir("prod"), ["destroy", "-auto-approve"], ws.env("prod"));
    expect(destroy.code).toBe(1);
    expect(destroy.output).toContain("Instance cannot be destroyed");
    expect(destroy.output).toContain("lifecycle.prevent_destroy");
    expect(orgNow(PROD_ORG).roles.map((r) => r.name)).toContain("Acme Bot Partner bot sessions");
  });

  test("dev destroys cleanly and leaves nothing of its own in the org", () => {
    const destroy = terraform(ws.stackDir("dev"), ["destroy", "-auto-approve"], ws.env("dev"));
    expect(destroy.code).toBe(0);
    expect(orgNow(DEV_ORG)).toEqual(findOrg(fixture, DEV_ORG));
  });
});
