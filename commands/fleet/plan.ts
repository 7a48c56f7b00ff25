/** `fleet plan`: a read-only `terraform plan` of every stack, `concurrency` at a time, with `live` the doctor. */
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { spawn } from "node:child_process";
import { z } from "zod";
import type { EnvironmentConfig } from "../../lib/config/schema";
import { DEPLOY_PHASES, type DeployPhase } from "../../lib/deploy-phase";
import { OUTPUT_NAMES } from "../../lib/stack-outputs";
import { type ChildPurpose, terraformEnv } from "../core/credentials";
import { type CheckResult, checkDeployed } from "../doctor/checks";
import { type FleetStack, type StackCredentials, perStackName, stackCredentials } from "./stacks";

export type Drift = "yes" | "no" | "unknown";
export type LiveVerdict = "pass" | "fail" | "skipped";

export interface LiveResult {
  readonly verdict: LiveVerdict;
  readonly detail: string;
  readonly checks: readonly CheckResult[];
}

export interface StackRow {
  readonly stack: string;
  /** From the stack's state outputs, else from its config; null when neither tells. */
  readonly organization: { readonly id: string | null; readonly name: string | null };
  /** The deployed phase (state output `deploy_phase`); null when the stack was never deployed. */
  readonly deployPhase: DeployPhase | null;
  readonly drift: Drift;
  /** Why drift is "yes" or "unknown"; empty when there is none. */
  readonly detail: string;
  /** Only with `live`. */
  readonly live: LiveResult | null;
}

export interface TerraformResult {
  readonly status: number | null;
  readonly stdout: string;
  readonly stderr: string;
}

/** Runs terraform with `args` in `cwd`; resolves (never rejects) when it has exited. */
export type RunTerraform = (
  args: readonly string[],
  options: { readonly cwd: string; readonly env: NodeJS.ProcessEnv },
) => Promise<TerraformResult>;

export interface FleetOptions {
  readonly stacks: readonly FleetStack[];
  readonly env: NodeJS.ProcessEnv;
  readonly concurrency: number;
  readonly live: boolean;
  /** The config of a stack, when the config folders have it (for the org column and the doctor). */
  readonly configOf: (stack: string) => EnvironmentConfig | undefined;
  readonly gateway?: URL;
  readonly terraform: RunTerraform;
  /** When aborted, no further stack is started; running ones finish. */
  readonly signal?: AbortSignal;
}

/** One row per stack, in the order given; a stack not started because of `signal` has no row. */
export async function planFleet(options: FleetOptions): Promise<(StackRow | undefined)[]> {
  const rows: (StackRow | undefined)[] = new Array(options.stacks.length).fill(undefined);
  let next = 0;
  const worker = async () => {
    while (next < options.stacks.length && !options.signal?.aborted) {
      const index = next++;
      rows[index] = await planStack(options.stacks[index]!, options);
    }
  };
  const workers = Math.max(1, Math.min(options.concurrency, options.stacks.length));
  await Promise.all(Array.from({ length: workers }, worker));
  return rows;
}

const outputsSchema = z.record(z.string(), z.object({ value: z.unknown() }).passthrough());

/** As the pipeline runs terraform: its allowlist, a private TF_DATA_DIR, no provider lock file in the artifact. */
async function planStack(stack: FleetStack, options: FleetOptions): Promise<StackRow> {
  const lockFile = path.join(stack.dir, ".terraform.lock.hcl");
  if (fs.existsSync(lockFile)) {
    return unplanned(stack, options, `${lockFile} is already there: run "npm run pipeline:synth" again`);
  }
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), "fleet-run-"));
  try {
    return await planInitialized(stack, options, dataDir);
  } finally {
    fs.rmSync(dataDir, { recursive: true, force: true });
    fs.rmSync(lockFile, { force: true });
  }
}

function unplanned(stack: FleetStack, options: FleetOptions, detail: string): StackRow {
  const config = options.configOf(stack.name);
  return {
    stack: stack.name,
    organization: { id: config?.organization.id ?? null, name: config?.organization.name ?? null },
    deployPhase: null,
    drift: "unknown",
    detail,
    live: null,
  };
}

async function planInitialized(stack: FleetStack, options: FleetOptions, dataDir: string): Promise<StackRow> {
  const credentials = stackCredentials(stack.name, options.env);
  const config = options.configOf(stack.name);
  const run = (args: string[], purpose: ChildPurpose) =>
    options.terraform([...args, "-no-color"], {
      cwd: stack.dir,
      env: terraformEnv(credentials.terraformEnv, purpose, dataDir),
    });
  const failed = (what: string, result: TerraformResult) =>
    `${what} failed (exit code ${result.status}): ${lastError(result.stderr, credentials.secrets)}`;
  const row = (fields: Partial<StackRow> & Pick<StackRow, "drift" | "detail">): StackRow => ({
    ...unplanned(stack, options, ""),
    ...fields,
  });

  const init = await run(["init", "-input=false"], "state-only");
  if (init.status !== 0) return row({ drift: "unknown", detail: failed("terraform init", init) });
  const output = await run(["output", "-json"], "state-only");
  if (output.status !== 0) return row({ drift: "unknown", detail: failed("terraform output", output) });
  const outputs = readOutputs(output.stdout);
  if (outputs === undefined) return row({ drift: "unknown", detail: "terraform output -json did not print outputs" });
  const deployed = {
    organization: {
      id: outputs[OUTPUT_NAMES.organizationId] ?? config?.organization.id ?? null,
      name: outputs[OUTPUT_NAMES.organizationName] ?? config?.organization.name ?? null,
    },
    deployPhase: DEPLOY_PHASES.find((p) => p === outputs[OUTPUT_NAMES.deployPhase]) ?? null,
  };

  let drift: Drift;
  let detail = "";
  if (!credentials.hasProviderCredentials) {
    drift = "unknown";
    detail =
      `no credentials for this stack: set ${perStackName("GENESYSCLOUD_OAUTHCLIENT_ID", stack.name)} and ` +
      `${perStackName("GENESYSCLOUD_OAUTHCLIENT_SECRET", stack.name)} (or ${perStackName("GENESYSCLOUD_ACCESS_TOKEN", stack.name)})`;
  } else {
    // No lock: a plan only reads, and read-only state credentials cannot take one.
    const plan = await run(["plan", "-input=false", "-detailed-exitcode", "-lock=false"], "genesys");
    if (plan.status === 0) drift = "no";
    else if (plan.status === 2) {
      drift = "yes";
      detail =
        deployed.deployPhase === null
          ? "never deployed: the plan creates everything"
          : `terraform plan has changes: the org differs from the synthesized stack (terraform plan in ${stack.dir} shows them)`;
    } else {
      drift = "unknown";
      detail = failed("terraform plan", plan);
    }
  }
  const live = options.live ? await liveResult(stack, options, credentials, config, outputs) : null;
  return row({ ...deployed, drift, detail, live });
}

/** The outputs of `terraform output -json` that are strings (all the fleet reads). */
function readOutputs(stdout: string): Record<string, string | undefined> | undefined {
  try {
    const parsed = outputsSchema.safeParse(JSON.parse(stdout));
    if (!parsed.success) return undefined;
    return Object.fromEntries(
      Object.entries(parsed.data)
        .filter(([, entry]) => typeof entry.value === "string")
        .map(([name, entry]) => [name, entry.value as string]),
    );
  } catch {
    return undefined;
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
  stack: FleetStack,
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
    { partnerSecret: credentials.partnerSecret, deployer: credentials.deployer },
    options,
  );
  const failedChecks = report.checks.filter((c) => c.status === "fail");
  const passed = report.checks.filter((c) => c.status === "pass");
  if (failedChecks.length > 0) {
    return { verdict: "fail", detail: `failed: ${failedChecks.map((c) => c.id).join(", ")}`, checks: report.checks };
  }
  if (passed.length === 0) return { verdict: "skipped", detail: "every check was skipped", checks: report.checks };
  return { verdict: "pass", detail: `passed: ${passed.map((c) => c.id).join(", ")}`, checks: report.checks };
}

/** Runs the real terraform, output captured; `signal` passes an interrupt on to it. */
export function terraformRunner(signal?: AbortSignal): RunTerraform {
  return (args, options) =>
    new Promise((resolve) => {
      const child = spawn("terraform", [...args], {
        cwd: options.cwd,
        env: options.env,
        stdio: ["ignore", "pipe", "pipe"],
        // Terraform stops gracefully on its first interrupt.
        ...(signal ? { signal, killSignal: "SIGINT" as const } : {}),
      });
      let stdout = "";
      let stderr = "";
      child.stdout.setEncoding("utf8").on("data", (chunk: string) => (stdout += chunk));
      child.stderr.setEncoding("utf8").on("data", (chunk: string) => (stderr += chunk));
      child.on("error", (error) => {
        if ((error as NodeJS.ErrnoException).code === "ENOENT") {
          resolve({ status: null, stdout, stderr: `Error: terraform is not on PATH (${error.message})` });
        }
      });
      child.on("close", (status) => resolve({ status, stdout, stderr }));
    });
}
