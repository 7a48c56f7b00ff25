/**
 * The partner's 403 story end to end: real terraform deploys dev against the provider emulator, and the doctor,
 * verify --live and rotate-secret (real processes, through the official SDK) inspect that same client through
 * the local Genesys API stand-in, which serves the emulator's world file.
 */
import { readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { grantRole } from "../sandbox/admin";
import { findOrg } from "../sandbox/emulator/world";
import { type ApiStubProcess, startApiStubProcess } from "../sandbox/api/start";
import { type RunResult, run, terraform } from "./support/run";
import { Workspace } from "./support/workspace";

const DEV_ORG = "Acme Partner Dev";
const CLIENT_NAME = "Acme Bot Partner (dev)";
const FLOW_ID = "6a1f0c56-0d55-4c1e-9f0e-4b9b1f7d2a10";

let ws: Workspace;
let stub: ApiStubProcess;
let euStub: ApiStubProcess;
let tokensFile: string;
let appConfigFile: string;
let partnerSecret = "";
let oldSecret = "";
/** Everything the doctor, verify and rotate-secret printed, except rotate-secret's stdout (the sink). */
const printed: string[] = [];

function common(): string[] {
  return ["--config-dir", ws.configDir, "--output", ws.outDir];
}

function npm(script: string, args: readonly string[], env: NodeJS.ProcessEnv = {}): RunResult {
  return run(`npm run ${script}`, "npm", ["run", "--silent", script, "--", ...args], { ...ws.env("dev"), ...env });
}

function pipeline(script: string, ...args: string[]): RunResult {
  const result = npm(script, [...args, ...common()]);
  if (result.code !== 0) throw new Error(`npm run ${script} failed (exit ${result.code}):\n${result.output}`);
  return result;
}

interface Check {
  id: string;
  status: string;
  detail: string;
  fix: string;
}

function doctor(
  args: readonly string[],
  secret = partnerSecret,
): { code: number; checks: Record<string, Check>; result: RunResult } {
  const result = npm(
    "doctor",
    ["dev", "--gateway", stub.url, "--app-config", appConfigFile, "--config-dir", ws.configDir, ...args],
    { PARTNER_OAUTHCLIENT_SECRET: secret },
  );
  printed.push(result.stdout, result.stderr);
  const checks: Record<string, Check> = {};
  if (args.includes("--json")) {
    const report = JSON.parse(result.stdout) as { environment: string; checks: Check[] };
    expect(report.environment).toBe("dev");
    for (const c of report.checks) checks[c.id] = c;
  }
  return { code: result.code, checks, result };
}

function partnerClient() {
  const client = findOrg(ws.world(), DEV_ORG).oauthClients.find((c) => c.name === CLIENT_NAME);
  if (!client) throw new Error(`no client ${CLIENT_NAME} in the world`);
  return client;
}

/**
 * The documented grant steps (README, "First deploy: the role chicken-and-egg"): an admin grants the bot-session
 * role to the deploying client, then the config lets the stack grant it to the partner client, and dev deploys
 * again.
 */
function grantBotSessionRole(roleName: string): void {
  grantRole(ws.worldFile, { client: ws.deployer("dev").clientId, role: roleName, division: "*" });
  ws.editConfig("dev", (config) => {
    const role = (config.oauthClient.botSessionRole ?? {}) as Record<string, unknown>;
    config.oauthClient.botSessionRole = { ...role, heldByDeployer: true };
  });
  ws.synth("dev");
  // The pipeline's terraform data was private to its run: plain terraform initializes its own.
  ws.init("dev", "dev");
  const apply = terraform(ws.stackDir("dev"), ["apply", "-auto-approve"], ws.env("dev"));
  if (apply.code !== 0) throw new Error(`deploying dev with the grant failed:\n${apply.output}`);
}

beforeAll(async () => {
  ws = Workspace.create();
  await ws.startEmulators(["dev"]);
  tokensFile = join(ws.root, "issued-tokens.txt");
  // Separate processes: the commands under test run while this process waits on spawnSync.
  stub = await startApiStubProcess({ worldFile: ws.worldFile, region: "us-east-1", tokensFile });
  euStub = await startApiStubProcess({ worldFile: ws.worldFile, region: "eu-west-1", tokensFile });
}, 60_000);

afterAll(async () => {
  await stub?.stop();
  await euStub?.stop();
  await ws.dispose();
});

test("deploy dev, write its app config", () => {
  // The shipped dev starts in phase "role" (no client). The story needs a client that exists but lacks the
  // bot-session role: one granted only an existing role its deployer holds, which carries no textbots permission.
  ws.editConfig("dev", (config) => {
    config.oauthClient.roles = [{ name: "Developer", division: "*" }];
  });
  pipeline("pipeline:synth");
  pipeline("pipeline:deploy", "dev", "--auto-approve");
  appConfigFile = join(ws.root, "app-config", "dev.json");
  pipeline("pipeline:app-config", "dev", "--app-config-file", appConfigFile);
  oldSecret = partnerClient().secret;
}, 120_000);

test("rotate-secret hands the new secret to stdout only; it logs in, the old one no longer does", () => {
  const result = npm("pipeline:rotate-secret", [
    "dev",
    "--gateway",
    stub.url,
    "--app-config",
    appConfigFile,
    "--config-dir",
    ws.configDir,
  ]);
  printed.push(result.stderr);
  expect({ code: result.code, stderr: result.stderr }).toMatchObject({ code: 0 });
  partnerSecret = result.stdout;
  expect(partnerSecret).toBe(partnerClient().secret);
  expect(partnerSecret).not.toBe(oldSecret);
  expect(result.stderr).toContain("Regenerated the secret");

  const withNew = doctor(["--json"], partnerSecret);
  expect(withNew.checks.login!.status).toBe("pass");

  const withOld = doctor(["--json"], oldSecret);
  expect(withOld.code).toBe(1);
  expect(withOld.checks.login!.status).toBe("fail");
  expect(withOld.checks.login!.detail).toContain("HTTP 401");
  expect(withOld.checks.login!.detail).toContain("not a 403 problem");
}, 120_000);

test("without the bot-session role: bot-session-permission fails and a live session gets 403", () => {
  const { code, checks } = doctor(["--json", "--flow-id", FLOW_ID]);
  expect(code).toBe(1);
  expect(checks.login!.status).toBe("pass");
  expect(checks.organization!.status).toBe("pass");
  expect(checks["bot-session-permission"]!.status).toBe("fail");
  expect(checks["live-session"]!.status).toBe("fail");
  expect(checks["live-session"]!.detail).toMatch(/HTTP 403 \S+ .+ \(correlation id \S+\)/);

  const human = doctor(["--flow-id", FLOW_ID]);
  expect(human.code).toBe(1);
  const lines = human.result.stdout.trim().split("\n");
  expect(lines).toHaveLength(5);
  const failing = lines.find((l) => l.startsWith("FAIL bot-session-permission"));
  expect(failing).toMatch(/Fix: .*botSessionRole\.heldByDeployer.*First deploy: the role chicken-and-egg/);

  const verify = npm("pipeline:verify", ["dev", "--live", "--gateway", stub.url, ...common()], {
    PARTNER_OAUTHCLIENT_SECRET: partnerSecret,
  });
  printed.push(verify.stdout, verify.stderr);
  expect(verify.code).toBe(1);
  expect(verify.output).toContain('Live check of "dev" failed (bot-session-permission)');
}, 120_000);

test("after the printed fix (the documented grant steps) the doctor passes", () => {
  const config = ws.config("dev");
  const roleName =
    ((config.oauthClient.botSessionRole as Record<string, unknown> | undefined)?.name as string | undefined) ??
    `${config.oauthClient.name as string} bot sessions`;
  grantBotSessionRole(roleName);

  const { code, checks } = doctor(["--json", "--flow-id", FLOW_ID]);
  expect(Object.values(checks).map((c) => [c.id, c.status])).toEqual([
    ["login", "pass"],
    ["organization", "pass"],
    ["roles", "pass"],
    ["bot-session-permission", "pass"],
    ["live-session", "pass"],
  ]);
  expect(code).toBe(0);

  const verify = npm("pipeline:verify", ["dev", "--live", "--gateway", stub.url, ...common()], {
    PARTNER_OAUTHCLIENT_SECRET: partnerSecret,
  });
  printed.push(verify.stdout, verify.stderr);
  expect(verify.code).toBe(0);
  expect(verify.output).toContain('Live check of "dev": no check failed');
}, 180_000);

test("an app config pointing at the prod org is caught by organization", () => {
  const prod = findOrg(ws.world(), "Acme Partner Prod");
  const devConfig = JSON.parse(readFileSync(appConfigFile, "utf8")) as Record<string, string>;
  const mixedUp = join(ws.root, "app-config", "dev-with-prod-org.json");
  writeFileSync(mixedUp, JSON.stringify({ ...devConfig, organizationId: prod.id, organizationName: prod.name }));
  const result = npm(
    "doctor",
    ["dev", "--gateway", stub.url, "--app-config", mixedUp, "--config-dir", ws.configDir, "--json"],
    {
      PARTNER_OAUTHCLIENT_SECRET: partnerSecret,
    },
  );
  printed.push(result.stdout, result.stderr);
  expect(result.code).toBe(1);
  const organization = (JSON.parse(result.stdout) as { checks: Check[] }).checks.find((c) => c.id === "organization")!;
  expect(organization.status).toBe("fail");
  expect(organization.detail).toContain(prod.id);
  expect(organization.fix).toContain("npm run pipeline:app-config -- dev");
}, 60_000);

test("a wrong secret and a wrong region are caught by login, not reported as 403", () => {
  const wrongSecret = doctor(["--json", "--flow-id", FLOW_ID], "marker-not-the-secret");
  expect(wrongSecret.checks.login!.status).toBe("fail");
  expect(wrongSecret.checks["live-session"]!.status).toBe("skip");

  // The config names eu-west-1, and the gateway fronts eu-west-1, but the org (and client) live in us-east-1.
  ws.editConfig("dev", (config) => {
    config.region = "eu-west-1";
  });
  const result = npm(
    "doctor",
    [
      "dev",
      "--gateway",
      euStub.url,
      "--app-config",
      appConfigFile,
      "--config-dir",
      ws.configDir,
      "--json",
      "--flow-id",
      FLOW_ID,
    ],
    { PARTNER_OAUTHCLIENT_SECRET: partnerSecret },
  );
  printed.push(result.stdout, result.stderr);
  expect(result.code).toBe(1);
  const checks = (JSON.parse(result.stdout) as { checks: Check[] }).checks;
  const login = checks.find((c) => c.id === "login")!;
  expect(login.status).toBe("fail");
  expect(login.detail).toContain("another region than eu-west-1");
  expect(login.detail).toContain("not a 403 problem");
  for (const check of [wrongSecret.checks, Object.fromEntries(checks.map((c) => [c.id, c]))]) {
    expect(JSON.stringify(check)).not.toContain("HTTP 403");
  }
}, 60_000);

test("usage errors exit 2 and print nothing on stdout", () => {
  for (const args of [["nosuchenv"], ["dev", "--gateway", "not a url"], []]) {
    const result = npm("doctor", [...args, "--config-dir", ws.configDir, "--json"], {
      PARTNER_OAUTHCLIENT_SECRET: partnerSecret,
    });
    printed.push(result.stdout, result.stderr);
    expect({ args, code: result.code, stdout: result.stdout }).toEqual({ args, code: 2, stdout: "" });
    expect(result.stderr).toContain("error: ");
  }
}, 60_000);

test("no secret or token was printed, except the new secret on rotate-secret's stdout", () => {
  const all = printed.join("\n");
  expect(all.length).toBeGreaterThan(0);
  const tokens = readFileSync(tokensFile, "utf8").split("\n").filter(Boolean);
  expect(tokens.length).toBeGreaterThan(0);
  for (const secret of [partnerSecret, oldSecret, ws.deployer("dev").clientSecret, ...tokens]) {
    expect(secret).not.toBe("");
    expect(all).not.toContain(secret);
  }
});
