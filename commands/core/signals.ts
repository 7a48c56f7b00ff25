import { ChildProcess } from "child_process";
import { handleSignalsHere } from "./cli";
import { CommandError, EXIT } from "./errors";

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

let current: Interruption | undefined;

/** The interruption handling of the running command, if any: the runner registers its children there. */
export function currentInterruption(): Interruption | undefined {
  return current;
}

/** Runs `action` with SIGINT/SIGTERM handled as described on Interruption. */
export async function interruptible<T>(action: (interruption: Interruption) => Promise<T>): Promise<T> {
  const interruption = new Interruption();
  const previous = current;
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
    current = previous;
  }
}
