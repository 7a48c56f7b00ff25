/**
 * The stand-in's user tokens, which the token doctor's tests rely on: who may sign in, that a user token acts in
 * the user's org, that the client's scopes limit it and the user's roles (not the client's) authorize it.
 */
import { CUSTOMER, FLOW_ID, PARTNER, type TenantFixture, tenantFixture } from "./token-support";

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

describe("the stand-in's user tokens", () => {
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
