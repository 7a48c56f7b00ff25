/**
 * A throwaway copy of the environment configs for trying stacks against the emulator: every
 * backend becomes a local state file inside the sandbox, so a try never writes the project's
 * real state (local or remote) and never leaves emulator objects in it.
 */
import { mkdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { listEnvironments } from "../../lib/config/load";

export interface Sandbox {
  /** Point the app at it with PARTNER_OAUTH_CONFIG_DIR. */
  readonly configDir: string;
  /** Give it to cdktf as --output. */
  readonly outDir: string;
}

export function prepareSandbox(configDir: string, sandboxDir: string): Sandbox {
  const sandbox = { configDir: join(sandboxDir, "config"), outDir: join(sandboxDir, "cdktf.out") };
  // Afresh on every call: an edited config is read, a removed one is gone.
  rmSync(sandbox.configDir, { recursive: true, force: true });
  mkdirSync(sandbox.configDir, { recursive: true });
  for (const name of listEnvironments(configDir)) {
    const config = JSON.parse(readFileSync(join(configDir, `${name}.json`), "utf8")) as Record<string, unknown>;
    config.backend = { type: "local", path: join(sandboxDir, "state", `${name}.tfstate`), allowOutsideProject: true };
    writeFileSync(join(sandbox.configDir, `${name}.json`), `${JSON.stringify(config, null, 2)}\n`);
  }
  return sandbox;
}
