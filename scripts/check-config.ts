// Bundled and run by scripts/cdktf.js before cdktf starts: the app's own config check, with the
// app's message, so that a config error is printed once (cdktf would print the app's stderr twice).
import { runApp } from "../lib/cli";
import { configDirFromEnv, customersDirFromEnv, loadCustomers, loadEnvironments } from "../lib/config/load";

/** The stack names (environments, then customers), or undefined after printing the configuration error. */
export function checkConfig(): string[] | undefined {
  let names: string[] | undefined;
  runApp(() => {
    const environments = loadEnvironments(configDirFromEnv());
    const customers = loadCustomers(customersDirFromEnv(), process.cwd(), environments);
    names = [...environments, ...customers].map((stack) => stack.name);
  });
  return names;
}
