import * as fs from "fs";
import * as path from "path";
import { freshStack } from "./build-info";
import { PipelineContext } from "./context";
import { hasProviderCredentials, missingCredentialsMessage } from "../core/credentials";
import { assertKnownEnvironment, loadEnvironment } from "../core/environments";
import { CommandError } from "../core/errors";
import { deployedOutputs, outputsFileOf, prepareOutputsFile, writeOutputsFile } from "./outputs";
import { interruptible } from "../core/run";
import { TerraformPlan, withTerraform } from "../core/terraform";

/** `terraform plan` of one environment from the synthesized output, without taking the state lock. */
export async function diff(
  context: PipelineContext,
  options: {
    readonly environment: string;
    /** Without credentials, say so and succeed instead of failing (pull requests, forks). */
    readonly ifCredentials: boolean;
  },
): Promise<"changes" | "no-changes" | "skipped"> {
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

/** Asks a person a yes/no question; absent when nobody can answer (CI, no terminal). */
export type Confirm = (question: string) => Promise<boolean>;

export interface DeployOptions {
  readonly environment: string;
  /** Apply without asking (CI: the GitHub environment's reviewers are the approval). */
  readonly autoApprove: boolean;
  /** Where to write the outputs, in the format of `cdktf deploy --outputs-file`. */
  readonly outputsFile: string;
  /** The file is then private (0600) and must not be one git would commit. */
  readonly includeSensitiveOutputs: boolean;
  /** Apply a plan that destroys or replaces the OAuth client or the bot-session role. */
  readonly allowDestroy?: boolean;
  /** How long terraform waits for the state lock (default "0s": fail at once when it is held). */
  readonly lockTimeout?: string;
  readonly confirm?: Confirm;
}

/** What the partner app and its bot sessions stand on: destroying either breaks them until they are set up again. */
const PROTECTED_TYPES = ["genesyscloud_oauth_client", "genesyscloud_auth_role"];

/** Deploys one environment from the synthesized output (never re-synthesized: every environment gets the same JSON). */
export async function deploy(context: PipelineContext, options: DeployOptions): Promise<void> {
  const { environment } = options;
  const config = loadEnvironment(environment, context.configDir, context.projectDir);
  const stack = freshStack({ ...context, name: environment });
  if (!hasProviderCredentials(context.env)) throw new CommandError(missingCredentialsMessage(environment));
  const { uncommittedChanges } = stack.buildInfo;
  if (uncommittedChanges !== false) {
    const what = uncommittedChanges ? "uncommitted changes" : "sources git could not check for uncommitted changes";
    context.log(`Warning: ${context.outDir} was synthesized from ${what}; CI will deploy only what is committed.`);
  }
  // Terraform creates its files private (see run.ts); a state written by an older run is made so too.
  if (config.backend.type === "local" && config.oauthClient.exposeSecret && fs.existsSync(config.backend.path)) {
    fs.chmodSync(config.backend.path, 0o600);
  }

  // A refused outputs file fails the deploy before anything is applied. An existing one is replaced
  // only after a successful apply; until then it stays as it was (an earlier deploy's outputs).
  prepareOutputsFile(options.outputsFile, options.includeSensitiveOutputs);
  const { lockTimeout } = options;
  const props = { stack: environment, dir: stack.dir, env: context.env, run: context.run, lockTimeout };
  const outputs = await interruptible((interruption) =>
    withTerraform(props, async (terraform) => {
      const notApplied = () =>
        `nothing was applied to "${environment}". Run "${commandHint(context, "deploy", environment)}" again when ready.`;
      await interruption.step(notApplied, () => terraform.init());
      // The plan holds the planned values, secrets included: in the session's private folder (0700), itself 0600.
      const planFile = path.join(terraform.runDir, "plan.tfplan");
      fs.closeSync(fs.openSync(planFile, "wx", 0o600));
      const changes = await interruption.step(notApplied, () => terraform.plan({ planFile, lock: true }));
      if (changes) {
        const plan = await interruption.step(notApplied, () => terraform.show(planFile));
        assertNoProtectedDestroy(environment, plan, options.allowDestroy === true);
        if (!options.autoApprove) {
          await interruption.step(notApplied, () =>
            Promise.race([approve(environment, options.confirm), interruption.signalled]),
          );
        }
      }
      await interruption.step(
        () =>
          `terraform apply of "${environment}" was stopped; part of the plan may be applied (the state records ` +
          `what was). Run "${commandHint(context, "diff", environment)}" to see what is left, then deploy again.`,
        () => terraform.apply(planFile),
      );
      const state = await terraform.outputs();
      try {
        return deployedOutputs(environment, state, options.includeSensitiveOutputs);
      } catch (error) {
        if (!(error instanceof CommandError)) throw error;
        throw new CommandError(
          `"${environment}" was applied, but its outputs are not what the app needs; ${error.message}`,
        );
      }
    }),
  ).catch((error: unknown) => {
    if (!(error instanceof CommandError) || !fs.existsSync(options.outputsFile)) throw error;
    throw new CommandError(
      `${error.message} ${options.outputsFile} was not updated: it still holds the outputs of an earlier deploy.`,
      error.exitCode,
    );
  });

  writeOutputsFile(options.outputsFile, outputsFileOf(environment, outputs), options.includeSensitiveOutputs);
  context.log(
    `Deployed "${environment}"; outputs written to ${options.outputsFile}` +
      (options.includeSensitiveOutputs ? " (with sensitive outputs, readable by you only)" : "") +
      `. Next: ${commandHint(context, "verify", environment)}`,
  );
}

/** Stops a plan that deletes (destroys or replaces) the OAuth client or the bot-session role, unless meant. */
function assertNoProtectedDestroy(environment: string, plan: TerraformPlan, allowed: boolean): void {
  const deleted = plan.resource_changes
    .filter((change) => PROTECTED_TYPES.includes(change.type) && change.change.actions.includes("delete"))
    .map((change) => `${change.address} (${change.change.actions.includes("create") ? "replaced" : "destroyed"})`);
  if (deleted.length > 0 && !allowed) {
    throw new CommandError(
      `Not applying the plan for "${environment}": it deletes ${deleted.join(", ")}, and the partner app and its bot ` +
        `sessions stop working until they are set up again. Nothing was applied. If this is meant, deploy again with --allow-destroy.`,
    );
  }
}

async function approve(environment: string, confirm: Confirm | undefined): Promise<void> {
  if (!confirm) {
    throw new CommandError(
      `Not applying the plan for "${environment}": nobody can confirm it here. ` +
        `Review the plan above and re-run with --auto-approve (CI does; its approval is the GitHub environment's reviewers).`,
    );
  }
  if (!(await confirm(`Apply the plan above to "${environment}"? Only "yes" applies: `))) {
    throw new CommandError(`Deploy of "${environment}" cancelled; nothing was applied.`);
  }
}

/** The command line of another pipeline command on `environment`, as the user runs it (with their options). */
function commandHint(context: PipelineContext, command: string, environment: string): string {
  return context.nextCommand?.(command, environment) ?? `npm run pipeline:${command} -- ${environment}`;
}
