import { botSessionRoleName, deployPlan, nextStepAfterRolePhase } from "../../lib/deploy-phase";
import { OUTPUT_NAMES as N } from "../../lib/stack-outputs";
import type { EnvironmentConfig } from "../../lib/config/schema";
import { checkDeployed, doctorCredentials } from "../doctor/checks";
import { toLines } from "../doctor/report";
import { findStack } from "./build-info";
import { PipelineContext } from "./context";
import { loadEnvironment } from "../core/environments";
import { CommandError } from "../core/errors";
import { deployedOutputs, readOutputsFile, StackOutputs, stackOutputs } from "./outputs";
import { interruptible } from "../core/run";
import { withTerraform } from "../core/terraform";

export interface VerifyOptions {
  readonly environment: string;
  /** Check this outputs file instead of the deployed state (`terraform output`). */
  readonly outputsFile?: string;
  /** Then run the doctor against the live API (verifyLive). */
  readonly live?: LiveOptions;
}

/** Checks a deployed environment's outputs: their shape, and region, org and phase against its config. */
export async function verify(context: PipelineContext, options: VerifyOptions): Promise<StackOutputs> {
  const { environment, outputsFile } = options;
  const config = loadEnvironment(environment, context.configDir, context.projectDir);
  const fromState = outputsFile === undefined;
  const outputs = fromState
    ? await outputsFromState(context, environment)
    : stackOutputs(readOutputsFile(outputsFile), environment, outputsFile);

  const exposed = outputs.oauthClientSecret !== undefined;
  const phase = deployPlan(config.oauthClient).phase;
  const problems = [
    outputs.region !== config.region &&
      `output "${N.region}" is "${outputs.region}" but ${config.file} has region "${config.region}"`,
    outputs.organizationName !== config.organization.name &&
      `output "${N.organizationName}" is "${outputs.organizationName}" but ${config.file} expects "${config.organization.name}"`,
    config.organization.id !== undefined &&
      outputs.organizationId.toLowerCase() !== config.organization.id.toLowerCase() &&
      `output "${N.organizationId}" is "${outputs.organizationId}" but ${config.file} pins organization.id ` +
        `"${config.organization.id}"`,
    fromState &&
      config.oauthClient.exposeSecret &&
      !exposed &&
      `output "${N.oauthClientSecret}" is missing though ${config.file} sets oauthClient.exposeSecret`,
    fromState &&
      !config.oauthClient.exposeSecret &&
      exposed &&
      `output "${N.oauthClientSecret}" is exposed though ${config.file} does not set oauthClient.exposeSecret ` +
        `(deployed from an older config? deploy again)`,
    outputs.deployPhase !== phase &&
      `output "${N.deployPhase}" is "${outputs.deployPhase}" but ${config.file} gives phase "${phase}" ` +
        `(deployed from an older config? deploy again)`,
  ].filter((problem) => typeof problem === "string");
  if (problems.length > 0) {
    throw new CommandError(
      `Environment "${environment}" does not look right:\n${problems.map((p) => `  ${p}`).join("\n")}`,
    );
  }

  const verified =
    `Verified "${environment}" (${outputsFile ?? "deployed state"}): ` +
    `organization ${outputs.organizationName} (${outputs.organizationId}), region ${outputs.region}, ` +
    `login ${outputs.loginBaseUrl}, API ${outputs.apiBaseUrl}`;
  if (outputs.deployPhase === "role") {
    const roleName = outputs.botSessionRoleName ?? botSessionRoleName(config.oauthClient);
    context.log(
      `${verified}, deploy phase "role": the bot-session role "${roleName}" exists, the OAuth client does not yet. ` +
        `Next: ${nextStepAfterRolePhase(roleName, config.file, config.oauthClient.botSessionRole.division)}.`,
    );
  } else {
    context.log(
      `${verified}, OAuth client ${outputs.oauthClientId}` +
        (outputs.oauthClientSecret !== undefined ? ", client secret exposed (not shown)" : "") +
        ".",
    );
  }
  if (options.live) await verifyLive(context, config, outputs, options.live);
  return outputs;
}

async function outputsFromState(context: PipelineContext, environment: string): Promise<StackOutputs> {
  // The stack folder only gives terraform the backend to read; it need not match the checkout.
  const stack = findStack(context.outDir, environment);
  // terraform output reads the state only: no Genesys Cloud credentials (terraformEnv, "state-only").
  return interruptible((interruption) =>
    withTerraform({ stack: environment, dir: stack.dir, env: context.env, run: context.run }, async (terraform) => {
      const stopped = () => `the check of "${environment}" was stopped; verify changes nothing.`;
      await interruption.step(stopped, () => terraform.init());
      return deployedOutputs(environment, await interruption.step(stopped, () => terraform.outputs()), true);
    }),
  );
}

export interface LiveOptions {
  readonly gateway?: URL;
  readonly flowId?: string;
}

/** `pipeline:verify <env> --live`: the doctor on the client just deployed; skipped in phase "role" (no client yet). */
export async function verifyLive(
  context: PipelineContext,
  config: EnvironmentConfig,
  outputs: StackOutputs,
  options: LiveOptions,
): Promise<void> {
  if (outputs.oauthClientId === undefined) {
    // Phase "role": nothing can log in yet, and verify has just named the next step.
    context.log(`Live check of "${config.name}" skipped: deploy phase "role" has no partner OAuth client yet.`);
    return;
  }
  const { oauthClientId } = outputs;
  const report = await checkDeployed(config, { ...outputs, oauthClientId }, doctorCredentials(context.env), options);
  toLines(report).forEach((line) => context.log(line));
  const failed = report.checks.filter((c) => c.status === "fail").map((c) => c.id);
  if (failed.length > 0) {
    throw new CommandError(
      `Live check of "${config.name}" failed (${failed.join(", ")}): its client cannot start bot sessions as deployed. ` +
        `Fix what the lines above say before promoting further.`,
    );
  }
  context.log(`Live check of "${config.name}": no check failed.`);
}
