import * as path from "path";
import { TerraformStack, Testing } from "cdktf";
import { EnvironmentConfig } from "../../lib/config/schema";
import { PartnerOAuthStack } from "../../lib/partner-oauth-stack";
import { PROJECT_ROOT } from "./config-dir";

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

export function synthStack(environment: EnvironmentConfig): { stack: PartnerOAuthStack; synthesized: string } {
  const stack = new PartnerOAuthStack(testApp(), environment.name, { environment });
  return { stack, synthesized: Testing.synth(stack) };
}

export function synthJson(environment: EnvironmentConfig): Record<string, any> {
  return JSON.parse(synthStack(environment).synthesized);
}
