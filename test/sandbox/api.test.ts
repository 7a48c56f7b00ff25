import { readWorld } from "../../sandbox/emulator/world";
import { main as pipelineMain } from "../../commands/pipeline/cli";
import { type Fixture, ROLE, SECRET, fixture } from "../doctor/support";

let fx: Fixture;
beforeEach(async () => {
  fx = await fixture();
});
afterEach(() => fx.close());

function basic(id: string, secret: string): string {
  return `Basic ${Buffer.from(`${id}:${secret}`).toString("base64")}`;
}

async function token(id: string, secret: string, url = fx.stub.url): Promise<Response> {
  return fetch(`${url}/login/oauth/token`, {
    method: "POST",
    headers: { authorization: basic(id, secret), "content-type": "application/x-www-form-urlencoded" },
    body: "grant_type=client_credentials",
  });
}

async function bearer(id: string, secret: string): Promise<string> {
  const response = await token(id, secret);
  expect(response.status).toBe(200);
  const body = (await response.json()) as { access_token: string; token_type: string; expires_in: number };
  expect(body.token_type).toBe("bearer");
  expect(body.expires_in).toBeGreaterThan(0);
  return body.access_token;
}

async function api(path: string, accessToken: string, init: RequestInit = {}): Promise<Response> {
  return fetch(`${fx.stub.url}/api${path}`, {
    ...init,
    headers: { authorization: `Bearer ${accessToken}`, "content-type": "application/json" },
  });
}

describe("Genesys API stand-in", () => {
  it("logs in clients of its own region only, in the login service's error shape otherwise", async () => {
    expect((await token("partner-ok", SECRET.partner)).status).toBe(200);
    expect((await token("partner-eu", SECRET.eu)).status).toBe(401);
    expect((await token("partner-eu", SECRET.eu, fx.euStub.url)).status).toBe(200);
    const wrong = await token("partner-ok", "nope");
    expect(wrong.status).toBe(401);
    expect(await wrong.json()).toEqual({
      error: "invalid_client",
      description: "authentication failed",
      error_description: "authentication failed",
    });
    const grant = await fetch(`${fx.stub.url}/login/oauth/token`, {
      method: "POST",
      headers: { authorization: basic("partner-ok", SECRET.partner) },
      body: "grant_type=password",
    });
    expect(grant.status).toBe(400);
  });

  it("answers 401 in the API's error shape without a valid token", async () => {
    const response = await api("/api/v2/organizations/me", "not-a-token");
    expect(response.status).toBe(401);
    const body = (await response.json()) as Record<string, unknown>;
    expect(body).toMatchObject({ status: 401, code: "bad.credentials" });
    expect(response.headers.get("inin-correlation-id")).toBe(body.contextId);
  });

  it("reads clients with their role grants and never their secret; roles with general permissions apart from policies", async () => {
    const deployer = await bearer("deployer", SECRET.deployer);
    const client = (await (await api("/api/v2/oauth/clients/partner-ok", deployer)).json()) as Record<string, unknown>;
    expect(client).toMatchObject({ id: "partner-ok", authorizedGrantType: "CLIENT-CREDENTIALS", state: "active" });
    expect(client.roleDivisions).toEqual([
      { roleId: ROLE.plain, divisionId: "*" },
      { roleId: ROLE.botSessions, divisionId: "*" },
    ]);
    expect(client).not.toHaveProperty("secret");
    expect(JSON.stringify(client)).not.toContain(SECRET.partner);
    expect((await api("/api/v2/oauth/clients/partner-other", deployer)).status).toBe(404);

    const role = (await (await api(`/api/v2/authorization/roles/${ROLE.botSessions}`, deployer)).json()) as Record<
      string,
      unknown
    >;
    expect(role.permissions).toEqual([]);
    expect(role.permissionPolicies).toEqual([
      { domain: "textbots", entityName: "botFlowSession", actionSet: ["execute"], allowConditions: false },
    ]);
  });

  it("starts bot sessions only for holders of textbots:botFlowSession:execute", async () => {
    const launch = {
      method: "POST",
      body: JSON.stringify({
        flow: { id: "f" },
        externalSessionId: "e",
        channel: { name: "c", inputModes: ["Text"], outputModes: ["Text"], userAgent: { name: "u" } },
      }),
    };
    const denied = await api(
      "/api/v2/textbots/botflows/sessions",
      await bearer("partner-none", SECRET.partner),
      launch,
    );
    expect(denied.status).toBe(403);
    expect(await denied.json()).toMatchObject({ status: 403, code: "missing.permissions" });
    const ok = await api("/api/v2/textbots/botflows/sessions", await bearer("partner-ok", SECRET.partner), launch);
    expect(ok.status).toBe(200);
    expect((await ok.json()) as Record<string, unknown>).toHaveProperty("id");
    const partner = await bearer("partner-ok", SECRET.partner);
    expect((await api("/api/v2/textbots/botflows/sessions", partner, { method: "POST", body: "{}" })).status).toBe(400);
  });

  it("regenerates a secret into the world file; the old one no longer logs in", async () => {
    const deployer = await bearer("deployer", SECRET.deployer);
    const response = await api("/api/v2/oauth/clients/partner-ok/secret", deployer, { method: "POST" });
    const { secret } = (await response.json()) as { secret: string };
    const stored = readWorld(fx.worldFile).orgs[0]!.oauthClients.find((c) => c.id === "partner-ok")!.secret;
    expect(secret).toBe(stored);
    expect((await token("partner-ok", SECRET.partner)).status).toBe(401);
    expect((await token("partner-ok", secret)).status).toBe(200);
  });

  it("implements nothing else", async () => {
    const deployer = await bearer("deployer", SECRET.deployer);
    expect((await api("/api/v2/routing/queues", deployer)).status).toBe(404);
    expect((await fetch(`${fx.stub.url}/api/v2/organizations/me`)).status).toBe(404);
  });
});

describe("pipeline:verify options", () => {
  it("refuses --gateway and --flow-id without --live (exit 2)", async () => {
    const err: string[] = [];
    const code = await pipelineMain(["verify", "anything", "--gateway", fx.stub.url], {
      env: {},
      out: () => undefined,
      err: (line) => err.push(line),
      interactive: false,
    });
    expect(code).toBe(2);
    expect(err.join("\n")).toContain("only go with --live");
  });
});
