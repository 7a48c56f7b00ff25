import { spawnSync } from "child_process";
import * as path from "path";
import { PROJECT_ROOT } from "./config-dir";

export interface RunResult {
  status: number | null;
  stdout: string;
  stderr: string;
}

/** Runs a command of the project (the real app, the real cdktf CLI) and captures its output. */
export function run(command: string, args: string[], env: NodeJS.ProcessEnv = {}, cwd = PROJECT_ROOT): RunResult {
  const result = spawnSync(command, args, {
    cwd,
    encoding: "utf8",
    env: { ...process.env, CHECKPOINT_DISABLE: "1", CI: "true", ...env },
    timeout: 120_000,
  });
  return { status: result.status, stdout: result.stdout, stderr: result.stderr };
}

export const APP = path.join(PROJECT_ROOT, "scripts", "app.js");
export const CDKTF = path.join(PROJECT_ROOT, "node_modules", ".bin", "cdktf");
