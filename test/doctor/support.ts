/** A temp world for the Genesys API stand-in, built here (not from the shipped configs or fixtures). */
import * as fs from "fs";
import * as path from "path";
import type { World } from "../../sandbox/emulator/world";
import { type ApiStub, startApiStub } from "../../sandbox/api/server";
import { minimalEnvironment, tempConfigDir } from "../support/config-dir";
import { client, org, role, writeWorld } from "../support/world";

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

export function buildWorld(): World {
  return {
    orgs: [
      org(
        ORG_ID,
        "Acme Sandbox",
        [
          role(ROLE.botSessions, "Partner bot sessions", [["textbots", "botFlowSession", ["execute"]]]),
          role(ROLE.textbotsWildcard, "Textbots admin", [["textbots", "*", ["*"]]]),
          role(ROLE.everything, "Everything", [["*", "*", ["*"]]]),
          role(ROLE.plain, "Reporting", [["analytics", "conversationDetail", ["view"]]]),
          role(ROLE.legacyPermissions, "Legacy", [], { permissions: ["textbots:botFlowSession:execute"] }),
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
      org(OTHER_ORG_ID, "Acme Other", [], [client("partner-other", SECRET.otherOrg, [])]),
      org(EU_ORG_ID, "Acme Europe", [], [client("partner-eu", SECRET.eu, [])], { region: "eu-west-1" }),
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
  const { dir, worldFile } = writeWorld(buildWorld(), "doctor-");
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
