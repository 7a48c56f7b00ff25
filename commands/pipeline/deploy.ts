import * as fs from "fs";
import * as path from "path";
import { freshStack } from "./artifact";
import { commandHint, PipelineContext } from "./context";
import { hasProviderCredentials, missingCredentialsMessage } from "./credentials";
import { assertKnownEnvironment } from "../core/environments";
import { CommandError } from "../core/errors";
import { acquireDeployLock } from "./lock";
import { deployedOutputsFile, prepareOutputsFile, writeOutputsFile } from "./outputs";
import { interruptible } from "./signals";
import { StackTerraform } from "./terraform";

/** Asks a person a yes/no question; absent when nobody can answer (CI, no terminal). */
export type Confirm = (question: string) => Promise<boolean>;

export interface DeployOptions {
  readonly environment: string;
  /** Apply without asking (CI: the GitHub environment's reviewers are the approval). */
  readonly autoApprove: boolean;
  /** Where to write the outputs, in the format of `cdktf deploy --outputs-file`. */
  readonly outputsFile: string;
  /**
   * Like cdktf's --outputs-file-include-sensitive-outputs; the file is then made private (0600) and
   * must not be one git would commit.
   */
  readonly includeSensitiveOutputs: boolean;
  readonly confirm?: Confirm;
}

/** Prefix of the private per-run folder holding the plan file (left out of the build digests). */
const PLAN_FOLDER_PREFIX = ".pipeline-plan-";

/**
 * Deploys one environment from the already synthesized output (never re-synthesizes, so every
 * environment gets the same Terraform JSON), then writes its outputs file.
 */
export async function deploy(context: PipelineContext, options: DeployOptions): Promise<void> {
  const { environment } = options;
  assertKnownEnvironment(environment, context.configDir);
  const stack = freshStack({ ...context, name: environment });
  if (!hasProviderCredentials(context.env)) throw new CommandError(missingCredentialsMessage(environment));
  const { uncommittedChanges } = stack.buildInfo;
  if (uncommittedChanges !== false) {
    const what = uncommittedChanges ? "uncommitted changes" : "sources git could not check for uncommitted changes";
    context.log(`Warning: ${context.outDir} was synthesized from ${what}; CI will deploy only what is committed.`);
  }

  // A refused outputs file fails the deploy before anything is applied. An existing one is replaced
  // only after a successful apply; until then it stays as it was (an earlier deploy's outputs).
  prepareOutputsFile(options.outputsFile, options.includeSensitiveOutputs);
  const release = acquireDeployLock(stack.dir, environment);
  try {
    await interruptible(async (interruption) => {
      const terraform = new StackTerraform(
        environment,
        stack.dir,
        context.env,
        context.run,
        "terraform",
        context.runAsync,
      );
      const notApplied = () =>
        `nothing was applied to "${environment}". Run "${commandHint(context, "deploy", environment)}" again when ready.`;
      const stage = async <T>(run: () => T | Promise<T>, message: () => string): Promise<T> => {
        interruption.check(message);
        try {
          return await run();
        } finally {
          interruption.check(message);
        }
      };

      await stage(() => terraform.init(), notApplied);
      // The plan holds the planned values, secrets included: a private folder (0700) and file (0600)
      // of this run alone, removed on every way out.
      const planDir = fs.mkdtempSync(path.join(stack.dir, PLAN_FOLDER_PREFIX));
      const planFile = path.join(path.basename(planDir), "plan.tfplan");
      try {
        fs.closeSync(fs.openSync(path.join(stack.dir, planFile), "wx", 0o600));
        const changes = await stage(() => terraform.plan({ planFile, lock: true }), notApplied);
        if (changes && !options.autoApprove) {
          await stage(() => Promise.race([approve(environment, options.confirm), interruption.signalled]), notApplied);
        }
        await stage(
          () => terraform.apply(planFile),
          () =>
            `terraform apply of "${environment}" was stopped; part of the plan may be applied (the state records ` +
            `what was). Run "${commandHint(context, "diff", environment)}" to see what is left, then deploy again.`,
        );
      } finally {
        fs.rmSync(planDir, { recursive: true, force: true });
      }
    });
  } catch (error) {
    if (error instanceof CommandError && fs.existsSync(options.outputsFile)) {
      throw new CommandError(
        `${error.message} ${options.outputsFile} was not updated: it still holds the outputs of an earlier deploy.`,
        error.exitCode,
      );
    }
    throw error;
  } finally {
    release();
  }

  const terraform = new StackTerraform(environment, stack.dir, context.env, context.run);
  const outputs = deployedOutputsFile(stack.dir, environment, terraform, options.includeSensitiveOutputs);
  writeOutputsFile(options.outputsFile, outputs, options.includeSensitiveOutputs);
  context.log(
    `Deployed "${environment}"; outputs written to ${options.outputsFile}` +
      (options.includeSensitiveOutputs ? " (with sensitive outputs, readable by you only)" : "") +
      `. Next: ${commandHint(context, "verify", environment)}`,
  );
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
