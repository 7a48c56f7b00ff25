import * as path from "path";
import { TerraformStack, Testing } from "cdktf";
import { loadEnvironments } from "../../lib/config/load";
import { EnvironmentConfig } from "../../lib/config/schema";
import { PartnerOAuthStack } from "../../lib/partner-oauth-stack";
import { minimalEnvironment, PROJECT_ROOT, SHIPPED_CONFIG_DIR, tempConfigDir } from "./config-dir";

/** A test app whose output directory is the project's default, as under `cdktf synth`. */
export function testApp() {
  return Testing.app({ outdir: path.join(PROJECT_ROOT, "cdktf.out") });
}

/** Like Testing.synthScope, without leaving a temp folder behind per call. */
export function synthScope(build: (scope: TerraformStack) => void): string {
  const stack = new TerraformStack(testApp(), "stack");
  build(stack);
  return Testing.synth(stack);
}

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

export function synthStack(environment: EnvironmentConfig): { stack: PartnerOAuthStack; synthesized: string } {
  const stack = new PartnerOAuthStack(testApp(), environment.name, { environment });
  return { stack, synthesized: Testing.synth(stack) };
}

export function synthJson(environment: EnvironmentConfig): Record<string, any> {
  return JSON.parse(synthStack(environment).synthesized);
}
