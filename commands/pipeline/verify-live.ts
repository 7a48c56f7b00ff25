import type { EnvironmentConfig } from "../../lib/config/schema";
import { deployerCredentials } from "../core/credentials";
import { PARTNER_SECRET_ENV, checkDeployed } from "../doctor/checks";
import { toLines } from "../doctor/report";
import type { PipelineContext } from "./context";
import { CommandError } from "../core/errors";
import type { StackOutputs } from "./outputs";

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
  const report = await checkDeployed(
    config,
    {
      organizationId: outputs.organizationId,
      organizationName: outputs.organizationName,
      region: outputs.region,
      oauthClientId: outputs.oauthClientId,
    },
    { partnerSecret: context.env[PARTNER_SECRET_ENV] || undefined, deployer: deployerCredentials(context.env) },
    options,
  );
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
