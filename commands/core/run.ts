import { ChildProcess, spawn } from "child_process";
import { handleSignalsHere } from "./cli";
import { CommandError, EXIT } from "./errors";

export interface RunOptions {
  readonly cwd: string;
  readonly env: NodeJS.ProcessEnv;
  /** Capture stdout (e.g. `terraform output -json`) instead of streaming it to the terminal. */
  readonly capture?: boolean;
  /** Stop showing the program's output once a signal arrived (cdktf prints a raw AbortError then). */
  readonly quietOnSignal?: boolean;
  /** Every file the program creates is private to this user (umask 077): terraform's state and plans hold secrets. */
  readonly privateFiles?: boolean;
}

export interface RunResult {
  /** Exit code; null when the program could not be started or was killed by a signal. */
  readonly status: number | null;
  readonly stdout: string;
  /** The end of what it printed on stderr (which is also shown as it comes). */
  readonly stderr?: string;
  /** Set when the program could not be started at all (e.g. not on PATH). */
  readonly startError?: string;
}

/** Runs a program to completion. Injected into the commands so tests can silence or fake it. */
export type Runner = (command: string, args: readonly string[], options: RunOptions) => RunResult | Promise<RunResult>;

type HandledSignal = "SIGINT" | "SIGTERM";

/**
 * While a command runs terraform or cdktf, SIGINT and SIGTERM do not end the pipeline: they are
 * passed on to the running program, the command waits for it to stop, cleans up (plan file, lock)
 * and then fails with one line saying what state the environment may be in.
 */
class Interruption {
  signal?: HandledSignal;
  readonly children = new Set<ChildProcess>();
  private onSignal: () => void = () => undefined;
  /** Settles when the first signal arrives: a wait on something else (a prompt) races it. */
  readonly signalled = new Promise<void>((resolve) => (this.onSignal = resolve));

  readonly handle = (signal: HandledSignal) => {
    this.signal ??= signal;
    this.onSignal();
    for (const child of this.children) {
      if (child.exitCode === null && child.signalCode === null) child.kill(signal);
    }
  };

  /** Fails with `message` (what state things are in, what to run next) once a signal has arrived. */
  check(message: () => string): void {
    if (this.signal) throw new CommandError(`Interrupted (${this.signal}): ${message()}`, EXIT[this.signal]);
  }

  /** Runs one step, failing with `message` when a signal arrived before or during it. */
  async step<T>(message: () => string, run: () => Promise<T>): Promise<T> {
    this.check(message);
    try {
      return await run();
    } finally {
      this.check(message);
    }
  }
}

/** The interruption handling of the running command, if any: the runner registers its children there. */
let current: Interruption | undefined;

/** Runs `action` with SIGINT/SIGTERM handled as described on Interruption. */
export async function interruptible<T>(action: (interruption: Interruption) => Promise<T>): Promise<T> {
  const interruption = new Interruption();
  current = interruption;
  const standAside = handleSignalsHere();
  const onInt = () => interruption.handle("SIGINT");
  const onTerm = () => interruption.handle("SIGTERM");
  process.on("SIGINT", onInt).on("SIGTERM", onTerm);
  try {
    return await action(interruption);
  } finally {
    process.removeListener("SIGINT", onInt).removeListener("SIGTERM", onTerm);
    standAside();
    current = undefined;
  }
}

const STDERR_KEPT = 64 * 1024;

/**
 * Started by `node -e` in front of every program, in a process group of its own, so a Ctrl-C at the
 * terminal reaches only the pipeline, which passes SIGINT/SIGTERM on exactly once (terraform stops
 * gracefully on the first interrupt and abandons its work on the second). Its stdin is a pipe from
 * the pipeline that nobody writes to: it ends when the pipeline dies in any way (kill -9 included),
 * and the watchdog then interrupts the program, so terraform never goes on applying alone. The
 * program's output passes through the watchdog, which drops it once nobody reads it: terraform
 * writing to a closed pipe would die of SIGPIPE mid-apply, holding the state lock.
 */
const WATCHDOG = `
const { spawn } = require("child_process");
const [umask, command, ...args] = process.argv.slice(1);
if (umask !== "-") process.umask(parseInt(umask, 8));
const child = spawn(command, args, { stdio: ["ignore", "pipe", "pipe"] });
for (const [from, to] of [[child.stdout, process.stdout], [child.stderr, process.stderr]]) {
  to.on("error", () => { from.unpipe(to); from.resume(); });
  from.pipe(to);
}
const pass = (signal) => { if (child.exitCode === null && child.signalCode === null) child.kill(signal); };
for (const signal of ["SIGINT", "SIGTERM"]) process.on(signal, () => pass(signal));
process.stdin.on("end", () => pass("SIGINT")).resume();
child.on("error", (error) => { process.stderr.write("START_ERROR " + error.message + "\\n"); process.exit(127); });
child.on("close", (code, signal) => process.exit(code ?? (signal ? 128 : 1)));
`;

/** Streams the program's output to this process's terminal (what a person and CI see); "quiet" shows nothing. */
export function createRunner(mode: "inherit" | "quiet" = "inherit"): Runner {
  return (command, args, options) =>
    new Promise((resolve) => {
      const child = spawn(process.execPath, ["-e", WATCHDOG, options.privateFiles ? "077" : "-", command, ...args], {
        cwd: options.cwd,
        env: options.env,
        detached: true,
        stdio: ["pipe", "pipe", "pipe"],
      });
      const interruption = current;
      const shown = () => mode === "inherit" && !(options.quietOnSignal && interruption?.signal);
      let stdout = "";
      let stderr = "";
      child.stdout.setEncoding("utf8").on("data", (chunk: string) => {
        if (options.capture) stdout += chunk;
        else if (shown()) process.stdout.write(chunk);
      });
      child.stderr.setEncoding("utf8").on("data", (chunk: string) => {
        stderr = (stderr + chunk).slice(-STDERR_KEPT);
        if (shown() && !chunk.startsWith("START_ERROR ")) process.stderr.write(chunk);
      });
      interruption?.children.add(child);
      const finish = (result: RunResult) => {
        interruption?.children.delete(child);
        resolve(result);
      };
      child.on("error", (error) => finish({ status: null, stdout, stderr, startError: error.message }));
      child.on("close", (status) => {
        const startError = /^START_ERROR (.*)$/m.exec(stderr)?.[1];
        finish(startError !== undefined ? { status: null, stdout, stderr, startError } : { status, stdout, stderr });
      });
    });
}
