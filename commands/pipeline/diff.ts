import { freshStack } from "./build-info";
import { commandHint, PipelineContext } from "./context";
import { hasProviderCredentials, missingCredentialsMessage } from "../core/credentials";
import { assertKnownEnvironment } from "../core/environments";
import { CommandError } from "../core/errors";
import { interruptible } from "../core/run";
import { withTerraform } from "../core/terraform";

export interface DiffOptions {
  readonly environment: string;
  /** Without credentials, say so and succeed instead of failing (pull requests, forks). */
  readonly ifCredentials: boolean;
}

export type DiffResult = "changes" | "no-changes" | "skipped";

/** `terraform plan` of one environment from the synthesized output, without taking the state lock. */
export async function diff(context: PipelineContext, options: DiffOptions): Promise<DiffResult> {
  const { environment } = options;
  assertKnownEnvironment(environment, context.configDir);
  const stack = freshStack({ ...context, name: environment });
  if (!hasProviderCredentials(context.env)) {
    if (!options.ifCredentials) throw new CommandError(missingCredentialsMessage(environment));
    context.log(`Skipped the diff of "${environment}": no Genesys Cloud credentials are set for it.`);
    return "skipped";
  }
  const changes = await interruptible((interruption) =>
    withTerraform({ stack: environment, dir: stack.dir, env: context.env, run: context.run }, async (terraform) => {
      const stopped = () =>
        `the diff of "${environment}" was stopped; a diff changes nothing. Run "${commandHint(context, "diff", environment)}" again.`;
      await interruption.step(stopped, () => terraform.init());
      // No lock: a diff only reads, and read-only state credentials cannot take one.
      return interruption.step(stopped, () => terraform.plan({ lock: false }));
    }),
  );
  context.log(changes ? `"${environment}" has changes to deploy (plan above).` : `"${environment}" is up to date.`);
  return changes ? "changes" : "no-changes";
}
