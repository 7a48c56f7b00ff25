/**
 * Starts the Genesys API stand-in as its own process (for tests whose code under test runs in child
 * processes: an in-process server could not answer while the test waits on spawnSync).
 */
import { type ChildProcess, spawn } from "node:child_process";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { PROJECT_ROOT } from "../emulator/start";

const BUNDLE_DIR = join(PROJECT_ROOT, ".cache", "genesys-api-stub");
const READY_TIMEOUT_MS = 15_000;
const STOP_GRACE_MS = 3_000;

export interface ApiStubProcess {
  readonly url: string;
  readonly pid: number;
  stop(): Promise<void>;
}

/** Whether `pid` still runs: a zombie (exited, never reaped) counts as ended. */
function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
  } catch {
    return false;
  }
  try {
    return !/^\d+ \(.*\) Z/.test(readFileSync(`/proc/${pid}/stat`, "utf8"));
  } catch {
    return true;
  }
}

function bundle(): string {
  const { cachedBundle } = require("../../scripts/bundle-cache") as {
    cachedBundle: (options: { root: string; entry: string; outDir: string }) => string;
  };
  return cachedBundle({ root: PROJECT_ROOT, entry: "sandbox/cli.ts", outDir: BUNDLE_DIR });
}

export async function startApiStubProcess(options: {
  worldFile: string;
  region: string;
  tokensFile?: string;
}): Promise<ApiStubProcess> {
  const args = [bundle(), "api-stub", "--world", options.worldFile, "--region", options.region];
  if (options.tokensFile) args.push("--tokens-file", options.tokensFile);
  const child: ChildProcess = spawn(process.execPath, args, {
    env: { ...process.env, GC_API_STUB_PARENT_STDIN: "1" },
    stdio: ["pipe", "pipe", "pipe"],
  });
  let stderr = "";
  child.stderr?.on("data", (chunk: Buffer) => (stderr = (stderr + chunk.toString()).slice(-4096)));
  const url = await new Promise<string>((resolve, reject) => {
    let out = "";
    const timer = setTimeout(() => fail(`did not start within ${READY_TIMEOUT_MS} ms`), READY_TIMEOUT_MS);
    const fail = (why: string) => {
      clearTimeout(timer);
      child.kill("SIGKILL");
      reject(new Error(`Genesys API stand-in ${why}${stderr ? `:\n${stderr}` : ""}`));
    };
    child.once("exit", (code) => fail(`exited (code ${code}) before it was ready`));
    child.stdout?.on("data", (chunk: Buffer) => {
      out += chunk.toString();
      const match = /^ready (\S+)$/m.exec(out);
      if (match) {
        clearTimeout(timer);
        child.removeAllListeners("exit");
        resolve(match[1]!);
      }
    });
  });
  return {
    url,
    pid: child.pid!,
    stop: () =>
      new Promise<void>((done) => {
        if (child.exitCode !== null || child.signalCode !== null) return done();
        const started = Date.now();
        // Also polled: in the e2e suite the child has been seen to end as a zombie whose exit event never comes.
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
      }),
  };
}
