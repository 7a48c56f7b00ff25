/**
 * `npm run --silent doctor -- token` as a process, the token on its stdin, against the API stand-in in its own
 * process on a multi-tenant world: a healthy user token of a customer's user, a partner-org client-credentials
 * token used for that customer, an invalid token, and a token given as an argument; no token on any output.
 */
import { spawnSync } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { type ApiStubProcess, startApiStubProcess } from "../sandbox/api/start";
import { PROJECT_ROOT } from "../sandbox/emulator/start";
import { CUSTOMER, FLOW_ID, PARTNER, buildTenantWorld } from "../test/doctor/token-support";
import { recordStep } from "./support/timing";

let dir: string;
let stub: ApiStubProcess;
let tokensFile: string;
const printed: string[] = [];

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), "doctor-token-e2e-"));
  const worldFile = join(dir, "world.json");
  tokensFile = join(dir, "issued-tokens.txt");
  writeFileSync(worldFile, JSON.stringify(buildTenantWorld()));
  stub = await startApiStubProcess({ worldFile, region: "us-east-1", tokensFile });
}, 60_000);

afterAll(async () => {
  await stub?.stop();
  rmSync(dir, { recursive: true, force: true });
});

async function issued(response: Response): Promise<string> {
  expect(response.status).toBe(200);
  return ((await response.json()) as { access_token: string }).access_token;
}

const form = { "content-type": "application/x-www-form-urlencoded" };

function userToken(clientId: string, username: string): Promise<Response> {
  return fetch(`${stub.url}/login/sandbox/user-token`, {
    method: "POST",
    headers: form,
    body: new URLSearchParams({ client_id: clientId, username }).toString(),
  });
}

function clientToken(clientId: string): Promise<Response> {
  const basic = Buffer.from(`${clientId}:marker-secret-of-${clientId}`).toString("base64");
  return fetch(`${stub.url}/login/oauth/token`, {
    method: "POST",
    headers: { ...form, authorization: `Basic ${basic}` },
    body: "grant_type=client_credentials",
  });
}

/** The doctor as a user runs it, the token piped in; nothing of the environment names a token. */
function doctor(stdin: string, ...args: string[]) {
  const started = Date.now();
  const result = spawnSync("npm", ["run", "--silent", "doctor", "--", "token", "--gateway", stub.url, ...args], {
    cwd: PROJECT_ROOT,
    env: { PATH: process.env.PATH, HOME: dir, CHECKPOINT_DISABLE: "1" },
    input: stdin,
    encoding: "utf8",
    timeout: 60_000,
  });
  recordStep("npm run doctor -- token", Date.now() - started);
  if (result.error) throw result.error;
  printed.push(result.stdout, result.stderr);
  return { code: result.status, stdout: result.stdout, stderr: result.stderr };
}

function statuses(stdout: string): string[] {
  const report = JSON.parse(stdout) as { checks: { id: string; status: string }[] };
  return report.checks.map((c) => `${c.id}:${c.status}`);
}

test("a healthy user token of a customer's user passes every check (exit 0), as text and as --json", async () => {
  const token = await issued(await userToken("partner-app", "alice@customer.example"));
  const json = doctor(`${token}\n`, "--expect-org", CUSTOMER.id, "--flow-id", FLOW_ID, "--json");
  expect({ code: json.code, stderr: json.stderr }).toEqual({ code: 0, stderr: "" });
  expect(statuses(json.stdout)).toEqual([
    "token:pass",
    "org:pass",
    "scope:pass",
    "permission:pass",
    "live-session:pass",
  ]);
  expect(JSON.parse(json.stdout).token).toMatchObject({ kind: "user", organization: CUSTOMER });
  const text = doctor(token, "--expect-org", CUSTOMER.id);
  expect(text.code).toBe(0);
  expect(
    text.stdout
      .trim()
      .split("\n")
      .map((l) => l.split(":")[0]),
  ).toEqual(["PASS token", "PASS org", "PASS scope", "PASS permission", "SKIP live-session"]);
}, 120_000);

test("a partner-org client-credentials token used for the customer fails org (exit 1)", async () => {
  const token = await issued(await clientToken("partner-cc"));
  const result = doctor(token, "--expect-org", CUSTOMER.name, "--json");
  expect(result.code).toBe(1);
  const org = (JSON.parse(result.stdout) as { checks: { id: string; detail: string; fix: string }[] }).checks[1]!;
  expect(org.detail).toContain(
    `this token acts in org "${PARTNER.name}" (${PARTNER.id}); a CLIENT-CREDENTIALS client acts only in its own org`,
  );
  expect(org.fix).toMatch(/^Create the client in org "Customer One"/);
}, 60_000);

test("an invalid token fails check token (exit 1); a token given as an argument is a usage error (exit 2)", () => {
  const invalid = doctor("marker-invalid-token-e2e-5b8c\n", "--json");
  expect(invalid.code).toBe(1);
  expect(statuses(invalid.stdout)[0]).toBe("token:fail");
  const asArgument = doctor("", "marker-token-as-argument-1f2e");
  expect({ code: asArgument.code, stdout: asArgument.stdout }).toEqual({ code: 2, stdout: "" });
  expect(asArgument.stderr).toContain("never from the command line");
}, 60_000);

test("no token reached stdout or stderr", () => {
  const all = printed.join("\n");
  const tokens = readFileSync(tokensFile, "utf8").split("\n").filter(Boolean);
  expect(tokens).toHaveLength(2);
  for (const token of [...tokens, "marker-invalid-token-e2e-5b8c", "marker-token-as-argument-1f2e"])
    expect(all).not.toContain(token);
});
