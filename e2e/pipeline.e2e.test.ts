/**
 * The delivery pipeline's own commands (commands/pipeline, docs/pipeline.md) against the emulator:
 * synth once, deploy dev from that output, verify it, and write the app config from its outputs.
 */
import { existsSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { DEFAULT_FIXTURE } from "../sandbox/emulator/start";
import { grantRole } from "../sandbox/admin";
import { findOrg, readWorld } from "../sandbox/emulator/world";
import { type RunResult, run } from "./support/run";
import { Workspace } from "./support/workspace";

let ws: Workspace;

function pipeline(script: string, ...args: string[]): RunResult {
  const result = run(`npm run ${script}`, "npm", ["run", "--silent", script, "--", ...args], ws.env("dev"));
  if (result.code !== 0) throw new Error(`npm run ${script} failed (exit ${result.code}):\n${result.output}`);
  return result;
}

beforeAll(async () => {
  ws = Workspace.create();
  await ws.startEmulators(["dev"]);
});

afterAll(async () => {
  await ws.dispose();
});

test('pipeline synth → deploy dev → verify → app-config, in phase "role" and then phase "client"', () => {
  const common = ["--config-dir", ws.configDir, "--output", ws.outDir];
  const appConfigFile = join(ws.root, "app-config", "dev.json");
  const roleName = "Acme Bot Partner (dev) bot sessions";

  // Phase "role": the shipped dev config on an empty org. Every step passes and names the next step.
  pipeline("pipeline:synth", ...common);
  pipeline("pipeline:deploy", "dev", "--auto-approve", ...common);
  const verified = pipeline("pipeline:verify", "dev", ...common).output;
  expect(verified).toContain('Verified "dev"');
  expect(verified).toContain(`deploy phase "role": the bot-session role "${roleName}" exists`);
  expect(verified).toContain("set oauthClient.botSessionRole.heldByDeployer to true");
  const notWritten = pipeline("pipeline:app-config", "dev", "--app-config-file", appConfigFile, ...common).output;
  expect(notWritten).toContain('Not written: "dev" is in deploy phase "role"');
  expect(existsSync(appConfigFile)).toBe(false);

  // The documented next step, then phase "client".
  grantRole(ws.worldFile, { client: ws.deployer("dev").clientId, role: roleName, division: "Home" });
  ws.editConfig("dev", (config) => {
    config.oauthClient.botSessionRole = { heldByDeployer: true };
  });
  pipeline("pipeline:synth", ...common);
  pipeline("pipeline:deploy", "dev", "--auto-approve", ...common);
  expect(pipeline("pipeline:verify", "dev", ...common).output).toContain("OAuth client");
  pipeline("pipeline:app-config", "dev", "--app-config-file", appConfigFile, ...common);

  const appConfig = JSON.parse(readFileSync(appConfigFile, "utf8")) as Record<string, string>;
  const client = findOrg(ws.world(), "Acme Partner Dev").oauthClients.find((c) => c.id === appConfig.oauthClientId);
  expect(client?.name).toBe("Acme Bot Partner (dev)");
  expect(appConfig).toEqual({
    organizationId: findOrg(readWorld(DEFAULT_FIXTURE), "Acme Partner Dev").id,
    organizationName: "Acme Partner Dev",
    region: "us-east-1",
    apiBaseUrl: "https://api.mypurecloud.com",
    loginBaseUrl: "https://login.mypurecloud.com",
    oauthClientId: client?.id,
  });
});
