/** A small world of several orgs for the API stand-in's own tests, and a client that logs in to it. */
import { type OAuthClient, type Org, type Role, type World, readWorld } from "../../sandbox/emulator/world";
import { type ApiStub, startApiStub } from "../../sandbox/api/server";
import { client, org, role, writeWorld } from "../support/world";

export const PARTNER = "10000000-0000-4000-8000-000000000001";
export const CUSTOMER = "20000000-0000-4000-8000-000000000002";
export const HOME = {
  partner: "10000000-0000-4000-8000-0000000000d1",
  customer: "20000000-0000-4000-8000-0000000000d1",
};
export const BOTS_DIVISION = "10000000-0000-4000-8000-0000000000d2";
export const ROLE = {
  admin: "10000000-0000-4000-8000-0000000000a1",
  reader: "10000000-0000-4000-8000-0000000000a2",
  bots: "10000000-0000-4000-8000-0000000000a3",
  employee: "10000000-0000-4000-8000-0000000000a4",
  customerAdmin: "20000000-0000-4000-8000-0000000000a1",
};
export const SECRET = "marker-sandbox-secret-41d7";

/** Both orgs show a country code (organizations/me); the partner's has a second division, Bots. */
function sandboxOrg(id: string, name: string, home: string, roles: Role[], clients: OAuthClient[]): Org {
  return org(id, name, roles, clients, {
    defaultCountryCode: "US",
    divisions: [
      { id: home, name: "Home", home: true },
      ...(id === PARTNER ? [{ id: BOTS_DIVISION, name: "Bots" }] : []),
    ],
  });
}

export function buildWorld(): World {
  return {
    orgs: [
      sandboxOrg(
        PARTNER,
        "Partner",
        HOME.partner,
        [
          role(ROLE.admin, "Admin", [["*", "*", ["*"]]]),
          role(ROLE.reader, "Reader", [
            ["oauth", "client", ["view"]],
            ["authorization", "role", ["view"]],
          ]),
          role(ROLE.bots, "Bots", [["textbots", "botFlowSession", ["execute"]]]),
          role(ROLE.employee, "employee", [], { defaultRoleId: "employee" }),
        ],
        [
          client("deployer", SECRET, [ROLE.admin, ROLE.bots]),
          client("reader", SECRET, [ROLE.reader]),
          client("nobody", SECRET, []),
        ],
      ),
      sandboxOrg(
        CUSTOMER,
        "Customer",
        HOME.customer,
        [role(ROLE.customerAdmin, "Admin", [["*", "*", ["*"]]])],
        [client("customer-deployer", SECRET, [ROLE.customerAdmin])],
      ),
    ],
  };
}

export interface Sandbox {
  readonly worldFile: string;
  readonly stub: ApiStub;
  readonly logged: string[];
  /** An access token of `clientId` (whose secret is SECRET). */
  login(clientId: string): Promise<string>;
  call(token: string, method: string, apiPath: string, body?: unknown): Promise<{ status: number; body: any }>;
  world(): World;
  close(): Promise<void>;
}

export async function sandbox(world: World = buildWorld()): Promise<Sandbox> {
  const { worldFile } = writeWorld(world, "sandbox-api-");
  const logged: string[] = [];
  const stub = await startApiStub({ worldFile, region: "us-east-1", log: (line) => logged.push(line) });
  return {
    worldFile,
    stub,
    logged,
    async login(clientId) {
      const response = await fetch(`${stub.url}/login/oauth/token`, {
        method: "POST",
        headers: {
          authorization: `Basic ${Buffer.from(`${clientId}:${SECRET}`).toString("base64")}`,
          "content-type": "application/x-www-form-urlencoded",
        },
        body: "grant_type=client_credentials",
      });
      if (response.status !== 200) throw new Error(`login of ${clientId}: ${response.status}`);
      return ((await response.json()) as { access_token: string }).access_token;
    },
    async call(token, method, apiPath, body) {
      const response = await fetch(`${stub.url}/api${apiPath}`, {
        method,
        headers: { authorization: `Bearer ${token}`, "content-type": "application/json" },
        ...(body === undefined ? {} : { body: typeof body === "string" ? body : JSON.stringify(body) }),
      });
      const text = await response.text();
      return { status: response.status, body: text === "" ? undefined : JSON.parse(text) };
    },
    world: () => readWorld(worldFile),
    close: () => stub.close(),
  };
}
