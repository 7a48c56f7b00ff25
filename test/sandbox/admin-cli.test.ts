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

async function sandbox(...argv: string[]): Promise<{ code: number; out: string; err: string }> {
  const out: string[] = [];
  const err: string[] = [];
  const io = { env: {}, out: (l: string) => out.push(l), err: (l: string) => err.push(l) };
  const code = await main([...argv, "--world", worldFile], io);
  return { code, out: out.join("\n"), err: err.join("\n") };
}

describe("npm run sandbox --", () => {
  it("grant-role grants a role by name to a client by id or name, in the home division unless told", async () => {
    expect(await sandbox("grant-role", "--client", "reader", "--role", "Bots")).toEqual({
      code: 0,
      out: 'granted: role "Bots" for OAuth client reader in "Partner", Home',
      err: "",
    });
    expect((await sandbox("grant-role", "--client", "client nobody", "--role", "Bots", "--division", "*")).code).toBe(
      0,
    );
    expect((await sandbox("grant-role", "--client", "reader", "--role", "Bots")).out).toMatch(/^already held/);
    const clients = readWorld(worldFile).orgs[0]!.oauthClients;
    expect(clients.find((c) => c.id === "reader")!.roles).toContainEqual({
      roleId: ROLE.bots,
      divisionId: "10000000-0000-4000-8000-0000000000d1",
    });
    expect(clients.find((c) => c.id === "nobody")!.roles).toEqual([{ roleId: ROLE.bots, divisionId: "*" }]);
  });

  it("revoke-role takes the role away in every division, or in one", async () => {
    await sandbox("grant-role", "--client", "reader", "--role", "Bots", "--division", "Bots");
    await sandbox("grant-role", "--client", "reader", "--role", "Bots", "--division", "*");
    expect((await sandbox("revoke-role", "--client", "reader", "--role", "Bots", "--division", "*")).out).toContain(
      "revoked",
    );
    expect(readWorld(worldFile).orgs[0]!.oauthClients[1]!.roles).toHaveLength(2);
    expect((await sandbox("revoke-role", "--client", "reader", "--role", "Bots")).out).toContain("every division");
    expect(readWorld(worldFile).orgs[0]!.oauthClients[1]!.roles).toEqual([{ roleId: ROLE.reader, divisionId: "*" }]);
    expect((await sandbox("revoke-role", "--client", "reader", "--role", "Bots")).out).toMatch(/^not held/);
  });

  it("create-org and create-client make a customer org with a deployer the emulator's run uses", async () => {
    const org = await sandbox("create-org", "--name", "Acme Customer", "--region", "eu-west-1");
    expect(org.code).toBe(0);
    expect(org.out).toContain("next: npm run sandbox -- create-client --org 'Acme Customer'");
    const created = await sandbox(
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
    const shown = await sandbox("show", "--org", "Acme Customer");
    expect(shown.out).toContain(`client "Partner deployer" id ${id} CLIENT-CREDENTIALS active [deployer`);
    expect(shown.out).toContain('role "Master Admin"');
    expect(shown.out).not.toContain(secret);
  });

  it("regenerate-secret prints a new secret, once; the old one is gone", async () => {
    const result = await sandbox("regenerate-secret", "--client", "client reader");
    expect(result.code).toBe(0);
    const secret = /GENESYSCLOUD_OAUTHCLIENT_SECRET=(\S+)/.exec(result.out)![1];
    expect(secret).not.toBe(SECRET);
    expect(readWorld(worldFile).orgs[0]!.oauthClients[1]!.secret).toBe(secret);
  });

  it("show never prints a secret", async () => {
    const shown = await sandbox("show");
    expect(shown.code).toBe(0);
    expect(shown.out).toContain('org "Customer"');
    expect(shown.out).not.toContain(SECRET);
  });

  it("says what is wrong: unknown names (listing what exists), missing or foreign options, rules", async () => {
    expect(await sandbox("grant-role", "--client", "reader", "--role", "Nope")).toMatchObject({
      code: 1,
      err: 'error: no role named "Nope" in "Partner"; it has "Admin", "Reader", "Bots", "employee"',
    });
    expect((await sandbox("grant-role", "--client", "ghost", "--role", "Bots")).err).toContain(
      'no OAuth client with id or name "ghost"',
    );
    expect(
      (await sandbox("grant-role", "--client", "reader", "--role", "Bots", "--division", "Elsewhere")).err,
    ).toContain('no division "Elsewhere" in "Partner"; it has "*", "Home", "Bots"');
    expect(await sandbox("grant-role", "--role", "Bots")).toMatchObject({
      code: 2,
      err: expect.stringMatching(/^error: grant-role needs --client/),
    });
    expect((await sandbox("show", "--role", "Bots")).err).toMatch(/^error: show does not take --role/);
    expect((await sandbox("launch")).err).toMatch(/^error: unknown command "launch"/);
    expect((await sandbox("show", "--colour")).code).toBe(2);
    expect((await sandbox("create-org", "--name", "Partner")).err).toBe('error: an org named "Partner" exists already');
    expect((await sandbox("create-org", "--name", "X", "--region", "mars-1")).err).toContain("--region must be one of");
    expect((await sandbox("create-client", "--org", "Partner", "--name", "x")).err).toContain(
      "needs at least one --role",
    );
    expect(
      (await sandbox("create-client", "--org", "Partner", "--name", "x", "--grant-type", "CODE", "--deployer")).err,
    ).toContain("--deployer needs a CLIENT-CREDENTIALS client");
    expect(readWorld(worldFile)).toEqual(buildWorld());
  });
});

describe("the sandbox's one command line: npm run emulator and npm run api-stub", () => {
  async function cli(...argv: string[]): Promise<{ code: number; out: string; err: string }> {
    const out: string[] = [];
    const err: string[] = [];
    const code = await main(argv, { env: {}, out: (l) => out.push(l), err: (l) => err.push(l) });
    return { code, out: out.join("\n"), err: err.join("\n") };
  }

  it("refuses wrong api-stub options as usage errors, before it serves anything", async () => {
    const region = await cli("api-stub", "--world", worldFile, "--region", "mars-1");
    expect(region).toMatchObject({
      code: 2,
      err: expect.stringMatching(/^error: --region must be one of .*; got "mars-1"/),
    });
    expect((await cli("api-stub", "--world", worldFile, "--port", "70000")).err).toMatch(/--port must be an integer/);
    expect((await cli("api-stub", "--world", path.join(worldFile, "..", "none.json"))).code).toBe(2);
    expect((await cli("api-stub", "--colour")).err).toMatch(/^error: api-stub: Unknown option '--colour'/);
  });

  it("refuses an emulator client the fixture does not have, and an emulator admin command other than grant-role", async () => {
    expect(await cli("emulator", "--fixture", worldFile, "--client", "ghost")).toMatchObject({
      code: 2,
      err: expect.stringContaining(`no OAuth client ghost in ${worldFile}`),
    });
    expect(await cli("emulator", "admin", "revoke-role", "reader", "Bots")).toMatchObject({
      code: 2,
      err: expect.stringContaining("emulator admin: give grant-role"),
    });
  });

  it("keeps emulator admin grant-role, the older spelling of sandbox grant-role, in all divisions by default", async () => {
    const granted = await cli("emulator", "admin", "grant-role", "reader", "Bots", "--world", worldFile);
    expect(granted).toMatchObject({
      code: 0,
      out: 'granted: role "Bots" for OAuth client reader in "Partner", all divisions (*)',
    });
    const reader = readWorld(worldFile).orgs[0]!.oauthClients.find((c) => c.id === "reader")!;
    expect(reader.roles).toContainEqual({ roleId: ROLE.bots, divisionId: "*" });
  });

  it("prints one usage for --help, exit 0", async () => {
    for (const argv of [["--help"], ["emulator", "--help"], ["api-stub", "-h"]]) {
      const help = await cli(...argv);
      expect(help).toMatchObject({ code: 0, err: "" });
      expect(help.out).toContain("usage: npm run api-stub --");
    }
  });
});
