import * as fs from "fs";
import * as path from "path";
import Ajv2020 from "ajv/dist/2020";
import { readAppConfig } from "../../commands/core/app-config";
import { loadEnvironment } from "../../commands/core/environments";
import { CommandError } from "../../commands/core/errors";
import { login } from "../../commands/core/genesys-api";
import { type CheckResult, type DoctorReport, runDoctor } from "../../commands/doctor/checks";
import { main } from "../../commands/doctor/cli";
import { permissionCovers } from "../../commands/doctor/report";
import type { GitFileState } from "../../commands/pipeline/git";
import { main as pipeline } from "../../commands/pipeline/cli";
import { EXIT_SECRET_LOST } from "../../commands/pipeline/rotate-secret";
import { verifyLive } from "../../commands/pipeline/verify";
import { readWorld } from "../../sandbox/emulator/world";
import { PROJECT_ROOT } from "../support/config-dir";
import { ENV, EU_ORG_ID, type Fixture, OTHER_ORG_ID, SECRET, fixture, ORG_ID } from "./support";

describe("doctor", () => {
  const validateReport = new Ajv2020({ strict: true }).compile(
    JSON.parse(fs.readFileSync(path.join(PROJECT_ROOT, "docs", "doctor.schema.json"), "utf8")),
  );

  const DEPLOYER_ENV = { GENESYSCLOUD_OAUTHCLIENT_ID: "deployer", GENESYSCLOUD_OAUTHCLIENT_SECRET: SECRET.deployer };
  const PARTNER_ENV = { PARTNER_OAUTHCLIENT_SECRET: SECRET.partner };

  interface Run {
    readonly code: number;
    readonly out: string[];
    readonly err: string[];
    readonly report?: DoctorReport;
  }

  let fx: Fixture;
  beforeEach(async () => {
    fx = await fixture();
  });
  afterEach(() => fx.close());

  async function doctor(args: string[], env: NodeJS.ProcessEnv, json = true): Promise<Run> {
    const out: string[] = [];
    const err: string[] = [];
    const code = await main([...args, ...(json ? ["--json"] : []), "--config-dir", fx.configDir], {
      env,
      out: (l) => out.push(l),
      err: (l) => err.push(l),
    });
    // Nothing a secret or a token could hide in.
    const all = [...out, ...err].join("\n");
    for (const marker of [...Object.values(SECRET), ...fx.stub.issuedTokens(), ...fx.euStub.issuedTokens()]) {
      expect(all).not.toContain(marker);
    }
    if (!json || code === 2) return { code, out, err };
    expect(out).toHaveLength(1);
    const report = JSON.parse(out[0]!) as DoctorReport;
    expect(validateReport(report)).toBe(true);
    return { code, out, err, report };
  }

  function check(run: Run, id: string): CheckResult {
    const found = run.report?.checks.find((c) => c.id === id);
    if (!found) throw new Error(`no check ${id} in ${JSON.stringify(run.report)}`);
    return found;
  }

  const gateway = () => ["--gateway", fx.stub.url];
  const withApp = (values: Record<string, unknown> = {}) => [ENV, ...gateway(), "--app-config", fx.appConfig(values)];

  it("passes every check for a client with the bot-session role, and starts a session with --flow-id", async () => {
    const run = await doctor([...withApp(), "--flow-id", "flow-1"], { ...PARTNER_ENV, ...DEPLOYER_ENV });
    expect(run.report!.checks.map((c) => [c.id, c.status])).toEqual([
      ["login", "pass"],
      ["organization", "pass"],
      ["roles", "pass"],
      ["bot-session-permission", "pass"],
      ["live-session", "pass"],
    ]);
    expect(run.report!.environment).toBe(ENV);
    expect(check(run, "bot-session-permission").detail).toContain('"Partner bot sessions"');
    expect(run.code).toBe(0);
  });

  it("uses only the documented endpoints", async () => {
    await doctor([...withApp(), "--flow-id", "flow-1"], { ...PARTNER_ENV, ...DEPLOYER_ENV });
    const allowed = [
      /^POST \/login\/oauth\/token$/,
      /^GET \/api\/api\/v2\/organizations\/me$/,
      /^GET \/api\/api\/v2\/oauth\/clients\/[^/]+$/,
      /^GET \/api\/api\/v2\/authorization\/roles\/[^/]+$/,
      /^POST \/api\/api\/v2\/textbots\/botflows\/sessions$/,
    ];
    expect(fx.stub.requests.length).toBeGreaterThan(0);
    for (const request of fx.stub.requests) expect(allowed.some((a) => a.test(request))).toBe(true);
  });

  it("prints one line per check without --json, with the fix on failed ones", async () => {
    const run = await doctor(withApp({ oauthClientId: "partner-none" }), { ...PARTNER_ENV, ...DEPLOYER_ENV }, false);
    expect(run.out).toHaveLength(5);
    expect(run.out[0]).toMatch(/^PASS login: /);
    expect(run.out[3]).toMatch(/^FAIL bot-session-permission: .* Fix: .*botSessionRole\.heldByDeployer/);
    expect(run.out[4]).toMatch(/^SKIP live-session: no --flow-id/);
    expect(run.code).toBe(1);
  });

  describe("bot-session-permission", () => {
    it.each([
      ["partner-wild", "textbots:*:*"],
      ["partner-everything", "*:*:*"],
      ["partner-legacy", "textbots:botFlowSession:execute"],
    ])("passes for %s, whose role carries %s", async (clientId, permission) => {
      const run = await doctor(withApp({ oauthClientId: clientId }), { ...PARTNER_ENV, ...DEPLOYER_ENV });
      expect(check(run, "bot-session-permission").status).toBe("pass");
      expect(check(run, "bot-session-permission").detail).toContain(permission);
    });

    it("fails for roles without it (another action of the entity is not enough), with the role fix", async () => {
      const run = await doctor(withApp({ oauthClientId: "partner-none" }), { ...PARTNER_ENV, ...DEPLOYER_ENV });
      const result = check(run, "bot-session-permission");
      expect(result.status).toBe("fail");
      expect(result.detail).toContain('"Near miss"');
      expect(result.fix).toContain("README");
      expect(result.fix).toContain('"Partner (sandbox) bot sessions"');
      expect(run.code).toBe(1);
    });

    it("is skipped without the deployer's credentials, and says why", async () => {
      const run = await doctor(withApp(), PARTNER_ENV);
      expect(check(run, "roles")).toMatchObject({ status: "skip", fix: "" });
      expect(check(run, "roles").detail).toContain("GENESYSCLOUD_OAUTHCLIENT_ID");
      expect(check(run, "bot-session-permission").status).toBe("skip");
      expect(run.code).toBe(0);
    });
  });

  describe("roles", () => {
    it("fails for a client without roles", async () => {
      const run = await doctor(withApp({ oauthClientId: "partner-noroles" }), { ...PARTNER_ENV, ...DEPLOYER_ENV });
      expect(check(run, "roles")).toMatchObject({ status: "fail" });
      expect(check(run, "roles").detail).toContain("has no roles");
      expect(check(run, "bot-session-permission").status).toBe("skip");
    });

    it("fails when the client is not in the deployer's org", async () => {
      const run = await doctor(withApp({ oauthClientId: "partner-other" }), {
        PARTNER_OAUTHCLIENT_SECRET: SECRET.otherOrg,
        ...DEPLOYER_ENV,
      });
      expect(check(run, "roles").status).toBe("fail");
      expect(check(run, "roles").detail).toContain('does not exist in "Acme Sandbox"');
    });

    it("fails when the deployer's credentials do not log in", async () => {
      const run = await doctor(withApp(), {
        ...PARTNER_ENV,
        GENESYSCLOUD_OAUTHCLIENT_ID: "deployer",
        GENESYSCLOUD_OAUTHCLIENT_SECRET: "marker.wrong.deployer.secret",
      });
      expect(check(run, "roles").status).toBe("fail");
      expect(check(run, "roles").fix).toContain("GENESYSCLOUD_OAUTHCLIENT_SECRET");
      expect(run.out.join("")).not.toContain("marker.wrong.deployer.secret");
    });
  });

  describe("login", () => {
    it("fails on a wrong secret as a login problem, not a 403 one, and skips what needs the token", async () => {
      const run = await doctor([...withApp(), "--flow-id", "flow-1"], {
        PARTNER_OAUTHCLIENT_SECRET: "marker-wrong-partner-secret",
        ...DEPLOYER_ENV,
      });
      const login = check(run, "login");
      expect(login.status).toBe("fail");
      expect(login.detail).toContain("HTTP 401");
      expect(login.detail).toContain("not a 403 problem");
      expect(login.detail).toContain("other regions cannot be probed");
      expect(login.fix).toContain("PARTNER_OAUTHCLIENT_SECRET");
      expect(check(run, "organization").status).toBe("skip");
      expect(check(run, "live-session").status).toBe("skip");
      expect(run.report!.checks.some((c) => c.detail.includes("HTTP 403"))).toBe(false);
      expect(run.out.join("")).not.toContain("marker-wrong-partner-secret");
    });

    it("is skipped without PARTNER_OAUTHCLIENT_SECRET", async () => {
      const run = await doctor(withApp(), DEPLOYER_ENV);
      expect(check(run, "login")).toMatchObject({ status: "skip" });
      expect(check(run, "login").detail).toContain("PARTNER_OAUTHCLIENT_SECRET");
      expect(check(run, "organization").status).toBe("skip");
    });

    it("says when the gateway cannot be reached", async () => {
      const run = await doctor([ENV, "--gateway", "http://127.0.0.1:1", "--app-config", fx.appConfig({})], PARTNER_ENV);
      expect(check(run, "login").status).toBe("fail");
      expect(check(run, "login").detail).toContain("could not reach");
    });
  });

  describe("login, probing the other regions", () => {
    // Without a gateway the CLI probes the real regions' hosts; here each region is a local stand-in.
    async function probe(clientId: string, secret: string): Promise<CheckResult> {
      const appConfigFile = fx.appConfig({ oauthClientId: clientId });
      const report = await runDoctor({
        config: loadEnvironment(ENV, fx.configDir, PROJECT_ROOT),
        appConfig: readAppConfig(appConfigFile),
        appConfigFile,
        partnerSecret: secret,
        deployer: undefined,
        flowId: undefined,
        target: { gateway: new URL(fx.stub.url) },
        probe: [{ region: "eu-west-1", target: { gateway: new URL(fx.euStub.url) } }],
      });
      return report.checks[0]!;
    }

    it("finds the region a client lives in", async () => {
      const login = await probe("partner-eu", SECRET.eu);
      expect(login.status).toBe("fail");
      expect(login.detail).toContain("log in in eu-west-1");
      expect(login.detail).toContain("not a 403 problem");
      expect(login.fix).toContain("npm run pipeline:app-config -- sandbox");
    });

    it("calls it a wrong secret when no region takes the credentials", async () => {
      const login = await probe("partner-ok", "marker-wrong");
      expect(login.status).toBe("fail");
      expect(login.detail).toContain("does not log in in any other region");
      expect(login.fix).toContain("pipeline:rotate-secret");
    });
  });

  describe("organization", () => {
    it("catches an app config of another org (the dev/prod mix-up)", async () => {
      const run = await doctor(withApp({ organizationId: OTHER_ORG_ID, organizationName: "Acme Other" }), PARTNER_ENV);
      const result = check(run, "organization");
      expect(result.status).toBe("fail");
      expect(result.detail).toContain(OTHER_ORG_ID);
      expect(result.fix).toContain(`npm run pipeline:app-config -- ${ENV}`);
    });

    it("catches a client of another org than the config expects", async () => {
      const run = await doctor(withApp({ oauthClientId: "partner-other", organizationId: OTHER_ORG_ID }), {
        PARTNER_OAUTHCLIENT_SECRET: SECRET.otherOrg,
      });
      const result = check(run, "organization");
      expect(result.status).toBe("fail");
      expect(result.detail).toContain('belongs to org "Acme Other"');
      expect(result.detail).toContain('expects "Acme Sandbox"');
    });

    it("checks a pinned organization.id too", async () => {
      await fx.close();
      fx = await fixture({ organization: { name: "Acme Sandbox", id: EU_ORG_ID } });
      const run = await doctor(withApp(), PARTNER_ENV);
      expect(check(run, "organization").status).toBe("fail");
    });
  });

  describe("live-session", () => {
    it("reports the API's 403 with code, message and correlation id", async () => {
      const run = await doctor([...withApp({ oauthClientId: "partner-none" }), "--flow-id", "flow-1"], PARTNER_ENV);
      const result = check(run, "live-session");
      expect(result.status).toBe("fail");
      expect(result.detail).toMatch(
        /HTTP 403 missing\.permissions You are missing .* \(correlation id [0-9a-f-]{36}\)/,
      );
      expect(result.fix).toContain("botSessionRole");
    });

    it("is skipped without --flow-id", async () => {
      const run = await doctor(withApp(), PARTNER_ENV);
      expect(check(run, "live-session")).toMatchObject({ status: "skip", fix: "" });
    });
  });

  describe("a client of another grant type than CLIENT-CREDENTIALS", () => {
    it("points every check to the token doctor instead of failing login and roles", async () => {
      await fx.close();
      fx = await fixture({
        oauthClient: {
          name: "Partner (sandbox)",
          grantType: "CODE",
          scopes: ["textbots"],
          redirectUris: ["https://app.example/callback"],
        },
      });
      const run = await doctor([...withApp(), "--flow-id", "flow-1"], { ...PARTNER_ENV, ...DEPLOYER_ENV });
      expect(run.report!.checks.map((c) => c.status)).toEqual(["skip", "skip", "skip", "skip", "skip"]);
      expect(check(run, "login").detail).toContain("is a CODE client");
      expect(check(run, "login").detail).toContain(`npm run --silent doctor -- token --env ${ENV}`);
      expect(check(run, "roles").detail).toContain("roles do not apply to a CODE client");
      expect(check(run, "live-session").detail).toContain("--flow-id flow-1");
      expect(run.code).toBe(0);
      expect(fx.stub.requests).toEqual([]);
    });
  });

  describe("fixes follow the deploy phase", () => {
    it('after phase "client" a missing bot-session grant is fixed by deploying again, not by the first-deploy steps', async () => {
      await fx.close();
      fx = await fixture({
        oauthClient: { name: "Partner (sandbox)", botSessionRole: { heldByDeployer: true } },
      });
      const run = await doctor(withApp({ oauthClientId: "partner-none" }), { ...PARTNER_ENV, ...DEPLOYER_ENV });
      const result = check(run, "bot-session-permission");
      expect(result.status).toBe("fail");
      expect(result.fix).toContain('phase "client"');
      expect(result.fix).toContain(`npm run pipeline:deploy -- ${ENV}`);
      expect(result.fix).not.toContain("set oauthClient.botSessionRole.heldByDeployer to true");
    });

    it("in the first deploy's phase it gives the first-deploy steps", async () => {
      const run = await doctor(withApp({ oauthClientId: "partner-noroles" }), { ...PARTNER_ENV, ...DEPLOYER_ENV });
      expect(check(run, "roles").fix).toContain("set oauthClient.botSessionRole.heldByDeployer to true");
    });
  });

  describe("usage errors exit 2", () => {
    it.each([
      [[], "exactly one environment"],
      [["nosuchenv"], 'Unknown environment "nosuchenv"'],
      [[ENV, "--gateway", "ftp://x"], "--gateway"],
      [[ENV, "--gateway", "http://127.0.0.1:1/some/path"], "root URL"],
      [[ENV, "--bogus"], "bogus"],
      [[ENV, "--flow-id", "a b"], "--flow-id"],
      [[ENV, "--app-config", "/nonexistent/app.json"], "not found"],
    ])("%j", async (args, message) => {
      const run = await doctor(args as string[], PARTNER_ENV);
      expect(run.code).toBe(2);
      expect(run.out).toEqual([]);
      expect(run.err.join("\n")).toContain(message);
    });

    it("names the field of a bad app config without echoing other values", async () => {
      const file = path.join(fx.dir, "bad-app.json");
      fs.writeFileSync(file, JSON.stringify({ organizationId: 7, oauthClientSecret: "marker-in-app-config" }));
      const run = await doctor([ENV, "--app-config", file], PARTNER_ENV);
      expect(run.code).toBe(2);
      expect(run.err.join("\n")).toContain("organizationId must be a non-empty string");
      expect(run.err.join("\n")).not.toContain("marker-in-app-config");
    });
  });

  it("keeps the SDK quiet and on course whatever ~/.genesyscloudjavascript/config says", async () => {
    const home = path.join(fx.dir, "home");
    fs.mkdirSync(path.join(home, ".genesyscloudjavascript"), { recursive: true });
    fs.writeFileSync(
      path.join(home, ".genesyscloudjavascript", "config"),
      "[logging]\nlog_level = trace\nlog_to_console = true\nlog_request_body = true\nlog_response_body = true\n" +
        "[gateway]\nhost = 127.0.0.1\nport = 1\nprotocol = http\n",
    );
    const written: string[] = [];
    const stdout = jest
      .spyOn(process.stdout, "write")
      .mockImplementation((chunk) => (written.push(String(chunk)), true));
    const stderr = jest
      .spyOn(process.stderr, "write")
      .mockImplementation((chunk) => (written.push(String(chunk)), true));
    const savedHome = process.env.HOME;
    process.env.HOME = home;
    try {
      const run = await doctor([...withApp(), "--flow-id", "flow-1"], { ...PARTNER_ENV, ...DEPLOYER_ENV });
      expect(run.code).toBe(0);
    } finally {
      process.env.HOME = savedHome;
      stdout.mockRestore();
      stderr.mockRestore();
    }
    expect(written.join("")).toBe("");
  });
});

describe("permissionCovers", () => {
  it.each([
    ["textbots:botFlowSession:execute", true],
    ["textbots:botFlowSession:*", true],
    ["textbots:*:execute", true],
    ["textbots:*:*", true],
    ["*:*:*", true],
    ["textbots:botFlowSession:view", false],
    ["textbots:session:execute", false],
    ["architect:*:*", false],
    ["textbots:botFlowSession", false],
  ])("%s covers textbots:botFlowSession:execute: %s", (granted, expected) => {
    expect(permissionCovers(granted, "textbots:botFlowSession:execute")).toBe(expected);
  });
});

describe("pipeline:verify --live", () => {
  let fx: Fixture;
  beforeEach(async () => {
    fx = await fixture();
  });
  afterEach(() => fx.close());

  async function live(clientId: string | undefined): Promise<{ lines: string[]; error?: unknown }> {
    const lines: string[] = [];
    const context = {
      projectDir: PROJECT_ROOT,
      configDir: fx.configDir,
      outDir: fx.dir,
      env: {
        GENESYSCLOUD_OAUTHCLIENT_ID: "deployer",
        GENESYSCLOUD_OAUTHCLIENT_SECRET: SECRET.deployer,
        PARTNER_OAUTHCLIENT_SECRET: SECRET.partner,
      },
      run: () => {
        throw new Error("verify --live runs no programs");
      },
      log: (line: string) => lines.push(line),
    };
    const outputs = {
      organizationId: ORG_ID,
      organizationName: "Acme Sandbox",
      region: "us-east-1" as const,
      apiBaseUrl: "https://api.mypurecloud.com",
      loginBaseUrl: "https://login.mypurecloud.com",
      deployPhase: clientId === undefined ? ("role" as const) : ("client" as const),
      oauthClientId: clientId,
    };
    try {
      await verifyLive(context as never, loadEnvironment(ENV, fx.configDir, PROJECT_ROOT), outputs, {
        gateway: new URL(fx.stub.url),
      });
      return { lines };
    } catch (error) {
      return { lines, error };
    }
  }

  it("passes for a client that can start bot sessions", async () => {
    const { lines, error } = await live("partner-ok");
    expect(error).toBeUndefined();
    expect(lines[lines.length - 1]).toContain("no check failed");
  });

  it("is skipped, saying so, in deploy phase role (no client yet)", async () => {
    const { lines, error } = await live(undefined);
    expect(error).toBeUndefined();
    expect(lines).toEqual([expect.stringContaining('skipped: deploy phase "role"')]);
  });

  it("fails, naming the failed checks, for a client without the bot-session permission", async () => {
    const { lines, error } = await live("partner-none");
    expect(error).toBeInstanceOf(CommandError);
    expect((error as Error).message).toContain("bot-session-permission");
    expect(lines.some((l) => l.startsWith("FAIL bot-session-permission"))).toBe(true);
    expect(lines.join("\n")).not.toContain(SECRET.partner);
  });
});

describe("pipeline:rotate-secret", () => {
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
    const code = await pipeline(
      [
        "rotate-secret",
        ENV,
        "--gateway",
        fx.stub.url,
        "--app-config",
        appConfig,
        "--config-dir",
        fx.configDir,
        ...extra,
      ],
      {
        env: options.env ?? DEPLOYER_ENV,
        out: (line) => {
          throw new Error(`rotate-secret printed on stdout: ${line}`);
        },
        err: (line) => err.push(line),
        interactive: false,
        stdout: { fd: options.stdoutFd ?? -1, isTTY: options.tty },
        gitState: typeof state === "function" ? state : () => state ?? "outside-repository",
      },
    );
    return { code, err: err.join("\n") };
  }

  async function logsIn(secret: string): Promise<boolean> {
    return (await login({ gateway: new URL(fx.stub.url) }, "partner-ok", secret)).ok;
  }

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

  describe("stdout redirected into a file", () => {
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

  describe("rotates only the stack's partner client", () => {
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

  describe("refuses sinks that cannot keep the secret, before regenerating", () => {
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

  describe("after regenerating", () => {
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
});
