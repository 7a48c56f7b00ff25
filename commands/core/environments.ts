import {
  CUSTOMER_STACK_PREFIX,
  customersDirFromEnv,
  listCustomers,
  listEnvironments,
  loadCustomers,
  loadEnvironments,
} from "../../lib/config/load";
import { EnvironmentConfig } from "../../lib/config/schema";
import { CommandError, withConfigErrors } from "./errors";

/** The config folder's environments, sorted by name; config mistakes become CommandErrors. */
export function environmentNames(configDir: string): string[] {
  return withConfigErrors(() => listEnvironments(configDir));
}

/** Every environment's validated config, in promotion order (see `promotionOrder`). */
export function loadInPromotionOrder(configDir: string, projectDir: string): EnvironmentConfig[] {
  return promotionOrder(withConfigErrors(() => loadEnvironments(configDir, projectDir)));
}

/** The validated config of one stack: an environment, or a customer (`customer-<name>`, PARTNER_OAUTH_CUSTOMERS_DIR). */
export function loadEnvironment(name: string, configDir: string, projectDir: string): EnvironmentConfig {
  assertKnownEnvironment(name, configDir);
  const environments = loadInPromotionOrder(configDir, projectDir);
  const stacks = isCustomerStack(name)
    ? withConfigErrors(() => loadCustomers(customersDirFromEnv(), projectDir, environments))
    : environments;
  const found = stacks.find((stack) => stack.name === name);
  if (!found) throw new CommandError(`Stack "${name}" disappeared from its config folder while reading it`);
  return found;
}

function isCustomerStack(name: string): boolean {
  return name.startsWith(CUSTOMER_STACK_PREFIX);
}

export function assertKnownEnvironment(name: string, configDir: string): void {
  if (isCustomerStack(name)) {
    const customersDir = customersDirFromEnv();
    const known = withConfigErrors(() => listCustomers(customersDir)).map((customer) => customer.stack);
    if (!known.includes(name)) {
      throw new CommandError(
        `Unknown customer stack "${name}": ${customersDir} has ${known.join(", ") || "no customer"}. ` +
          `A customer is a file: add ${customersDir}/${name.slice(CUSTOMER_STACK_PREFIX.length)}.json (docs/multi-tenant.md).`,
      );
    }
    return;
  }
  const known = environmentNames(configDir);
  if (!known.includes(name)) {
    throw new CommandError(
      `Unknown environment "${name}": ${configDir} has ${known.join(", ")}. ` +
        `An environment is a config file: add ${configDir}/${name}.json to create it.`,
    );
  }
}

/** Environments with `promotionOrder` first (lowest first), then the others (which still deploy) by name. */
export function promotionOrder<T extends { name: string; promotionOrder?: number }>(environments: readonly T[]): T[] {
  const rank = (environment: T) =>
    typeof environment.promotionOrder === "number" ? environment.promotionOrder : Infinity;
  return [...environments].sort((a, b) => rank(a) - rank(b) || a.name.localeCompare(b.name));
}
