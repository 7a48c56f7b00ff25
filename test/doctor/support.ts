/** A temp world for the Genesys API stand-in, built here (not from the shipped configs or fixtures). */
import * as fs from "fs";
import * as path from "path";
import type { OAuthClient, Org, Role, World } from "../../sandbox/emulator/world";
import { type ApiStub, startApiStub } from "../../sandbox/api/server";
import { minimalEnvironment, tempConfigDir, tempDir } from "../support/config-dir";

export const ENV = "sandbox";
export const ORG_ID = "11111111-1111-4111-8111-111111111111";
export const OTHER_ORG_ID = "22222222-2222-4222-8222-222222222222";
export const EU_ORG_ID = "33333333-3333-4333-8333-333333333333";
export const ROLE = {
  botSessions: "aaaaaaaa-0000-4000-8000-000000000001",
  textbotsWildcard: "aaaaaaaa-0000-4000-8000-000000000002",
  everything: "aaaaaaaa-0000-4000-8000-000000000003",
  plain: "aaaaaaaa-0000-4000-8000-000000000004",
  legacyPermissions: "aaaaaaaa-0000-4000-8000-000000000005",
  otherAction: "aaaaaaaa-0000-4000-8000-000000000006",
} as const;

/** Marker secrets: a test fails if one shows up in any output. */
export const SECRET = {
  deployer: "marker-deployer-secret-5c1f",
  partner: "marker-partner-secret-9e2d",
  otherOrg: "marker-other-org-secret-3b7a",
  eu: "marker-eu-secret-77f0",
} as const;

function client(id: string, secret: string, roleIds: string[], extra: Partial<OAuthClient> = {}): OAuthClient {
  return {
    id,
    secret,
    name: `client ${id}`,
    authorizedGrantType: "CLIENT-CREDENTIALS",
    state: "active",
    accessTokenValiditySeconds: 86400,
    roles: roleIds.map((roleId) => ({ roleId, divisionId: "*" })),
    ...extra,
  };
}

function role(id: string, name: string, policies: [string, string, string[]][], permissions?: string[]): Role {
  return {
    id,
    name,
    permissionPolicies: policies.map(([domain, entityName, actionSet]) => ({ domain, entityName, actionSet })),
    ...(permissions ? { permissions } : {}),
  };
}

function org(id: string, name: string, region: string, roles: Role[], clients: OAuthClient[]): Org {
  return {
    id,
    name,
    region,
    domain: name.toLowerCase().replace(/\W/g, ""),
    thirdPartyOrgName: name.toLowerCase().replace(/\W/g, ""),
    divisions: [{ id: `${id.slice(0, 8)}-home`, name: "Home", home: true }],
    roles,
    oauthClients: clients,
    integrationCredentials: [],
  };
}

export function buildWorld(): World {
  return {
    orgs: [
      org(
        ORG_ID,
        "Acme Sandbox",
        "us-east-1",
        [
          role(ROLE.botSessions, "Partner bot sessions", [["textbots", "botFlowSession", ["execute"]]]),
          role(ROLE.textbotsWildcard, "Textbots admin", [["textbots", "*", ["*"]]]),
          role(ROLE.everything, "Everything", [["*", "*", ["*"]]]),
          role(ROLE.plain, "Reporting", [["analytics", "conversationDetail", ["view"]]]),
          role(ROLE.legacyPermissions, "Legacy", [], ["textbots:botFlowSession:execute"]),
          role(ROLE.otherAction, "Near miss", [["textbots", "botFlowSession", ["view"]]]),
        ],
        [
          client("deployer", SECRET.deployer, Object.values(ROLE)),
          client("partner-ok", SECRET.partner, [ROLE.plain, ROLE.botSessions]),
          client("partner-wild", SECRET.partner, [ROLE.textbotsWildcard]),
          client("partner-everything", SECRET.partner, [ROLE.everything]),
          client("partner-legacy", SECRET.partner, [ROLE.legacyPermissions]),
          client("partner-none", SECRET.partner, [ROLE.plain, ROLE.otherAction]),
          client("partner-noroles", SECRET.partner, []),
        ],
      ),
      org(OTHER_ORG_ID, "Acme Other", "us-east-1", [], [client("partner-other", SECRET.otherOrg, [])]),
      org(EU_ORG_ID, "Acme Europe", "eu-west-1", [], [client("partner-eu", SECRET.eu, [])]),
    ],
  };
}

export interface Fixture {
  readonly dir: string;
  readonly worldFile: string;
  readonly configDir: string;
  readonly stub: ApiStub;
  /** The stand-in for eu-west-1 on the same world. */
  readonly euStub: ApiStub;
  appConfig(values: Record<string, unknown>): string;
  close(): Promise<void>;
}

export async function fixture(configChange: Record<string, unknown> = {}): Promise<Fixture> {
  const dir = tempDir("doctor-");
  const worldFile = path.join(dir, "world.json");
  fs.writeFileSync(worldFile, JSON.stringify(buildWorld(), null, 2));
  const configDir = tempConfigDir({
    [`${ENV}.json`]: { ...minimalEnvironment(ENV), organization: { name: "Acme Sandbox" }, ...configChange },
  });
  const stub = await startApiStub({ worldFile, region: "us-east-1" });
  const euStub = await startApiStub({ worldFile, region: "eu-west-1" });
  let count = 0;
  return {
    dir,
    worldFile,
    configDir,
    stub,
    euStub,
    appConfig(values) {
      const file = path.join(dir, `app-config-${count++}.json`);
      fs.writeFileSync(
        file,
        JSON.stringify({
          organizationId: ORG_ID,
          organizationName: "Acme Sandbox",
          region: "us-east-1",
          apiBaseUrl: "https://api.mypurecloud.com",
          oauthClientId: "partner-ok",
          ...values,
        }),
      );
      return file;
    },
    close: async () => {
      await stub.close();
      await euStub.close();
    },
  };
}
