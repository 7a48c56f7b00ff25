/**
 * The prod stack as the project shipped it before the emulator was made strict
 * (e2e/fixtures/old-prod.cdk.tf.json): a CLIENT-CREDENTIALS client with no roles and the scopes
 * bot:admin, bot:platform, analytics:reports:view, user:read. Replayed with real terraform, it
 * now fails where the real API would.
 */
import { copyFileSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { findOrg } from "../sandbox/emulator/world";
import { terraform } from "./support/run";
import { Workspace } from "./support/workspace";

const OLD_PROD = join(__dirname, "fixtures", "old-prod.cdk.tf.json");
const PROD_ORG = "Acme Partner Prod";
const CLIENT_RESOURCE = "PartnerOAuthClient_5A3B25E8";

let ws: Workspace;

function stackDir(name: string, edit?: (json: any) => void): string {
  const dir = join(ws.root, "old", name);
  mkdirSync(dir, { recursive: true });
  if (edit) {
    const json = JSON.parse(readFileSync(OLD_PROD, "utf8"));
    edit(json);
    writeFileSync(join(dir, "cdk.tf.json"), JSON.stringify(json, null, 2));
  } else {
    copyFileSync(OLD_PROD, join(dir, "cdk.tf.json"));
  }
  const init = terraform(dir, ["init"], ws.env("prod"));
  if (init.code !== 0) throw new Error(init.output);
  return dir;
}

beforeAll(async () => {
  ws = Workspace.create();
  await ws.startEmulators(["prod"]);
});

afterAll(async () => {
  await ws.dispose();
});

test("the old prod stack fails at apply: a CLIENT-CREDENTIALS client without roles", () => {
  const apply = terraform(stackDir("as-shipped"), ["apply", "-auto-approve"], ws.env("prod"));
  expect(apply.code).toBe(1);
  expect(apply.output).toContain(
    "Failed to create oauth client Acme Bot Partner | error: API Error: 400 - [sandbox's wording] a client " +
      "using the CLIENT-CREDENTIALS grant must be granted roles",
  );
  expect(findOrg(ws.world(), PROD_ORG).oauthClients.map((c) => c.name)).not.toContain("Acme Bot Partner");
});

test("given a role, its invented scopes still fail (the emulator's stricter assumption)", () => {
  const dir = stackDir("with-a-role", (json) => {
    json.data.genesyscloud_auth_role = { admin: { name: "Master Admin" } };
    json.resource.genesyscloud_oauth_client[CLIENT_RESOURCE].roles = [
      { role_id: "${data.genesyscloud_auth_role.admin.id}", division_id: "*" },
    ];
    // The role of the first replay exists already; this replay only needs the client.
    delete json.resource.genesyscloud_auth_role;
  });
  const apply = terraform(dir, ["apply", "-auto-approve"], ws.env("prod"));
  expect(apply.code).toBe(1);
  expect(apply.output).toContain(
    "scopes Genesys Cloud does not define: analytics:reports:view, bot:admin, bot:platform, user:read",
  );
  expect(findOrg(ws.world(), PROD_ORG).oauthClients.map((c) => c.name)).not.toContain("Acme Bot Partner");
});
