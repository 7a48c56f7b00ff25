/**
 * Starts emulator processes for Terraform to attach to. One process stands for one provider
 * process: like the real provider, it reads its credentials from its own environment, so each
 * credential set gets its own process. All processes of a run share one world file.
 */
import { type ChildProcess, spawn } from "node:child_process";
import { closeSync, mkdtempSync, openSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { CREDENTIAL_ENV_VARS } from "../facts/provider";
import { loadProviderSchema, PROVIDER_ADDRESS, PROVIDER_SCHEMA_FILE } from "./schema";
import { createWorldFile } from "./world";

export const PROJECT_ROOT = resolve(__dirname, "..", "..");
export const DEFAULT_FIXTURE = join(PROJECT_ROOT, "sandbox", "emulator", "fixtures", "default.json");
const PROTO_FILE = join(PROJECT_ROOT, "sandbox", "emulator", "protocol", "provider.proto");
const BUNDLE_DIR = join(PROJECT_ROOT, ".cache", "emulator");
const READY_TIMEOUT_MS = 15_000;
const STOP_GRACE_MS = 3_000;

export interface Credentials {
  readonly clientId: string;
  readonly clientSecret: string;
}

export interface EmulatorOptions {
  /** The shared world; seeded from `fixture` when it does not exist yet. */
  readonly worldFile: string;
  readonly fixture?: string;
  /** GENESYSCLOUD_OAUTHCLIENT_ID/SECRET of the emulated provider process. */
  readonly credentials: Credentials;
  /** Where the process's stderr goes; by default it is kept in memory for error messages. */
  readonly logFile?: string;
  /** How long a role lookup that finds nothing retries, in ms: 15000 by default, like the provider; tests pass 0. */
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
// Children also exit when their stdin closes, which covers a parent killed by a signal.
process.once("exit", () => running.forEach((child) => child.kill("SIGKILL")));

/** The bundle of a sandbox entry (scripts/bundle-cache.js, like the app's), in `outDir`. */
export function bundled(entry: string, outDir: string): string {
  const { cachedBundle } = require("../../scripts/bundle-cache") as {
    cachedBundle: (options: { root: string; entry: string; outDir: string }) => string;
  };
  return cachedBundle({ root: PROJECT_ROOT, entry, outDir });
}

export function buildEmulator(): string {
  return bundled("sandbox/emulator/server.ts", BUNDLE_DIR);
}

export interface SandboxProcess {
  /** What the process printed after `ready ` once it was. */
  readonly ready: string;
  readonly pid: number;
  stop(): Promise<void>;
}

/** Whether `pid` still runs: a zombie (exited, never reaped) counts as ended. */
export function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return !/^\d+ \(.*\) Z/.test(readFileSync(`/proc/${pid}/stat`, "utf8"));
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === "ENOENT";
  }
}

/** Starts `node bundle args` and waits for its line `ready <what>`; `ended` runs once it exits. */
export async function startSandboxProcess(
  name: string,
  bundle: string,
  options: { args?: readonly string[]; env: NodeJS.ProcessEnv; log?: number; ended?: () => void },
): Promise<SandboxProcess> {
  const child = spawn(process.execPath, [bundle, ...(options.args ?? [])], {
    env: options.env,
    stdio: ["pipe", "pipe", options.log ?? "pipe"],
  });
  running.add(child);
  child.once("exit", () => running.delete(child) && options.ended?.());
  let stderr = "";
  child.stderr?.on("data", (chunk: Buffer) => (stderr = (stderr + chunk.toString()).slice(-8192)));
  const ready = await new Promise<string>((resolveReady, reject) => {
    let out = "";
    const fail = (why: string) => {
      clearTimeout(timer);
      child.kill("SIGKILL");
      reject(new Error(`${name} ${why}${stderr ? `:\n${stderr}` : ""}`));
    };
    const timer = setTimeout(() => fail(`did not start within ${READY_TIMEOUT_MS} ms`), READY_TIMEOUT_MS);
    const exited = (code: number | null) => fail(`exited (code ${code}) before it was ready`);
    child.once("error", (error) => fail(error.message)).once("exit", exited);
    child.stdout!.on("data", (chunk: Buffer) => {
      const match = /^ready (\S+)$/m.exec((out += chunk.toString()));
      if (!match) return;
      clearTimeout(timer);
      child.off("exit", exited);
      resolveReady(match[1]!);
    });
  });
  const stop = () =>
    new Promise<void>((done) => {
      if (child.exitCode !== null || child.signalCode !== null) return done();
      const started = Date.now();
      // Also polled: in the e2e suite a child has been seen to end as a zombie whose exit event never comes.
      const poll = setInterval(() => {
        if (!alive(child.pid!)) finish();
        else if (Date.now() - started > STOP_GRACE_MS) child.kill("SIGKILL");
      }, 100);
      const finish = () => {
        clearInterval(poll);
        done();
      };
      child.once("exit", finish);
      child.kill("SIGTERM");
    });
  return { ready, pid: child.pid!, stop };
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
  // The caller's own Genesys variables must not leak into the emulated provider process.
  const inherited = Object.entries(process.env).filter(
    ([key]) => key === "GC_EMULATOR_LOG" || !/^(GENESYSCLOUD|GC_EMULATOR)_/.test(key),
  );
  const retry =
    options.lookupRetryMs === undefined ? {} : { GC_EMULATOR_LOOKUP_RETRY_MS: String(options.lookupRetryMs) };
  return {
    ...Object.fromEntries(inherited),
    ...credentialEnv(options.credentials),
    ...retry,
    GC_EMULATOR_SOCKET: socket,
    GC_EMULATOR_TMPDIR: dir,
    GC_EMULATOR_WORLD: options.worldFile,
    GC_EMULATOR_SCHEMA: PROVIDER_SCHEMA_FILE,
    GC_EMULATOR_PROTO: PROTO_FILE,
  };
}

const credentialEnv = (credentials: Credentials) => ({
  [CREDENTIAL_ENV_VARS.clientId]: credentials.clientId,
  [CREDENTIAL_ENV_VARS.clientSecret]: credentials.clientSecret,
});

export async function startEmulator(options: EmulatorOptions): Promise<Emulator> {
  createWorldFile(options.fixture ?? DEFAULT_FIXTURE, options.worldFile);
  // Checked here too, so that a hand-edited schema is one error line rather than the process's failure to start.
  loadProviderSchema(PROVIDER_SCHEMA_FILE);
  const dir = mkdtempSync(join(tmpdir(), "gcemu-"));
  const socket = join(dir, "provider.sock");
  const log = options.logFile ? openSync(options.logFile, "a") : undefined;
  const child = startSandboxProcess("emulator", buildEmulator(), {
    env: providerProcessEnv(options, dir, socket),
    ...(log === undefined ? {} : { log }),
    // A killed emulator cannot remove its own socket folder.
    ended: () => rmSync(dir, { recursive: true, force: true }),
  });
  if (log !== undefined) closeSync(log);
  const { ready, stop } = await child;
  const reattach = reattachValue(Number(ready), socket);
  return {
    pid: Number(ready),
    reattach,
    env: { TF_REATTACH_PROVIDERS: reattach, ...credentialEnv(options.credentials) },
    stop,
  };
}
