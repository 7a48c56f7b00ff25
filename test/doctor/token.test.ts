import * as fs from "fs";
import * as path from "path";
import Ajv2020 from "ajv/dist/2020";
import { type IncomingMessage, createServer } from "node:http";
import type { AddressInfo } from "node:net";
import { PassThrough, Readable } from "node:stream";
import type { Models } from "purecloud-platform-client-v2";
import { type TokenSource, main, redact, streamSource } from "../../commands/doctor/cli";
import { type TokenCheckResult, type TokenFacts, tokenFacts } from "../../commands/doctor/token-checks";
import { PROJECT_ROOT, tempConfigDir, minimalEnvironment } from "../support/config-dir";
import { CUSTOMER, FLOW_ID, PARTNER, type TenantFixture, tenantFixture } from "./token-support";

/**
 * `doctor token` against the in-process stand-in on a multi-tenant world, through the official SDK: the cases it
 * must tell apart, each with its checks and exit code, and never a token in any output.
 */
describe("doctor token", () => {
  const validate = new Ajv2020({ strict: true }).compile(
    JSON.parse(fs.readFileSync(path.join(PROJECT_ROOT, "docs", "doctor-token.schema.json"), "utf8")),
  );

  let fx: TenantFixture;
  beforeEach(async () => {
    fx = await tenantFixture();
  });
  afterEach(() => fx.close());

  interface Run {
    readonly code: number;
    readonly lines: string[];
    readonly token: TokenFacts | null;
    readonly checks: Record<string, TokenCheckResult>;
    readonly statuses: string[];
  }

  async function once(token: string, args: string[], json: boolean) {
    const out: string[] = [];
    const err: string[] = [];
    const code = await main(["token", "--gateway", fx.stub.url, ...args, ...(json ? ["--json"] : [])], {
      env: {},
      stdin: { isTTY: false, read: async () => `${token}\n` },
      out: (l) => out.push(l),
      err: (l) => err.push(l),
    });
    const all = [...out, ...err].join("\n");
    // Not the token, nor any piece of it long enough to matter, nor any other token the stand-in issued.
    for (const issued of [token, ...fx.stub.issuedTokens()]) {
      for (let i = 0; i + 12 <= issued.length; i += 6) expect(all).not.toContain(issued.slice(i, i + 12));
    }
    expect(err).toEqual([]);
    return { code, out };
  }

  /** Runs the doctor twice, as text and as --json: same exit code, one line per check, the JSON per its schema. */
  async function doctor(token: string, ...args: string[]): Promise<Run> {
    const text = await once(token, args, false);
    const json = await once(token, args, true);
    expect(json.out).toHaveLength(1);
    const report = JSON.parse(json.out[0]!) as { token: TokenFacts | null; checks: TokenCheckResult[] };
    expect(validate(report)).toBe(true);
    expect(text.code).toBe(json.code);
    expect(text.out).toHaveLength(5);
    text.out.forEach((line, i) => expect(line.startsWith(`${report.checks[i]!.status.toUpperCase()} `)).toBe(true));
    return {
      code: json.code,
      lines: text.out,
      token: report.token,
      checks: Object.fromEntries(report.checks.map((c) => [c.id, c])),
      statuses: report.checks.map((c) => `${c.id}:${c.status}`),
    };
  }

  describe("tells apart", () => {
    it("a partner-org client-credentials token used for a customer org", async () => {
      const run = await doctor(await fx.clientToken("partner-cc"), "--expect-org", CUSTOMER.name, "--flow-id", FLOW_ID);
      expect(run.statuses).toEqual(["token:pass", "org:fail", "scope:skip", "permission:pass", "live-session:pass"]);
      const org = run.checks.org!;
      expect(`${org.detail} ${org.fix}`).toContain(
        `this token acts in org "${PARTNER.name}" (${PARTNER.id}); a CLIENT-CREDENTIALS client acts only in its own org`,
      );
      expect(org.fix).toMatch(/^Create the client in org "Customer One"/);
      expect(run.checks["live-session"]!.detail).toContain(`in org "${PARTNER.name}"`);
      expect(run.token).toMatchObject({ kind: "client", organization: PARTNER, client: { id: "partner-cc" } });
      expect(run.code).toBe(1);
    });

    it("a user token without textbots", async () => {
      const token = await fx.userToken("partner-app-noscope", "Alice");
      const run = await doctor(token, "--expect-org", CUSTOMER.id, "--flow-id", FLOW_ID);
      expect(run.statuses).toEqual(["token:pass", "org:pass", "scope:fail", "permission:pass", "live-session:fail"]);
      expect(run.checks.scope!.detail).toContain("include neither textbots nor all");
      expect(run.checks.scope!.fix).toContain("Add the scope textbots to client");
      expect(run.checks["live-session"]!.detail).toMatch(
        /HTTP 403 .*\(correlation id [0-9a-f-]{36}\).* Check scope failed above and explains it/,
      );
      expect(run.checks["live-session"]!.fix).toBe(run.checks.scope!.fix);
      expect(run.token).toMatchObject({
        kind: "user",
        organization: CUSTOMER,
        homeOrganization: CUSTOMER,
        client: { id: "partner-app-noscope", organization: PARTNER, grantType: "CODE" },
        scopes: ["users:readonly", "user-basic-info"],
      });
      expect(run.code).toBe(1);
    });

    it("a user whose roles lack the permission", async () => {
      const run = await doctor(
        await fx.userToken("partner-app", "Bob"),
        "--expect-org",
        CUSTOMER.id,
        "--flow-id",
        FLOW_ID,
      );
      expect(run.statuses).toEqual(["token:pass", "org:pass", "scope:pass", "permission:fail", "live-session:fail"]);
      expect(run.checks.permission!.detail).toContain('user "Bob" (user-bob) of org "Customer One"');
      expect(run.checks.permission!.detail).toContain('their roles ("Reporting")');
      expect(run.checks.permission!.fix).toContain(
        `An admin of org "${CUSTOMER.name}" (${CUSTOMER.id}) grants user "Bob"`,
      );
      expect(run.checks["live-session"]!.detail).toContain("HTTP 403 missing.permissions");
      expect(run.checks["live-session"]!.detail).toContain("Check permission failed above and explains it");
      expect(run.code).toBe(1);
    });

    it("a healthy user token", async () => {
      const run = await doctor(
        await fx.userToken("partner-app", "Alice"),
        "--expect-org",
        CUSTOMER.id,
        "--flow-id",
        FLOW_ID,
      );
      expect(run.statuses).toEqual(["token:pass", "org:pass", "scope:pass", "permission:pass", "live-session:pass"]);
      expect(run.checks.token!.detail).toContain(
        'a user token (grant CODE) issued by client "Partner app" (partner-app)',
      );
      expect(run.checks.org!.detail).toContain(
        `it was issued by client "Partner app" (partner-app) of org "${PARTNER.name}"`,
      );
      expect(run.checks.permission!.detail).toContain(
        'holds textbots:botFlowSession:execute, through their roles ("Bot users")',
      );
      expect(run.code).toBe(0);
    });

    it("an invalid token", async () => {
      const run = await doctor("marker-not-a-valid-token-7d1e", "--expect-org", CUSTOMER.id, "--flow-id", FLOW_ID);
      expect(run.statuses).toEqual(["token:fail", "org:skip", "scope:skip", "permission:skip", "live-session:skip"]);
      expect(run.checks.token!.detail).toContain("HTTP 401");
      expect(run.checks.token!.detail).toContain("no role, permission or scope fixes it");
      expect(run.token).toBeNull();
      expect(run.code).toBe(1);
    });
  });

  describe("more", () => {
    it("a client-credentials token in its own org: scope skipped with why, permission from the client's roles", async () => {
      const run = await doctor(await fx.clientToken("partner-cc"), "--expect-org", PARTNER.id);
      expect(run.statuses).toEqual(["token:pass", "org:pass", "scope:skip", "permission:pass", "live-session:skip"]);
      expect(run.checks.scope!.detail).toContain("not limited by scopes");
      expect(run.checks.permission!.detail).toContain('through its role "Partner bot sessions"');
      expect(run.code).toBe(0);
    });

    it("a client-credentials token that may not read its own client: permission skipped with what to ask the admin", async () => {
      const run = await doctor(await fx.clientToken("partner-cc-blind"));
      expect(run.checks.permission).toMatchObject({ status: "skip", fix: "" });
      expect(run.checks.permission!.detail).toContain("oauth:client:view");
      expect(run.checks.permission!.detail).toContain(`Ask an admin of org "${PARTNER.name}"`);
      expect(run.checks.org!.detail).toContain("No --env or --expect-org given");
      expect(run.code).toBe(0);
    });

    it("--env takes the org meant and the scope fix from the environment's config", async () => {
      const configDir = tempConfigDir({
        "tenant-one.json": {
          region: "us-east-1",
          organization: { name: CUSTOMER.name },
          oauthClient: {
            name: "Partner app without textbots",
            grantType: "CODE",
            scopes: ["users:readonly"],
            redirectUris: ["https://app.example/callback"],
          },
        },
      });
      const run = await doctor(
        await fx.userToken("partner-app-noscope", "Alice"),
        "--env",
        "tenant-one",
        "--config-dir",
        configDir,
      );
      expect(run.checks.org!.detail).toContain(
        `"${CUSTOMER.name}" (${CUSTOMER.id}) is the org ${configDir}/tenant-one.json (environment tenant-one) means.`,
      );
      expect(run.checks.scope!.fix).toContain('Add "textbots" to oauthClient.scopes in');
      expect(run.checks.scope!.fix).toContain("npm run pipeline:deploy -- tenant-one");
    });

    it("--env of a CODE environment with a partner-org client-credentials token: use a user's token", async () => {
      const configDir = tempConfigDir({
        "tenant-one.json": {
          region: "us-east-1",
          organization: { name: CUSTOMER.name, id: CUSTOMER.id },
          oauthClient: {
            name: "Partner app",
            grantType: "CODE",
            scopes: ["textbots"],
            redirectUris: ["https://app.example/callback"],
          },
        },
      });
      const run = await doctor(await fx.clientToken("partner-cc"), "--env", "tenant-one", "--config-dir", configDir);
      expect(run.checks.org!.status).toBe("fail");
      expect(run.checks.org!.detail).toContain("a CLIENT-CREDENTIALS client acts only in its own org");
      expect(run.checks.org!.fix).toContain(`Call with the token of a user of org "${CUSTOMER.name}" (${CUSTOMER.id})`);
      expect(run.code).toBe(1);
    });

    it("calls only the endpoints docs/doctor.md names for it", async () => {
      const before = fx.stub.requests.length;
      await doctor(await fx.userToken("partner-app", "Alice"), "--flow-id", FLOW_ID);
      await doctor(await fx.clientToken("partner-cc"), "--flow-id", FLOW_ID);
      const allowed = [
        /^GET \/api\/api\/v2\/tokens\/me$/,
        /^GET \/api\/api\/v2\/users\/me$/,
        /^GET \/api\/api\/v2\/oauth\/clients\/[^/]+$/,
        /^GET \/api\/api\/v2\/authorization\/roles\/[^/]+$/,
        /^POST \/api\/api\/v2\/textbots\/botflows\/sessions$/,
      ];
      const made = fx.stub.requests.slice(before).filter((r) => !r.includes("/login/"));
      expect(made.length).toBeGreaterThan(0);
      for (const request of made) expect(allowed.some((a) => a.test(request))).toBe(true);
    });

    it("--env takes a customer stack (customer-<name>, customers/<name>.json) like an environment", async () => {
      const customersDir = tempConfigDir({
        "one.json": {
          region: "us-east-1",
          organization: { name: CUSTOMER.name, id: CUSTOMER.id },
          oauthClient: { name: "Acme Bot Partner" },
          customer: { secretDelivery: "integration-credential" },
        },
      });
      const saved = process.env.PARTNER_OAUTH_CUSTOMERS_DIR;
      process.env.PARTNER_OAUTH_CUSTOMERS_DIR = customersDir;
      try {
        const run = await doctor(await fx.clientToken("partner-cc"), "--env", "customer-one");
        expect(run.checks.org!.detail).toContain(
          `(environment customer-one) means org "${CUSTOMER.name}" (${CUSTOMER.id})`,
        );
        expect(run.checks.org!.fix).toContain("deploy the stack customer-one into");
        expect(run.code).toBe(1);
      } finally {
        if (saved === undefined) delete process.env.PARTNER_OAUTH_CUSTOMERS_DIR;
        else process.env.PARTNER_OAUTH_CUSTOMERS_DIR = saved;
      }
    });

    it("a user token signed in to another org than the one meant", async () => {
      const run = await doctor(await fx.userToken("partner-app", "Alice"), "--expect-org", PARTNER.name);
      expect(run.checks.org!.status).toBe("fail");
      expect(run.checks.org!.detail).toContain("a user token acts in the org of the user who signed in");
      expect(run.checks.org!.fix).toContain(`Sign in as a user of org "${PARTNER.name}"`);
    });
  });
});

/**
 * The stand-in's user tokens, which the token doctor's tests rely on: who may sign in, that a user token acts in
 * the user's org, that the client's scopes limit it and the user's roles (not the client's) authorize it.
 */

describe("the stand-in's user tokens", () => {
  let fx: TenantFixture;
  beforeEach(async () => {
    fx = await tenantFixture();
  });
  afterEach(() => fx.close());

  const signIn = (body: Record<string, string>) =>
    fetch(`${fx.stub.url}/login/sandbox/user-token`, {
      method: "POST",
      headers: { "content-type": "application/x-www-form-urlencoded" },
      body: new URLSearchParams(body).toString(),
    });

  const call = (token: string, method: string, path: string, body?: unknown) =>
    fetch(`${fx.stub.url}/api${path}`, {
      method,
      headers: { authorization: `Bearer ${token}`, "content-type": "application/json" },
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
    });

  const launch = { flow: { id: FLOW_ID }, externalSessionId: "x-1" };

  it("signs in users of any org with an active client that is not CLIENT-CREDENTIALS", async () => {
    expect((await signIn({ client_id: "partner-cc", username: "alice@customer.example" })).status).toBe(400);
    expect((await signIn({ client_id: "nosuch", username: "alice@customer.example" })).status).toBe(401);
    expect((await signIn({ client_id: "partner-app", username: "nobody@customer.example" })).status).toBe(400);
    expect((await signIn({ client_id: "partner-app", username: "alice@customer.example" })).status).toBe(200);
  });

  it("acts in the user's org, with the client's scopes, and says so in tokens/me", async () => {
    const token = await fx.userToken("partner-app", "Alice");
    expect(await (await call(token, "GET", "/api/v2/tokens/me")).json()).toMatchObject({
      organization: CUSTOMER,
      authorizedScope: ["textbots", "user-basic-info"],
      OAuthClient: { id: "partner-app", authorizedGrantType: "CODE", organization: PARTNER },
    });
    const me = (await (await call(token, "GET", "/api/v2/users/me?expand=authorization")).json()) as {
      authorization: { roles: { name: string }[]; permissions: string[] };
    };
    expect(me.authorization.roles.map((r) => r.name)).toEqual(["Bot users"]);
    expect(me.authorization.permissions).toEqual(["textbots:botFlowSession:execute"]);
  });

  it("is limited by the scopes (403 without one the operation accepts) and authorized by the user's roles", async () => {
    const noScope = await fx.userToken("partner-app-noscope", "Alice");
    const refused = await call(noScope, "POST", "/api/v2/textbots/botflows/sessions", launch);
    expect(refused.status).toBe(403);
    expect(((await refused.json()) as { code: string }).code).toBe("missing.scope");
    expect(
      (await call(await fx.userToken("partner-app", "Bob"), "POST", "/api/v2/textbots/botflows/sessions", launch))
        .status,
    ).toBe(403);
    expect(
      (await call(await fx.userToken("partner-app", "Alice"), "POST", "/api/v2/textbots/botflows/sessions", launch))
        .status,
    ).toBe(200);
    // users:readonly is not among the scopes of GET /api/v2/organizations/me.
    expect((await call(noScope, "GET", "/api/v2/organizations/me")).status).toBe(403);
  });

  it("answers users/me for a client-credentials token with 400: it acts as no user", async () => {
    expect((await call(await fx.clientToken("partner-cc"), "GET", "/api/v2/users/me")).status).toBe(400);
  });
});

/**
 * The token doctor's command line (usage errors, stdin) and the answers no sandbox gives: an incomplete
 * TokenInfo, a 403 on tokens/me, a server that echoes the token. The cases against the sandbox are above.
 */

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

type Answer = readonly [status: number, body: unknown];

/** A server that answers each API path (after /api/v2/, without the query) as given, any other with 404. */
async function answering(answers: Record<string, Answer>, test: (url: string) => Promise<void>): Promise<void> {
  const server = createServer((req, res) => {
    const path = (req.url ?? "").replace(/^\/api\/api\/v2\//, "").replace(/\?.*$/, "");
    const [status, body] = answers[path] ?? [404, { code: "not.found" }];
    res.writeHead(status, { "content-type": "application/json", "inin-correlation-id": "cid-1" });
    res.end(JSON.stringify(typeof body === "function" ? body(req) : body));
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  try {
    await test(`http://127.0.0.1:${(server.address() as AddressInfo).port}`);
  } finally {
    server.closeAllConnections();
    await new Promise((resolve) => server.close(resolve));
  }
}

async function report(url: string, ...args: string[]) {
  const run = await doctor(["--gateway", url, "--json", ...args], stdin(TOKEN));
  expect(run.err).toEqual([]);
  return JSON.parse(run.out[0]!) as { token: TokenFacts | null; checks: TokenCheckResult[] };
}

describe("the token is never printed, even when the server echoes it", () => {
  it("redacts a 401 message that repeats the Authorization header, in text and --json", async () => {
    const echo = (req: IncomingMessage) => ({
      status: 401,
      code: "bad.credentials",
      message: `bad ${req.headers.authorization}`,
    });
    await answering({ "tokens/me": [401, echo] }, async (url) => {
      for (const json of [[], ["--json"]]) {
        const run = await doctor(["--gateway", url, ...json], stdin(`Bearer ${TOKEN}\n`));
        expect(run.code).toBe(1);
        expect(run.all).toContain("bad Bearer [redacted]");
        expect(run.all).not.toContain(TOKEN.slice(0, 12));
      }
    });
  });
});

const problem = (code: string) => ({ code, message: `m-${code}` });

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

describe("answers the sandbox does not give", () => {
  it("a TokenInfo without the client's grant type fails check token (what the token is cannot be told)", async () => {
    expect(tokenFacts({ ...CLIENT_TOKEN, OAuthClient: { name: "x" } as Models.OrgOAuthClient })).toBe("OAuthClient.id");
    const incomplete = { ...CLIENT_TOKEN, OAuthClient: { id: "c1", name: "x" } };
    await answering({ "tokens/me": [200, incomplete] }, async (url) => {
      const { token, checks } = await report(url);
      expect(token).toBeNull();
      expect(checks[0]).toMatchObject({ id: "token", status: "fail" });
      expect(checks[0]!.detail).toContain("OAuthClient.authorizedGrantType");
      expect(checks.slice(1).map((c) => c.status)).toEqual(["skip", "skip", "skip", "skip"]);
    });
  });

  it("a 403 on tokens/me fails check token and names the scope the API lists for it", async () => {
    await answering({ "tokens/me": [403, problem("missing.scope")] }, async (url) => {
      const { checks } = await report(url);
      expect(checks[0]!.detail).toContain("HTTP 403 missing.scope m-missing.scope (correlation id cid-1)");
      expect(checks[0]!.fix).toContain("user-basic-info");
    });
  });

  it("a client token that may not read its roles skips permission, says what to ask, and a 403 maps to it", async () => {
    const answers: Record<string, Answer> = {
      "tokens/me": [200, CLIENT_TOKEN],
      "oauth/clients/c1": [200, { id: "c1", roleDivisions: [{ roleId: "r1", divisionId: "*" }] }],
      "authorization/roles/r1": [403, problem("missing.permissions")],
      "textbots/botflows/sessions": [403, problem("missing.permissions")],
    };
    await answering(answers, async (url) => {
      const [, , , permission, live] = (await report(url, "--flow-id", "flow-1")).checks;
      expect(permission).toMatchObject({ status: "skip", fix: "" });
      expect(permission!.detail).toContain("authorization:role:view");
      expect(permission!.detail).toContain('Ask an admin of org "Org A" (org-a) which roles client "Client one" (c1)');
      expect(live!.status).toBe("fail");
      expect(live!.detail).toContain("Check permission could not tell");
      expect(live!.fix).toContain("textbots:botFlowSession:execute");
    });
  });

  it("a name-only --expect-org cannot be told when the API does not name the token's org", async () => {
    const answers: Record<string, Answer> = {
      "tokens/me": [200, { ...CLIENT_TOKEN, organization: { id: "org-a" } }],
      "oauth/clients/c1": [403, problem("missing.permissions")],
    };
    await answering(answers, async (url) => {
      const { checks } = await report(url, "--expect-org", "Org B");
      expect(checks[1]).toMatchObject({ id: "org", status: "fail" });
      expect(checks[1]!.fix).toContain("--expect-org <organization id>");
    });
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
