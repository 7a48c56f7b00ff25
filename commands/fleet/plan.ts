/** `fleet plan`: a read-only `terraform plan` of every stack, `concurrency` at a time, with `live` the doctor. */
import type { EnvironmentConfig } from "../../lib/config/schema";
import { DEPLOY_PHASES, type DeployPhase } from "../../lib/deploy-phase";
import { OUTPUT_NAMES } from "../../lib/stack-outputs";
import { hasProviderCredentials } from "../core/credentials";
import { CommandError } from "../core/errors";
import type { SynthesizedStack } from "../core/manifest";
import type { Runner } from "../core/run";
import { PlantedLockFile, TerraformFailed, withTerraform } from "../core/terraform";
import { type CheckResult, checkDeployed } from "../doctor/checks";
import { type StackCredentials, perStackName, stackCredentials } from "./stacks";

export interface LiveResult {
  readonly verdict: "pass" | "fail" | "skipped";
  readonly detail: string;
  readonly checks: readonly CheckResult[];
}

export interface StackRow {
  readonly stack: string;
  /** From the stack's state outputs, else from its config; null when neither tells. */
  readonly organization: { readonly id: string | null; readonly name: string | null };
  /** The deployed phase (state output `deploy_phase`); null when the stack was never deployed. */
  readonly deployPhase: DeployPhase | null;
  readonly drift: "yes" | "no" | "unknown";
  /** Why drift is "yes" or "unknown"; empty when there is none. */
  readonly detail: string;
  /** Only with `live`. */
  readonly live: LiveResult | null;
}

export interface FleetOptions {
  readonly stacks: readonly SynthesizedStack[];
  readonly env: NodeJS.ProcessEnv;
  readonly concurrency: number;
  readonly live: boolean;
  /** The config of a stack, when the config folders have it (for the org column and the doctor). */
  readonly configOf: (stack: string) => EnvironmentConfig | undefined;
  readonly gateway?: URL;
  /** Runs terraform: createRunner("quiet") outside tests, so only the rows are printed. */
  readonly terraform: Runner;
  /** True once SIGINT/SIGTERM arrived: no further stack is started; the running terraforms get it (core/run.ts). */
  readonly interrupted: () => boolean;
}

/** A terraform step failed after a signal: the signal reached it too, so its failure says nothing of the stack. */
class StackInterrupted extends Error {}

/** One row per stack, in the order given; a stack not started, or whose terraform was interrupted, has no row. */
export async function planFleet(options: FleetOptions): Promise<(StackRow | undefined)[]> {
  const rows: (StackRow | undefined)[] = new Array(options.stacks.length).fill(undefined);
  let next = 0;
  const worker = async () => {
    while (next < options.stacks.length && !options.interrupted()) {
      const index = next++;
      try {
        rows[index] = await planStack(options.stacks[index]!, options);
      } catch (error) {
        if (!(error instanceof StackInterrupted)) throw error;
      }
    }
  };
  const workers = Math.max(1, Math.min(options.concurrency, options.stacks.length));
  await Promise.all(Array.from({ length: workers }, worker));
  return rows;
}

/** A terraform step of one stack failed; the message says why, for its row. */
class StepFailed extends Error {}

/** The drift of a stack whose terraform could not run or failed; anything else is thrown on. */
function unknownDrift(error: unknown): Pick<StackRow, "drift" | "detail"> {
  if (error instanceof StepFailed) return { drift: "unknown", detail: error.message };
  if (!(error instanceof PlantedLockFile)) throw error;
  return { drift: "unknown", detail: `${error.file} is already there: run "npm run pipeline:synth" again` };
}

/** As the pipeline runs terraform (core/terraform.ts), with the failure of a step reported in the row. */
async function planStack(stack: SynthesizedStack, options: FleetOptions): Promise<StackRow> {
  const config = options.configOf(stack.name);
  const credentials = stackCredentials(stack.name, options.env);
  /** By default: the organization from the config, never deployed, no live check. */
  const row = (fields: Partial<StackRow> & Pick<StackRow, "drift" | "detail">): StackRow => ({
    stack: stack.name,
    organization: { id: config?.organization.id ?? null, name: config?.organization.name ?? null },
    deployPhase: null,
    live: null,
    ...fields,
  });
  /** The step's value; its failure as StepFailed with terraform's last error, without the stack's secrets. */
  const step = async <T>(what: string, run: () => Promise<T>): Promise<T> => {
    try {
      return await run();
    } catch (error) {
      if (error instanceof TerraformFailed) {
        if (options.interrupted()) throw new StackInterrupted(error.message);
        throw new StepFailed(
          `${what} failed (exit code ${error.status}): ${lastError(error.stderr, credentials.secrets)}`,
        );
      }
      // The other CommandError of these steps: `terraform output -json` printed something else than outputs.
      if (error instanceof CommandError) throw new StepFailed("terraform output -json did not print outputs");
      throw error;
    }
  };
  const props = { stack: stack.name, dir: stack.dir, env: credentials.terraformEnv, run: options.terraform };
  try {
    return await withTerraform({ ...props, noColor: true }, async (terraform) => {
      await step("terraform init", () => terraform.init());
      const state = await step("terraform output", () => terraform.outputs());
      const outputs: Record<string, string | undefined> = Object.fromEntries(
        Object.entries(state).flatMap(([name, { value }]) => (typeof value === "string" ? [[name, value]] : [])),
      );
      const deployed = {
        organization: {
          id: outputs[OUTPUT_NAMES.organizationId] ?? config?.organization.id ?? null,
          name: outputs[OUTPUT_NAMES.organizationName] ?? config?.organization.name ?? null,
        },
        deployPhase: DEPLOY_PHASES.find((p) => p === outputs[OUTPUT_NAMES.deployPhase]) ?? null,
      };
      const drift = async (): Promise<Pick<StackRow, "drift" | "detail">> => {
        if (!hasProviderCredentials(credentials.terraformEnv)) {
          const detail =
            `no credentials for this stack: set ${perStackName("GENESYSCLOUD_OAUTHCLIENT_ID", stack.name)} and ` +
            `${perStackName("GENESYSCLOUD_OAUTHCLIENT_SECRET", stack.name)} (or ${perStackName("GENESYSCLOUD_ACCESS_TOKEN", stack.name)})`;
          return { drift: "unknown", detail };
        }
        // No lock: a plan only reads, and read-only state credentials cannot take one.
        if (!(await step("terraform plan", () => terraform.plan({ lock: false })))) return { drift: "no", detail: "" };
        const detail =
          deployed.deployPhase === null
            ? "never deployed: the plan creates everything"
            : `terraform plan has changes: the org differs from the synthesized stack (terraform plan in ${stack.dir} shows them)`;
        return { drift: "yes", detail };
      };
      const planned = await drift().catch(unknownDrift);
      const live = options.live ? await liveResult(stack, options, credentials, config, outputs) : null;
      return row({ ...deployed, ...planned, live });
    });
  } catch (error) {
    return row(unknownDrift(error));
  }
}

/** Terraform's last `Error:` line (or last line), without any of the stack's secrets. */
function lastError(stderr: string, secrets: readonly string[]): string {
  const lines = stderr
    .split("\n")
    .map((line) => line.replace(/^[\s│╷╵]+/, "").trim())
    .filter(Boolean);
  const errorAt = lines.findIndex((line) => line.startsWith("Error:"));
  const shown = errorAt >= 0 ? lines.slice(errorAt, errorAt + 3).join(" ") : (lines[lines.length - 1] ?? "no output");
  return secrets.reduce((text, secret) => text.split(secret).join("***"), shown);
}

async function liveResult(
  stack: SynthesizedStack,
  options: FleetOptions,
  credentials: StackCredentials,
  config: EnvironmentConfig | undefined,
  outputs: Record<string, string | undefined>,
): Promise<LiveResult> {
  const skipped = (detail: string): LiveResult => ({ verdict: "skipped", detail, checks: [] });
  const clientId = outputs[OUTPUT_NAMES.oauthClientId];
  const organizationId = outputs[OUTPUT_NAMES.organizationId];
  if (config === undefined) return skipped("the doctor needs the stack's config, and no config folder has it");
  if (clientId === undefined || organizationId === undefined) {
    return skipped(`no partner OAuth client deployed yet (deploy phase "role" or never deployed)`);
  }
  if (!credentials.deployer && !credentials.partnerSecret) {
    return skipped(
      `no credentials for the doctor: set ${perStackName("PARTNER_OAUTHCLIENT_SECRET", stack.name)} and/or the ` +
        `stack's deployer credentials`,
    );
  }
  const report = await checkDeployed(
    config,
    {
      organizationId,
      oauthClientId: clientId,
      organizationName: outputs[OUTPUT_NAMES.organizationName],
      region: outputs[OUTPUT_NAMES.region],
    },
    credentials,
    options,
  );
  const { checks } = report;
  const ids = (status: CheckResult["status"]) => checks.filter((c) => c.status === status).map((c) => c.id);
  const [failed, passed] = [ids("fail"), ids("pass")];
  if (failed.length > 0) return { verdict: "fail", detail: `failed: ${failed.join(", ")}`, checks };
  if (passed.length === 0) return { verdict: "skipped", detail: "every check was skipped", checks };
  return { verdict: "pass", detail: `passed: ${passed.join(", ")}`, checks };
}
