/**
 * The token doctor's command line (usage errors, stdin) and the answers no sandbox gives: an incomplete
 * TokenInfo, a 403 on tokens/me, a server that echoes the token. The five cases against the sandbox are in
 * token.test.ts.
 */
import * as fs from "node:fs";
import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import * as path from "node:path";
import { PassThrough, Readable } from "node:stream";
import Ajv2020 from "ajv/dist/2020";
import type { Models } from "purecloud-platform-client-v2";
import { main } from "../../commands/doctor/cli";
import { redact } from "../../commands/doctor/redact";
import { type TokenDoctorApi, runTokenDoctor, tokenFacts } from "../../commands/doctor/token-checks";
import { type TokenSource, streamSource } from "../../commands/doctor/token-cli";
import type { Result } from "../../commands/core/genesys-api";
import { PROJECT_ROOT, minimalEnvironment, tempConfigDir } from "../support/config-dir";

const TOKEN = "marker-token-4f0c9a7d2b1e8c6f5a3d";

function stdin(text: string, isTTY = false): TokenSource {
  return streamSource(Readable.from([Buffer.from(text)]), isTTY);
}

async function doctor(args: string[], input: TokenSource) {
  const out: string[] = [];
  const err: string[] = [];
  const code = await main(["token", ...args], {
    env: {},
    stdin: input,
    out: (l) => out.push(l),
    err: (l) => err.push(l),
  });
  return { code, out, err, all: [...out, ...err].join("\n") };
}

describe("doctor token: usage errors exit 2, print nothing on stdout and never echo the token", () => {
  const configDir = () => tempConfigDir({ "dev.json": minimalEnvironment("dev") });
  it.each([
    ["a terminal on stdin", ["--region", "us-east-1"], stdin(TOKEN, true), "stdin is a terminal"],
    ["empty stdin", ["--region", "us-east-1"], stdin(" \n"), "stdin is empty"],
    ["two tokens", ["--region", "us-east-1"], stdin(`${TOKEN}\n${TOKEN}x\n`), "2 words"],
    ["not a token", ["--region", "us-east-1"], stdin(`${TOKEN}"}`), "does not hold an access token"],
    ["too much", ["--region", "us-east-1"], stdin("x".repeat(70_000)), "more than"],
    ["the token as an argument", [TOKEN, "--region", "us-east-1"], stdin(TOKEN), "never from the command line"],
    ["no region", [], stdin(TOKEN), "say where the token is from"],
    ["region and gateway", ["--region", "us-east-1", "--gateway", "http://127.0.0.1:1"], stdin(TOKEN), "either"],
    ["an unknown region", ["--region", "mars-1"], stdin(TOKEN), "--region must be one of"],
    ["env and expect-org", ["--env", "dev", "--expect-org", "x"], stdin(TOKEN), "either --env or --expect-org"],
    ["an env name that is no name", ["--env", TOKEN.toUpperCase()], stdin(TOKEN), "--env must be"],
    ["a bad flow id", ["--region", "us-east-1", "--flow-id", "a b"], stdin(TOKEN), "--flow-id"],
    ["an unknown option", ["--token", TOKEN], stdin(TOKEN), "Unknown option '--token'"],
    ["a stdin that never ends", ["--region", "us-east-1"], streamSource(new PassThrough(), false, 50), "did not end"],
  ])("%s", async (_, args, input, message) => {
    const run = await doctor([...args, "--config-dir", configDir()], input);
    expect(run.code).toBe(2);
    expect(run.out).toEqual([]);
    expect(run.err.join("\n")).toContain(message);
    expect(run.all).not.toContain(TOKEN);
    expect(run.all).not.toContain(TOKEN.toUpperCase());
  });

  it("an unknown --env", async () => {
    const run = await doctor(["--env", "nosuch", "--config-dir", configDir()], stdin(TOKEN));
    expect(run.code).toBe(2);
    expect(run.err.join("\n")).toContain('Unknown environment "nosuch"');
  });

  it("--region that is not the --env config's region", async () => {
    const run = await doctor(["--env", "dev", "--region", "eu-west-1", "--config-dir", configDir()], stdin(TOKEN));
    expect(run.code).toBe(2);
    expect(run.err.join("\n")).toContain("is not the region of");
  });

  it("--help prints the usage and exits 0 without reading stdin", async () => {
    const run = await doctor(["--help"], { isTTY: false, read: () => Promise.reject(new Error("read stdin")) });
    expect(run.code).toBe(0);
    expect(run.out.join("\n")).toContain("Reads ONE access token from stdin");
  });
});

describe("redact", () => {
  it("replaces the secret and every piece of 12 or more of its characters", () => {
    expect(redact(`a ${TOKEN} b`, TOKEN)).toBe("a [redacted] b");
    expect(redact(`head ${TOKEN.slice(0, 14)} tail ${TOKEN.slice(-12)}.`, TOKEN)).toBe(
      "head [redacted] tail [redacted].",
    );
    expect(redact(`short ${TOKEN.slice(3, 14)}`, TOKEN)).toBe(`short ${TOKEN.slice(3, 14)}`);
  });
});

describe("the token is never printed, even when the server echoes it", () => {
  it("redacts a 401 message that repeats the Authorization header, in text and --json", async () => {
    const server = createServer((req, res) => {
      res.writeHead(401, { "content-type": "application/json", "inin-correlation-id": "c0ffee" });
      res.end(JSON.stringify({ status: 401, code: "bad.credentials", message: `bad ${req.headers.authorization}` }));
    });
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
    const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    try {
      for (const json of [[], ["--json"]]) {
        const run = await doctor(["--gateway", url, ...json], stdin(`Bearer ${TOKEN}\n`));
        expect(run.code).toBe(1);
        expect(run.all).toContain("bad Bearer [redacted]");
        expect(run.all).not.toContain(TOKEN.slice(0, 12));
      }
    } finally {
      server.closeAllConnections();
      await new Promise((resolve) => server.close(resolve));
    }
  });
});

const ok = <T>(value: T): Promise<Result<T>> => Promise.resolve({ ok: true, value });
const failed = (status: number, code = "x"): Promise<Result<never>> =>
  Promise.resolve({ ok: false, failure: { status, body: { code, message: `m-${code}` }, correlationId: "cid-1" } });

const CLIENT_TOKEN: Models.TokenInfo = {
  organization: { id: "org-a", name: "Org A" },
  homeOrganization: { id: "org-a", name: "Org A" },
  OAuthClient: {
    id: "c1",
    name: "Client one",
    authorizedGrantType: "CLIENT-CREDENTIALS",
    organization: { id: "org-a", name: "Org A" },
  },
};

function fakeApi(change: Partial<TokenDoctorApi>): TokenDoctorApi {
  const unused = () => Promise.reject(new Error("not expected"));
  return {
    tokensMe: () => ok(CLIENT_TOKEN),
    usersMeWithAuthorization: unused,
    oauthClient: unused,
    role: unused,
    startBotSession: unused,
    ...change,
  };
}

describe("answers the sandbox does not give", () => {
  const run = (api: TokenDoctorApi, flowId?: string) =>
    runTokenDoctor({ api, where: "api.example", expect: undefined, flowId });

  it("a TokenInfo without the client's grant type fails check token (what the token is cannot be told)", async () => {
    expect(tokenFacts({ ...CLIENT_TOKEN, OAuthClient: { name: "x" } as Models.OrgOAuthClient })).toBe("OAuthClient.id");
    const report = await run(
      fakeApi({ tokensMe: () => ok({ ...CLIENT_TOKEN, OAuthClient: { id: "c1", name: "x" } as never }) }),
    );
    expect(report.token).toBeNull();
    expect(report.checks[0]).toMatchObject({ id: "token", status: "fail" });
    expect(report.checks[0]!.detail).toContain("OAuthClient.authorizedGrantType");
    expect(report.checks.slice(1).map((c) => c.status)).toEqual(["skip", "skip", "skip", "skip"]);
  });

  it("a 403 on tokens/me fails check token and names the scope the API lists for it", async () => {
    const report = await run(fakeApi({ tokensMe: () => failed(403, "missing.scope") }));
    expect(report.checks[0]!.detail).toContain("HTTP 403 missing.scope m-missing.scope (correlation id cid-1)");
    expect(report.checks[0]!.fix).toContain("user-basic-info");
  });

  it("a client token that may not read its roles skips permission, says what to ask, and a 403 maps to it", async () => {
    const report = await run(
      fakeApi({
        oauthClient: () => ok({ id: "c1", roleDivisions: [{ roleId: "r1", divisionId: "*" }] }),
        role: () => failed(403, "missing.permissions"),
        startBotSession: () => failed(403, "missing.permissions"),
      }),
      "flow-1",
    );
    const [, , , permission, live] = report.checks;
    expect(permission).toMatchObject({ status: "skip", fix: "" });
    expect(permission!.detail).toContain("authorization:role:view");
    expect(permission!.detail).toContain('Ask an admin of org "Org A" (org-a) which roles client "Client one" (c1)');
    expect(live!.status).toBe("fail");
    expect(live!.detail).toContain("Check permission could not tell");
    expect(live!.fix).toContain("textbots:botFlowSession:execute");
  });

  it("a name-only --expect-org cannot be told when the API does not name the token's org", async () => {
    const report = await runTokenDoctor({
      api: fakeApi({
        tokensMe: () => ok({ ...CLIENT_TOKEN, organization: { id: "org-a" } }),
        oauthClient: () => failed(403),
      }),
      where: "api.example",
      expect: { from: "option", name: "Org B" },
      flowId: undefined,
    });
    expect(report.checks[1]).toMatchObject({ id: "org", status: "fail" });
    expect(report.checks[1]!.fix).toContain("--expect-org <organization id>");
  });
});

describe("docs/doctor-token.schema.json", () => {
  const schema = JSON.parse(fs.readFileSync(path.join(PROJECT_ROOT, "docs", "doctor-token.schema.json"), "utf8"));
  const validate = new Ajv2020({ strict: true }).compile(schema);
  const check = (id: string, status = "pass", fix = "") => ({ id, status, detail: "d", fix });
  const checks = ["token", "org", "scope", "permission", "live-session"].map((id) => check(id));

  it("accepts a report the doctor writes and refuses other shapes", () => {
    expect(validate({ token: null, checks })).toBe(true);
    expect(validate({ token: null, checks: checks.slice(1) })).toBe(false);
    expect(validate({ token: null, checks: [check("token", "fail"), ...checks.slice(1)] })).toBe(false);
    expect(validate({ token: null, checks: [check("token", "skip", "x"), ...checks.slice(1)] })).toBe(false);
    expect(validate({ token: null, checks: [...checks.slice(1), checks[0]] })).toBe(false);
    expect(validate({ token: { kind: "user" }, checks })).toBe(false);
    expect(validate({ token: null, checks, accessToken: "x" })).toBe(false);
  });
});
