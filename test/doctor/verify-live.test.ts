import { loadEnvironment } from "../../commands/core/environments";
import { CommandError } from "../../commands/core/errors";
import { verifyLive } from "../../commands/pipeline/verify-live";
import { PROJECT_ROOT } from "../support/config-dir";
import { ENV, type Fixture, ORG_ID, SECRET, fixture } from "./support";

let fx: Fixture;
beforeEach(async () => {
  fx = await fixture();
});
afterEach(() => fx.close());

async function live(clientId: string | undefined): Promise<{ lines: string[]; error?: unknown }> {
  const lines: string[] = [];
  const context = {
    projectDir: PROJECT_ROOT,
    configDir: fx.configDir,
    outDir: fx.dir,
    env: {
      GENESYSCLOUD_OAUTHCLIENT_ID: "deployer",
      GENESYSCLOUD_OAUTHCLIENT_SECRET: SECRET.deployer,
      PARTNER_OAUTHCLIENT_SECRET: SECRET.partner,
    },
    run: () => {
      throw new Error("verify --live runs no programs");
    },
    log: (line: string) => lines.push(line),
  };
  const outputs = {
    organizationId: ORG_ID,
    organizationName: "Acme Sandbox",
    region: "us-east-1" as const,
    apiBaseUrl: "https://api.mypurecloud.com",
    loginBaseUrl: "https://login.mypurecloud.com",
    deployPhase: clientId === undefined ? ("role" as const) : ("client" as const),
    oauthClientId: clientId,
  };
  try {
    await verifyLive(context as never, loadEnvironment(ENV, fx.configDir, PROJECT_ROOT), outputs, {
      gateway: new URL(fx.stub.url),
    });
    return { lines };
  } catch (error) {
    return { lines, error };
  }
}

describe("pipeline:verify --live", () => {
  it("passes for a client that can start bot sessions", async () => {
    const { lines, error } = await live("partner-ok");
    expect(error).toBeUndefined();
    expect(lines[lines.length - 1]).toContain("no check failed");
  });

  it("is skipped, saying so, in deploy phase role (no client yet)", async () => {
    const { lines, error } = await live(undefined);
    expect(error).toBeUndefined();
    expect(lines).toEqual([expect.stringContaining('skipped: deploy phase "role"')]);
  });

  it("fails, naming the failed checks, for a client without the bot-session permission", async () => {
    const { lines, error } = await live("partner-none");
    expect(error).toBeInstanceOf(CommandError);
    expect((error as Error).message).toContain("bot-session-permission");
    expect(lines.some((l) => l.startsWith("FAIL bot-session-permission"))).toBe(true);
    expect(lines.join("\n")).not.toContain(SECRET.partner);
  });
});
