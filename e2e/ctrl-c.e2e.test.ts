/**
 * Ctrl-C (SIGINT to the process group, as a terminal sends it) and SIGTERM (to the command alone, as `kill` sends
 * it) on the commands that run until stopped, and on the fleet while terraform runs, with real processes: one line
 * on stderr saying what was and was not done, never a stack or an AbortError, the documented exit code, and
 * nothing left behind.
 * The commands are started with node, not `npm run`: npm and its shell would stand between the test and the
 * command, pass the signal on a second time, and answer with their own exit code.
 */
import { connect } from "node:net";
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { delimiter, dirname, join } from "node:path";
import { alive, DEFAULT_FIXTURE, PROJECT_ROOT } from "../sandbox/emulator/start";
import { PROVIDER_ADDRESS } from "../sandbox/emulator/schema";
import { createWorldFile } from "../sandbox/emulator/world";
import { projectCopy, removeProjectCopies } from "./support/project-copy";
import { type Running, start } from "./support/run";

const TS_NODE = join(PROJECT_ROOT, "node_modules", ".bin", "ts-node");
const SANDBOX_CLI = join(PROJECT_ROOT, "sandbox", "cli.ts");
const READY_MS = 120_000;
const TEST_MS = 240_000;
let root: string;

beforeAll(() => {
  root = mkdtempSync(join(tmpdir(), "gc-e2e-ctrl-c-"));
});

afterAll(() => {
  removeProjectCopies();
  if (process.env.E2E_KEEP !== "1") rmSync(root, { recursive: true, force: true });
});

function baseEnv(extra: NodeJS.ProcessEnv = {}): NodeJS.ProcessEnv {
  return { PATH: process.env.PATH, HOME: process.env.HOME, CHECKPOINT_DISABLE: "1", NO_COLOR: "1", ...extra };
}

/** Ctrl-C reaches the whole foreground process group; `kill` only the command. */
function stop(running: Running, signal: "SIGINT" | "SIGTERM"): void {
  if (signal === "SIGINT") process.kill(-running.child.pid!, signal);
  else running.child.kill(signal);
}

/** After the lines a command printed before it was stopped (`before`), exactly `line`. */
function expectOneCleanLine(running: Running, line: string | RegExp, before: RegExp[] = []): void {
  const stderr = running.stderr().trim().split("\n");
  before.forEach((earlier) => expect(stderr.shift()).toMatch(earlier));
  expect(stderr).toHaveLength(1);
  expect(stderr[0]).toMatch(line);
  expect(running.output()).not.toContain("AbortError");
  expect(running.output()).not.toMatch(/\n\s+at /);
}

describe.each(["SIGINT", "SIGTERM"] as const)("npm run emulator in the foreground, stopped by %s", (signal) => {
  test(
    "one line, exit 0, its emulated providers gone and its scratch world removed",
    async () => {
      const emulator = start(TS_NODE, ["--transpile-only", SANDBOX_CLI, "emulator"], baseEnv(), { detached: true });
      await emulator.waitFor("Ctrl-C stops the emulator.", READY_MS);
      const out = emulator.output();
      const pids = [...out.matchAll(/: emulator pid (\d+)$/gm)].map((match) => Number(match[1]));
      const sockets = [...out.matchAll(/"String":"([^"]+)"/g)].map((match) => dirname(match[1]!));
      const worldFile = /^# World file: (\S+)$/m.exec(out)![1]!;
      expect(pids.length).toBeGreaterThan(0);
      expect(sockets).toHaveLength(pids.length);
      expect(existsSync(worldFile)).toBe(true);

      stop(emulator, signal);
      expect(await emulator.exit()).toBe(0);
      expectOneCleanLine(emulator, `emulator: stopped (${signal}); its world file is removed`);
      expect(pids.filter(alive)).toEqual([]);
      expect(sockets.filter((dir) => existsSync(dir))).toEqual([]);
      // The scratch folder held the world and the sandbox's copy of the configs.
      expect(existsSync(dirname(worldFile))).toBe(false);
    },
    TEST_MS,
  );
});

describe.each(["SIGINT", "SIGTERM"] as const)("npm run api-stub, stopped by %s", (signal) => {
  test(
    "one line, exit 0, and its port closed",
    async () => {
      const worldFile = join(mkdtempSync(join(root, "world-")), "world.json");
      createWorldFile(DEFAULT_FIXTURE, worldFile);
      const args = ["--transpile-only", SANDBOX_CLI, "api-stub", "--world", worldFile];
      const stub = start(TS_NODE, args, baseEnv(), { detached: true });
      await stub.waitFor("\n# Genesys API stand-in", READY_MS);
      const url = new URL(/^ready (\S+)$/m.exec(stub.output())![1]!);
      expect(await connects(url)).toBe(true);

      stop(stub, signal);
      expect(await stub.exit()).toBe(0);
      expectOneCleanLine(stub, `api-stub: stopped (${signal})`);
      expect(await connects(url)).toBe(false);
    },
    TEST_MS,
  );
});

function connects(url: URL): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = connect(Number(url.port), url.hostname);
    socket
      .once("error", () => resolve(false))
      .once("connect", () => {
        socket.destroy();
        resolve(true);
      });
  });
}

/**
 * A terraform whose init and output answer at once and whose plan runs until a signal: it notes each signal it
 * gets, waits a second for a possible second one, and exits. Its pid is written once its traps are set.
 */
function fakeTerraform(dir: string): string {
  const bin = join(dir, "bin");
  mkdirSync(bin);
  writeFileSync(
    join(bin, "terraform"),
    `#!/bin/sh
case "$1" in
  init) exit 0 ;;
  output) echo '{}'; exit 0 ;;
esac
sleep 600 >/dev/null 2>&1 &
pending=$!
noted() { echo "$1" >> '${dir}/signals'; kill $pending 2>/dev/null; sleep 1; exit 1; }
trap 'noted INT' INT
trap 'noted TERM' TERM
echo $$ > '${dir}/plan.pid'
wait
`,
    { mode: 0o755 },
  );
  return bin;
}

/** A synthesized output of two stacks (the fleet plans one at a time with --concurrency 1) and their configs. */
function fleetProject(dir: string): string[] {
  const configDir = join(dir, "config");
  const outDir = join(dir, "cdktf.out");
  mkdirSync(configDir);
  const stacks = ["dev", "test"];
  for (const stack of stacks) {
    writeFileSync(
      join(configDir, `${stack}.json`),
      JSON.stringify({ region: "us-east-1", organization: { name: `Acme ${stack}` }, oauthClient: { name: "P" } }),
    );
    mkdirSync(join(outDir, "stacks", stack), { recursive: true });
    writeFileSync(join(outDir, "stacks", stack, "cdk.tf.json"), "{}");
  }
  writeFileSync(
    join(outDir, "manifest.json"),
    JSON.stringify({
      version: "0.21.0",
      stacks: Object.fromEntries(stacks.map((name) => [name, { name, workingDirectory: `stacks/${name}` }])),
    }),
  );
  return ["--output", outDir, "--config-dir", configDir];
}

test(
  "npm run fleet -- plan, Ctrl-C while terraform plans: one Interrupted line, exit 130, terraform signalled once",
  async () => {
    const dir = mkdtempSync(join(root, "fleet-"));
    const env = baseEnv({
      PATH: [fakeTerraform(dir), process.env.PATH ?? ""].join(delimiter),
      GENESYSCLOUD_OAUTHCLIENT_ID__DEV: "fake-id",
      GENESYSCLOUD_OAUTHCLIENT_SECRET__DEV: "fake-secret",
    });
    const args = [join(PROJECT_ROOT, "scripts", "run-bundled.js"), "commands/fleet/cli.ts", "plan"];
    const fleet = start(process.execPath, [...args, "--concurrency", "1", ...fleetProject(dir)], env, {
      detached: true,
    });
    const pidFile = join(dir, "plan.pid");
    while (!existsSync(pidFile) && fleet.child.exitCode === null) await new Promise((done) => setTimeout(done, 100));
    expect(existsSync(pidFile)).toBe(true);
    const terraformPid = Number(readFileSync(pidFile, "utf8"));

    stop(fleet, "SIGINT");
    expect(await fleet.exit()).toBe(130);
    expectOneCleanLine(
      fleet,
      /^error: Interrupted \(SIGINT\): 0 of 2 stack\(s\) planned, the others not; a plan changes nothing\.$/,
    );
    expect(readFileSync(join(dir, "signals"), "utf8")).toBe("INT\n");
    expect(alive(terraformPid)).toBe(false);
  },
  TEST_MS,
);

/** A terraform that notes the emulated provider it was given and runs until a signal. Its pid is written once its trap is set. */
function hangingTerraform(dir: string): string {
  const bin = join(dir, "bin");
  mkdirSync(bin);
  writeFileSync(
    join(bin, "terraform"),
    `#!/bin/sh
echo "$TF_REATTACH_PROVIDERS" > '${dir}/reattach'
sleep 600 >/dev/null 2>&1 &
pending=$!
trap 'kill $pending 2>/dev/null; exit 1' INT TERM
echo $$ > '${dir}/terraform.pid'
wait
`,
    { mode: 0o755 },
  );
  return bin;
}

// Ctrl-C also reaches the emulated provider, which then stops itself; a SIGTERM reaches the run alone, which stops it.
test.each([
  ["SIGINT", 130],
  ["SIGTERM", 143],
] as const)(
  "npm run emulator -- run cdktf output dev, %s while terraform runs: one Interrupted line, exit %i, its emulator gone",
  async (signal, exitCode) => {
    const project = projectCopy();
    const dir = mkdtempSync(join(root, "emulator-run-"));
    const env = baseEnv({ PATH: [hangingTerraform(dir), process.env.PATH ?? ""].join(delimiter) });
    const args = ["--transpile-only", join(project, "sandbox", "cli.ts"), "emulator", "run", "cdktf", "output", "dev"];
    const running = start(join(project, "node_modules", ".bin", "ts-node"), args, env, {
      cwd: project,
      detached: true,
    });
    const pidFile = join(dir, "terraform.pid");
    const deadline = Date.now() + READY_MS;
    while (!existsSync(pidFile) && running.child.exitCode === null && Date.now() < deadline) {
      await new Promise((done) => setTimeout(done, 100));
    }
    expect(existsSync(pidFile)).toBe(true);
    const terraformPid = Number(readFileSync(pidFile, "utf8"));
    const emulator = JSON.parse(readFileSync(join(dir, "reattach"), "utf8"))[PROVIDER_ADDRESS];
    const socketDir = dirname(emulator.Addr.String);
    expect(alive(emulator.Pid)).toBe(true);
    expect(existsSync(socketDir)).toBe(true);

    stop(running, signal);
    expect(await running.exit()).toBe(exitCode);
    expectOneCleanLine(
      running,
      `Interrupted (${signal}): cdktf output was stopped; nothing was deployed; run it again.`,
      [/^emulator sandbox: /],
    );
    expect(alive(emulator.Pid)).toBe(false);
    expect(existsSync(socketDir)).toBe(false);
    // cdktf passes neither signal on to terraform; a terminal's Ctrl-C reaches it itself.
    if (signal === "SIGINT") expect(alive(terraformPid)).toBe(false);
    else if (alive(terraformPid)) process.kill(terraformPid, "SIGKILL");
  },
  TEST_MS,
);
