/**
 * Config text is never code: hostile strings in the config reach the real terraform, through the
 * real synth, as literals. The planned and applied values equal the config text byte for byte, and
 * nothing is evaluated (a `${file(...)}` of the process environment would print the deployer's
 * secret). test/terraform-literal.test.ts walks every schema field in-process.
 */
import { execFileSync } from "node:child_process";
import { join } from "node:path";
import { findOrg } from "../sandbox/emulator/world";
import { terraform } from "./support/run";
import { Workspace } from "./support/workspace";

const DEV_ORG = "Acme Partner Dev";
const HOSTILE =
  'x ${file("/proc/self/environ")} %{ if true }y%{ endif } ${TfToken[TOKEN.1]} #{TfToken[TOKEN.2]} ' +
  '&{TfToken[TOKEN.3]} -1.8881545897087626e+289 $${a} %%{b} \\ "q" ☃ 🚀';
const NAME = `Partner ${HOSTILE}`;
const DESCRIPTION = `line one ${HOSTILE}\nline two\ttabbed`;
const ROLE_NAME = `Role ${HOSTILE}`;
const ROLE_DESCRIPTION = `Role description ${HOSTILE}`;

let ws: Workspace;
let secret: string;

beforeAll(async () => {
  ws = Workspace.create();
  await ws.startEmulators(["dev"]);
  secret = ws.deployer("dev").clientSecret;
});

afterAll(async () => {
  await ws.dispose();
});

function planned(): { values: Record<string, Record<string, unknown>>; output: string } {
  const planFile = join(ws.root, "literals.tfplan");
  const plan = terraform(ws.stackDir("dev"), ["plan", `-out=${planFile}`], ws.env("dev"));
  if (plan.code !== 0) throw new Error(`plan failed:\n${plan.output}`);
  const show = execFileSync("terraform", [`-chdir=${ws.stackDir("dev")}`, "show", "-json", planFile], {
    env: ws.env("dev"),
    encoding: "utf8",
    maxBuffer: 64 << 20,
  });
  const changes = (
    JSON.parse(show) as { resource_changes: { type: string; change: { after: Record<string, unknown> } }[] }
  ).resource_changes;
  return { values: Object.fromEntries(changes.map((c) => [c.type, c.change.after])), output: plan.output };
}

test("hostile names and descriptions are planned and applied byte for byte, nothing evaluated", () => {
  ws.editConfig("dev", (config) => {
    config.oauthClient.name = NAME;
    config.oauthClient.description = DESCRIPTION;
    // A role the deployer holds, so that the client is declared in this first deploy (phase "client").
    config.oauthClient.roles = [{ name: "Developer" }];
    config.oauthClient.botSessionRole = { enabled: true, name: ROLE_NAME, description: ROLE_DESCRIPTION };
  });
  ws.synth("dev");
  ws.init("dev", "dev");

  const { values, output } = planned();
  expect(values.genesyscloud_oauth_client).toMatchObject({ name: NAME, description: DESCRIPTION });
  expect(values.genesyscloud_auth_role).toMatchObject({ name: ROLE_NAME, description: ROLE_DESCRIPTION });
  expect(output).not.toContain(secret);

  const apply = terraform(ws.stackDir("dev"), ["apply", "-auto-approve"], ws.env("dev"));
  expect(apply.code).toBe(0);
  expect(apply.output).not.toContain(secret);
  const org = findOrg(ws.world(), DEV_ORG);
  expect(org.oauthClients.find((c) => c.name === NAME)?.description).toBe(DESCRIPTION);
  expect(org.roles.find((r) => r.name === ROLE_NAME)?.description).toBe(ROLE_DESCRIPTION);
});

test("a hostile org name is compared literally: the guard refuses the org and shows the text as written", () => {
  const expected = `Acme ${HOSTILE}`;
  ws.editConfig("dev", (config) => {
    config.organization.name = expected;
  });
  ws.synth("dev");
  const plan = terraform(ws.stackDir("dev"), ["plan"], ws.env("dev"));
  expect(plan.code).toBe(1);
  expect(plan.output).toContain("Org guard (dev)");
  expect(plan.output).toContain(`belong to org "${DEV_ORG}"`);
  // terraform wraps long messages; compare without whitespace runs.
  expect(plan.output).toContain(`expects "${expected}"`.replace(/\s+/g, " "));
  expect(plan.output).not.toContain(secret);
});
