/**
 * cdktf's own matchers on every shipped stack (config/*.json): toBeValidTerraform and
 * toPlanSuccessfully run terraform init/validate/plan in the synthesized folder, here attached to
 * the emulator as that environment's deployer.
 */
import { Testing } from "cdktf";
import { loadEnvironments } from "../lib/config/load";
import { PartnerOAuthStack } from "../lib/partner-oauth-stack";
import { PROJECT_ROOT } from "../tools/emulator/start";
import { timed } from "./support/timing";
import { Workspace } from "./support/workspace";

let ws: Workspace;
const savedEnv = { ...process.env };

beforeAll(async () => {
  ws = Workspace.create();
  await ws.startEmulators(ws.environments());
});

afterAll(async () => {
  process.env = savedEnv;
  await ws.dispose();
});

// The shipped environments, read from the repository's config/ (the workspace copies it).
const shipped = loadEnvironments(`${PROJECT_ROOT}/config`, PROJECT_ROOT).map((e) => e.name);

test.each(shipped)("the %s stack is valid Terraform and plans successfully", async (name) => {
  // The workspace copy differs only in its state path, which points into the scratch folder.
  const environment = loadEnvironments(ws.configDir, PROJECT_ROOT).find((e) => e.name === name);
  if (!environment) throw new Error(`no ${name} environment`);
  const stack = new PartnerOAuthStack(Testing.app(), name, { environment });
  const dir = Testing.fullSynth(stack);

  // The matchers run terraform with this process's environment.
  process.env = { ...ws.env(name) };
  await timed("toBeValidTerraform", async () => expect(dir).toBeValidTerraform());
  await timed("toPlanSuccessfully", async () => expect(dir).toPlanSuccessfully());
});

test("toPlanSuccessfully fails when the plan does: the dev stack as the test org's deployer", async () => {
  const environment = loadEnvironments(ws.configDir, PROJECT_ROOT).find((e) => e.name === "dev");
  if (!environment) throw new Error("no dev environment");
  const dir = Testing.fullSynth(new PartnerOAuthStack(Testing.app(), "dev", { environment }));
  process.env = { ...ws.env("test") };
  await timed("toPlanSuccessfully", async () => expect(dir).not.toPlanSuccessfully());
});
