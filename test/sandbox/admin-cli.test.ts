/** `npm run sandbox -- ...`: the org admin's actions on the sandbox's world, in process. */
import * as fs from "fs";
import * as path from "path";
import { main } from "../../sandbox/cli";
import { readWorld } from "../../sandbox/emulator/world";
import { tempDir } from "../support/config-dir";
import { buildWorld, ROLE, SECRET } from "./support";

let worldFile: string;
beforeEach(() => {
  worldFile = path.join(tempDir("sandbox-cli-"), "world.json");
  fs.writeFileSync(worldFile, JSON.stringify(buildWorld()));
});

function sandbox(...argv: string[]): { code: number; out: string; err: string } {
  const out: string[] = [];
  const err: string[] = [];
  const code = main([...argv, "--world", worldFile], { out: (l) => out.push(l), err: (l) => err.push(l) });
  return { code, out: out.join("\n"), err: err.join("\n") };
}

describe("npm run sandbox --", () => {
  it("grant-role grants a role by name to a client by id or name, in the home division unless told", () => {
    expect(sandbox("grant-role", "--client", "reader", "--role", "Bots")).toEqual({
      code: 0,
      out: 'granted: role "Bots" for OAuth client reader in "Partner", Home',
      err: "",
    });
    expect(sandbox("grant-role", "--client", "client nobody", "--role", "Bots", "--division", "*").code).toBe(0);
    expect(sandbox("grant-role", "--client", "reader", "--role", "Bots").out).toMatch(/^already held/);
    const clients = readWorld(worldFile).orgs[0]!.oauthClients;
    expect(clients.find((c) => c.id === "reader")!.roles).toContainEqual({
      roleId: ROLE.bots,
      divisionId: "10000000-0000-4000-8000-0000000000d1",
    });
    expect(clients.find((c) => c.id === "nobody")!.roles).toEqual([{ roleId: ROLE.bots, divisionId: "*" }]);
  });

  it("revoke-role takes the role away in every division, or in one", () => {
    sandbox("grant-role", "--client", "reader", "--role", "Bots", "--division", "Bots");
    sandbox("grant-role", "--client", "reader", "--role", "Bots", "--division", "*");
    expect(sandbox("revoke-role", "--client", "reader", "--role", "Bots", "--division", "*").out).toContain("revoked");
    expect(readWorld(worldFile).orgs[0]!.oauthClients[1]!.roles).toHaveLength(2);
    expect(sandbox("revoke-role", "--client", "reader", "--role", "Bots").out).toContain("every division");
    expect(readWorld(worldFile).orgs[0]!.oauthClients[1]!.roles).toEqual([{ roleId: ROLE.reader, divisionId: "*" }]);
    expect(sandbox("revoke-role", "--client", "reader", "--role", "Bots").out).toMatch(/^not held/);
  });

  it("create-org and create-client make a customer org with a deployer the emulator's run uses", () => {
    const org = sandbox("create-org", "--name", "Acme Customer", "--region", "eu-west-1");
    expect(org.code).toBe(0);
    expect(org.out).toContain("next: npm run sandbox -- create-client --org 'Acme Customer'");
    const created = sandbox(
      "create-client",
      "--org",
      "Acme Customer",
      "--name",
      "Partner deployer",
      "--role",
      "Master Admin",
      "--deployer",
    );
    expect(created.code).toBe(0);
    const [, id, secret] = /GENESYSCLOUD_OAUTHCLIENT_ID=(\S+)\nGENESYSCLOUD_OAUTHCLIENT_SECRET=(\S+)/.exec(
      created.out,
    )!;
    const customer = readWorld(worldFile).orgs.find((o) => o.name === "Acme Customer")!;
    expect(customer).toMatchObject({ region: "eu-west-1", deployerClientId: id });
    expect(customer.oauthClients).toEqual([expect.objectContaining({ id, secret, name: "Partner deployer" })]);
    expect(customer.divisions).toEqual([expect.objectContaining({ name: "Home", home: true })]);
    const shown = sandbox("show", "--org", "Acme Customer");
    expect(shown.out).toContain(`client "Partner deployer" id ${id} CLIENT-CREDENTIALS active [deployer`);
    expect(shown.out).toContain('role "Master Admin"');
    expect(shown.out).not.toContain(secret);
  });

  it("regenerate-secret prints a new secret, once; the old one is gone", () => {
    const result = sandbox("regenerate-secret", "--client", "client reader");
    expect(result.code).toBe(0);
    const secret = /GENESYSCLOUD_OAUTHCLIENT_SECRET=(\S+)/.exec(result.out)![1];
    expect(secret).not.toBe(SECRET);
    expect(readWorld(worldFile).orgs[0]!.oauthClients[1]!.secret).toBe(secret);
  });

  it("show never prints a secret", () => {
    const shown = sandbox("show");
    expect(shown.code).toBe(0);
    expect(shown.out).toContain('org "Customer"');
    expect(shown.out).not.toContain(SECRET);
  });

  it("says what is wrong: unknown names (listing what exists), missing or foreign options, rules", () => {
    expect(sandbox("grant-role", "--client", "reader", "--role", "Nope")).toMatchObject({
      code: 1,
      err: 'no role named "Nope" in "Partner"; it has "Admin", "Reader", "Bots", "employee"',
    });
    expect(sandbox("grant-role", "--client", "ghost", "--role", "Bots").err).toContain(
      'no OAuth client with id or name "ghost"',
    );
    expect(sandbox("grant-role", "--client", "reader", "--role", "Bots", "--division", "Elsewhere").err).toContain(
      'no division "Elsewhere" in "Partner"; it has "*", "Home", "Bots"',
    );
    expect(sandbox("grant-role", "--role", "Bots")).toMatchObject({
      code: 2,
      err: expect.stringMatching(/^grant-role needs --client/),
    });
    expect(sandbox("show", "--role", "Bots").err).toMatch(/^show does not take --role/);
    expect(sandbox("launch").err).toMatch(/^unknown command "launch"/);
    expect(sandbox("show", "--colour").code).toBe(2);
    expect(sandbox("create-org", "--name", "Partner").err).toBe('an org named "Partner" exists already');
    expect(sandbox("create-org", "--name", "X", "--region", "mars-1").err).toContain("--region must be one of");
    expect(sandbox("create-client", "--org", "Partner", "--name", "x").err).toContain("needs at least one --role");
    expect(
      sandbox("create-client", "--org", "Partner", "--name", "x", "--grant-type", "CODE", "--deployer").err,
    ).toContain("--deployer needs a CLIENT-CREDENTIALS client");
    expect(readWorld(worldFile)).toEqual(buildWorld());
  });
});
