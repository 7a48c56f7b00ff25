import * as fs from "fs";
import * as path from "path";
import { login } from "../../commands/core/genesys-api";
import type { GitFileState } from "../../commands/pipeline/git";
import { EXIT_SECRET_LOST, main } from "../../commands/pipeline/rotate-secret";
import { readWorld } from "../../sandbox/emulator/world";
import { ENV, type Fixture, SECRET, fixture } from "./support";

const DEPLOYER_ENV = { GENESYSCLOUD_OAUTHCLIENT_ID: "deployer", GENESYSCLOUD_OAUTHCLIENT_SECRET: SECRET.deployer };

let fx: Fixture;
beforeEach(async () => {
  // The stand-in names its clients "client <id>": this environment's partner client is partner-ok.
  fx = await fixture({ oauthClient: { name: "client partner-ok" } });
});
afterEach(() => fx.close());

function partnerSecret(id = "partner-ok"): string {
  return readWorld(fx.worldFile).orgs[0]!.oauthClients.find((c) => c.id === id)!.secret;
}

async function rotate(
  extra: string[],
  options: {
    tty: boolean;
    stdoutFd?: number;
    env?: NodeJS.ProcessEnv;
    gitState?: GitFileState | ((file: string) => GitFileState);
    appConfig?: Record<string, unknown>;
  },
): Promise<{ code: number; err: string }> {
  const err: string[] = [];
  const appConfig = fx.appConfig(options.appConfig ?? {});
  const state = options.gitState;
  const code = await main(
    [ENV, "--gateway", fx.stub.url, "--app-config", appConfig, "--config-dir", fx.configDir, ...extra],
    {
      env: options.env ?? DEPLOYER_ENV,
      err: (line) => err.push(line),
      stdoutFd: options.stdoutFd ?? -1,
      stdoutIsTTY: options.tty,
      gitState: typeof state === "function" ? state : () => state ?? "outside-repository",
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

describe("pipeline:rotate-secret rotates only the stack's partner client", () => {
  it("refuses an app config that names the deployer's own client, before any call", async () => {
    const out = path.join(fx.dir, "deployer-secret");
    const { code, err } = await rotate(["--out", out], { tty: true, appConfig: { oauthClientId: "deployer" } });
    expect(code).toBe(1);
    expect(err).toContain("names the deployer's own client deployer");
    expect(partnerSecret("deployer")).toBe(SECRET.deployer);
    expect(fx.stub.requests).toEqual([]);
    expect(fs.existsSync(out)).toBe(false);
  });

  it("refuses a client whose name is not the environment's partner client", async () => {
    const out = path.join(fx.dir, "wild-secret");
    const { code, err } = await rotate(["--out", out], { tty: true, appConfig: { oauthClientId: "partner-wild" } });
    expect(code).toBe(1);
    expect(err).toContain('Client partner-wild is named "client partner-wild"');
    expect(partnerSecret("partner-wild")).toBe(SECRET.partner);
    expect(fx.stub.requests.filter((r) => r.startsWith("POST /api"))).toEqual([]);
    expect(fs.existsSync(out)).toBe(false);
  });

  it("refuses an app config of another org than the deployer's", async () => {
    const { code, err } = await rotate(["--out", path.join(fx.dir, "x")], {
      tty: true,
      appConfig: { organizationId: "99999999-9999-4999-8999-999999999999" },
    });
    expect(code).toBe(1);
    expect(err).toContain("belongs to org 99999999-9999-4999-8999-999999999999");
    expect(partnerSecret()).toBe(SECRET.partner);
  });
});

describe("pipeline:rotate-secret refuses sinks that cannot keep the secret, before regenerating", () => {
  it("refuses stdout on /dev/null", async () => {
    const fd = fs.openSync("/dev/null", "w");
    const { code, err } = await rotate([], { tty: false, stdoutFd: fd });
    fs.closeSync(fd);
    expect(code).toBe(1);
    expect(err).toContain("it is a device (/dev/null)");
    expect(partnerSecret()).toBe(SECRET.partner);
    expect(fx.stub.requests).toEqual([]);
  });

  it("refuses a closed stdout", async () => {
    const { code, err } = await rotate([], { tty: false, stdoutFd: 987_654 });
    expect(code).toBe(1);
    expect(err).toContain("stdout is closed");
    expect(partnerSecret()).toBe(SECRET.partner);
  });

  it("checks --out by its real path: a symlinked folder into the repository is refused", async () => {
    const repository = fs.realpathSync(fs.mkdtempSync(path.join(fx.dir, "repo-")));
    fs.mkdirSync(path.join(repository, "lib"));
    const link = path.join(fx.dir, "link");
    fs.symlinkSync(path.join(repository, "lib"), link);
    // Like git on a path as written: only a path under the repository's folder is inside it.
    const gitState = (file: string): GitFileState =>
      file.startsWith(repository + path.sep) ? "committable" : "outside-repository";
    const { code, err } = await rotate(["--out", path.join(link, "x.json")], { tty: true, gitState });
    expect(code).toBe(1);
    expect(err).toContain(`${path.join(repository, "lib", "x.json")}: git does not ignore that file`);
    expect(fs.readdirSync(path.join(repository, "lib"))).toEqual([]);
    expect(partnerSecret()).toBe(SECRET.partner);
  });
});

describe("pipeline:rotate-secret after regenerating", () => {
  it("makes a file stdout was redirected into private (0600)", async () => {
    const file = path.join(fx.dir, "redirected");
    const fd = fs.openSync(file, "w", 0o644);
    fs.fchmodSync(fd, 0o644);
    const { code } = await rotate([], { tty: false, stdoutFd: fd });
    fs.closeSync(fd);
    expect(code).toBe(0);
    expect(fs.statSync(file).mode & 0o777).toBe(0o600);
  });

  it("says plainly that the old secret is gone when the write fails, with its own exit code", async () => {
    const file = path.join(fx.dir, "read-only-fd");
    fs.writeFileSync(file, "");
    const fd = fs.openSync(file, "r");
    const { code, err } = await rotate([], { tty: false, stdoutFd: fd });
    fs.closeSync(fd);
    expect(code).toBe(EXIT_SECRET_LOST);
    expect(err).toContain("WAS regenerated");
    expect(err).toContain("the old secret no longer logs in and the new one is lost");
    expect(err).toContain("npm run --silent pipeline:rotate-secret -- sandbox");
    expect(partnerSecret()).not.toBe(SECRET.partner);
    expect(err).not.toContain(partnerSecret());
  });
});
