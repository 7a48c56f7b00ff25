import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { CommandError } from "../core/errors";

/** The lock file of a stack's folder (left out of the build digests, see build-info.ts). */
export const LOCK_FILE = ".pipeline-lock";

interface LockOwner {
  readonly pid: number;
  readonly host: string;
  readonly startedAt: string;
}

/**
 * Takes the deploy lock of one environment's synthesized stack: created exclusively, so of two
 * deploys started at once exactly one gets it; the other fails before touching anything. A lock
 * left by a process of this machine that no longer runs is stale and taken over. (Terraform's own
 * state lock still guards deploys from other checkouts or machines.) Returns the release function.
 */
export function acquireDeployLock(stackDir: string, environment: string): () => void {
  const file = path.join(stackDir, LOCK_FILE);
  const owner: LockOwner = { pid: process.pid, host: os.hostname(), startedAt: new Date().toISOString() };
  for (let attempt = 0; attempt < 2; attempt++) {
    try {
      const descriptor = fs.openSync(file, "wx", 0o600);
      fs.writeFileSync(descriptor, `${JSON.stringify(owner)}\n`);
      fs.closeSync(descriptor);
      return () => release(file, owner);
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== "EEXIST") throw error;
    }
    const holder = readOwner(file);
    if (holder && holder.host === owner.host && !isRunning(holder.pid)) {
      fs.rmSync(file, { force: true });
      continue;
    }
    throw new CommandError(
      `Another deploy of "${environment}" holds the lock ${file}` +
        (holder ? ` (pid ${holder.pid} on ${holder.host}, since ${holder.startedAt})` : "") +
        `; nothing was done. Wait for it to finish; if no deploy is running, delete that file.`,
    );
  }
  throw new CommandError(`Could not take the deploy lock ${file} of "${environment}"; nothing was done. Try again.`);
}

function release(file: string, owner: LockOwner): void {
  const holder = readOwner(file);
  if (holder && holder.pid === owner.pid && holder.startedAt === owner.startedAt) fs.rmSync(file, { force: true });
}

function readOwner(file: string): LockOwner | undefined {
  try {
    const parsed = JSON.parse(fs.readFileSync(file, "utf8")) as Partial<LockOwner>;
    if (typeof parsed.pid === "number" && typeof parsed.host === "string" && typeof parsed.startedAt === "string") {
      return parsed as LockOwner;
    }
  } catch {
    // Unreadable (being written, or garbage): treated as held.
  }
  return undefined;
}

function isRunning(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === "EPERM";
  }
}
