/**
 * A multi-tenant temp world for the token doctor: the partner's org with its clients (client credentials and a
 * CODE client for users of any org) and a customer's org with two users, served by the in-process stand-in.
 */
import * as fs from "fs";
import * as path from "path";
import type { OAuthClient, Org, Role, World } from "../../sandbox/emulator/world";
import { type ApiStub, startApiStub } from "../../sandbox/api/server";
import type { User } from "../../sandbox/api/users";
import { tempDir } from "../support/config-dir";

export const PARTNER = { id: "44444444-4444-4444-8444-444444444444", name: "Acme Partner" } as const;
export const CUSTOMER = { id: "55555555-5555-4555-8555-555555555555", name: "Customer One" } as const;
export const FLOW_ID = "6a1f0c56-0d55-4c1e-9f0e-4b9b1f7d2a10";

const ROLE = {
  botSessions: "bbbbbbbb-0000-4000-8000-000000000001",
  clientReader: "bbbbbbbb-0000-4000-8000-000000000002",
  botUsers: "cccccccc-0000-4000-8000-000000000001",
  reporting: "cccccccc-0000-4000-8000-000000000002",
} as const;

function role(id: string, name: string, permissions: string[]): Role {
  return {
    id,
    name,
    permissionPolicies: permissions.map((p) => {
      const [domain, entityName, action] = p.split(":") as [string, string, string];
      return { domain, entityName, actionSet: [action] };
    }),
  };
}

function client(id: string, grant: string, extra: Partial<OAuthClient>): OAuthClient {
  return {
    id,
    secret: `marker-secret-of-${id}`,
    name: `client ${id}`,
    authorizedGrantType: grant,
    state: "active",
    accessTokenValiditySeconds: 86400,
    roles: [],
    ...extra,
  };
}

function user(id: string, name: string, roleIds: string[]): User {
  return {
    id,
    name,
    email: `${name.toLowerCase()}@customer.example`,
    roles: roleIds.map((roleId) => ({ roleId, divisionId: "*" })),
  };
}

function org(entity: { id: string; name: string }, roles: Role[], clients: OAuthClient[], users: User[]): Org {
  return {
    ...entity,
    region: "us-east-1",
    domain: entity.name.toLowerCase().replace(/\W/g, ""),
    thirdPartyOrgName: entity.name.toLowerCase().replace(/\W/g, ""),
    divisions: [{ id: `${entity.id.slice(0, 8)}-home`, name: "Home", home: true }],
    roles,
    oauthClients: clients,
    integrationCredentials: [],
    users,
  };
}

export function buildTenantWorld(): World {
  const all = (roleIds: string[]) => roleIds.map((roleId) => ({ roleId, divisionId: "*" }));
  return {
    orgs: [
      org(
        PARTNER,
        [
          role(ROLE.botSessions, "Partner bot sessions", ["textbots:botFlowSession:execute"]),
          role(ROLE.clientReader, "Client reader", ["oauth:client:view", "authorization:role:view"]),
        ],
        [
          client("partner-cc", "CLIENT-CREDENTIALS", { roles: all([ROLE.botSessions, ROLE.clientReader]) }),
          client("partner-cc-blind", "CLIENT-CREDENTIALS", { roles: all([ROLE.botSessions]) }),
          client("partner-app", "CODE", {
            name: "Partner app",
            scopes: ["textbots", "user-basic-info"],
            registeredRedirectUris: ["https://app.example/callback"],
          }),
          client("partner-app-noscope", "CODE", {
            name: "Partner app without textbots",
            scopes: ["users:readonly", "user-basic-info"],
            registeredRedirectUris: ["https://app.example/callback"],
          }),
        ],
        [],
      ),
      org(
        CUSTOMER,
        [
          role(ROLE.botUsers, "Bot users", ["textbots:botFlowSession:execute"]),
          role(ROLE.reporting, "Reporting", ["analytics:conversationDetail:view"]),
        ],
        [],
        [user("user-alice", "Alice", [ROLE.botUsers]), user("user-bob", "Bob", [ROLE.reporting])],
      ),
    ],
  };
}

export interface TenantFixture {
  readonly worldFile: string;
  readonly stub: ApiStub;
  /** A client-credentials token of a partner-org client. */
  clientToken(clientId: string): Promise<string>;
  /** The token the app gets when `name` (Alice, Bob) signs in with the client `clientId`. */
  userToken(clientId: string, name: string): Promise<string>;
  close(): Promise<void>;
}

async function accessToken(response: Response): Promise<string> {
  if (response.status !== 200)
    throw new Error(`the stand-in issued no token: HTTP ${response.status} ${await response.text()}`);
  return ((await response.json()) as { access_token: string }).access_token;
}

export async function tenantFixture(): Promise<TenantFixture> {
  const dir = tempDir("doctor-token-");
  const worldFile = path.join(dir, "world.json");
  fs.writeFileSync(worldFile, JSON.stringify(buildTenantWorld(), null, 2));
  const stub = await startApiStub({ worldFile, region: "us-east-1" });
  const form = { "content-type": "application/x-www-form-urlencoded" };
  return {
    worldFile,
    stub,
    clientToken: async (clientId) =>
      accessToken(
        await fetch(`${stub.url}/login/oauth/token`, {
          method: "POST",
          headers: {
            ...form,
            authorization: `Basic ${Buffer.from(`${clientId}:marker-secret-of-${clientId}`).toString("base64")}`,
          },
          body: "grant_type=client_credentials",
        }),
      ),
    userToken: async (clientId, name) =>
      accessToken(
        await fetch(`${stub.url}/login/sandbox/user-token`, {
          method: "POST",
          headers: form,
          body: new URLSearchParams({
            client_id: clientId,
            username: `${name.toLowerCase()}@customer.example`,
          }).toString(),
        }),
      ),
    close: () => stub.close(),
  };
}
