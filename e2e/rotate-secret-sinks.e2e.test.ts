// rotate-secret as a real process with real sinks: /dev/null and a named FIFO are refused before anything
// changes; a pipe whose reader is gone (EPIPE, `| true`) ends with a plain word that the old secret is gone.
import { spawn, spawnSync } from "node:child_process";
import * as fs from "node:fs";
import * as path from "node:path";
import { readWorld } from "../sandbox/emulator/world";
import { ENV, type Fixture, SECRET, fixture } from "../test/doctor/support";
import { PROJECT_ROOT } from "../test/support/config-dir";

let fx: Fixture;
beforeEach(async () => {
  fx = await fixture({ oauthClient: { name: "client partner-ok" } });
});
afterEach(() => fx.close());

const partnerSecret = () => readWorld(fx.worldFile).orgs[0]!.oauthClients.find((c) => c.id === "partner-ok")!.secret;

/** The command as `npm run --silent pipeline:rotate-secret` starts it, with `stdout` as its stdout. */
function rotate(
  stdout: "pipe" | number,
  onStart: (child: ReturnType<typeof spawn>) => void = () => undefined,
): Promise<{ code: number | null; stderr: string }> {
  const child = spawn(
    process.execPath,
    [
      "scripts/run-bundled.js",
      "commands/pipeline/cli.ts",
      "rotate-secret",
      ENV,
      "--gateway",
      fx.stub.url,
      "--app-config",
      fx.appConfig({}),
      "--config-dir",
      fx.configDir,
    ],
    {
      cwd: PROJECT_ROOT,
      stdio: ["ignore", stdout, "pipe"],
      env: {
        PATH: process.env.PATH,
        HOME: process.env.HOME,
        CHECKPOINT_DISABLE: "1",
        GENESYSCLOUD_OAUTHCLIENT_ID: "deployer",
        GENESYSCLOUD_OAUTHCLIENT_SECRET: SECRET.deployer,
      },
    },
  );
  let stderr = "";
  child.stderr!.on("data", (chunk: Buffer) => (stderr += chunk.toString()));
  onStart(child);
  return new Promise((resolve) => child.on("close", (code) => resolve({ code, stderr })));
}

describe("pipeline:rotate-secret sinks, as processes", () => {
  it("refuses stdout on /dev/null before regenerating", async () => {
    const devNull = fs.openSync("/dev/null", "w");
    const result = await rotate(devNull);
    fs.closeSync(devNull);
    expect(result.code).toBe(1);
    expect(result.stderr).toContain("it is a device (/dev/null)");
    expect(partnerSecret()).toBe(SECRET.partner);
    expect(fx.stub.requests).toEqual([]);
  }, 60_000);

  it("refuses a named FIFO before regenerating", async () => {
    const fifo = path.join(fx.dir, "secret.fifo");
    expect(spawnSync("mkfifo", [fifo]).status).toBe(0);
    // Opening a FIFO for writing waits for a reader: this one reads whatever comes.
    const reader = fs.createReadStream(fifo);
    reader.on("data", () => undefined);
    const writer = await fs.promises.open(fifo, "w");
    const result = await rotate(writer.fd);
    await writer.close();
    reader.destroy();
    expect(result.code).toBe(1);
    expect(result.stderr).toContain("it is a named pipe");
    expect(partnerSecret()).toBe(SECRET.partner);
  }, 60_000);

  it("says the old secret is gone, exit 3, when the pipe's reader has left (EPIPE)", async () => {
    // Like `| true`: the reading end is closed before the secret comes.
    const result = await rotate("pipe", (child) => child.stdout!.destroy());
    expect(result.code).toBe(3);
    expect(result.stderr).toContain("WAS regenerated");
    expect(result.stderr).toContain("EPIPE");
    expect(result.stderr).toContain("the old secret no longer logs in and the new one is lost");
    expect(partnerSecret()).not.toBe(SECRET.partner);
    expect(result.stderr).not.toContain(partnerSecret());
  }, 60_000);
});
