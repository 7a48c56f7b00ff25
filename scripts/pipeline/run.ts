import { spawnSync } from "child_process";

export interface RunOptions {
  readonly cwd: string;
  readonly env: NodeJS.ProcessEnv;
  /** Capture stdout (e.g. `terraform output -json`) instead of streaming it to the terminal. */
  readonly capture?: boolean;
}

export interface RunResult {
  /** Exit code; null when the program could not be started or was killed by a signal. */
  readonly status: number | null;
  readonly stdout: string;
  /** Set when the program could not be started at all (e.g. not on PATH). */
  readonly startError?: string;
}

/** Runs a program to completion. Injected into the commands so tests can silence or fake it. */
export type Runner = (command: string, args: readonly string[], options: RunOptions) => RunResult;

/** Streams the program's output to this process's terminal (what a person and CI see). */
export function createRunner(mode: "inherit" | "quiet" = "inherit"): Runner {
  return (command, args, options) => {
    const streamed = mode === "inherit" && !options.capture;
    const result = spawnSync(command, [...args], {
      cwd: options.cwd,
      env: options.env,
      encoding: "utf8",
      // stdin is never read: every terraform call passes -input=false.
      stdio: ["ignore", streamed ? "inherit" : "pipe", mode === "inherit" ? "inherit" : "pipe"],
      maxBuffer: 64 * 1024 * 1024,
    });
    return {
      status: result.status,
      stdout: result.stdout ?? "",
      ...(result.error ? { startError: result.error.message } : {}),
    };
  };
}
