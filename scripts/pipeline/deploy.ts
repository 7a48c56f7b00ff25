import * as fs from "fs";
import * as path from "path";
import { freshStack } from "./artifact";
import { PipelineContext } from "./context";
import { hasProviderCredentials, missingCredentialsMessage } from "./credentials";
import { assertKnownEnvironment } from "./environments";
import { PipelineError } from "./errors";
import { deployedOutputsFile, prepareOutputsFile, writeOutputsFile } from "./outputs";
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

const PLAN_FILE = "pipeline.tfplan";

/**
 * Deploys one environment from the already synthesized output (never re-synthesizes, so every
 * environment gets the same Terraform JSON), then writes its outputs file.
 */
export async function deploy(context: PipelineContext, options: DeployOptions): Promise<void> {
  const { environment } = options;
  assertKnownEnvironment(environment, context.configDir);
  const stack = freshStack({ ...context, name: environment });
  if (!hasProviderCredentials(context.env)) throw new PipelineError(missingCredentialsMessage(environment));
  const { uncommittedChanges } = stack.buildInfo;
  if (uncommittedChanges !== false) {
    const what = uncommittedChanges ? "uncommitted changes" : "sources git could not check for uncommitted changes";
    context.log(`Warning: ${context.outDir} was synthesized from ${what}; CI will deploy only what is committed.`);
  }

  // A refused outputs file fails the deploy before anything is applied.
  prepareOutputsFile(options.outputsFile, options.includeSensitiveOutputs);
  // Outputs of an earlier deploy would be wrong after a failed or partial apply.
  fs.rmSync(options.outputsFile, { force: true });
  const terraform = new StackTerraform(environment, stack.dir, context.env, context.run);
  terraform.init();
  // The plan file holds the planned values, secrets included: it lives only until applied.
  const planFile = path.join(stack.dir, PLAN_FILE);
  try {
    const changes = terraform.plan({ planFile: PLAN_FILE, lock: true });
    if (changes && !options.autoApprove) await approve(environment, options.confirm);
    terraform.apply(PLAN_FILE);
  } finally {
    fs.rmSync(planFile, { force: true });
  }

  const outputs = deployedOutputsFile(stack.dir, environment, terraform, options.includeSensitiveOutputs);
  writeOutputsFile(options.outputsFile, outputs, options.includeSensitiveOutputs);
  context.log(
    `Deployed "${environment}"; outputs written to ${options.outputsFile}` +
      (options.includeSensitiveOutputs ? " (with sensitive outputs, readable by you only)" : "") +
      `. Next: ${context.nextCommand?.("verify", environment) ?? `npm run pipeline:verify -- ${environment}`}`,
  );
}

async function approve(environment: string, confirm: Confirm | undefined): Promise<void> {
  if (!confirm) {
    throw new PipelineError(
      `Not applying the plan for "${environment}": nobody can confirm it here. ` +
        `Review the plan above and re-run with --auto-approve (CI does; its approval is the GitHub environment's reviewers).`,
    );
  }
  if (!(await confirm(`Apply the plan above to "${environment}"? Only "yes" applies: `))) {
    throw new PipelineError(`Deploy of "${environment}" cancelled; nothing was applied.`);
  }
}
