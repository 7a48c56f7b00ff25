import { loadEnvironments } from "../../lib/config/load";
import { EnvironmentConfig } from "../../lib/config/schema";
import { minimalEnvironment, PROJECT_ROOT, SHIPPED_CONFIG_DIR, tempConfigDir } from "./config-dir";

export function shippedEnvironments(): EnvironmentConfig[] {
  return loadEnvironments(SHIPPED_CONFIG_DIR, PROJECT_ROOT);
}

/** One environment built from the minimal valid file with `changes` on top, loaded like the app does. */
export function environmentWith(changes: Record<string, unknown> = {}, name = "dev"): EnvironmentConfig {
  const base = minimalEnvironment(name);
  const file = {
    ...base,
    ...changes,
    oauthClient: { ...(base.oauthClient as object), ...((changes.oauthClient as object) ?? {}) },
  };
  return loadEnvironments(tempConfigDir({ [`${name}.json`]: file }), PROJECT_ROOT)[0];
}
