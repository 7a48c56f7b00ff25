/**
 * `doctor token` against the in-process stand-in on a multi-tenant world, through the official SDK: the cases it
 * must tell apart, each with its checks and exit code, and never a token in any output.
 */
import * as fs from "fs";
import * as path from "path";
import Ajv2020 from "ajv/dist/2020";
import { main } from "../../commands/doctor/cli";
import type { TokenCheckResult, TokenFacts } from "../../commands/doctor/token-checks";
import { PROJECT_ROOT, tempConfigDir } from "../support/config-dir";
import { CUSTOMER, FLOW_ID, PARTNER, type TenantFixture, tenantFixture } from "./token-support";

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

describe("doctor token tells apart", () => {
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

describe("doctor token, more", () => {
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
