/**
 * Starts emulator processes for Terraform to attach to. One process stands for one provider
 * process: like the real provider, it reads its credentials from its own environment, so each
 * credential set gets its own process. All processes of a run share one world file.
 */
import { type ChildProcess, spawn } from "node:child_process";
import { closeSync, mkdtempSync, openSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { CREDENTIAL_ENV_VARS } from "../facts/provider";
import { PROVIDER_ADDRESS, PROVIDER_SCHEMA_FILE } from "./schema";
import { createWorldFile } from "./world";

export const PROJECT_ROOT = resolve(__dirname, "..", "..");
export const DEFAULT_FIXTURE = join(PROJECT_ROOT, "sandbox", "emulator", "fixtures", "default.json");
const PROTO_FILE = join(PROJECT_ROOT, "sandbox", "emulator", "protocol", "provider.proto");
const BUNDLE_DIR = join(PROJECT_ROOT, ".cache", "emulator");
const READY_TIMEOUT_MS = 15_000;

export interface Credentials {
  readonly clientId: string;
  readonly clientSecret: string;
}

export interface EmulatorOptions {
  /** The shared world; seeded from `fixture` when it does not exist yet. */
  readonly worldFile: string;
  readonly fixture?: string;
  /** GENESYSCLOUD_OAUTHCLIENT_ID/SECRET of the emulated provider process. */
  readonly credentials?: Credentials;
  /** Further GENESYSCLOUD_* variables of the provider process (e.g. GENESYSCLOUD_REGION). */
  readonly providerEnv?: Readonly<Record<string, string>>;
  /** Where the process's stderr goes; by default it is kept in memory for error messages. */
  readonly logFile?: string;
  /**
   * How long a role lookup that finds nothing keeps retrying before it fails, in ms. Default: 15000,
   * like the provider; tests pass 0.
   */
  readonly lookupRetryMs?: number;
}

export interface Emulator {
  readonly pid: number;
  /** The TF_REATTACH_PROVIDERS value that attaches Terraform to this process. */
  readonly reattach: string;
  /** Env for terraform/cdktf: TF_REATTACH_PROVIDERS plus the credentials this process uses. */
  readonly env: Readonly<Record<string, string>>;
  stop(): Promise<void>;
}

const running = new Set<ChildProcess>();
let exitHookInstalled = false;

function killAllOnExit(): void {
  if (exitHookInstalled) return;
  exitHookInstalled = true;
  // Children also exit when their stdin closes, which covers a parent killed by a signal.
  process.once("exit", () => {
    for (const child of running) if (child.pid) tryKill(child.pid, "SIGKILL");
  });
}

function tryKill(pid: number, signal: NodeJS.Signals): void {
  try {
    process.kill(pid, signal);
  } catch {
    // already gone
  }
}

/** The emulator server, bundled like the app (scripts/bundle-cache.js); returns the bundle's path. */
export function buildEmulator(): string {
  const { cachedBundle } = require("../../scripts/bundle-cache") as {
    cachedBundle: (options: { root: string; entry: string; outDir: string }) => string;
  };
  return cachedBundle({ root: PROJECT_ROOT, entry: "sandbox/emulator/server.ts", outDir: BUNDLE_DIR });
}

function reattachValue(pid: number, socket: string): string {
  return JSON.stringify({
    [PROVIDER_ADDRESS]: {
      Protocol: "grpc",
      ProtocolVersion: 5,
      Pid: pid,
      // Without Test, Terraform kills the process after its first command.
      Test: true,
      Addr: { Network: "unix", String: socket },
    },
  });
}

function providerProcessEnv(options: EmulatorOptions, dir: string, socket: string): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = {};
  // The caller's own Genesys variables must not leak into the emulated provider process.
  for (const [key, value] of Object.entries(process.env)) {
    if (!key.startsWith("GENESYSCLOUD_") && !key.startsWith("GC_EMULATOR_")) env[key] = value;
  }
  Object.assign(env, options.providerEnv ?? {}, credentialEnv(options.credentials));
  if (process.env.GC_EMULATOR_LOG) env.GC_EMULATOR_LOG = process.env.GC_EMULATOR_LOG;
  if (options.lookupRetryMs !== undefined) env.GC_EMULATOR_LOOKUP_RETRY_MS = String(options.lookupRetryMs);
  env.GC_EMULATOR_SOCKET = socket;
  env.GC_EMULATOR_TMPDIR = dir;
  env.GC_EMULATOR_WORLD = options.worldFile;
  env.GC_EMULATOR_SCHEMA = PROVIDER_SCHEMA_FILE;
  env.GC_EMULATOR_PROTO = PROTO_FILE;
  return env;
}

function credentialEnv(credentials: Credentials | undefined): Record<string, string> {
  return credentials
    ? {
        [CREDENTIAL_ENV_VARS.clientId]: credentials.clientId,
        [CREDENTIAL_ENV_VARS.clientSecret]: credentials.clientSecret,
      }
    : {};
}

export async function startEmulator(options: EmulatorOptions): Promise<Emulator> {
  createWorldFile(options.fixture ?? DEFAULT_FIXTURE, options.worldFile);
  const dir = mkdtempSync(join(tmpdir(), "gcemu-"));
  const socket = join(dir, "provider.sock");
  const log = options.logFile ? openSync(options.logFile, "a") : "pipe";
  const child = spawn(process.execPath, [buildEmulator()], {
    env: providerProcessEnv(options, dir, socket),
    stdio: ["pipe", "pipe", log],
  });
  if (typeof log === "number") closeSync(log);
  running.add(child);
  child.once("exit", () => running.delete(child));
  killAllOnExit();
  let stderr = "";
  child.stderr?.on("data", (chunk: Buffer) => {
    stderr = (stderr + chunk.toString()).slice(-8192);
  });

  const pid = await new Promise<number>((resolvePid, reject) => {
    const timer = setTimeout(
      () => fail(new Error(`emulator did not start within ${READY_TIMEOUT_MS} ms`)),
      READY_TIMEOUT_MS,
    );
    let out = "";
    const fail = (err: Error) => {
      clearTimeout(timer);
      if (child.pid) tryKill(child.pid, "SIGKILL");
      // A killed emulator cannot remove its own socket folder.
      rmSync(dir, { recursive: true, force: true });
      reject(new Error(`${err.message}${stderr ? `\n${stderr}` : ""}`));
    };
    const exitedEarly = (code: number | null) => fail(new Error(`emulator exited (code ${code}) before it was ready`));
    child.once("error", fail);
    child.once("exit", exitedEarly);
    child.stdout?.on("data", (chunk: Buffer) => {
      out += chunk.toString();
      const match = /^ready (\d+)$/m.exec(out);
      if (match) {
        clearTimeout(timer);
        child.off("exit", exitedEarly);
        resolvePid(Number(match[1]));
      }
    });
  });

  const reattach = reattachValue(pid, socket);
  return {
    pid,
    reattach,
    env: { TF_REATTACH_PROVIDERS: reattach, ...credentialEnv(options.credentials) },
    stop: () => stopChild(child, pid, dir),
  };
}

function stopChild(child: ChildProcess, pid: number, dir: string): Promise<void> {
  return new Promise((done) => {
    let force: NodeJS.Timeout | undefined;
    const finish = () => {
      clearTimeout(force);
      rmSync(dir, { recursive: true, force: true });
      done();
    };
    if (child.exitCode !== null || child.signalCode !== null) return finish();
    force = setTimeout(() => tryKill(pid, "SIGKILL"), 2_000);
    child.once("exit", finish);
    tryKill(pid, "SIGTERM");
  });
}
