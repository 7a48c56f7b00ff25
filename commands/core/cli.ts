import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { parseArgs, type ParseArgsConfig } from "node:util";
import { CommandError, EXIT, usageError } from "./errors";

export interface CommandIo {
  readonly env: NodeJS.ProcessEnv;
  readonly out: (line: string) => void;
  readonly err: (line: string) => void;
}

export type OptionTable = NonNullable<ParseArgsConfig["options"]>;

/** The kinds of option in every command's option table. */
export const text = { type: "string" } as const;
export const flag = { type: "boolean" } as const;
export const help = { type: "boolean", short: "h" } as const;

/** `node:util` parseArgs (strict, positionals allowed); a wrong command line is a usage error named after `command`. */
export function parseCommandLine<T extends OptionTable>(
  command: string | undefined,
  args: readonly string[],
  options: T,
) {
  try {
    return parseArgs({ args: [...args], options, allowPositionals: true as const, strict: true as const });
  } catch (error) {
    throw usageError(`${command ? `${command}: ` : ""}${(error as Error).message}`);
  }
}

/**
 * Runs one command and returns its exit code. A CommandError and an unusable path (a folder where a file
 * belongs, no permission…) are the user's to fix: one "error:" line. Anything else is a bug: thrown on.
 */
export async function runCommand(action: () => Promise<number | void>, err: (line: string) => void): Promise<number> {
  try {
    return (await action()) ?? 0;
  } catch (error) {
    if (error instanceof CommandError) {
      err(`error: ${error.message}`);
      if (error.exitCode === EXIT.usage) err("Run with --help for usage.");
      return error.exitCode;
    }
    if (isSystemError(error)) {
      err(`error: ${error.message}`);
      return EXIT.failure;
    }
    throw error;
  }
}

/** An error of a Node system call (fs…); not `instanceof Error` under jest, hence the duck typing. */
function isSystemError(error: unknown): error is NodeJS.ErrnoException {
  const { code, syscall, message } = (error ?? {}) as Partial<NodeJS.ErrnoException>;
  return [code, syscall, message].every((field) => typeof field === "string");
}

export function processIo(): CommandIo {
  return {
    env: process.env,
    out: (line) => process.stdout.write(`${line}\n`),
    err: (line) => process.stderr.write(`${line}\n`),
  };
}

/**
 * The entry of every command users run. A crash (a bug) prints one line naming the file that holds its
 * stack: never the error object, which (an SDK error) can carry request headers with credentials.
 * SIGINT/SIGTERM print one line and exit, unless the command handles them itself (handleSignalsHere).
 */
export function runCli(
  name: string,
  main: (argv: readonly string[]) => Promise<number>,
  argv: readonly string[] = process.argv.slice(2),
): void {
  for (const signal of ["SIGINT", "SIGTERM"] as const) {
    process.on(signal, () => {
      if (signalsHandledElsewhere > 0) return;
      process.stderr.write(`Interrupted (${signal}): ${name} was stopped before it finished.\n`);
      process.exit(EXIT[signal]);
    });
  }
  main(argv).then(
    (code) => {
      process.exitCode = code;
    },
    (error: unknown) => {
      process.stderr.write(`${crashReport(name, error)}\n`);
      process.exitCode = EXIT.crash;
    },
  );
}

let signalsHandledElsewhere = 0;

/** While a command stops gracefully itself on SIGINT/SIGTERM, runCli's default stands aside; returns the end of that. */
export function handleSignalsHere(): () => void {
  signalsHandledElsewhere++;
  return () => {
    signalsHandledElsewhere--;
  };
}

/** Writes the stack to a private file in the temp folder; returns the one line to print. */
export function crashReport(name: string, error: unknown, dir = os.tmpdir()): string {
  const message = error instanceof Error ? error.message.split("\n")[0] : "a non-error value was thrown";
  const stack = error instanceof Error ? (error.stack ?? message) : typeof error;
  let where: string;
  try {
    const folder = fs.mkdtempSync(path.join(dir, `${name}-crash-`));
    const file = path.join(folder, "stack.txt");
    fs.writeFileSync(file, `${stack}\n`, { mode: 0o600 });
    where = `stack trace in ${file}`;
  } catch {
    where = "the stack trace could not be saved";
  }
  return `${name}: unexpected failure (a bug, please report it): ${message} (${where})`;
}
