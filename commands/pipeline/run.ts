import { spawn, spawnSync } from "child_process";
import { currentInterruption } from "./signals";

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

/**
 * Runs a program without blocking this process, so that a signal reaching the pipeline is passed
 * on to it (see signals.ts). Used for the long terraform steps of diff and deploy.
 */
export type AsyncRunner = (command: string, args: readonly string[], options: RunOptions) => Promise<RunResult>;

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

/**
 * Like createRunner, asynchronous. The program runs in its own process group, so a Ctrl-C at the
 * terminal reaches only the pipeline, which passes it on exactly once (terraform stops gracefully
 * on the first interrupt and abandons its work on the second).
 */
export function createAsyncRunner(mode: "inherit" | "quiet" = "inherit"): AsyncRunner {
  return (command, args, options) =>
    new Promise((resolve) => {
      const streamed = mode === "inherit" && !options.capture;
      const child = spawn(command, [...args], {
        cwd: options.cwd,
        env: options.env,
        detached: true,
        stdio: ["ignore", streamed ? "inherit" : "pipe", mode === "inherit" ? "inherit" : "pipe"],
      });
      let stdout = "";
      child.stdout?.setEncoding("utf8").on("data", (chunk: string) => (stdout += chunk));
      child.stderr?.resume();
      const forget = currentInterruption()?.track(child);
      child.on("error", (error) => {
        forget?.();
        resolve({ status: null, stdout, startError: error.message });
      });
      child.on("close", (status) => {
        forget?.();
        resolve({ status, stdout });
      });
    });
}

/** An AsyncRunner that runs `run` (tests inject synchronous fakes). */
export function asyncRunnerOf(run: Runner): AsyncRunner {
  return async (command, args, options) => run(command, args, options);
}
