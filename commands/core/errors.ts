import { ConfigError } from "../../lib/config/errors";

/** The exit codes users and workflows see. */
export const EXIT = { failure: 1, usage: 2, crash: 70, SIGINT: 130, SIGTERM: 143 } as const;

/** The one user-facing error: a mistake the user can fix, or a stop they caused; printed alone, no stack trace. */
export class CommandError extends Error {
  constructor(
    message: string,
    readonly exitCode: number = EXIT.failure,
  ) {
    super(message);
    this.name = "CommandError";
  }
}

/** A wrong command line: exit code 2, like most CLIs. */
export function usageError(message: string): CommandError {
  return new CommandError(message, EXIT.usage);
}

/** Runs `read`; a CommandError it throws is a usage error (an argument named a bad file or environment). */
export function asUsage<T>(read: () => T): T {
  try {
    return read();
  } catch (error) {
    throw error instanceof CommandError ? usageError(error.message) : error;
  }
}

/** Runs `read`; a mistake in the configuration it reads becomes the CommandError that prints its report. */
export function withConfigErrors<T>(read: () => T): T {
  try {
    return read();
  } catch (error) {
    throw error instanceof ConfigError ? new CommandError(error.report) : error;
  }
}
