import type { EnvironmentConfig } from "../../lib/config/schema";
import { CREDENTIAL_ENV_VARS, type Region } from "../../lib/genesys/provider-rules";
import { PARTNER_SECRET_ENV, runDoctor } from "../doctor/checks";
import { targetsFor } from "../doctor/cli";
import { toLines } from "../doctor/report";
import type { PipelineContext } from "./context";
import { CommandError } from "../core/errors";
import type { StackOutputs } from "./outputs";

export interface LiveOptions {
  readonly gateway?: URL;
  readonly flowId?: string;
}

/**
 * `pipeline:verify <env> --live`: after the static checks, the doctor (docs/doctor.md) against the live API
 * for the client just deployed, with the app config the outputs give. Fails when a check fails; skipped (with a
 * line saying so) in deploy phase "role", where there is no client yet.
 */
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
  const env = context.env;
  const deployerId = env[CREDENTIAL_ENV_VARS.clientId];
  const deployerSecret = env[CREDENTIAL_ENV_VARS.clientSecret];
  const report = await runDoctor({
    config,
    appConfig: {
      organizationId: outputs.organizationId,
      organizationName: outputs.organizationName,
      region: outputs.region,
      oauthClientId: outputs.oauthClientId,
    },
    appConfigFile: `the deployed outputs of "${config.name}"`,
    partnerSecret: env[PARTNER_SECRET_ENV] || undefined,
    deployer: deployerId && deployerSecret ? { clientId: deployerId, clientSecret: deployerSecret } : undefined,
    flowId: options.flowId,
    ...targetsFor(config.region as Region, options.gateway),
  });
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
