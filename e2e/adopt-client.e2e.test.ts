/**
 * docs/multi-tenant.md, "Adopting an existing client", against the emulator on a copy of the project: a
 * hand-made client and a hand-made role of the name the stack would create exist in the customer's org. Without
 * adoption the first deploy fails at the role, and synth says how to adopt it; with `adoptId` Terraform imports
 * both, the plan shows only the intended changes, and the client keeps its id.
 */
import { copyFileSync, mkdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { DEFAULT_FIXTURE } from "../sandbox/emulator/start";
import { type Org, homeDivision, readWorld, updateWorld } from "../sandbox/emulator/world";
import { projectCopy, removeProjectCopies } from "./support/project-copy";
import { run } from "./support/run";

afterAll(removeProjectCopies);

const CLIENT_ID = "0b7e5a9c-2f4d-4e8a-9c1b-6d3f2a8e5b71";
const ROLE_ID = "9a4c2e7f-1b3d-4f6a-8e2c-5d7b9f1a3c68";
const ROLE_NAME = "Acme Bot Partner bot sessions";

/** The customer's org as a partner with a working app has it: a client and its role, made by hand. */
function seedHandMadeObjects(worldFile: string): void {
  copyFileSync(DEFAULT_FIXTURE, worldFile);
  updateWorld(worldFile, (world) => {
    const org = world.orgs.find((o) => o.name === "Globex Corporation")!;
    org.roles.push({
      id: ROLE_ID,
      name: ROLE_NAME,
      description: "Made by hand",
      permissionPolicies: [{ domain: "textbots", entityName: "botFlowSession", actionSet: ["execute"] }],
    });
    org.oauthClients.push({
      id: CLIENT_ID,
      secret: "hand-made-client-secret",
      name: "Acme Bot Partner",
      description: "Made by hand",
      authorizedGrantType: "CLIENT-CREDENTIALS",
      state: "active",
      accessTokenValiditySeconds: 86400,
      roles: [{ roleId: ROLE_ID, divisionId: homeDivision(org).id }],
    });
    // The admin granted the role to the partner's deployer client too.
    org.oauthClients.find((c) => c.id === "globex-partner-deployer")!.roles.push({ roleId: ROLE_ID, divisionId: "*" });
  });
}

function customerFile(oauthClient: Record<string, unknown>): string {
  const file = {
    $schema: "../config/customer.schema.json",
    region: "us-east-1",
    organization: { name: "Globex Corporation", id: "5b0a9d1e-7c3f-4e2a-9d8b-1f6e2c4a7b90" },
    oauthClient: { name: "Acme Bot Partner", description: "Acme's bot partner app. Managed by cdktf.", ...oauthClient },
    customer: { secretDelivery: "secret-sink" },
  };
  return `${JSON.stringify(file, null, 2)}\n`;
}

describe("adopting a hand-made client and role", () => {
  it("imports both without replacing them or changing their ids; plain creation fails and says how to adopt", () => {
    const root = projectCopy();
    const env = { ...process.env, CHECKPOINT_DISABLE: "1", CI: "true" };
    const sandbox = join(root, ".cache", "emulator", "sandbox");
    mkdirSync(sandbox, { recursive: true });
    seedHandMadeObjects(join(sandbox, "world.json"));
    const globex = (): Org => readWorld(join(sandbox, "world.json")).orgs.find((o) => o.name === "Globex Corporation")!;
    const emulator = (...args: string[]) =>
      run(
        `emulator run cdktf ${args[0]}`,
        "npm",
        ["run", "--silent", "emulator", "--", "run", "cdktf", ...args],
        env,
        root,
        180_000,
      );
    const customerPath = join(root, "customers", "globex.json");

    // Without adoption: synth tells how to adopt a role of that name, and the deploy fails creating it.
    writeFileSync(customerPath, customerFile({}));
    const synth = run("npm run synth", "npm", ["run", "--silent", "synth"], env, root, 180_000);
    expect(synth.code).toBe(0);
    expect(synth.output).toContain(
      `If the org already has a role named "${ROLE_NAME}" (made by hand), this deploy fails at "Failed to create role": ` +
        "adopt that role instead by setting oauthClient.botSessionRole.adoptId to its id",
    );
    const refused = emulator("deploy", "customer-globex", "--auto-approve");
    expect(refused.code).not.toBe(0);
    expect(refused.output).toMatch(new RegExp(`Failed to create role ${ROLE_NAME}.*already exists`));
    expect(globex().roles.filter((r) => r.name === ROLE_NAME)).toHaveLength(1);

    // With adoptId: a plan that imports both and changes only what the config changes (the descriptions).
    writeFileSync(
      customerPath,
      customerFile({ adoptId: CLIENT_ID, botSessionRole: { adoptId: ROLE_ID, heldByDeployer: true } }),
    );
    const plan = emulator("diff", "customer-globex");
    expect(plan.code).toBe(0);
    expect(plan.output).toMatch(/Plan: 2 to import, 0 to add, 2 to change, 0 to destroy/);
    expect(plan.output).toContain(`"Made by hand" -> "Acme's bot partner app. Managed by cdktf."`);
    // The attributes the plan changes: the two descriptions, and expose_client_secret, which only Terraform keeps
    // (an import cannot read it back); nothing replaced, no role grant touched.
    const resourceChanges = plan.stdout.split("Changes to Outputs")[0]!;
    const changed = [...resourceChanges.matchAll(/^\S*\s+[~+-] (\w+)\s+=/gm)].map((match) => match[1]);
    expect(changed.sort()).toEqual(["description", "description", "expose_client_secret"]);
    expect(plan.output).not.toMatch(/must be replaced|destroy and then create/);

    const deployed = emulator("deploy", "customer-globex", "--auto-approve");
    expect(deployed.code).toBe(0);
    expect(deployed.output).toContain(`oauth_client_id = ${CLIENT_ID}`);
    expect(deployed.output).toContain(`bot_session_role_id = ${ROLE_ID}`);
    const clients = globex().oauthClients.filter((c) => c.name === "Acme Bot Partner");
    expect(clients.map((c) => [c.id, c.secret, c.description])).toEqual([
      [CLIENT_ID, "hand-made-client-secret", "Acme's bot partner app. Managed by cdktf."],
    ]);
    expect(
      globex()
        .roles.filter((r) => r.name === ROLE_NAME)
        .map((r) => r.id),
    ).toEqual([ROLE_ID]);

    const settled = emulator("diff", "customer-globex");
    expect(settled.code).toBe(0);
    expect(settled.output).toMatch(/No changes/);
  });
});
