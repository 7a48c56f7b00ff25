import { ChildProcess } from "child_process";
import { handleSignalsHere } from "../core/cli";
import { CommandError } from "../core/errors";

const SIGNALS = ["SIGINT", "SIGTERM"] as const;
type HandledSignal = (typeof SIGNALS)[number];
const EXIT_CODES: Record<HandledSignal, number> = { SIGINT: 130, SIGTERM: 143 };

/**
 * While a diff or deploy runs, SIGINT and SIGTERM do not end the pipeline: they are passed on to
 * the running program (terraform), the command waits for it to stop, cleans up (plan file, lock)
 * and then fails with one line saying what state the environment may be in.
 */
export class Interruption {
  private received?: HandledSignal;
  private readonly children = new Set<ChildProcess>();
  private readonly handlers = new Map<HandledSignal, () => void>();
  private onSignal: () => void = () => undefined;
  private standAside?: () => void;
  /** Settles when the first signal arrives: a wait on something else (a prompt) races it. */
  readonly signalled = new Promise<void>((resolve) => (this.onSignal = resolve));

  get signal(): HandledSignal | undefined {
    return this.received;
  }

  /** Passes signals to `child` while it runs; returns the function that stops doing so. */
  track(child: ChildProcess): () => void {
    this.children.add(child);
    return () => this.children.delete(child);
  }

  /** Fails with `message` (what state things are in, what to run next) once a signal has arrived. */
  check(message: () => string): void {
    if (this.received) {
      throw new CommandError(`Interrupted (${this.received}): ${message()}`, EXIT_CODES[this.received]);
    }
  }

  install(): void {
    this.standAside = handleSignalsHere();
    for (const signal of SIGNALS) {
      const handler = () => {
        this.received ??= signal;
        this.onSignal();
        for (const child of this.children) {
          if (child.exitCode === null && child.signalCode === null) child.kill(signal);
        }
      };
      this.handlers.set(signal, handler);
      process.on(signal, handler);
    }
  }

  uninstall(): void {
    this.standAside?.();
    for (const [signal, handler] of this.handlers) process.removeListener(signal, handler);
    this.handlers.clear();
  }
}

let current: Interruption | undefined;

/** The interruption handling of the running command, if any: the async runner registers its children there. */
export function currentInterruption(): Interruption | undefined {
  return current;
}

/** Runs `action` with SIGINT/SIGTERM handled as described on Interruption. */
export async function interruptible<T>(action: (interruption: Interruption) => Promise<T>): Promise<T> {
  const interruption = new Interruption();
  const previous = current;
  current = interruption;
  interruption.install();
  try {
    return await action(interruption);
  } finally {
    interruption.uninstall();
    current = previous;
  }
}
