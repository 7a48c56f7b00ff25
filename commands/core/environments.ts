import { ConfigError } from "../../lib/config/errors";
import { listEnvironments, loadEnvironments } from "../../lib/config/load";
import { EnvironmentConfig } from "../../lib/config/schema";
import { CommandError } from "./errors";

/** The config folder's environments, sorted by name; config mistakes become CommandErrors. */
export function environmentNames(configDir: string): string[] {
  return withConfigErrors(() => listEnvironments(configDir));
}

/** Every environment's validated config, in promotion order (see `promotionOrder`). */
export function loadInPromotionOrder(configDir: string, projectDir: string): EnvironmentConfig[] {
  return promotionOrder(withConfigErrors(() => loadEnvironments(configDir, projectDir)));
}

export function loadEnvironment(name: string, configDir: string, projectDir: string): EnvironmentConfig {
  assertKnownEnvironment(name, configDir);
  const found = loadInPromotionOrder(configDir, projectDir).find((environment) => environment.name === name);
  if (!found) throw new CommandError(`Environment "${name}" disappeared from ${configDir} while reading it`);
  return found;
}

export function assertKnownEnvironment(name: string, configDir: string): void {
  const known = environmentNames(configDir);
  if (!known.includes(name)) {
    throw new CommandError(
      `Unknown environment "${name}": ${configDir} has ${known.join(", ")}. ` +
        `An environment is a config file: add ${configDir}/${name}.json to create it.`,
    );
  }
}

/**
 * Environments with `promotionOrder` first (lowest first), then the others by name. The field is
 * optional in the config, so an environment without it still deploys; the workflow lint then only
 * checks that it has a stage, not where.
 */
export function promotionOrder<T extends { name: string; promotionOrder?: number }>(environments: readonly T[]): T[] {
  const rank = (environment: T) =>
    typeof environment.promotionOrder === "number" ? environment.promotionOrder : Infinity;
  return [...environments].sort((a, b) => rank(a) - rank(b) || a.name.localeCompare(b.name));
}

function withConfigErrors<T>(read: () => T): T {
  try {
    return read();
  } catch (error) {
    if (error instanceof ConfigError) {
      throw new CommandError(`Configuration error:\n${error.problems.map((problem) => `  ${problem}`).join("\n")}`);
    }
    throw error;
  }
}
