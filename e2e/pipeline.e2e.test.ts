/**
 * The delivery pipeline's own commands (scripts/pipeline, docs/pipeline.md) against the emulator:
 * synth once, deploy dev from that output, verify it, and write the app config from its outputs.
 */
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { DEFAULT_FIXTURE } from "../tools/emulator/start";
import { findOrg, readWorld } from "../tools/emulator/world";
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

test("pipeline synth → deploy dev → verify → app-config", () => {
  const common = ["--config-dir", ws.configDir, "--output", ws.outDir];
  pipeline("pipeline:synth", ...common);
  pipeline("pipeline:deploy", "dev", "--auto-approve", ...common);
  expect(pipeline("pipeline:verify", "dev", ...common).output).toContain('Verified "dev"');
  const appConfigFile = join(ws.root, "app-config", "dev.json");
  pipeline("pipeline:app-config", "dev", "--app-config-file", appConfigFile, ...common);

  const appConfig = JSON.parse(readFileSync(appConfigFile, "utf8")) as Record<string, string>;
  const client = findOrg(ws.world(), "Acme Partner Dev").oauthClients.find((c) => c.id === appConfig.oauthClientId);
  expect(client?.name).toBe("Acme Bot Partner (dev)");
  expect(appConfig).toEqual({
    organizationId: findOrg(readWorld(DEFAULT_FIXTURE), "Acme Partner Dev").id,
    organizationName: "Acme Partner Dev",
    region: "us-east-1",
    apiBaseUrl: "https://api.mypurecloud.com",
    oauthClientId: client?.id,
  });
});
