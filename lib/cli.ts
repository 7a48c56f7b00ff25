import { ConfigError } from "./config/errors";

/**
 * Runs the app; a configuration mistake ends it with the message alone (no stack trace) and a
 * non-zero exit, before anything is written to the output directory.
 */
export function runApp(build: () => void): void {
  try {
    build();
  } catch (error) {
    if (!(error instanceof ConfigError)) throw error;
    process.stderr.write(`${error.report}\n`);
    process.exitCode = 1;
  }
}
