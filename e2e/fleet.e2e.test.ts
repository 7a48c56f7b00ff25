/**
 * `npm run fleet -- plan` (docs/fleet.md) against the emulator: two stacks deployed, each in its own org with its
 * own credentials; no drift; then a client's roles changed by hand in the emulated org, which the fleet reports.
 */
import { rmSync } from "node:fs";
import { join } from "node:path";
import { stackKey } from "../commands/fleet/stacks";
import { type ApiStubProcess, startApiStubProcess } from "../sandbox/api/start";
import { findOrg, updateWorld } from "../sandbox/emulator/world";
import { type RunResult, run, terraform } from "./support/run";
import { Workspace } from "./support/workspace";

const STACKS = ["dev", "test"];
let ws: Workspace;
let api: ApiStubProcess;

/** The inherited environment without anyone's credentials, plus each stack's own as `<NAME>__<STACK>`. */
function fleetEnv(extra: Record<string, string> = {}): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = {};
  for (const [name, value] of Object.entries(ws.env("dev"))) {
    if (!name.startsWith("GENESYSCLOUD_") && name !== "TF_REATTACH_PROVIDERS") env[name] = value;
  }
  for (const stack of STACKS) {
    const own = ws.env(stack);
    for (const name of ["GENESYSCLOUD_OAUTHCLIENT_ID", "GENESYSCLOUD_OAUTHCLIENT_SECRET", "TF_REATTACH_PROVIDERS"]) {
      env[`${name}__${stackKey(stack)}`] = own[name];
    }
  }
  return { ...env, ...extra };
}

function fleet(args: string[], env = fleetEnv()): RunResult {
  return run(
    "npm run fleet",
    "npm",
    ["run", "--silent", "fleet", "--", "plan", "--output", ws.outDir, "--config-dir", ws.configDir, ...args],
    env,
  );
}

function partnerClient(orgName: string) {
  const client = findOrg(ws.world(), orgName).oauthClients.find((c) => c.name.startsWith("Acme Bot Partner"));
  if (!client) throw new Error(`no partner client deployed in ${orgName}`);
  return client;
}

/** Stops the stand-in; waits for its process to be gone (the promise of its stop() is not relied on). */
async function stopped(stub: ApiStubProcess): Promise<void> {
  void stub.stop();
  for (let i = 0; i < 50; i++) {
    try {
      process.kill(stub.pid, 0);
    } catch {
      return;
    }
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

beforeAll(async () => {
  ws = Workspace.create();
  // Two stacks only (prod would have no credentials here), each declaring its client at once with a role its
  // deployer holds (phase "client").
  rmSync(join(ws.configDir, "prod.json"));
  for (const stack of STACKS) {
    ws.editConfig(stack, (config) => {
      config.oauthClient.roles = [{ name: "Developer", division: "*" }];
    });
  }
  await ws.startEmulators(STACKS);
  // Its own process: the fleet runs while this process waits on spawnSync.
  api = await startApiStubProcess({ worldFile: ws.worldFile, region: "us-east-1" });
});

afterAll(async () => {
  if (api) await stopped(api);
  await ws.dispose();
});

test("fleet plan: no drift after deploy; a client's roles changed by hand drift, and the fleet exits 1", () => {
  ws.synth("dev");
  for (const stack of STACKS) {
    ws.init(stack, stack);
    const applied = terraform(ws.stackDir(stack), ["apply", "-auto-approve"], ws.env(stack));
    if (applied.code !== 0) throw new Error(`apply of ${stack} failed:\n${applied.output}`);
  }

  const clean = fleet(["--concurrency", "2"]);
  expect(clean.code).toBe(0);
  expect(clean.stdout.split("\n")).toEqual([
    "STACK  ORG                PHASE   DRIFT",
    "dev    Acme Partner Dev   client  no",
    "test   Acme Partner Test  client  no",
    "2 stack(s): no drift.",
    "",
  ]);

  // An admin removes the dev client's roles in the Genesys Cloud UI.
  const devClient = partnerClient("Acme Partner Dev");
  updateWorld(ws.worldFile, (world) => {
    findOrg(world, "Acme Partner Dev").oauthClients.find((c) => c.id === devClient.id)!.roles = [];
  });

  const drifted = fleet(["--json"]);
  expect(drifted.code).toBe(1);
  const report = JSON.parse(drifted.stdout) as { ok: boolean; stacks: { stack: string; drift: string }[] };
  expect(report.ok).toBe(false);
  expect(report.stacks.map((s) => `${s.stack}:${s.drift}`)).toEqual(["dev:yes", "test:no"]);

  // --live: the doctor, through the API stand-in on the same world, says what the drift means for the app.
  const live = fleet(["--live", "--gateway", api.url], fleetEnv({ PARTNER_OAUTHCLIENT_SECRET__DEV: devClient.secret }));
  expect(live.code).toBe(1);
  expect(live.stdout).toMatch(/^dev +Acme Partner Dev +client +yes +fail$/m);
  expect(live.stdout).toContain(`dev: FAIL roles: client ${devClient.id} ("Acme Bot Partner (dev)") has no roles`);
  expect(live.output).not.toContain(devClient.secret);
});
