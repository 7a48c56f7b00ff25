/**
 * cdktf's own matchers on every shipped stack (config/*.json): toBeValidTerraform and
 * toPlanSuccessfully run terraform init/validate/plan in the synthesized folder, here attached to
 * the emulator as that environment's deployer.
 */
import { join } from "node:path";
import { Testing } from "cdktf";
import { loadEnvironments } from "../lib/config/load";
import { PartnerOAuthStack } from "../lib/partner-oauth-stack";
import { PROJECT_ROOT } from "../sandbox/emulator/start";
import { terraform } from "./support/run";
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

/**
 * Synthesizes the `name` stack into the workspace, which dispose() removes. Testing.fullSynth
 * would write to a new folder in the system temp dir that nothing removes.
 */
function synth(name: string, outdir: string): string {
  // The workspace copy differs only in its state path, which points into the scratch folder.
  const environment = loadEnvironments(ws.configDir, PROJECT_ROOT).find((e) => e.name === name);
  if (!environment) throw new Error(`no ${name} environment`);
  const app = Testing.app({ outdir: join(ws.root, `synth-${outdir}`) });
  new PartnerOAuthStack(app, name, { environment });
  app.synth();
  return app.outdir;
}

test.each(shipped)("the %s stack is valid Terraform and plans successfully", async (name) => {
  const dir = synth(name, name);

  // The matchers run terraform with this process's environment.
  process.env = { ...ws.env(name) };
  await timed("toBeValidTerraform", async () => expect(dir).toBeValidTerraform());
  await timed("toPlanSuccessfully", async () => expect(dir).toPlanSuccessfully());
});

test("toPlanSuccessfully fails when the plan does: the dev stack as the test org's deployer", async () => {
  const dir = synth("dev", "dev-as-test");
  process.env = { ...ws.env("test") };
  // The matcher discards terraform's output: its message only says which command failed.
  await timed("toPlanSuccessfully", async () =>
    expect(() => expect(dir).toPlanSuccessfully()).toThrow(/Command failed: terraform plan/),
  );
  const plan = terraform(join(dir, "stacks", "dev"), ["plan"], ws.env("test"));
  expect(plan.output).toContain("Org guard (dev):");
});
