import * as fs from "fs";
import * as path from "path";
import { login } from "../../commands/core/genesys-api";
import type { GitFileState } from "../../commands/pipeline/git";
import { main } from "../../commands/pipeline/rotate-secret";
import { readWorld } from "../../sandbox/emulator/world";
import { ENV, type Fixture, SECRET, fixture } from "./support";

const DEPLOYER_ENV = { GENESYSCLOUD_OAUTHCLIENT_ID: "deployer", GENESYSCLOUD_OAUTHCLIENT_SECRET: SECRET.deployer };

let fx: Fixture;
beforeEach(async () => {
  fx = await fixture();
});
afterEach(() => fx.close());

function partnerSecret(): string {
  return readWorld(fx.worldFile).orgs[0]!.oauthClients.find((c) => c.id === "partner-ok")!.secret;
}

async function rotate(
  extra: string[],
  options: { tty: boolean; stdoutFd?: number; env?: NodeJS.ProcessEnv; gitState?: GitFileState },
): Promise<{ code: number; err: string }> {
  const err: string[] = [];
  const code = await main(
    [ENV, "--gateway", fx.stub.url, "--app-config", fx.appConfig({}), "--config-dir", fx.configDir, ...extra],
    {
      env: options.env ?? DEPLOYER_ENV,
      err: (line) => err.push(line),
      stdoutFd: options.stdoutFd ?? -1,
      stdoutIsTTY: options.tty,
      gitState: () => options.gitState ?? "outside-repository",
    },
  );
  return { code, err: err.join("\n") };
}

async function logsIn(secret: string): Promise<boolean> {
  return (await login({ gateway: new URL(fx.stub.url) }, "partner-ok", secret)).ok;
}

describe("pipeline:rotate-secret", () => {
  it("writes the new secret, and only it, to stdout when that is not a terminal; the old one stops working", async () => {
    const sink = path.join(fx.dir, "stdout.txt");
    const fd = fs.openSync(sink, "w", 0o600);
    const { code, err } = await rotate([], { tty: false, stdoutFd: fd });
    fs.closeSync(fd);
    expect(code).toBe(0);
    const secret = fs.readFileSync(sink, "utf8");
    expect(secret).toBe(partnerSecret());
    expect(secret).not.toBe(SECRET.partner);
    expect(err).toContain("Regenerated the secret of client partner-ok");
    expect(err).not.toContain(secret);
    expect(await logsIn(secret)).toBe(true);
    expect(await logsIn(SECRET.partner)).toBe(false);
  });

  it("writes a new 0600 file when stdout is a terminal", async () => {
    const out = path.join(fx.dir, "secrets", "partner");
    const { code, err } = await rotate(["--out", out], { tty: true });
    expect(code).toBe(0);
    expect(fs.statSync(out).mode & 0o777).toBe(0o600);
    expect(fs.readFileSync(out, "utf8")).toBe(`${partnerSecret()}\n`);
    expect(err).not.toContain(partnerSecret());
  });

  it.each<[GitFileState, string]>([
    ["tracked", "git tracks that file"],
    ["committable", "git does not ignore that file"],
    ["unknown", "git could not be run"],
  ])("refuses a file git would see (%s) before changing anything", async (state, reason) => {
    const out = path.join(fx.dir, "secret-file");
    const { code, err } = await rotate(["--out", out], { tty: true, gitState: state });
    expect(code).toBe(1);
    expect(err).toContain(reason);
    expect(fs.existsSync(out)).toBe(false);
    expect(partnerSecret()).toBe(SECRET.partner);
    expect(fx.stub.requests).toEqual([]);
  });

  it("refuses an existing file before changing anything", async () => {
    const out = path.join(fx.dir, "existing");
    fs.writeFileSync(out, "old");
    const { code, err } = await rotate(["--out", out], { tty: true });
    expect(code).toBe(1);
    expect(err).toContain("already exists");
    expect(fs.readFileSync(out, "utf8")).toBe("old");
    expect(partnerSecret()).toBe(SECRET.partner);
  });

  it("refuses stdout under npm run without --silent (npm's own lines would precede the secret)", async () => {
    const fd = fs.openSync(path.join(fx.dir, "npm-stdout.txt"), "w");
    const { code, err } = await rotate([], {
      tty: false,
      stdoutFd: fd,
      env: { ...DEPLOYER_ENV, npm_lifecycle_event: "pipeline:rotate-secret" },
    });
    fs.closeSync(fd);
    expect(code).toBe(2);
    expect(err).toContain("npm run --silent");
    expect(partnerSecret()).toBe(SECRET.partner);
  });

  it("refuses deployer credentials of another org, and leaves no file behind", async () => {
    const out = path.join(fx.dir, "wrong-org");
    const { code, err } = await rotate(["--out", out], {
      tty: true,
      env: {
        ...DEPLOYER_ENV,
        GENESYSCLOUD_OAUTHCLIENT_ID: "partner-other",
        GENESYSCLOUD_OAUTHCLIENT_SECRET: SECRET.otherOrg,
      },
    });
    expect(code).toBe(1);
    expect(err).toContain('belong to org "Acme Other"');
    expect(fs.existsSync(out)).toBe(false);
    expect(partnerSecret()).toBe(SECRET.partner);
  });

  it("needs the deployer's credentials (usage error)", async () => {
    const { code, err } = await rotate([], { tty: true, env: {} });
    expect(code).toBe(2);
    expect(err).toContain("GENESYSCLOUD_OAUTHCLIENT_ID");
  });
});

describe("pipeline:rotate-secret, stdout redirected into a file", () => {
  it("refuses a file git would commit before changing anything", async () => {
    const fd = fs.openSync(path.join(fx.dir, "redirect.txt"), "w");
    const { code, err } = await rotate([], { tty: false, stdoutFd: fd, gitState: "committable" });
    fs.closeSync(fd);
    expect(code).toBe(1);
    expect(err).toContain("git does not ignore that file");
    expect(partnerSecret()).toBe(SECRET.partner);
    expect(fs.readFileSync(path.join(fx.dir, "redirect.txt"), "utf8")).toBe("");
  });
});
